#pragma once
// The storage interface every layer above talks to: SQL text with `?` placeholders, prepared and
// cached per connection. SQLite is the embedded adapter (store/sqlite), PostgreSQL the one for
// several nodes (store/postgres). Deliberately small: no ORM, the SQL is written by the code that
// knows the schema (bizobject, keys).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <typeindex>
#include <utility>
#include <vector>

#include "util/problem.h"

namespace sqlacc::store {

// Which SQL engine a connection talks to. SQL is written in SQLite's dialect everywhere (the
// PostgreSQL adapter translates it); only reading the catalogue (store/schema_catalog.h) differs.
enum class Dialect { SQLite, PostgreSQL };

// Identifies the state of the whole database as seen from one connection: it changes whenever
// anything is committed, by this connection, another one, or another process. Readers use it to
// keep derived data (cached responses, looked-up keys) exactly as long as nothing changed.
struct DataVersion {
  std::int64_t external = -1;  // changes when other connections commit
  std::int64_t local = -1;     // changes when this connection writes
  // Changes when a commit may have written one of the tables a reader asked to watch
  // (PoolOptions::watched_tables), and only then; -1 where the store cannot tell (SQLite):
  // `external` stands for it.
  std::int64_t watched = -1;
  bool operator==(const DataVersion&) const = default;
};

// Keeps data derived from rows (a cache of master records) across transactions exactly as long as
// those rows stay as they were: it is told of every row its connection inserts, updates or deletes
// (SQLite), or of every table it writes to (PostgreSQL, which has no row hook), and to forget
// everything when rows may have changed without it being told (another connection or process
// committed, or a rollback undid rows).
class RowWatcher {
 public:
  virtual ~RowWatcher() = default;
  virtual void row_changed(std::string_view table, std::int64_t rowid) = 0;
  virtual void table_changed(std::string_view) { forget_all(); }
  // Another connection committed writes to `table` (PostgreSQL's change log): like
  // table_changed, for a watcher that must tell others' writes from its own connection's.
  virtual void others_changed(std::string_view table) { table_changed(table); }
  virtual void forget_all() = 0;
};

// The row watchers of one connection, one per type: what an adapter that reports changes keeps.
class Watchers {
 public:
  using Make = std::function<std::unique_ptr<RowWatcher>()>;
  // The watcher of `type`, made by `make` the first time (then `made` is set).
  RowWatcher* get(std::type_index type, const Make& make, bool& made) {
    made = false;
    for (auto& [t, w] : list_)
      if (t == type) return w.get();
    made = true;
    list_.emplace_back(type, make());
    return list_.back().second.get();
  }
  bool empty() const { return list_.empty(); }
  void row_changed(std::string_view table, std::int64_t rowid) {
    for (auto& [t, w] : list_) w->row_changed(table, rowid);
  }
  // An empty name: a write to a table not known (everything may have changed).
  void table_changed(std::string_view table) {
    for (auto& [t, w] : list_) table.empty() ? w->forget_all() : w->table_changed(table);
  }
  void others_changed(std::string_view table) {
    for (auto& [t, w] : list_) w->others_changed(table);
  }
  void forget_all() {
    for (auto& [t, w] : list_) w->forget_all();
  }

