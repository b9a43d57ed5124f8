#include "keys/master_key_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "keys/error.h"
#include "test_support.h"

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
  } catch (const KeyError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Forbidden);
    EXPECT_THAT(e.what(), HasSubstr("every node of a company needs the same master key"));
    EXPECT_THAT(e.what(), HasSubstr("acme"));
  }
  EXPECT_FALSE(conn->in_transaction());
  // A 32-byte digest (hex), not the key.
  store::Cursor st(*conn, "SELECT digest FROM master_key_check");
  ASSERT_TRUE(st->step());
  EXPECT_EQ(st->get_text(0).size(), 64u);
}

}  // namespace
}  // namespace sqlacc::keys
