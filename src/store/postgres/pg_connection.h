#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/connection.h"
#include "store/id_counter.h"

struct pg_conn;
struct pg_result;

namespace sqlacc::store {

class PgStatement;

// One libpq connection working in one company's schema (search_path). SQL arrives in SQLite's
// dialect (see pg_sql.h for the two translations); statements are prepared on the server once per
// session and results are read in text format.
//
// Writes: begin() takes the company's transaction-level advisory lock, so a company has one writer
// at a time across every node, as on SQLite (BEGIN IMMEDIATE). That is what makes a
// read-check-write (updatecount, the next document number) correct under READ COMMITTED: the writer
// before has committed, and every statement sees it. A write statement run outside a transaction
// gets one of its own, so no write escapes the lock.
//
// Changes: every commit also adds one to the company's change counter (`sqlacc_change.n`, in the
// same transaction, under the lock). data_version() reads it, so caches are checked against exactly
// this company's commits, whichever node made them; and row watchers (the master cache) are told of
// each table this connection writes, and emptied when the counter moved by another's commit or a
// rollback undid rows.
//
// A lost connection (server restarted, network) is reopened by itself before the next statement
// that starts outside a transaction; a statement that fails inside one throws
// store_problem(DatabaseUnavailable) and the caller's transaction is gone.
class PgConnection final : public Connection {
 public:
  // `url`: a libpq connection URI; `schema`: the search_path; `lock_key`: the company's advisory
  // lock. Throws store_problem(DatabaseUnavailable) when the server cannot be reached.
  // `lock_wait_ms`: lock_timeout (0: none), so a write waiting for the company's lock held by
  // another node ends in store_problem(ServiceBusy).
  PgConnection(std::string url, std::string schema, std::int64_t lock_key, int lock_wait_ms = 0);
  ~PgConnection() override;

  Statement& prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t last_insert_id() const override;
  std::int64_t changes() const override { return changes_; }
  void begin() override;
  std::int64_t next_id(std::string_view table, std::string_view column) override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override;
  Dialect dialect() const override { return Dialect::PostgreSQL; }
  bool broken() const override;
  // The company's change counter (`local` unused: this connection's own commits move it too);
  // with watch_tables(), also whether those tables were written since this connection's last
  // reading (DataVersion::watched, from the change log).
  DataVersion data_version() override;
  void watch_tables(std::vector<std::string> tables) { watched_tables_ = std::move(tables); }
  void savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;
  void set_deferred_writes(bool on) override { defer_writes_ = on; }
  bool deferred_failed() const override { return !deferred_error_.empty(); }

  const std::string& schema() const { return schema_; }
  // Creates the schema and its change counter if missing (under the company's lock).
  void create_schema();

 protected:
  RowWatcher* watcher(std::type_index type,
                      const std::function<std::unique_ptr<RowWatcher>()>& make) override;

 private:
  friend class PgStatement;
  void connect();
  // Reconnects when the connection was lost while idle (outside a transaction).
  void revive_if_idle();
  // Runs a statement without parameters; `retry`: once more on a fresh connection if the
  // connection turned out lost (only for statements that are safe to repeat).
  pg_result* run(const std::string& sql, bool retry);
  // Runs what `send` sends and returns its successful result; throws the Problem of a failed one.
  // `retry`: as for run().
  pg_result* run_with_retry(bool retry, std::string_view context,
                            const std::function<pg_result*()>& send);
  // Throws the Problem for a failed result (and frees it).
  [[noreturn]] void fail(pg_result* res, std::string_view context);
  void check_command(pg_result* res, std::string_view context);

  std::string url_;
  std::string schema_;
  std::int64_t lock_key_;
  int lock_wait_ms_;
  pg_conn* conn_ = nullptr;
  void forget_all();
  void table_changed(std::string_view table);
  void flush_pending();  // sends the savepoint statements held back (see savepoint())
  std::string pending_;

  // Deferred writes (see the .cpp).
  struct Queued {
    std::string_view context;              // the SQL sent (static or a cached statement's)
    std::uint64_t* prepared_in = nullptr;  // a Prepare's statement: unprepared if it fails
    PgStatement* ahead = nullptr;          // a read sent ahead: takes its answer
  };
  bool deferring() const;
  // Into pipeline mode (if not yet), with the savepoints held back sent first.
  void enter_pipeline();
  // Records one statement sent into the pipeline (`sent`: what the PQsend* call returned).
  void queue(int sent, std::string_view context, std::uint64_t* prepared_in = nullptr,
             PgStatement* ahead = nullptr);
  void abandon(const PgStatement* ahead);  // its answer, when it comes, is dropped
  // One statement without parameters (NUL-terminated `sql`), its answer read with the pipeline's.
  void send_in_pipeline(const char* sql, std::string_view context);
  // What a statement gets whose pipeline an earlier deferred failure aborted.
  Problem earlier_failure() const;
  void send_pending_in_pipeline();
  // Sends the sync, reads every answer outstanding and leaves pipeline mode; returns the last
  // statement's answer when `keep_last` (the caller owns it). A failed deferred statement is
  // recorded in deferred_error_; a lost connection throws.
  pg_result* sync_pipeline(bool keep_last);
  bool defer_writes_ = false;
  bool pipeline_ = false;
  std::vector<Queued> queued_;
  std::string deferred_error_;  // the first deferred failure since begin()

  IdCounter ids_;                      // next_id's, in this transaction
  std::string ids_commit_sql() const;  // moves each sequence to the last id handed out

  // What other connections' commits wrote since seen_ (see the .cpp): forgotten by the watchers.
  // `last_ids`: the sequences of ids_.tables() as begin() read them (sequences_sql()).
  void others_committed(std::int64_t n, const std::vector<std::optional<std::int64_t>>& last_ids);
  std::string sequences_sql() const;
  std::string change_log_sql() const;  // the counter's UPDATE, logging written_
  std::string log_;                    // the change log as begin() read it
  std::set<std::string> written_;      // the tables this transaction wrote ("*": unknown)
  std::int64_t change_counter();
  std::vector<std::string> watched_tables_;
  std::int64_t watched_ = 0;      // DataVersion::watched of the last reading (0: none yet)
  std::int64_t watched_at_ = -1;  // the change counter of that reading

  std::uint64_t session_ = 0;  // counts (re)connections: prepared statements live in one session
  Watchers watchers_;
  std::int64_t seen_ = -1;  // the change counter the watchers are in step with
  int next_name_ = 0;
  std::int64_t changes_ = 0;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<PgStatement>, Hash, std::equal_to<>> cache_;
};

// The advisory-lock key of a company's schema (stable across processes and versions).
std::int64_t company_lock_key(std::string_view schema);

}  // namespace sqlacc::store
