#include "keys/users.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "keys/api_keys.h"
#include "keys/audit.h"
#include "support/problem.h"
#include "test_support.h"
#include "util/problem.h"

namespace sqlacc::keys {
namespace {

using ::testing::HasSubstr;

class UsersTest : public test::DbTest {};

std::string code_of(const std::function<void()>& f) { return test_support::thrown_problem(f).code; }

TEST_F(UsersTest, ValidatesAndNormalisesCodes) {
  EXPECT_TRUE(is_valid_user_code("ADMIN"));
  EXPECT_TRUE(is_valid_user_code("API_USER-1"));
  EXPECT_TRUE(is_valid_user_code(std::string(20, 'A')));
  EXPECT_FALSE(is_valid_user_code(std::string(21, 'A')));
  EXPECT_FALSE(is_valid_user_code(""));
  EXPECT_FALSE(is_valid_user_code("admin"));  // not normalised
  EXPECT_FALSE(is_valid_user_code("A B"));
  EXPECT_FALSE(is_valid_user_code("A/B"));
  EXPECT_FALSE(is_valid_user_code("A.B"));
  EXPECT_FALSE(is_valid_user_code("\xc3\x89T\xc3\x89"));
  EXPECT_EQ(normalize_user_code("apiUser_1"), "APIUSER_1");
  EXPECT_EQ(code_of([] { normalize_user_code("bad code"); }), problem_code::kValidationError);
  EXPECT_EQ(code_of([] { normalize_user_code(""); }), problem_code::kValidationError);
}

TEST_F(UsersTest, AddAndList) {
  EXPECT_EQ(add_user(*conn, "apiuser", "API user", std::nullopt, "cli", kNow), "APIUSER");
  EXPECT_EQ(add_user(*conn, "ADMIN", "", std::string_view("s3cret-pass"), "cli", kNow + 1),
            "ADMIN");
  auto users = list_users(*conn);
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].code, "ADMIN");
  EXPECT_EQ(users[0].name, "ADMIN");  // name defaults to the code
  EXPECT_TRUE(users[0].has_password);
  EXPECT_FALSE(users[0].has_api_key);
  EXPECT_EQ(users[0].created_at, kNow + 1);
  EXPECT_EQ(users[1].code, "APIUSER");
  EXPECT_EQ(users[1].name, "API user");
  EXPECT_FALSE(users[1].has_password);
  EXPECT_FALSE(users[1].key_created_at.has_value());

  auto found = find_user(*conn, "apiuser");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->code, "APIUSER");
  EXPECT_FALSE(find_user(*conn, "nobody"));
  EXPECT_FALSE(find_user(*conn, "bad code"));
}

TEST_F(UsersTest, ListShowsActiveKey) {
  add_user(*conn, "APIUSER", "", std::nullopt, "cli", kNow);
  MasterKey mk = MasterKey::generate();
  generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow + 5);
  auto users = list_users(*conn);
  ASSERT_EQ(users.size(), 1u);
  EXPECT_TRUE(users[0].has_api_key);
  EXPECT_EQ(users[0].key_created_at, kNow + 5);
  revoke_key(*conn, "APIUSER", "cli", kNow + 6);
  EXPECT_FALSE(list_users(*conn)[0].has_api_key);
}

TEST_F(UsersTest, DuplicateIsConflictEvenInOtherCase) {
  add_user(*conn, "APIUSER", "", std::nullopt, "cli", kNow);
  try {
    add_user(*conn, "apiuser", "x", std::nullopt, "cli", kNow);
    FAIL();
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kConflict);
    EXPECT_THAT(e.what(), HasSubstr("APIUSER"));
  }
  EXPECT_EQ(list_users(*conn).size(), 1u);
  EXPECT_FALSE(conn->in_transaction());
}

