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
    it->second = seen;
    const Epoch e = epoch_.fetch_add(1, std::memory_order_acq_rel) + 1;
    std::unique_lock lock(mutex_);  // secrets of a past epoch do not linger
    if (content_epoch_ < e) clear();
  }
  return epoch_.load(std::memory_order_acquire);
}

bool ReadCache::confirmed_within(std::chrono::steady_clock::duration bound) const {
  const auto at = std::chrono::steady_clock::time_point(
      std::chrono::steady_clock::duration(confirmed_.load(std::memory_order_relaxed)));
  return std::chrono::steady_clock::now() - at <= bound;
}

void ReadCache::clear() {
  // Secrets do not linger in freed heap memory.
  for (auto& [ak, key] : keys_) sodium_memzero(key.secret.data(), key.secret.size());
  keys_.clear();
  bodies_.clear();
  bytes_ = 0;
}

bool ReadCache::prepare_store(Epoch e, std::size_t bytes) {
  if (e != epoch_.load(std::memory_order_acquire)) return false;  // read before a change
  if (content_epoch_ != e) {
    clear();
    content_epoch_ = e;
  }
  if (bodies_.size() + keys_.size() >= kMaxEntries || bytes_ + bytes > kMaxTotalBytes) clear();
  bytes_ += bytes;
  return true;
}

bool ReadCache::find_body(std::string_view key, std::string& out) const {
  std::shared_lock lock(mutex_);
  if (!current()) return false;
  auto it = bodies_.find(key);
  if (it == bodies_.end()) return false;
  out.assign(it->second);
  return true;
}

void ReadCache::store_body(Epoch read_in, std::string key, std::string_view body) {
  if (body.size() > kMaxBodyBytes) return;
  std::unique_lock lock(mutex_);
  if (!prepare_store(read_in, key.size() + body.size())) return;
  bodies_.insert_or_assign(std::move(key), std::string(body));
}

std::optional<auth::KeyMaterial> ReadCache::find_key(std::string_view access_key) const {
  std::shared_lock lock(mutex_);
  if (!current()) return std::nullopt;
  auto it = keys_.find(access_key);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

void ReadCache::store_key(Epoch read_in, std::string_view access_key,
                          const auth::KeyMaterial& key) {
  std::unique_lock lock(mutex_);
  if (!prepare_store(read_in, access_key.size() + key.secret.size())) return;
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
