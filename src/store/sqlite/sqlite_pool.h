#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "store/connection_pool.h"
#include "store/data_dir.h"

namespace sqlacc::store {

// Hands out one connection per (thread, company): SQLite connections are not shared across threads,
// and each keeps its own prepared-statement cache. Opening runs `on_open` on the first connection
// to a company in this process (schema creation and migrations take the write lock: a reader
// thread's first connection must not wait behind a writer). A lease lends the thread's own
// connection.
class SqlitePool final : public ConnectionPool {
 public:
  SqlitePool(DataDir dir, OnOpen on_open, PoolOptions options = {});
  ~SqlitePool() override;
  std::string describe() const override;
  std::vector<std::string> companies() override { return dir_.companies(); }
  bool company_exists(std::string_view company) override { return dir_.company_exists(company); }
  Lease connection(std::string_view company, bool create = false) override;
  Lease find(std::string_view company) override;
  Lease at_once(std::string_view company) override;
  std::unique_ptr<Connection> open(std::string_view company, bool create = false) override;

 private:
  Connection& thread_connection(std::string_view company, bool create);
  DataDir dir_;
  OnOpen on_open_;
  int busy_timeout_ms_;
  SqliteSync sync_;
  std::mutex mutex_;
  std::set<std::string, std::less<>> ready_;  // companies on_open ran for
  std::uint64_t id_;  // distinguishes pools in the thread-local map, even at a reused address
};

}  // namespace sqlacc::store
