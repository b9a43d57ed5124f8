#include "auth/signing_key_cache.h"

#include <functional>

namespace sqlacc::auth {
namespace {

std::size_t mix(std::size_t seed, std::size_t value) {
  // boost::hash_combine's mixing step (64-bit variant constant).
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

}  // namespace

std::size_t SigningKeyCache::Hash::operator()(const SigningKeyId& id) const {
  const std::hash<std::string_view> h;
  std::size_t seed = h(id.access_key);
  seed = mix(seed, std::hash<std::uint64_t>{}(id.key_version));
  seed = mix(seed, std::hash<std::int32_t>{}(id.day));
  seed = mix(seed, h(id.region));
  seed = mix(seed, h(id.service));
  return seed;
}

SigningKeyCache::SigningKeyCache(std::size_t capacity)
    : capacity_(capacity), per_shard_(capacity == 0 ? 0 : (capacity + kShards - 1) / kShards) {}

bool SigningKeyCache::find(const SigningKeyId& id, Digest& key) const {
  if (capacity_ == 0) return false;
  const std::size_t hash = Hash{}(id);
  Shard& shard = shard_for(hash);
  std::lock_guard lock(shard.mutex);
  const auto it = shard.map.find(id);
  if (it == shard.map.end()) return false;
  key = it->second.key;
  return true;
}

void SigningKeyCache::insert(const SigningKeyId& id, const Digest& key) {
  if (capacity_ == 0) return;
  const std::size_t hash = Hash{}(id);
  Shard& shard = shard_for(hash);
  std::lock_guard lock(shard.mutex);
  // Keys of days before yesterday (relative to the key being added) are dead weight: requests are
  // only accepted within the clock skew, except presigned URLs, which just re-derive on a miss.
  std::erase_if(shard.map, [&](const auto& kv) { return kv.first.day < id.day - 1; });
  while (shard.map.size() >= per_shard_ && !shard.map.empty()) shard.map.erase(shard.map.begin());
  shard.map.insert_or_assign(Key{std::string(id.access_key), id.key_version, id.day,
                                 std::string(id.region), std::string(id.service)},
                             Entry{key});
}

void SigningKeyCache::clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.map.clear();
  }
}

std::size_t SigningKeyCache::size() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.map.size();
  }
  return n;
}

}  // namespace sqlacc::auth
