// The read cache must never outlive a change to the database: these tests drive it with a real
// SQLite file, a second connection standing in for another thread or process, and real threads
// sharing one cache, each with its own connection (as the service's threads have).
#include "api/read_cache.h"

#include <gtest/gtest.h>

#include <thread>

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
  std::optional<std::string> body(std::string_view key) const {
    std::string out;
    if (!cache.find_body(key, out)) return std::nullopt;
    return out;
  }
  // Runs `fn` on a thread of its own with a connection of its own, as a worker would.
  template <class Fn>
  void on_another_thread(Fn&& fn) {
    std::thread t([&] {
      store::SqliteConnection conn{dir.path() / "c.db"};
      fn(conn);
    });
    t.join();
  }
  test_support::TempDir dir;
  store::SqliteConnection mine{dir.path() / "c.db"};
  store::SqliteConnection other{dir.path() / "c.db"};
  ReadCache cache;
};

TEST_F(ReadCacheTest, KeepsEntriesWhileNothingChanges) {
  const auto e = cache.sync(mine.data_version());
  cache.store_body(e, "agent/", "[1]");
  cache.store_key(e, "ak", auth::KeyMaterial{"secret", 7});
  EXPECT_EQ(cache.sync(mine.data_version()), e);
  EXPECT_EQ(body("agent/"), "[1]");
  ASSERT_TRUE(cache.find_key("ak"));
  EXPECT_EQ(cache.find_key("ak")->key_version, 7u);
  EXPECT_EQ(body("area/"), std::nullopt);
}

TEST_F(ReadCacheTest, AnotherConnectionsCommitEmptiesIt) {
  const auto e = cache.sync(mine.data_version());
  cache.store_body(e, "agent/", "[1]");
  cache.store_key(e, "ak", auth::KeyMaterial{"secret", 7});
  other.exec("INSERT INTO t VALUES (1)");  // e.g. `sqlacc apikey revoke` from another process
  EXPECT_NE(cache.sync(mine.data_version()), e);
  EXPECT_EQ(body("agent/"), std::nullopt);
  EXPECT_FALSE(cache.find_key("ak"));
}

TEST_F(ReadCacheTest, ThisConnectionsOwnWriteEmptiesIt) {
  const auto e = cache.sync(mine.data_version());
  cache.store_body(e, "agent/", "[1]");
  mine.exec("INSERT INTO t VALUES (1)");
  cache.sync(mine.data_version());
  EXPECT_EQ(body("agent/"), std::nullopt);
}

TEST_F(ReadCacheTest, WhatOneThreadReadAnotherAnswers) {
  cache.sync(mine.data_version());
  on_another_thread([&](store::SqliteConnection& conn) {
    const auto e = cache.sync(conn.data_version());  // its first look starts an epoch
    cache.store_body(e, "agent/", "[1]");
  });
  cache.sync(mine.data_version());  // nothing changed since this thread looked
  EXPECT_EQ(body("agent/"), "[1]");
}

TEST_F(ReadCacheTest, AReadThatAChangeOvertookIsNotKept) {
  const auto before = cache.sync(mine.data_version());
  // A worker read "[1]" in epoch `before`; meanwhile a commit landed and a thread saw it.
  other.exec("INSERT INTO t VALUES (1)");
  cache.sync(mine.data_version());
  cache.store_body(before, "agent/", "[1]");
  EXPECT_EQ(body("agent/"), std::nullopt);
}

TEST_F(ReadCacheTest, AChangeSeenByAnyThreadEmptiesItForAll) {
  const auto e = cache.sync(mine.data_version());
  cache.store_body(e, "agent/", "[1]");
  other.exec("INSERT INTO t VALUES (1)");
  on_another_thread([&](store::SqliteConnection& conn) { cache.sync(conn.data_version()); });
  EXPECT_EQ(body("agent/"), std::nullopt);  // before this thread looks again
}

TEST_F(ReadCacheTest, IsBounded) {
  const auto e = cache.sync(mine.data_version());
  cache.store_body(e, "big", std::string(ReadCache::kMaxBodyBytes + 1, 'x'));
  EXPECT_EQ(body("big"), std::nullopt);  // too large to keep
  for (std::size_t i = 0; i < ReadCache::kMaxEntries + 10; ++i) {
    cache.store_body(e, "k" + std::to_string(i), "v");
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < ReadCache::kMaxEntries + 10; ++i) {
    kept += body("k" + std::to_string(i)).has_value();
  }
  EXPECT_LE(kept, ReadCache::kMaxEntries);
  EXPECT_TRUE(body("k" + std::to_string(ReadCache::kMaxEntries + 9)));
}

TEST_F(ReadCacheTest, EachServiceAndCompanyHasItsOwnSharedByThreads) {
  EXPECT_NE(&ReadCache::of(1, "main"), &ReadCache::of(1, "other"));
  EXPECT_NE(&ReadCache::of(1, "main"), &ReadCache::of(2, "main"));
  EXPECT_EQ(&ReadCache::of(1, "main"), &ReadCache::of(1, "main"));
  const ReadCache* there = nullptr;
  std::thread([&] { there = &ReadCache::of(1, "main"); }).join();
  EXPECT_EQ(there, &ReadCache::of(1, "main"));
}

// With a version that tells when the keys changed (DataVersion::watched, PostgreSQL's change log),
// looked-up keys outlive commits that did not write keys; answers do not.
TEST(ReadCacheWatched, KeysOutliveCommitsThatDidNotWriteKeys) {
  ReadCache cache;
  const auto e = cache.sync({.external = 10, .local = 0, .watched = 3});
  cache.store_body(e, "agent/", "[1]");
  cache.store_key(e, "ak", auth::KeyMaterial{"secret", 7});
  const auto e2 = cache.sync({.external = 11, .local = 0, .watched = 3});  // a posting committed
  EXPECT_NE(e2.bodies, e.bodies);
  EXPECT_EQ(e2.keys, e.keys);
  std::string out;
  EXPECT_FALSE(cache.find_body("agent/", out));
  ASSERT_TRUE(cache.find_key("ak"));
  EXPECT_EQ(cache.find_key("ak")->key_version, 7u);
  cache.sync({.external = 12, .local = 0, .watched = 4});  // a key was revoked
  EXPECT_FALSE(cache.find_key("ak"));
  // A key read before that change is not kept.
  cache.store_key(e2, "ak", auth::KeyMaterial{"secret", 7});
  EXPECT_FALSE(cache.find_key("ak"));
}

TEST(ReadCacheWatched, AnUnknownWatchedVersionEmptiesTheKeysAtEveryChange) {
  ReadCache cache;
  const auto e = cache.sync({.external = 10, .local = 0, .watched = -1});
  cache.store_key(e, "ak", auth::KeyMaterial{"secret", 7});
  EXPECT_TRUE(cache.find_key("ak"));
  cache.sync({.external = 11, .local = 0, .watched = -1});
  EXPECT_FALSE(cache.find_key("ak"));
}

}  // namespace
}  // namespace sqlacc::api
