#pragma once
// Where connections come from. Two backends: SQLite (store/sqlite: one file per company, one
// connection per thread and company) and PostgreSQL (store/postgres: one schema per company in one
// database, a bounded pool of connections per company shared by all threads). The layers above see
// only this interface and store::Connection.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace sqlacc::store {

class ConnectionPool;

// A connection lent to the caller until the lease ends (then it goes back to its pool). Leases of
// the SQLite pool lend the calling thread's own connection, and giving it back does nothing.
class Lease {
 public:
  Lease() = default;
  Lease(Connection* c, ConnectionPool* home) : conn_(c), home_(home) {}
  Lease(Lease&& o) noexcept : conn_(o.conn_), home_(o.home_) { o.conn_ = nullptr; }
  Lease& operator=(Lease&& o) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() { give_back(); }

  explicit operator bool() const { return conn_ != nullptr; }
  Connection& operator*() const { return *conn_; }
  Connection* operator->() const { return conn_; }
  Connection* get() const { return conn_; }

 private:
  void give_back();
  Connection* conn_ = nullptr;
  ConnectionPool* home_ = nullptr;
};

class ConnectionPool {
 public:
  // Runs on a company's database before its first use by this process (creates or migrates the
  // schema; idempotent).
  using OnOpen = void (*)(Connection&);
  virtual ~ConnectionPool() = default;

  // What the pool connects to, for logs (never a password).
  virtual std::string describe() const = 0;
  virtual std::vector<std::string> companies() = 0;  // sorted
  virtual bool company_exists(std::string_view company) = 0;
  // A connection to `company`. Throws a store_problem(): InternalError if the company does not
  // exist (unless create is true), DatabaseUnavailable if the database cannot be reached,
  // ServiceBusy if every connection stayed taken for the pool's wait timeout.
  virtual Lease connection(std::string_view company, bool create = false) = 0;
  // Like connection(), but empty when the company does not exist (the per-request path of key
  // lookup: cheap once the company is known to exist).
  virtual Lease find(std::string_view company) = 0;
  // A connection that answers without waiting, or none: what an I/O thread may use (it must never
  // wait). SQLite lends this thread's own connection once the company's schema is up to date in
  // this process (opening a file is quick; bringing a schema up to date may wait for the write
  // lock); PostgreSQL has none (every query waits for the network).
  virtual Lease at_once(std::string_view) { return {}; }
  // A new connection of the caller's own, outside the pool (one writer connection that several
  // threads use in turn, never at once). Same checks as connection().
  virtual std::unique_ptr<Connection> open(std::string_view company, bool create = false) = 0;

  // The company's DataVersion as read by a query that started after this call began (so whatever
  // was committed before, a revoked key for one, is seen), or nullopt when the database did not
  // answer within the pool's check time (PoolOptions::check_ms). The company must exist.
  // SQLite reads a local counter and always answers (the calling thread's connection).
  virtual std::optional<DataVersion> check_version(std::string_view company) {
    return connection(company)->data_version();
  }
  // How long data confirmed current may still be served while check_version() gets no answer
  // (0: never). SQLite always answers.
  virtual std::chrono::milliseconds stale_read_bound() const { return {}; }
  // True when the database is reached over the network and may not answer (PostgreSQL): callers
  // then use check_version() rather than a connection's data_version().
  virtual bool remote() const { return false; }

 protected:
  friend class Lease;
  virtual void give_back(Connection*) {}
};

inline Lease& Lease::operator=(Lease&& o) noexcept {
  if (this != &o) {
    give_back();
    conn_ = o.conn_;
    home_ = o.home_;
    o.conn_ = nullptr;
  }
  return *this;
}

inline void Lease::give_back() {
  if (conn_ && home_) home_->give_back(conn_);
  conn_ = nullptr;
}

// What an acknowledged SQLite write survives (PRAGMA synchronous, in WAL mode).
//   kFull: every commit waits for the WAL to reach the disk (fsync): survives a power loss or an
//          OS crash. The default: an acknowledged write is a durable write. Group commit makes it
//          one fsync per batch, not per write.
//   kNormal: the WAL is synced only at checkpoints: survives the process being killed, but the
//          last commits before a power loss or an OS crash may be lost (the database stays
//          consistent). For machines with a battery-backed disk cache or data one can re-send.
enum class SqliteSync { kFull, kNormal };
// "full" / "normal" (any case); nullopt for anything else.
std::optional<SqliteSync> parse_sqlite_sync(std::string_view text);
const char* to_string(SqliteSync sync);

// Bounds and waits of the pools. Every wait on the database is bounded; each ends in a Problem
// ServiceBusy or DatabaseUnavailable (store_problem(): 503, the client may retry).
struct PoolOptions {
  int max_connections = 16;  // PostgreSQL: connections per company, per process
  int wait_ms = 5000;        // PostgreSQL: how long a request waits for a free connection
  // How long a write waits for the company's write lock (SQLite busy timeout; PostgreSQL
  // lock_timeout on the company's advisory lock), then ServiceBusy.
  int lock_wait_ms = 5000;
  int check_ms = 250;          // PostgreSQL: check_version()'s wait for an answer
  int stale_read_ms = 10'000;  // PostgreSQL: stale_read_bound()
  // PostgreSQL: tables whose writes check_version() reports apart (DataVersion::watched), so that
  // what is derived from them alone outlives commits that did not touch them (the API keys).
  std::vector<std::string> watched_tables = {};
  SqliteSync sqlite_sync = SqliteSync::kFull;
};

// The pool for `db`: empty → SQLite files in `data_dir`; postgres:// or postgresql:// → PostgreSQL.
std::unique_ptr<ConnectionPool> open_pool(const std::string& db, const std::string& data_dir,
                                          ConnectionPool::OnOpen on_open, PoolOptions options = {});

// True when `db` names a PostgreSQL database.
bool is_postgres_url(std::string_view db);

}  // namespace sqlacc::store
