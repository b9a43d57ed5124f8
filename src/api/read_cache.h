#pragma once
// Per-company memo of what reads produced (response bodies, looked-up API keys), shared by every
// thread of the service and valid exactly while the company database is unchanged: any commit, by
// this process or another one (e.g. `sqlacc apikey revoke` from the CLI), makes it stale before the
// next use. This turns a repeated signed `GET /agent` into one `PRAGMA data_version` plus the
// signature check, answered on the I/O thread itself (Service::answer_at_once).
//
// How a shared cache learns of changes when SQLite's change counter is per connection: each thread
// reports what its own connection sees (sync); a thread that sees a change since it last looked,
// or looks for the first time, starts a new epoch, and the content belongs to one epoch. A reader
// stores what it read under the epoch sync returned before it read (store_body), so a commit that
// lands between the two makes the entry stale, never wrong: whoever reads later syncs first and
// sees that commit on its own connection.
//
// API keys are kept apart, across commits that did not write them, when the version says which
// commits those were (DataVersion::watched: PostgreSQL's change log): under a steady stream of
// postings every request found the cache emptied by the last commit and looked its key up again,
// a query (and on a remote database a round trip) per request for a row that had not changed.
//
// When the database does not answer the check in time (PostgreSQL frozen or cut off), what was
// confirmed current within a short bound may still be served (confirmed_within); see the README,
// "When the database does not answer".
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/verifier.h"
#include "store/connection.h"

namespace sqlacc::api {

class ReadCache {
 public:
  // What content a read that follows a sync() belongs to.
  struct Epoch {
    std::uint64_t bodies = 0;  // response bodies: ends with any change
    std::uint64_t keys = 0;    // looked-up keys: ends when the keys may have changed
    bool operator==(const Epoch&) const = default;
  };
  // Bounds per company; when full, the cache starts over (cheap and simple; hot entries come back
  // on the next request).
  static constexpr std::size_t kMaxEntries = 512;
  static constexpr std::size_t kMaxBodyBytes = 256 * 1024;
  static constexpr std::size_t kMaxTotalBytes = 16 * 1024 * 1024;

  ReadCache();
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;
  ~ReadCache();

  // What the calling thread's connection reports now. Starts a new epoch if it differs from what
  // this thread saw last (or this thread never looked), notes the content confirmed current, and
  // returns the epoch a read that follows belongs to. The keys' epoch goes on unless the version
  // says that the keys did not change (DataVersion::watched, the same as this thread saw last).
  Epoch sync(store::DataVersion seen_by_this_thread);
  // True when the last sync() of any thread was at most `bound` ago.
  bool confirmed_within(std::chrono::steady_clock::duration bound) const;

  // Copies the body stored for `key` in the current epoch into `out`; false if there is none.
  bool find_body(std::string_view key, std::string& out) const;
  // Keeps `body`, read in epoch `read_in`; ignored when a newer epoch has begun since (for keys:
  // a newer keys' epoch).
  void store_body(Epoch read_in, std::string key, std::string_view body);

  std::optional<auth::KeyMaterial> find_key(std::string_view access_key) const;
  void store_key(Epoch read_in, std::string_view access_key, const auth::KeyMaterial& key);

  // The cache of `company` for the service instance `owner` (made on first use, kept for the
  // process's life).
  static ReadCache& of(std::uint64_t owner, std::string_view company);

 private:
  // With mutex_ held exclusively:
  void clear();  // everything
  void clear_bodies();
  void clear_keys();  // secrets do not linger in freed heap memory
  // Makes room for `bytes` more (starting over when full).
  void make_room(std::size_t bytes);
  // Makes the bodies (keys) belong to `e`, dropping an older epoch's; false when `e` is no longer
  // the current epoch.
  bool adopt_bodies(std::uint64_t e);
  bool adopt_keys(std::uint64_t e);

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const std::uint64_t id_;  // names this cache in each thread's record of what it saw last
  std::atomic<std::uint64_t> epoch_{1}, key_epoch_{1};
  std::atomic<std::chrono::steady_clock::rep> confirmed_{0};
  mutable std::shared_mutex mutex_;                          // guards what follows
  std::uint64_t content_epoch_ = 0, key_content_epoch_ = 0;  // what bodies_, keys_ belong to
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> bodies_;
  std::unordered_map<std::string, auth::KeyMaterial, Hash, std::equal_to<>> keys_;
  std::size_t body_bytes_ = 0, key_bytes_ = 0;
};

}  // namespace sqlacc::api
