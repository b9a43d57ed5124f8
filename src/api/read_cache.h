#pragma once
// Per-thread, per-company memo of what reads produced (response bodies, looked-up API keys), valid
// exactly while the company database is unchanged (store::DataVersion): any commit, by this process
// or another one (e.g. `sqlacc apikey revoke` from the CLI), empties it before the next use. This
// turns a repeated signed `GET /agent` into one `PRAGMA data_version` plus the signature check.
//
// When the database does not answer the check in time (PostgreSQL frozen or cut off), what was
// confirmed current within a short bound may still be served (confirmed_within); see the README,
// "When the database does not answer".
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/verifier.h"
#include "store/connection.h"

namespace sqlacc::api {

class ReadCache {
 public:
  // Bounds per thread and company; when full, the cache starts over (cheap and simple; hot entries
  // come back on the next request).
  static constexpr std::size_t kMaxEntries = 512;
  static constexpr std::size_t kMaxBodyBytes = 256 * 1024;
  static constexpr std::size_t kMaxTotalBytes = 16 * 1024 * 1024;

  ReadCache() = default;
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;
  ~ReadCache();

  // Empties the cache if the database changed since the last call, and notes that its content is
  // confirmed current now.
  void sync(store::DataVersion now);
  // True when the last sync() was at most `bound` ago.
  bool confirmed_within(std::chrono::steady_clock::duration bound) const {
    return std::chrono::steady_clock::now() - confirmed_ <= bound;
  }

  const std::string* find_body(std::string_view key) const;
  void store_body(std::string key, std::string_view body);

  std::optional<auth::KeyMaterial> find_key(std::string_view access_key) const;
  void store_key(std::string_view access_key, const auth::KeyMaterial& key);

  // The cache and this thread's cache of `company` for the service instance `owner`.
  static ReadCache& of(std::uint64_t owner, std::string_view company);

 private:
  void clear();
  void make_room(std::size_t bytes);

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  store::DataVersion version_;
  std::chrono::steady_clock::time_point confirmed_{};
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> bodies_;
  std::unordered_map<std::string, auth::KeyMaterial, Hash, std::equal_to<>> keys_;
  std::size_t bytes_ = 0;
};

}  // namespace sqlacc::api