 private:
  std::vector<std::pair<std::type_index, std::unique_ptr<RowWatcher>>> list_;
};

// A failure of the database as the Problem every layer throws. `code` is one of
//   problem_code::kServiceBusy          503: a lock or every connection stayed busy; retry
//   problem_code::kDatabaseUnavailable  503: cannot be reached (down, restarting, connection lost);
//                                       retry, the adapter reconnects by itself
//   problem_code::kUniqueViolation      500: a duplicate key (callers that expect one answer 409)
//   problem_code::kInternalError        500: anything else
// what() is `detail` (driver text, SQL: for the server log and the CLI); a client reads only a
// fixed text.
inline Problem store_problem(std::string_view code, const std::string& detail) {
  const bool retry =
      code == problem_code::kServiceBusy || code == problem_code::kDatabaseUnavailable;
  Problem p(retry ? 503 : 500, code, detail);
  if (retry) p.retry_after = 1;
  if (code == problem_code::kServiceBusy) p.client_message = "The database is busy; retry shortly";
  if (code == problem_code::kDatabaseUnavailable)
    p.client_message = "The database cannot be reached; retry shortly";
  return p;
}

// A prepared statement. Parameters are 1-based, columns 0-based (as in SQLite).
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_null(int index) = 0;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;  // copied by the statement
  // Advances to the next row; false when done. Throws store_problem() on failure.
  virtual bool step() = 0;
  virtual int column_count() const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t get_int(int column) const = 0;
  virtual std::string_view get_text(int column) const = 0;  // valid until the next step/reset
  // Clears bindings and rewinds, ready for reuse. Called automatically by prepare().
  virtual void reset() = 0;
  // Runs a write whose answer (rows, changes()) nobody reads. With deferred writes on (see
  // Connection::set_deferred_writes) it may be sent without waiting for the answer; its failure
  // then surfaces at a later statement or the commit, and as Connection::deferred_failed().
  virtual void run_deferred() {
    while (step()) {
    }
  }
  // Sends a bound read now when writes are being deferred, so that several reads that do not
  // depend on each other's answers share one round trip; the first step() takes its answer. A
  // no-op elsewhere (step() runs it). reset() drops an answer not taken.
  virtual void send_ahead() {}
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Returns a cached prepared statement for this SQL, reset and with bindings cleared.
  // The reference stays valid for the connection's lifetime; do not interleave two uses of the
  // same SQL text.
  virtual Statement& prepare(std::string_view sql) = 0;
  // Runs one or more statements without results (DDL, PRAGMA).
  virtual void exec(std::string_view sql) = 0;
  virtual std::int64_t last_insert_id() const = 0;
  virtual std::int64_t changes() const = 0;
  virtual void begin() = 0;  // a write transaction (SQLite: BEGIN IMMEDIATE)
  // The id the next row of `table` gets in its INTEGER PRIMARY KEY AUTOINCREMENT column `column`
  // (the same sequence an INSERT without it takes from), so that an insert can name it instead of
  // reading it back (RETURNING is a round trip; an insert that names its id can be deferred). In
  // a write transaction only; an id a commit stored is never given again. SQLite reads its
  // sequence: insert the id before asking again. PostgreSQL takes one from the sequence per
  // transaction and counts on from it (the company's lock keeps every other writer out), and moves
  // the sequence with the commit.
  virtual std::int64_t next_id(std::string_view table, std::string_view column) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;
  virtual Dialect dialect() const = 0;
  // True when the connection is lost for good and must be thrown away (PostgreSQL).
  virtual bool broken() const { return false; }
  // One cheap query; see DataVersion.
  virtual DataVersion data_version() = 0;
  // Lets Statement::run_deferred() send writes without waiting for their answers (PostgreSQL:
  // libpq's pipeline mode; SQLite runs them at once, it has no round trips to save). Only for a
  // caller that can run the whole transaction again if deferred_failed(): a deferred write that
  // fails is found later, at a statement of another unit of the transaction or at the commit.
  virtual void set_deferred_writes(bool) {}
  // A deferred write failed since begin(): the transaction can only be rolled back.
  virtual bool deferred_failed() const { return false; }
  // The one savepoint name WriteScope nests with (SQLite keeps these statements prepared).
  virtual void savepoint() { exec("SAVEPOINT sqlacc_write"); }
  virtual void release_savepoint() { exec("RELEASE SAVEPOINT sqlacc_write"); }
  virtual void rollback_to_savepoint() { exec("ROLLBACK TO SAVEPOINT sqlacc_write"); }

  // The watcher of type W on this connection, made the first time it is asked for, and told of
  // changes from then on (see RowWatcher); it has already been told of other connections' commits
  // when it is returned. nullptr when the adapter cannot report row changes: then nothing may be
  // kept across transactions.
  template <class W>
  W* watcher() {
    return static_cast<W*>(watcher(typeid(W), [] { return std::make_unique<W>(); }));
  }

 protected:
  virtual RowWatcher* watcher(std::type_index,
                              const std::function<std::unique_ptr<RowWatcher>()>&) {
    return nullptr;
  }
};

// A prepared statement that is reset when the scope ends. A statement left on a row would keep
// SQLite's implicit read transaction (an old WAL snapshot) open on a pooled connection: later reads
// would be stale and the next write transaction would fail with "database is locked".
class Cursor {
 public:
  Cursor(Connection& c, std::string_view sql) : st_(c.prepare(sql)) {}
  explicit Cursor(Statement& st) : st_(st) {}
  ~Cursor() {
    try {
      st_.reset();
    } catch (...) {  // a destructor must not throw; the next prepare() resets again
    }
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  Statement* operator->() { return &st_; }
  Statement& operator*() { return st_; }

 private:
  Statement& st_;
};

// Every write is one transaction: commit() or the destructor rolls back.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) { c_.begin(); }
  ~Transaction() {
    if (open_) {
      try {
        c_.rollback();
      } catch (...) {  // a destructor must not throw; the connection reports the failure next use
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.commit();
    open_ = false;
  }

 private:
  Connection& c_;
  bool open_ = true;
};

// One unit of writing that composes: when the caller already has a transaction open it joins it
// inside a SAVEPOINT (a failure undoes only this unit, and the caller decides about the rest),
// otherwise it owns a transaction. commit(), or the destructor undoes everything it wrote. Used by
// every module that writes (business objects, ledger postings, key schema) so that one can call
// another and a batch can wrap many.
class WriteScope {
 public:
  explicit WriteScope(Connection& c) : c_(c), nested_(c.in_transaction()) {
    if (nested_)
      c_.savepoint();
    else
      c_.begin();
  }
  ~WriteScope() {
    if (!open_) return;
    try {
      if (nested_) {
        c_.rollback_to_savepoint();
        c_.release_savepoint();
      } else {
        c_.rollback();
      }
    } catch (...) {  // a destructor must not throw; the outer transaction is rolled back anyway
    }
  }
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  void commit() {
    if (nested_)
      c_.release_savepoint();
    else
      c_.commit();
    open_ = false;
  }

 private:
  Connection& c_;
  bool nested_;
  bool open_ = true;
};

}  // namespace sqlacc::store