TEST_F(UsersTest, InvalidInputs) {
  EXPECT_EQ(code_of([&] { add_user(*conn, "a b", "", std::nullopt, "cli", kNow); }),
            problem_code::kValidationError);
  EXPECT_EQ(code_of([&] { add_user(*conn, std::string(21, 'X'), "", std::nullopt, "cli", kNow); }),
            problem_code::kValidationError);
  EXPECT_EQ(code_of([&] { add_user(*conn, "X", "a\nb", std::nullopt, "cli", kNow); }),
            problem_code::kValidationError);
  EXPECT_EQ(code_of([&] { add_user(*conn, "X", "", std::string_view(""), "cli", kNow); }),
            problem_code::kValidationError);
  EXPECT_TRUE(list_users(*conn).empty());
}

TEST_F(UsersTest, PasswordIsHashedWithArgon2id) {
  add_user(*conn, "ADMIN", "", std::string_view("correct horse"), "cli", kNow);
  auto& st = conn->prepare("SELECT password_hash FROM app_user WHERE code = 'ADMIN'");
  ASSERT_TRUE(st.step());
  std::string hash(st.get_text(0));
  st.reset();
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password(hash, "correct horse"));
  EXPECT_FALSE(verify_password(hash, "correct horse "));
  EXPECT_FALSE(verify_password("garbage", "correct horse"));
  conn->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  EXPECT_EQ(all_db_bytes().find("correct horse"), std::string::npos);
}

TEST_F(UsersTest, SetAndClearPassword) {
  add_user(*conn, "ADMIN", "", std::nullopt, "cli", kNow);
  set_password(*conn, "admin", std::string_view("pw-1234"), "cli", kNow + 1);
  EXPECT_TRUE(find_user(*conn, "ADMIN")->has_password);
  EXPECT_EQ(find_user(*conn, "ADMIN")->updated_at, kNow + 1);
  set_password(*conn, "ADMIN", std::nullopt, "cli", kNow + 2);
  EXPECT_FALSE(find_user(*conn, "ADMIN")->has_password);
  EXPECT_EQ(code_of([&] { set_password(*conn, "NOBODY", std::nullopt, "cli", kNow); }),
            problem_code::kNotFound);
  EXPECT_FALSE(conn->in_transaction());
}

TEST_F(UsersTest, RenameIsValidatedAndAudited) {
  add_user(*conn, "ADMIN", "Old Name", std::nullopt, "cli", kNow);
  set_user_name(*conn, "admin", "New Name", "CONSOLE", kNow + 1);
  EXPECT_EQ(find_user(*conn, "ADMIN")->name, "New Name");
  EXPECT_EQ(find_user(*conn, "ADMIN")->updated_at, kNow + 1);
  const std::vector<AuditEntry> audit = list_audit(*conn);
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.front().action, action::kUserName);
  EXPECT_EQ(audit.front().actor, "CONSOLE");
  EXPECT_EQ(code_of([&] { set_user_name(*conn, "ADMIN", "a\tb", "cli", kNow); }),
            problem_code::kValidationError);
  EXPECT_EQ(code_of([&] { set_user_name(*conn, "NOBODY", "X", "cli", kNow); }),
            problem_code::kNotFound);
  EXPECT_EQ(find_user(*conn, "ADMIN")->name, "New Name");
  EXPECT_FALSE(conn->in_transaction());
}

TEST_F(UsersTest, DeleteRevokesKey) {
  add_user(*conn, "APIUSER", "", std::nullopt, "cli", kNow);
  MasterKey mk = MasterKey::generate();
  GeneratedKey g = generate_key(*conn, mk, "acme", "APIUSER", "cli", kNow);
  ASSERT_TRUE(lookup(*conn, mk, g.access_key));
  delete_user(*conn, "apiuser", "cli", kNow + 1);
  EXPECT_FALSE(lookup(*conn, mk, g.access_key));
  EXPECT_FALSE(find_user(*conn, "APIUSER"));
  EXPECT_EQ(code_of([&] { delete_user(*conn, "APIUSER", "cli", kNow); }), problem_code::kNotFound);
  // Re-adding the code does not resurrect the old key.
  add_user(*conn, "APIUSER", "", std::nullopt, "cli", kNow + 2);
  EXPECT_FALSE(lookup(*conn, mk, g.access_key));
  EXPECT_FALSE(find_user(*conn, "APIUSER")->has_api_key);
}

}  // namespace
}  // namespace sqlacc::keys
