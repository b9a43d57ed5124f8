#pragma once
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "store/connection_pool.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_version_probe.h"

namespace sqlacc::store {

// Companies as schemas `sqlacc_<company>` of one PostgreSQL database; per company a bounded pool of
// connections that every thread shares. A request waits up to `wait_ms` for a free connection, then
// gets store_problem(ServiceBusy). Lost connections are dropped when given back and opened anew on
// demand, so the service recovers by itself when the database comes back.
//
// The first use of a company by this process brings its schema up to date (on_open: store::migrate
// with every module's declarations) in one transaction holding the company's advisory lock:
// nodes starting together take turns, and each finds the other's work done.
class PgPool final : public ConnectionPool {
 public:
  PgPool(std::string url, OnOpen on_open, PoolOptions options);
  ~PgPool() override;
  std::string describe() const override;
  std::vector<std::string> companies() override;
  bool company_exists(std::string_view company) override;
  Lease connection(std::string_view company, bool create = false) override;
  Lease find(std::string_view company) override;
  std::unique_ptr<Connection> open(std::string_view company, bool create = false) override;
  // Through the company's VersionProbe: never waits longer than PoolOptions::check_ms.
  std::optional<DataVersion> check_version(std::string_view company) override;
  bool remote() const override { return true; }
  std::chrono::milliseconds stale_read_bound() const override {
    return std::chrono::milliseconds(options_.stale_read_ms);
  }

  static constexpr std::string_view kSchemaPrefix = "sqlacc_";
  static std::string schema_of(std::string_view company) {
    return std::string(kSchemaPrefix) + std::string(company);
  }
  static std::string company_of(std::string_view schema) {
    return std::string(schema.substr(kSchemaPrefix.size()));
  }

 protected:
  void give_back(Connection* c) override;

 private:
  struct Slot;
  Slot& slot(std::string_view company);
  // Checks the id, and the company's existence unless `create`; migrates on first use.
  void prepare_company(std::string_view company, bool create);
  Lease acquire(std::string_view company);
  std::unique_ptr<PgConnection> new_connection(std::string_view company) const;
  PgConnection& catalog();  // with catalog_mutex_ held; reopened when lost

  std::string url_;
  OnOpen on_open_;
  PoolOptions options_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Slot>, std::less<>> slots_;
  std::set<std::string, std::less<>> ready_;  // companies migrated by this process
  std::mutex catalog_mutex_;
  std::unique_ptr<PgConnection> catalog_;  // for the list of companies (search_path: none)
  // Last: their threads open connections with the members above, so they go first.
  std::map<std::string, std::unique_ptr<VersionProbe>, std::less<>> probes_;  // under mutex_
};

}  // namespace sqlacc::store
