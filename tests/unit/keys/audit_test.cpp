#include "keys/audit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "keys/api_keys.h"
#include "keys/login.h"
#include "keys/users.h"
#include "test_support.h"
#include "util/problem.h"

namespace sqlacc::keys {
namespace {

class AuditTest : public test::DbTest {
 protected:
  MasterKey mk = MasterKey::generate();
};

TEST_F(AuditTest, EveryEventIsRecordedWithoutSecrets) {
  const std::string password = "pa55word-xyz";
  add_user(*conn, "ADMIN", "", std::string_view(password), "cli", kNow);
  add_user(*conn, "APIUSER", "", std::nullopt, "ADMIN", kNow + 1);
  set_password(*conn, "APIUSER", std::string_view(password), "ADMIN", kNow + 2);
  LoginResult ok = login(*conn, "ADMIN", password, kNow + 3);
  ASSERT_EQ(ok.outcome, LoginOutcome::Ok);
  login(*conn, "ADMIN", "wrong-" + password, kNow + 4);
  login(*conn, password, password, kNow + 4);  // a password typed into the user field
  GeneratedKey g1 = generate_key(*conn, mk, "acme", "APIUSER", "ADMIN", kNow + 5);
  GeneratedKey g2 = generate_key(*conn, mk, "acme", "APIUSER", "ADMIN", kNow + 6);
  login(*conn, "APIUSER", password, kNow + 7);
  revoke_key(*conn, "APIUSER", "ADMIN", kNow + 8);
  logout(*conn, ok.token, kNow + 9);
  delete_user(*conn, "APIUSER", "cli", kNow + 10);

  std::vector<AuditEntry> log = list_audit(*conn, 100);
  std::reverse(log.begin(), log.end());
  std::vector<std::string> actions;
  for (const auto& e : log) actions.push_back(e.action + " " + e.subject);
  EXPECT_THAT(actions,
              ::testing::ElementsAre(
                  "user.add ADMIN", "user.add APIUSER", "user.password APIUSER", "login.ok ADMIN",
                  "login.failed ADMIN", "login.failed ", "apikey.generate APIUSER",
                  "apikey.revoke APIUSER", "apikey.generate APIUSER", "login.refused APIUSER",
                  "apikey.revoke APIUSER", "logout ADMIN", "user.delete APIUSER"));
  EXPECT_EQ(log[0].actor, "cli");
  EXPECT_EQ(log[1].actor, "ADMIN");
  EXPECT_EQ(log[6].at, kNow + 5);
  EXPECT_THAT(log[6].detail, ::testing::HasSubstr(g1.access_key));
  EXPECT_THAT(log[8].detail, ::testing::HasSubstr(g2.access_key));

  for (const auto& e : log) {
    for (const std::string& field : {e.actor, e.action, e.subject, e.detail}) {
      for (const std::string& secret : {g1.secret_key, g2.secret_key, ok.token, password}) {
        EXPECT_EQ(field.find(secret), std::string::npos) << e.action;
      }
      EXPECT_EQ(field.find("PA55WORD"), std::string::npos) << e.action;
    }
  }

  EXPECT_EQ(list_audit(*conn, 2).size(), 2u);
  EXPECT_EQ(list_audit(*conn, 2)[0].action, "user.delete");
}

TEST_F(AuditTest, FailedChangeLeavesNoAuditRow) {
  add_user(*conn, "ADMIN", "", std::nullopt, "cli", kNow);
  EXPECT_THROW(add_user(*conn, "ADMIN", "", std::nullopt, "cli", kNow), Problem);
  EXPECT_THROW(revoke_key(*conn, "ADMIN", "cli", kNow), Problem);
  EXPECT_THROW(generate_key(*conn, mk, "acme", "NOBODY", "cli", kNow), Problem);
  EXPECT_EQ(list_audit(*conn, 100).size(), 1u);
}

TEST_F(AuditTest, SchemaIsIdempotentAndKeepsOtherTables) {
  conn->exec("CREATE TABLE ar_customer (code TEXT PRIMARY KEY)");
  conn->exec("INSERT INTO ar_customer VALUES ('300-A0001')");
  add_user(*conn, "ADMIN", "", std::nullopt, "cli", kNow);
  ensure_schema(*conn);
  ensure_schema(*conn);
  EXPECT_EQ(list_users(*conn).size(), 1u);
  auto& st = conn->prepare("SELECT COUNT(*) FROM ar_customer");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.get_int(0), 1);
  st.reset();
  // Inside a caller's transaction it joins that transaction.
  store::Transaction tx(*conn);
  ensure_schema(*conn);
  tx.commit();
}

}  // namespace
}  // namespace sqlacc::keys
