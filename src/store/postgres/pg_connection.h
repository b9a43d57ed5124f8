#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "store/connection.h"

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
// before has committed, and every statement sees it.
//
// A lost connection (server restarted, network) is reopened by itself before the next statement
// that starts outside a transaction; a statement that fails inside one throws
// Error(Unavailable) and the caller's transaction is gone.
class PgConnection final : public Connection {
 public:
  // `url`: a libpq connection URI; `schema`: the search_path; `lock_key`: the company's advisory
  // lock. Throws Error(Unavailable) when the server cannot be reached.
  PgConnection(std::string url, std::string schema, std::int64_t lock_key);
  ~PgConnection() override;

  Statement& prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t last_insert_id() const override;
  std::int64_t changes() const override { return changes_; }
  void begin() override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override;
  bool broken() const override;
  // Every commit writes the write-ahead log, so its insert position identifies the state of the
  // whole server, whichever node committed (also other companies' commits: those only cost a
  // cache miss). `local` is unused: this connection's own commits move the position too.
  DataVersion data_version() override;

  const std::string& schema() const { return schema_; }

 private:
  friend class PgStatement;
  void connect();
  // Reconnects when the connection was lost while idle (outside a transaction).
  void revive_if_idle();
  // Runs a statement without parameters; `retry`: once more on a fresh connection if the
  // connection turned out lost (only for statements that are safe to repeat).
  pg_result* run(const std::string& sql, bool retry);
  // Throws the Error for a failed result (and frees it).
  [[noreturn]] void fail(pg_result* res, std::string_view context);
  void check_command(pg_result* res, std::string_view context);

  std::string url_;
  std::string schema_;
  std::int64_t lock_key_;
  pg_conn* conn_ = nullptr;
  std::uint64_t session_ = 0;  // counts (re)connections: prepared statements live in one session
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
