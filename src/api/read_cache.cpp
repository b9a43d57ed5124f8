#include "api/read_cache.h"

#include <sodium.h>

#include <map>
#include <memory>
#include <mutex>

namespace sqlacc::api {
namespace {

std::atomic<std::uint64_t> next_cache_id{1};

// What this thread's connection reported last, per cache (by id: a cache's address may be reused).
thread_local std::unordered_map<std::uint64_t, store::DataVersion> seen_last;

}  // namespace

ReadCache::ReadCache() : id_(next_cache_id++) {}

ReadCache::~ReadCache() {
  std::unique_lock lock(mutex_);
  clear();
}

ReadCache::Epoch ReadCache::sync(store::DataVersion seen) {
  confirmed_.store(std::chrono::steady_clock::now().time_since_epoch().count(),
                   std::memory_order_relaxed);
  auto [it, first_look] = seen_last.try_emplace(id_, seen);
  if (first_look || it->second != seen) {
    const bool keys_may_differ =
        first_look || seen.watched < 0 || it->second.watched != seen.watched;
    it->second = seen;
    const std::uint64_t e = epoch_.fetch_add(1, std::memory_order_acq_rel) + 1;
    const std::uint64_t ke =
        keys_may_differ ? key_epoch_.fetch_add(1, std::memory_order_acq_rel) + 1 : 0;
    std::unique_lock lock(mutex_);
    if (content_epoch_ < e) clear_bodies();
    if (key_content_epoch_ < ke) clear_keys();  // secrets of a past epoch do not linger
  }
  return {epoch_.load(std::memory_order_acquire), key_epoch_.load(std::memory_order_acquire)};
}

bool ReadCache::confirmed_within(std::chrono::steady_clock::duration bound) const {
  const auto at = std::chrono::steady_clock::time_point(
      std::chrono::steady_clock::duration(confirmed_.load(std::memory_order_relaxed)));
  return std::chrono::steady_clock::now() - at <= bound;
}

void ReadCache::clear() {
  clear_keys();
  clear_bodies();
}

void ReadCache::clear_bodies() {
  bodies_.clear();
  body_bytes_ = 0;
}

void ReadCache::clear_keys() {
  for (auto& [ak, key] : keys_) sodium_memzero(key.secret.data(), key.secret.size());
  keys_.clear();
  key_bytes_ = 0;
}

void ReadCache::make_room(std::size_t bytes) {
  if (bodies_.size() + keys_.size() >= kMaxEntries ||
      body_bytes_ + key_bytes_ + bytes > kMaxTotalBytes)
    clear();
}

bool ReadCache::adopt_bodies(std::uint64_t e) {
  if (e != epoch_.load(std::memory_order_acquire)) return false;  // read before a change
  if (content_epoch_ != e) clear_bodies();
  content_epoch_ = e;
  return true;
}

bool ReadCache::adopt_keys(std::uint64_t e) {
  if (e != key_epoch_.load(std::memory_order_acquire)) return false;
  if (key_content_epoch_ != e) clear_keys();
  key_content_epoch_ = e;
  return true;
}

bool ReadCache::find_body(std::string_view key, std::string& out) const {
  std::shared_lock lock(mutex_);
  if (content_epoch_ != epoch_.load(std::memory_order_acquire)) return false;
  auto it = bodies_.find(key);
  if (it == bodies_.end()) return false;
  out.assign(it->second);
  return true;
}

void ReadCache::store_body(Epoch read_in, std::string key, std::string_view body) {
  if (body.size() > kMaxBodyBytes) return;
  std::unique_lock lock(mutex_);
  if (!adopt_bodies(read_in.bodies)) return;
  make_room(key.size() + body.size());
  body_bytes_ += key.size() + body.size();
  bodies_.insert_or_assign(std::move(key), std::string(body));
}

std::optional<auth::KeyMaterial> ReadCache::find_key(std::string_view access_key) const {
  std::shared_lock lock(mutex_);
  if (key_content_epoch_ != key_epoch_.load(std::memory_order_acquire)) return std::nullopt;
  auto it = keys_.find(access_key);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

void ReadCache::store_key(Epoch read_in, std::string_view access_key,
                          const auth::KeyMaterial& key) {
  std::unique_lock lock(mutex_);
  if (!adopt_keys(read_in.keys)) return;
  make_room(access_key.size() + key.secret.size());
  key_bytes_ += access_key.size() + key.secret.size();
  keys_.insert_or_assign(std::string(access_key), key);
}

ReadCache& ReadCache::of(std::uint64_t owner, std::string_view company) {
  // Each thread remembers the caches it used, so that the shared table is locked once per thread,
  // service and company, and a request's lookup allocates nothing.
  thread_local std::unordered_map<std::uint64_t, std::map<std::string, ReadCache*, std::less<>>>
      mine;
  auto& of_owner = mine[owner];
  if (auto it = of_owner.find(company); it != of_owner.end()) return *it->second;
  static std::mutex mutex;
  static std::map<std::pair<std::uint64_t, std::string>, std::unique_ptr<ReadCache>> caches;
  std::lock_guard lock(mutex);
  auto& cache = caches[{owner, std::string(company)}];
  if (!cache) cache = std::make_unique<ReadCache>();
  of_owner.emplace(std::string(company), cache.get());
  return *cache;
}

}  // namespace sqlacc::api
