#include "store/connection_pool.h"

#include "store/data_dir.h"
#include "store/postgres/pg_pool.h"
#include "store/sqlite/sqlite_pool.h"
#include "util/text.h"

namespace sqlacc::store {

std::optional<SqliteSync> parse_sqlite_sync(std::string_view text) {
  if (text::iequals(text, "full")) return SqliteSync::kFull;
  if (text::iequals(text, "normal")) return SqliteSync::kNormal;
  return std::nullopt;
}

const char* to_string(SqliteSync sync) { return sync == SqliteSync::kFull ? "full" : "normal"; }

bool is_postgres_url(std::string_view db) {
  return db.starts_with("postgres://") || db.starts_with("postgresql://");
}

std::unique_ptr<ConnectionPool> open_pool(const std::string& db, const std::string& data_dir,
                                          ConnectionPool::OnOpen on_open, PoolOptions options) {
  if (db.empty() || db == "sqlite")
    return std::make_unique<SqlitePool>(DataDir(data_dir), on_open, options);
  if (is_postgres_url(db)) return std::make_unique<PgPool>(db, on_open, options);
  throw store_problem(problem_code::kInternalError,
                      "--db must be empty (SQLite files in the data directory) or a "
                      "postgres:// URL, got '" +
                          db.substr(0, db.find(':')) + ":...'");
}

}  // namespace sqlacc::store
