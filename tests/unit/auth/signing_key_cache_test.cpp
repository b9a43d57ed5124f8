#include "auth/signing_key_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace sqlacc::auth {
namespace {

Digest key_of(int n) {
  Digest d{};
  d[0] = static_cast<std::uint8_t>(n);
  d[1] = static_cast<std::uint8_t>(n >> 8);
  return d;
}

TEST(SigningKeyCache, FindsWhatWasInserted) {
  SigningKeyCache cache(64);
  const SigningKeyId id{"AK", 1, 20000, "r", "s"};
  Digest out{};
  EXPECT_FALSE(cache.find(id, out));
  cache.insert(id, key_of(7));
  ASSERT_TRUE(cache.find(id, out));
  EXPECT_EQ(out, key_of(7));
  EXPECT_EQ(cache.size(), 1u);
  cache.clear();
  EXPECT_FALSE(cache.find(id, out));
}

TEST(SigningKeyCache, EveryFieldIsPartOfTheKey) {
  SigningKeyCache cache(64);
  cache.insert({"AK", 1, 20000, "r", "s"}, key_of(1));
  Digest out{};
  EXPECT_FALSE(cache.find({"AK", 2, 20000, "r", "s"}, out));  // regenerated key: new version
  EXPECT_FALSE(cache.find({"AX", 1, 20000, "r", "s"}, out));
  EXPECT_FALSE(cache.find({"AK", 1, 20001, "r", "s"}, out));
  EXPECT_FALSE(cache.find({"AK", 1, 20000, "x", "s"}, out));
  EXPECT_FALSE(cache.find({"AK", 1, 20000, "r", "x"}, out));
  // No concatenation ambiguity: ("ab","c") vs ("a","bc").
  cache.insert({"K", 1, 20000, "ab", "c"}, key_of(2));
  EXPECT_FALSE(cache.find({"K", 1, 20000, "a", "bc"}, out));
}

TEST(SigningKeyCache, Bounded) {
  SigningKeyCache cache(32);
  for (int i = 0; i < 1000; ++i)
    cache.insert({"AK" + std::to_string(i), 1, 20000, "r", "s"}, key_of(i));
  EXPECT_LE(cache.size(), 32u);
  EXPECT_GT(cache.size(), 0u);
}

TEST(SigningKeyCache, OldDaysAreDropped) {
  SigningKeyCache cache(1024);
  // 16 shards: insert enough keys that every shard sees a newer day.
  for (int i = 0; i < 64; ++i)
    cache.insert({"AK" + std::to_string(i), 1, 20000, "r", "s"}, key_of(i));
  for (int i = 0; i < 64; ++i)
    cache.insert({"AK" + std::to_string(i), 1, 20001, "r", "s"}, key_of(i));
  EXPECT_EQ(cache.size(), 128u);  // yesterday + today both live
  for (int i = 0; i < 256; ++i)
    cache.insert({"AK" + std::to_string(i), 1, 20002, "r", "s"}, key_of(i));
  Digest out{};
  std::size_t old_left = 0;
  for (int i = 0; i < 64; ++i)
    old_left += cache.find({"AK" + std::to_string(i), 1, 20000, "r", "s"}, out);
  EXPECT_EQ(old_left, 0u);
}

TEST(SigningKeyCache, DisabledWithZeroCapacity) {
  SigningKeyCache cache(0);
  cache.insert({"AK", 1, 20000, "r", "s"}, key_of(1));
  Digest out{};
  EXPECT_FALSE(cache.find({"AK", 1, 20000, "r", "s"}, out));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(SigningKeyCache, ConcurrentUse) {
  SigningKeyCache cache(256);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i) {
        const int n = (i * 7 + t) % 300;
        const std::string ak = "AK" + std::to_string(n);
        const SigningKeyId id{ak, 1, 20000, "r", "s"};
        Digest out{};
        if (cache.find(id, out)) {
          if (out != key_of(n)) ++wrong;
        } else {
          cache.insert(id, key_of(n));
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.size(), 256u);
}

}  // namespace
}  // namespace sqlacc::auth
