// What an acknowledged SQLite write survives: the pool's connections commit with synchronous=FULL
// unless told otherwise (store/connection_pool.h, SqliteSync).
#include <gtest/gtest.h>

#include "store/connection_pool.h"
#include "support/temp_dir.h"

namespace sqlacc::store {
namespace {

std::int64_t synchronous_of(Connection& c) {
  Statement& s = c.prepare("PRAGMA synchronous");
  EXPECT_TRUE(s.step());
  return s.get_int(0);  // 1 NORMAL, 2 FULL
}

std::int64_t synchronous_of_pool(const PoolOptions& options) {
  test_support::TempDir tmp;
  auto pool = open_pool(
      "", tmp.path().string(), [](Connection&) {}, options);
  auto conn = pool->open("c", /*create=*/true);
  return synchronous_of(*conn);
}

TEST(SqliteSyncTest, AcknowledgedMeansOnDiskByDefault) {
  EXPECT_EQ(synchronous_of_pool(PoolOptions{}), 2);
}

TEST(SqliteSyncTest, NormalIsAnExplicitChoice) {
  PoolOptions options;
  options.sqlite_sync = SqliteSync::kNormal;
  EXPECT_EQ(synchronous_of_pool(options), 1);
}

TEST(SqliteSyncTest, ParsesTheFlagsWords) {
  EXPECT_EQ(parse_sqlite_sync("full"), SqliteSync::kFull);
  EXPECT_EQ(parse_sqlite_sync("NORMAL"), SqliteSync::kNormal);
  EXPECT_FALSE(parse_sqlite_sync("off"));
  EXPECT_FALSE(parse_sqlite_sync(""));
  EXPECT_STREQ(to_string(SqliteSync::kFull), "full");
}

}  // namespace
}  // namespace sqlacc::store
