#include "api/read_cache.h"

#include <sodium.h>

#include <map>

namespace sqlacc::api {

ReadCache::~ReadCache() { clear(); }

void ReadCache::sync(store::DataVersion now) {
  confirmed_ = std::chrono::steady_clock::now();
  if (now == version_) return;
  clear();
  version_ = now;
}

void ReadCache::clear() {
  // Secrets do not linger in freed heap memory.
  for (auto& [ak, key] : keys_) sodium_memzero(key.secret.data(), key.secret.size());
  keys_.clear();
  bodies_.clear();
  bytes_ = 0;
}

void ReadCache::make_room(std::size_t bytes) {
  if (bodies_.size() + keys_.size() >= kMaxEntries || bytes_ + bytes > kMaxTotalBytes) clear();
}

const std::string* ReadCache::find_body(std::string_view key) const {
  auto it = bodies_.find(key);
  return it == bodies_.end() ? nullptr : &it->second;
}

void ReadCache::store_body(std::string key, std::string_view body) {
  if (body.size() > kMaxBodyBytes) return;
  make_room(key.size() + body.size());
  bytes_ += key.size() + body.size();
  bodies_.insert_or_assign(std::move(key), std::string(body));
}

std::optional<auth::KeyMaterial> ReadCache::find_key(std::string_view access_key) const {
  auto it = keys_.find(access_key);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

void ReadCache::store_key(std::string_view access_key, const auth::KeyMaterial& key) {
  make_room(access_key.size() + key.secret.size());
  bytes_ += access_key.size() + key.secret.size();
  keys_.insert_or_assign(std::string(access_key), key);
}

ReadCache& ReadCache::of(std::uint64_t owner, std::string_view company) {
  thread_local std::unordered_map<std::uint64_t, std::map<std::string, ReadCache, std::less<>>>
      caches;
  auto& mine = caches[owner];
  auto it = mine.find(company);
  if (it == mine.end()) it = mine.try_emplace(std::string(company)).first;
  return it->second;
}

}  // namespace sqlacc::api
