#include "store/sqlite/sqlite_connection.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <mutex>
#include <stdexcept>

namespace sqlacc::store {
namespace {

std::string_view code_of(int code) {
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return problem_code::kUniqueViolation;
    default:
      // Extended codes (SQLITE_BUSY_SNAPSHOT, ...) keep the primary code in the low byte.
      if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        return problem_code::kServiceBusy;
      return problem_code::kInternalError;
  }
}

[[noreturn]] void fail(sqlite3* db, int code, std::string_view context) {
  throw store_problem(code_of(code), fmt::format("sqlite: {}: {}", context,
                                                 db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, fmt::format("prepare [{}]", sql));
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }
  void bind_int(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind_text(int i, std::string_view v) override {
    // An empty view may have a null data pointer, which SQLite would bind as NULL, not ''.
    const char* p = v.data() ? v.data() : "";
    check(sqlite3_bind_text(stmt_, i, p, static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  bool step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // The extended code tells a UNIQUE violation from other constraint failures.
    int ext = sqlite3_extended_errcode(db_);
    sqlite3_reset(stmt_);
    fail(db_, ext, "step");
  }
  int column_count() const override { return sqlite3_column_count(stmt_); }
  bool is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  std::int64_t get_int(int c) const override { return sqlite3_column_int64(stmt_, c); }
  std::string_view get_text(int c) const override {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c)))
             : std::string_view();
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Process-wide settings, before SQLite initialises. Memory statistics (on by default) take a global
// mutex on every allocation SQLite makes: with many I/O threads that mutex cost ~6 % of a posting's
// CPU, and POST /salesinvoice went from ~1.35k/s to ~1.68k/s without it (bench/README.md). sqlacc
// never reads those statistics. A bigger lookaside (per-connection small-allocation pool) spares
// malloc for most of SQLite's short-lived objects.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 1200, 500);
  });
}

}  // namespace

SqliteConnection::SqliteConnection(const std::filesystem::path& file, int busy_timeout_ms,
                                   SqliteSync sync) {
  configure_sqlite_once();
  int rc =
      sqlite3_open_v2(file.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    throw store_problem(problem_code::kInternalError,
                        fmt::format("cannot open {}: {}", file.string(), msg));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  // WAL: readers never block the writer. FULL: a commit returns once its WAL frames are on the
  // disk, so an acknowledged write survives a power loss (NORMAL only survives a process crash).
  exec(sync == SqliteSync::kFull
           ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
           : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

SqliteConnection::~SqliteConnection() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close(db_);
}

Statement& SqliteConnection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(std::string(sql), std::make_unique<SqliteStatement>(db_, sql)).first;
  } else {
    it->second->reset();
  }
  return *it->second;
}

void SqliteConnection::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw store_problem(code_of(sqlite3_extended_errcode(db_)), "sqlite: " + msg);
  }
}

std::int64_t SqliteConnection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
std::int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }
void SqliteConnection::begin() {
  exec("BEGIN IMMEDIATE");
  watched_this_transaction_ = false;
  ids_.clear();
}
void SqliteConnection::commit() {
  exec("COMMIT");
  watched_this_transaction_ = false;
  ids_.clear();
}
std::int64_t SqliteConnection::next_id(std::string_view table, std::string_view column) {
  if (!in_transaction())  // the ids counted on are only safe while nobody else can write
    throw std::logic_error("sqlite: next_id outside a transaction");
  return ids_.next(table, column, [&] {
    // AUTOINCREMENT: one past the largest id ever given (sqlite_sequence), even if deleted. An
    // insert naming a larger id moves it on.
    Cursor st(*this, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0) + 1");
    st->bind_text(1, table);
    st->step();
    return st->get_int(0);
  });
}

void SqliteConnection::rollback() {
  ids_.clear();
  if (!sqlite3_get_autocommit(db_)) exec("ROLLBACK");
  watched_this_transaction_ = false;
}

// Savepoints are taken and released for every write a batch runs (write_batch.h): prepared once
// instead of parsed by sqlite3_exec each time.
void SqliteConnection::run(std::string_view prepared_sql) {
  Statement& st = prepare(prepared_sql);
  st.step();
  st.reset();
}
void SqliteConnection::savepoint() { run("SAVEPOINT sqlacc_write"); }
void SqliteConnection::release_savepoint() { run("RELEASE SAVEPOINT sqlacc_write"); }
void SqliteConnection::rollback_to_savepoint() {
  run("ROLLBACK TO SAVEPOINT sqlacc_write");
  forget_all();  // the rollback hook does not fire for a savepoint
}

// ---- Row watchers
// -------------------------------------------------------------------------------- Every row
// written through this connection reaches the watchers through the update hook. SQLite does not
// call it for rows removed by the truncate optimisation (DELETE without WHERE) or by REPLACE
// conflict resolution; sqlacc uses neither. Commits of other connections show in PRAGMA
// data_version, checked once per write transaction (nobody else can commit while it holds the write
// lock) and on every call outside one.
RowWatcher* SqliteConnection::watcher(std::type_index type,
                                      const std::function<std::unique_ptr<RowWatcher>()>& make) {
  if (watchers_.empty()) {
    sqlite3_update_hook(db_, &SqliteConnection::on_update, this);
    sqlite3_rollback_hook(db_, &SqliteConnection::on_rollback, this);
  }
  bool made = false;
  RowWatcher* found = watchers_.get(type, make, made);
  if (made) watched_this_transaction_ = false;
  if (!watched_this_transaction_ || !in_transaction()) {
    const std::int64_t v = data_version().external;
    if (v != watched_version_) forget_all();
    watched_version_ = v;
    watched_this_transaction_ = in_transaction();
  }
  return found;
}

void SqliteConnection::forget_all() { watchers_.forget_all(); }

void SqliteConnection::on_update(void* self, int, const char*, const char* table, long long rowid) {
  static_cast<SqliteConnection*>(self)->watchers_.row_changed(table, rowid);
}

void SqliteConnection::on_rollback(void* self) {
  static_cast<SqliteConnection*>(self)->forget_all();
}
bool SqliteConnection::in_transaction() const { return !sqlite3_get_autocommit(db_); }

// `PRAGMA data_version` moves when another connection (any process) commits; it does not move for
// this connection's own commits, which sqlite3_total_changes64 counts instead.
DataVersion SqliteConnection::data_version() {
  auto& st = prepare("PRAGMA data_version");
  DataVersion v;
  if (st.step()) v.external = st.get_int(0);
  st.reset();
  v.local = sqlite3_total_changes64(db_);
  return v;
}

}  // namespace sqlacc::store
