#include "keys/api_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <functional>
#include <regex>
#include <vector>

#include "keys/audit.h"
#include "keys/users.h"
#include "test_support.h"
#include "util/problem.h"

namespace sqlacc::keys {
namespace {

using ::testing::HasSubstr;

class ApiKeysTest : public test::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    add_user(*conn, "APIUSER", "API user", std::nullopt, "cli", kNow);
    add_user(*conn, "OTHER", "", std::nullopt, "cli", kNow);
  }
  MasterKey mk = MasterKey::generate();
};

std::string unhex(const std::string& hex) {
  std::string out(hex.size() / 2, '\0');
  sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(),
                 nullptr, nullptr, nullptr);
  return out;
}

TEST_F(ApiKeysTest, GeneratedShape) {
  GeneratedKey g = generate_key(*conn, mk, "acme", "apiuser", "cli", kNow);
  EXPECT_TRUE(
      std::regex_match(g.access_key, std::regex(R"(^[0-9a-f]{32}\.[a-z0-9-]+/[A-Z0-9_-]+$)")))
      << g.access_key;
  EXPECT_THAT(g.access_key, ::testing::EndsWith(".acme/APIUSER"));
  EXPECT_TRUE(std::regex_match(g.secret_key, std::regex("^[0-9a-f]{64}$")));
  EXPECT_EQ(g.user_code, "APIUSER");
  EXPECT_EQ(g.created_at, kNow);
  EXPECT_GE(g.key_version, 1u);
  EXPECT_FALSE(g.revoked_access_key);
  GeneratedKey h = generate_key(*conn, mk, "acme", "OTHER", "cli", kNow);
  EXPECT_NE(g.access_key.substr(0, 32), h.access_key.substr(0, 32));
  EXPECT_NE(g.secret_key, h.secret_key);
}

TEST_F(ApiKeysTest, LookupReturnsSecret) {
  GeneratedKey g = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  auto rec = lookup(*conn, mk, g.access_key);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->user_code, "APIUSER");
  EXPECT_EQ(rec->secret, g.secret_key);
  EXPECT_EQ(rec->key_version, g.key_version);
  // Repeated lookups reuse the cached statement.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(lookup(*conn, mk, g.access_key)->secret, g.secret_key);
}

TEST_F(ApiKeysTest, RegenerateRevokesOldKeyAtOnceAndBumpsVersion) {
  GeneratedKey g1 = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  // A second connection (another worker thread) must see the change immediately.
  store::SqliteConnection other(db_file());
  ASSERT_TRUE(lookup(other, mk, g1.access_key));
  GeneratedKey g2 = generate_key(*conn, mk, "acme", "APIUSER", "admin", kNow + 1);
  EXPECT_NE(g1.access_key, g2.access_key);
  EXPECT_NE(g1.secret_key, g2.secret_key);
  EXPECT_GT(g2.key_version, g1.key_version);
  EXPECT_EQ(g2.revoked_access_key, g1.access_key);
  EXPECT_FALSE(lookup(*conn, mk, g1.access_key));
  EXPECT_FALSE(lookup(other, mk, g1.access_key));
  auto rec = lookup(other, mk, g2.access_key);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->secret, g2.secret_key);
  EXPECT_EQ(rec->key_version, g2.key_version);
  // The version is per company, across users.
  GeneratedKey g3 = generate_key(*conn, mk, "acme", "OTHER", "cli", kNow + 2);
  EXPECT_GT(g3.key_version, g2.key_version);
  auto active = active_key(*conn, "apiuser");
  ASSERT_TRUE(active);
  EXPECT_EQ(active->access_key, g2.access_key);
  EXPECT_EQ(active->created_by, "admin");
}

TEST_F(ApiKeysTest, VersionNeverReusedAfterUserDeletion) {
  GeneratedKey g1 = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  delete_user(*conn, "APIUSER", "cli", kNow);
  add_user(*conn, "APIUSER", "", std::nullopt, "cli", kNow);
  GeneratedKey g2 = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  EXPECT_GT(g2.key_version, g1.key_version);
}

TEST_F(ApiKeysTest, Revoke) {
  GeneratedKey g = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  revoke_key(*conn, "apiuser", "cli", kNow + 1);
  EXPECT_FALSE(lookup(*conn, mk, g.access_key));
  EXPECT_FALSE(active_key(*conn, "APIUSER"));
  try {
    revoke_key(*conn, "APIUSER", "cli", kNow + 2);
    FAIL();
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kNotFound);
    EXPECT_THAT(e.what(), HasSubstr("no active API key"));
  }
  try {
    revoke_key(*conn, "NOBODY", "cli", kNow + 2);
    FAIL();
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kNotFound);
    EXPECT_THAT(e.what(), HasSubstr("does not exist"));
  }
  EXPECT_FALSE(conn->in_transaction());
}

TEST_F(ApiKeysTest, GenerateErrors) {
  try {
    generate_key(*conn, mk, "acme", "NOBODY", "cli", kNow);
    FAIL();
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kNotFound);
  }
  EXPECT_FALSE(conn->in_transaction());
  const std::vector<std::string> bad_companies = {
      "", "ACME", "a.b", "a/b", std::string("x\0y", 3), std::string(33, 'a')};
  for (const std::string& company : bad_companies) {
    try {
      generate_key(*conn, mk, company, "APIUSER", "cli", kNow);
      FAIL() << company;
    } catch (const Problem& e) {
      EXPECT_EQ(e.code, problem_code::kValidationError);
    }
  }
  EXPECT_FALSE(active_key(*conn, "APIUSER"));
}

