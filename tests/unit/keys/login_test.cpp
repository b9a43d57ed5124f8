#include "keys/login.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>

#include "keys/api_keys.h"
#include "keys/audit.h"
#include "keys/users.h"
#include "test_support.h"

namespace sqlacc::keys {
namespace {

class LoginTest : public test::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    add_user(*conn, "ADMIN", "Administrator", std::string_view("hunter2-long"), "cli", kNow);
  }
  MasterKey mk = MasterKey::generate();
};

TEST_F(LoginTest, OkCreatesSessionThatExpires) {
  LoginResult r = login(*conn, "admin", "hunter2-long", kNow);
  ASSERT_EQ(r.outcome, LoginOutcome::Ok);
  EXPECT_TRUE(r.message.empty());
  EXPECT_EQ(r.user_code, "ADMIN");
  EXPECT_TRUE(std::regex_match(r.token, std::regex("^[0-9a-f]{64}$")));
  EXPECT_EQ(r.expires_at, kNow + 8 * 3600);
  EXPECT_EQ(session_user(*conn, r.token, kNow), "ADMIN");
  EXPECT_EQ(session_user(*conn, r.token, kNow + 8 * 3600 - 1), "ADMIN");
  EXPECT_FALSE(session_user(*conn, r.token, kNow + 8 * 3600));
  // Only a hash of the token is stored.
  conn->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  EXPECT_EQ(all_db_bytes().find(r.token), std::string::npos);
  EXPECT_EQ(all_db_bytes().find("hunter2-long"), std::string::npos);
}

TEST_F(LoginTest, SessionsAreIndependentAndLogoutEndsOne) {
  LoginResult a = login(*conn, "ADMIN", "hunter2-long", kNow);
  LoginResult b = login(*conn, "ADMIN", "hunter2-long", kNow);
  ASSERT_NE(a.token, b.token);
  EXPECT_TRUE(logout(*conn, a.token, kNow + 1));
  EXPECT_FALSE(logout(*conn, a.token, kNow + 1));
  EXPECT_FALSE(session_user(*conn, a.token, kNow + 2));
  EXPECT_EQ(session_user(*conn, b.token, kNow + 2), "ADMIN");
}

TEST_F(LoginTest, MalformedTokensAreRejected) {
  LoginResult r = login(*conn, "ADMIN", "hunter2-long", kNow);
  std::string upper = r.token;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& t :
       {std::string(), std::string("x"), r.token + "0", upper, r.token.substr(1)}) {
    if (t == r.token) continue;
    EXPECT_FALSE(session_user(*conn, t, kNow)) << t;
    EXPECT_FALSE(logout(*conn, t, kNow)) << t;
  }
  EXPECT_EQ(session_user(*conn, r.token, kNow), "ADMIN");
}

TEST_F(LoginTest, WrongPasswordAndUnknownUserLookTheSame) {
  LoginResult wrong = login(*conn, "ADMIN", "hunter3-long", kNow);
  LoginResult unknown = login(*conn, "NOBODY", "hunter2-long", kNow);
  LoginResult malformed = login(*conn, "not a user", "hunter2-long", kNow);
  for (const LoginResult* r : {&wrong, &unknown, &malformed}) {
    EXPECT_EQ(r->outcome, LoginOutcome::BadCredentials);
    EXPECT_EQ(r->message, kBadCredentialsMessage);
    EXPECT_TRUE(r->token.empty());
    EXPECT_TRUE(r->user_code.empty());
  }
  EXPECT_EQ(login(*conn, "ADMIN", "", kNow).outcome, LoginOutcome::BadCredentials);
}

TEST_F(LoginTest, UnknownUserStillRunsAHashVerify) {
  login(*conn, "NOBODY", "x", kNow);        // warm up the dummy hash
  auto time = [&](std::string_view user) {  // best of 3: the cores are shared with builds
    auto best = std::chrono::steady_clock::duration::max();
    for (int i = 0; i < 3; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      login(*conn, user, "hunter3-long", kNow);
      best = std::min(best, std::chrono::steady_clock::now() - t0);
    }
    return best;
  };
  auto known = time("ADMIN");
  auto unknown = time("NOBODY");
  // Both run one argon2id verify (tens of milliseconds); a skipped verify would be ~100x faster.
  EXPECT_GT(unknown * 4, known);
  EXPECT_GT(known * 4, unknown);
}

TEST_F(LoginTest, UserWithoutPasswordCannotLogIn) {
  add_user(*conn, "NOPW", "", std::nullopt, "cli", kNow);
  EXPECT_EQ(login(*conn, "NOPW", "", kNow).outcome, LoginOutcome::BadCredentials);
  EXPECT_EQ(login(*conn, "NOPW", "anything", kNow).outcome, LoginOutcome::BadCredentials);
}

TEST_F(LoginTest, ApiKeyHolderIsRefusedEvenWithTheRightPassword) {
  LoginResult before = login(*conn, "ADMIN", "hunter2-long", kNow);
  ASSERT_EQ(before.outcome, LoginOutcome::Ok);
  generate_key(*conn, mk, "acme", "ADMIN", "cli", kNow + 1);
  // Generating a key ends the user's console sessions.
  EXPECT_FALSE(session_user(*conn, before.token, kNow + 2));

  for (std::string_view pw : {"hunter2-long", "wrong"}) {
    LoginResult r = login(*conn, "ADMIN", pw, kNow + 2);
    EXPECT_EQ(r.outcome, LoginOutcome::ApiUserRefused);
    EXPECT_EQ(r.message,
              "API users cannot log in with a password: this user holds an API secret key. Revoke "
              "the key to restore password login.");
    EXPECT_TRUE(r.token.empty());
  }

  revoke_key(*conn, "ADMIN", "cli", kNow + 3);
  LoginResult after = login(*conn, "ADMIN", "hunter2-long", kNow + 4);
  EXPECT_EQ(after.outcome, LoginOutcome::Ok);
  EXPECT_EQ(session_user(*conn, after.token, kNow + 5), "ADMIN");
}

TEST_F(LoginTest, PasswordChangeAndDeletionEndSessions) {
  LoginResult r = login(*conn, "ADMIN", "hunter2-long", kNow);
  set_password(*conn, "ADMIN", std::string_view("new-password"), "ADMIN", kNow + 1);
  EXPECT_FALSE(session_user(*conn, r.token, kNow + 2));
  EXPECT_EQ(login(*conn, "ADMIN", "hunter2-long", kNow + 2).outcome, LoginOutcome::BadCredentials);
  LoginResult r2 = login(*conn, "ADMIN", "new-password", kNow + 2);
  ASSERT_EQ(r2.outcome, LoginOutcome::Ok);
  delete_user(*conn, "ADMIN", "cli", kNow + 3);
  EXPECT_FALSE(session_user(*conn, r2.token, kNow + 4));
}

}  // namespace
}  // namespace sqlacc::keys
