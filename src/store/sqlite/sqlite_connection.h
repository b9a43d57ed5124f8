#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/connection.h"
#include "store/connection_pool.h"
#include "store/id_counter.h"

struct sqlite3;

namespace sqlacc::store {

// One SQLite file opened in WAL mode with a busy timeout, so several threads (each with its own
// connection) and several processes can share it.
class SqliteConnection final : public Connection {
 public:
  // `busy_timeout_ms`: how long a statement waits for a lock another connection holds (the write
  // lock, mostly) before it fails with store_problem(ServiceBusy).
  // `sync`: what a commit survives; see SqliteSync in store/connection_pool.h.
  explicit SqliteConnection(const std::filesystem::path& file, int busy_timeout_ms = 5000,
                            SqliteSync sync = SqliteSync::kFull);
  ~SqliteConnection() override;

  Statement& prepare(std::string_view sql) override;
  void exec(std::string_view sql) override;
  std::int64_t last_insert_id() const override;
  std::int64_t changes() const override;
  void begin() override;
  std::int64_t next_id(std::string_view table, std::string_view column) override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override;
  Dialect dialect() const override { return Dialect::SQLite; }
  DataVersion data_version() override;
  void savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;

 protected:
  RowWatcher* watcher(std::type_index type,
                      const std::function<std::unique_ptr<RowWatcher>()>& make) override;

 private:
  sqlite3* db_ = nullptr;
  // Transparent hashing: looking up a statement by string_view allocates nothing on the hot path.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, Hash, std::equal_to<>> cache_;

  // Row watchers (sqlite3_update_hook and sqlite3_rollback_hook report to them).
  void forget_all();
  void run(std::string_view prepared_sql);  // a cached statement without results
  Watchers watchers_;
  IdCounter ids_;                      // next_id's, in this transaction
  std::int64_t watched_version_ = -1;  // PRAGMA data_version the watchers have seen
  bool watched_this_transaction_ = false;
  static void on_update(void* self, int op, const char* db, const char* table, long long rowid);
  static void on_rollback(void* self);
};

}  // namespace sqlacc::store