TEST_F(ApiKeysTest, UnknownOrMalformedKeysAreNotFound) {
  GeneratedKey g = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  EXPECT_FALSE(lookup(*conn, mk, ""));
  EXPECT_FALSE(lookup(*conn, mk, "0123456789abcdef0123456789abcdef.acme/APIUSER"));
  EXPECT_FALSE(lookup(*conn, mk, g.access_key + "x"));
  EXPECT_FALSE(lookup(*conn, mk, std::string(10000, 'a')));
  std::string upper = g.access_key;
  upper[0] = upper[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(lookup(*conn, mk, upper));
}

TEST_F(ApiKeysTest, SecretNeverStoredInPlainText) {
  GeneratedKey g = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  GeneratedKey g2 = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow + 1);
  std::string bytes = all_db_bytes();
  ASSERT_NE(bytes.find(g2.access_key), std::string::npos);  // the search itself works
  for (const GeneratedKey* k : {&g, &g2}) {
    EXPECT_EQ(bytes.find(k->secret_key), std::string::npos);
    EXPECT_EQ(bytes.find(unhex(k->secret_key)), std::string::npos);
  }
  conn->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  bytes = all_db_bytes();
  ASSERT_NE(bytes.find(g2.access_key), std::string::npos);
  for (const GeneratedKey* k : {&g, &g2}) {
    EXPECT_EQ(bytes.find(k->secret_key), std::string::npos);
    EXPECT_EQ(bytes.find(unhex(k->secret_key)), std::string::npos);
  }
  for (const auto& e : list_audit(*conn, 1000)) {
    for (const GeneratedKey* k : {&g, &g2}) {
      EXPECT_EQ(e.detail.find(k->secret_key), std::string::npos);
      EXPECT_EQ(e.subject.find(k->secret_key), std::string::npos);
    }
  }
}

TEST_F(ApiKeysTest, WrongMasterKeyCannotDecrypt) {
  EXPECT_EQ(check_master_key(*conn, mk), MasterKeyCheck::NoKeys);
  GeneratedKey g = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  MasterKey wrong = MasterKey::generate();
  std::optional<KeyRecord> rec;
  EXPECT_NO_THROW(rec = lookup(*conn, wrong, g.access_key));
  EXPECT_FALSE(rec);
  EXPECT_EQ(check_master_key(*conn, wrong), MasterKeyCheck::Mismatch);
  EXPECT_EQ(check_master_key(*conn, mk), MasterKeyCheck::Ok);
  EXPECT_TRUE(lookup(*conn, mk, g.access_key));  // the statement is usable after a failure
}

TEST_F(ApiKeysTest, CiphertextCopiedToAnotherRowDoesNotOpen) {
  GeneratedKey a = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  GeneratedKey b = generate_key(*conn, mk, "acme", "OTHER", "cli", kNow);
  conn->exec(
      "UPDATE api_key SET (secret_nonce, secret_cipher) = (SELECT secret_nonce, secret_cipher "
      "FROM api_key WHERE user_code = 'APIUSER') WHERE user_code = 'OTHER'");
  EXPECT_FALSE(lookup(*conn, mk, b.access_key));
  EXPECT_TRUE(lookup(*conn, mk, a.access_key));
  conn->exec("UPDATE api_key SET secret_cipher = 'zz' WHERE user_code = 'APIUSER'");
  EXPECT_FALSE(lookup(*conn, mk, a.access_key));
}

TEST_F(ApiKeysTest, ParseAccessKey) {
  const std::string id = "0123456789abcdef0123456789abcdef";
  const std::string key = id + ".acme-2/API_USER-1";
  auto p = parse_access_key(key);  // views into `key`
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, id);
  EXPECT_EQ(p->company, "acme-2");
  EXPECT_EQ(p->user, "API_USER-1");
  EXPECT_EQ(company_of_access_key(id + ".acme/APIUSER"), "acme");
  EXPECT_EQ(user_of_access_key(id + ".acme/APIUSER"), "APIUSER");

  const std::vector<std::string> bad_keys = {
      std::string(""),
      std::string("acme/APIUSER"),
      id + ".acme",            // no user
      id + ".acme/",           // empty user
      id + "./APIUSER",        // empty company
      id + ".Acme/APIUSER",    // upper-case company
      id + ".ac.me/APIUSER",   // '.' in company (the original's "sql.my" shape)
      id + ".acme/api",        // lower-case user
      id + ".acme/APIUSER/x",  // extra '/'
      id + ".acme/" + std::string(21, 'A'),
      id + "." + std::string(33, 'a') + "/U",
      id.substr(1) + ".acme/APIUSER",                   // short id
      "0123456789ABCDEF0123456789abcdef.acme/APIUSER",  // upper-case hex
      "0123456789abcdef0123456789abcdeg.acme/APIUSER",  // not hex
      id + ".acme/APIUSER" + std::string(1, '\0'),
  };
  for (const std::string& bad : bad_keys) {
    EXPECT_FALSE(parse_access_key(bad)) << bad;
    EXPECT_FALSE(company_of_access_key(bad)) << bad;
    EXPECT_FALSE(user_of_access_key(bad)) << bad;
  }
}

TEST_F(ApiKeysTest, GeneratedKeysParse) {
  GeneratedKey g = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  EXPECT_EQ(company_of_access_key(g.access_key), "acme");
  EXPECT_EQ(user_of_access_key(g.access_key), "APIUSER");
}

}  // namespace
}  // namespace sqlacc::keys
