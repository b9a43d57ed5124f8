#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "store/connection_pool.h"
#include "store/data_dir.h"

namespace sqlacc::store {

// Hands out one connection per (thread, company): SQLite connections are not shared across threads,
// and each keeps its own prepared-statement cache. Opening runs `on_open` once per new connection
// (schema creation / migrations are idempotent). A lease lends the thread's own connection.
class SqlitePool final : public ConnectionPool {
 public:
  SqlitePool(DataDir dir, OnOpen on_open);
  ~SqlitePool() override;
  std::string describe() const override;
  std::vector<std::string> companies() override { return dir_.companies(); }
  bool company_exists(std::string_view company) override { return dir_.company_exists(company); }
  Lease connection(std::string_view company, bool create = false) override;
  Lease find(std::string_view company) override;
  std::unique_ptr<Connection> open(std::string_view company, bool create = false) override;

 private:
  Connection& thread_connection(std::string_view company, bool create);
  DataDir dir_;
  OnOpen on_open_;
  std::uint64_t id_;  // distinguishes pools in the thread-local map, even at a reused address
};

}  // namespace sqlacc::store
