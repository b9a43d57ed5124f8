#include "store/sqlite/sqlite_pool.h"

#include <atomic>
#include <map>
#include <unordered_map>

#include "store/sqlite/sqlite_connection.h"

namespace sqlacc::store {

namespace {
std::atomic<std::uint64_t> next_pool_id{1};
using PerCompany = std::map<std::string, std::unique_ptr<Connection>, std::less<>>;
thread_local std::unordered_map<std::uint64_t, PerCompany> thread_connections;
}  // namespace

SqlitePool::SqlitePool(DataDir dir, OnOpen on_open, PoolOptions options)
    : dir_(std::move(dir)),
      on_open_(on_open),
      busy_timeout_ms_(options.lock_wait_ms),
      sync_(options.sqlite_sync),
      id_(next_pool_id++) {}

// Connections of other threads are closed when those threads exit; this thread's now.
SqlitePool::~SqlitePool() { thread_connections.erase(id_); }

std::string SqlitePool::describe() const { return "SQLite files in " + dir_.root().string(); }

Lease SqlitePool::find(std::string_view company) {
  auto& mine = thread_connections[id_];
  if (auto it = mine.find(company); it != mine.end()) return Lease(it->second.get(), nullptr);
  if (!dir_.company_exists(company)) return {};
  return Lease(&thread_connection(company, false), nullptr);
}

Lease SqlitePool::at_once(std::string_view company) {
  auto& mine = thread_connections[id_];
  if (auto it = mine.find(company); it != mine.end()) return Lease(it->second.get(), nullptr);
  {
    std::lock_guard lock(mutex_);
    if (ready_.count(company) == 0) return {};
  }
  return Lease(&thread_connection(company, false), nullptr);
}

Lease SqlitePool::connection(std::string_view company, bool create) {
  return Lease(&thread_connection(company, create), nullptr);
}

Connection& SqlitePool::thread_connection(std::string_view company, bool create) {
  auto& mine = thread_connections[id_];
  if (auto it = mine.find(company); it != mine.end()) return *it->second;
  return *mine.emplace(std::string(company), open(company, create)).first->second;
}

std::unique_ptr<Connection> SqlitePool::open(std::string_view company, bool create) {
  if (!is_valid_company_id(company)) {
    throw store_problem(problem_code::kInternalError,
                        "invalid company id '" + std::string(company) + "'");
  }
  if (!create && !dir_.company_exists(company)) {
    throw store_problem(problem_code::kInternalError,
                        "company '" + std::string(company) + "' does not exist");
  }
  if (create) dir_.create();
  auto conn =
      std::make_unique<SqliteConnection>(dir_.company_file(company), busy_timeout_ms_, sync_);
  if (!on_open_) return conn;
  if (!create) {  // a created file may be new: always brought up to date
    std::lock_guard lock(mutex_);
    if (ready_.count(company)) return conn;
  }
  on_open_(*conn);  // idempotent: threads opening the company together may each run it
  std::lock_guard lock(mutex_);
  ready_.emplace(company);
  return conn;
}

}  // namespace sqlacc::store
