#pragma once
// Cache of derived SigV4 signing keys, so a verify costs one SHA-256 + one HMAC instead of five
// HMACs.
#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/crypto.h"

namespace sqlacc::auth {

// What a signing key depends on. A structured key, never a concatenated string: "ab"+"c" and
// "a"+"bc" must not collide (oven-sh/bun#32830). key_version is part of it so a regenerated secret
// can never be served a stale derived key (aws/aws-sdk-js-v3#1776): the keys module bumps it on
// regenerate.
struct SigningKeyId {
  std::string_view access_key;
  std::uint64_t key_version = 0;
  std::int32_t day = 0;  // days since 1970-01-01 of the scope date
  std::string_view region;
  std::string_view service;
};

// Bounded and thread-safe (16 mutex-guarded shards, so concurrent verifies rarely contend).
// A key is valid for one UTC day; inserting a key drops the shard's keys more than one day older
// than it, so normally only yesterday's and today's keys (around midnight, with clock skew) are
// live. When a shard is still full, an arbitrary entry goes. Evicted keys are wiped.
class SigningKeyCache {
 public:
  // capacity 0 disables the cache (every verify derives the key).
  explicit SigningKeyCache(std::size_t capacity = 4096);
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  bool find(const SigningKeyId& id, Digest& key) const;
  void insert(const SigningKeyId& id, const Digest& key);
  void clear();
  std::size_t size() const;
  std::size_t capacity() const { return capacity_; }

 private:
  static constexpr std::size_t kShards = 16;
  struct Key {
    std::string access_key;
    std::uint64_t key_version;
    std::int32_t day;
    std::string region;
    std::string service;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(const SigningKeyId& id) const;
    std::size_t operator()(const Key& k) const {
      return (*this)(SigningKeyId{k.access_key, k.key_version, k.day, k.region, k.service});
    }
  };
  struct Equal {
    using is_transparent = void;
    static SigningKeyId view(const Key& k) {
      return {k.access_key, k.key_version, k.day, k.region, k.service};
    }
    static const SigningKeyId& view(const SigningKeyId& id) { return id; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      const SigningKeyId& x = view(a);
      const SigningKeyId& y = view(b);
      return x.key_version == y.key_version && x.day == y.day && x.access_key == y.access_key &&
             x.region == y.region && x.service == y.service;
    }
  };
  struct Entry {
    Digest key{};
    Entry() = default;
    explicit Entry(const Digest& k) : key(k) {}
    Entry(const Entry&) = default;
    Entry& operator=(const Entry&) = default;
    ~Entry() { secure_clear(key.data(), key.size()); }
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<Key, Entry, Hash, Equal> map;
  };

  Shard& shard_for(std::size_t hash) const { return shards_[hash % kShards]; }

  std::size_t capacity_;
  std::size_t per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace sqlacc::auth
