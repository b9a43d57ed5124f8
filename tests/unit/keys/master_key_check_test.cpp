#include "keys/master_key_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "keys/api_keys.h"
#include "keys/users.h"
#include "test_support.h"
#include "util/problem.h"

namespace sqlacc::keys {
namespace {

using ::testing::HasSubstr;

class MasterKeyCheckTest : public test::DbTest {};

TEST_F(MasterKeyCheckTest, TheFirstKeyIsRecordedAndOnlyItIsAccepted) {
  const MasterKey first = MasterKey::generate();
  const MasterKey other = MasterKey::generate();
  EXPECT_NO_THROW(check_master_key(*conn, first, "acme"));  // records
  EXPECT_NO_THROW(check_master_key(*conn, first, "acme"));  // the same key again
  try {
    check_master_key(*conn, other, "acme");
    FAIL() << "a second master key was accepted";
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kForbidden);
    EXPECT_THAT(e.what(), HasSubstr("every node of a company needs the same master key"));
    EXPECT_THAT(e.what(), HasSubstr("acme"));
  }
  EXPECT_FALSE(conn->in_transaction());
  // A 32-byte digest (hex), not the key.
  store::Cursor st(*conn, "SELECT digest FROM master_key_check");
  ASSERT_TRUE(st->step());
  EXPECT_EQ(st->get_text(0).size(), 64u);
}

TEST_F(MasterKeyCheckTest, ADatabaseWithoutACheckValueAcceptsOnlyTheKeyOfItsSecrets) {
  const MasterKey right = MasterKey::generate();
  const MasterKey wrong = MasterKey::generate();
  add_user(*conn, "APIUSER", "", std::nullopt, "cli", 1);
  generate_key(*conn, right, "acme", "APIUSER", "cli", 1);  // made before any check value
  EXPECT_THROW(check_master_key(*conn, wrong, "acme"), Problem);
  EXPECT_NO_THROW(check_master_key(*conn, right, "acme"));
  EXPECT_THROW(check_master_key(*conn, wrong, "acme"), Problem);
}

}  // namespace
}  // namespace sqlacc::keys
