// The read cache must never outlive a change to the database: these tests drive it with a real
// SQLite file and a second connection standing in for another thread or process.
#include "api/read_cache.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_connection.h"
#include "support/temp_dir.h"

namespace sqlacc::api {
namespace {

class ReadCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mine.exec("CREATE TABLE t (x INTEGER)");
    other.data_version();  // open the file on both connections before any commit
  }
  test_support::TempDir dir;
  store::SqliteConnection mine{dir.path() / "c.db"};
  store::SqliteConnection other{dir.path() / "c.db"};
  ReadCache cache;
};

TEST_F(ReadCacheTest, KeepsEntriesWhileNothingChanges) {
  cache.sync(mine.data_version());
  cache.store_body("agent/", "[1]");
  cache.store_key("ak", auth::KeyMaterial{"secret", 7});
  cache.sync(mine.data_version());
  ASSERT_NE(cache.find_body("agent/"), nullptr);
  EXPECT_EQ(*cache.find_body("agent/"), "[1]");
  ASSERT_TRUE(cache.find_key("ak"));
  EXPECT_EQ(cache.find_key("ak")->key_version, 7u);
  EXPECT_EQ(cache.find_body("area/"), nullptr);
}

TEST_F(ReadCacheTest, AnotherConnectionsCommitEmptiesIt) {
  cache.sync(mine.data_version());
  cache.store_body("agent/", "[1]");
  cache.store_key("ak", auth::KeyMaterial{"secret", 7});
  other.exec("INSERT INTO t VALUES (1)");  // e.g. `sqlacc apikey revoke` from another process
  cache.sync(mine.data_version());
  EXPECT_EQ(cache.find_body("agent/"), nullptr);
  EXPECT_FALSE(cache.find_key("ak"));
}

TEST_F(ReadCacheTest, ThisConnectionsOwnWriteEmptiesIt) {
  cache.sync(mine.data_version());
  cache.store_body("agent/", "[1]");
  mine.exec("INSERT INTO t VALUES (1)");
  cache.sync(mine.data_version());
  EXPECT_EQ(cache.find_body("agent/"), nullptr);
}

TEST_F(ReadCacheTest, IsBounded) {
  cache.sync(mine.data_version());
  cache.store_body("big", std::string(ReadCache::kMaxBodyBytes + 1, 'x'));
  EXPECT_EQ(cache.find_body("big"), nullptr);  // too large to keep
  for (std::size_t i = 0; i < ReadCache::kMaxEntries + 10; ++i) {
    cache.store_body("k" + std::to_string(i), "v");
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < ReadCache::kMaxEntries + 10; ++i) {
    kept += cache.find_body("k" + std::to_string(i)) != nullptr;
  }
  EXPECT_LE(kept, ReadCache::kMaxEntries);
  EXPECT_NE(cache.find_body("k" + std::to_string(ReadCache::kMaxEntries + 9)), nullptr);
}

TEST_F(ReadCacheTest, EachServiceAndCompanyHasItsOwn) {
  EXPECT_NE(&ReadCache::of(1, "main"), &ReadCache::of(1, "other"));
  EXPECT_NE(&ReadCache::of(1, "main"), &ReadCache::of(2, "main"));
  EXPECT_EQ(&ReadCache::of(1, "main"), &ReadCache::of(1, "main"));
}

}  // namespace
}  // namespace sqlacc::api
