#pragma once
// What every CLI command needs: the data directory, the master key, company connections (SQLite
// files in the data directory, or a PostgreSQL database with --db).
#include <memory>
#include <string>

#include "bizobject/engine.h"
#include "keys/master_key.h"
#include "store/connection_pool.h"
#include "store/data_dir.h"

namespace sqlacc::cli {

struct GlobalOptions {
  std::string data = "./data";
  std::string company;  // empty: the only company in the data dir, else "main"
  std::string db;       // empty: SQLite files in `data`; postgres://...: that database
};

class Context {
 public:
  // `migrate`: bring each company's schema up to date when first opened (every command but
  // `migrate` and `version`, which look before they leap).
  explicit Context(const GlobalOptions& options, store::PoolOptions pool_options = {},
                   bool migrate = true);
  store::ConnectionPool& pool() { return *pool_; }
  const bizobject::Engine& engine() const { return engine_; }
  bizobject::Engine& engine() { return engine_; }  // to set its limits before serving
  const keys::MasterKey& master_key();             // loaded (or created) on first use
  // The company a command acts on; throws with a helpful message if it does not exist.
  std::string company() const;
  store::Lease connection() { return pool_->connection(company()); }
  // Creates the company database with the schema (and the sample data if asked). Idempotent for the
  // schema; refuses to load the sample twice.
  void init_company(const std::string& id, bool sample, const std::string& name);
  static std::int64_t now();

 private:
  GlobalOptions options_;
  store::DataDir dir_;  // the master key (and the SQLite files)
  std::unique_ptr<store::ConnectionPool> pool_;
  bizobject::Engine engine_;
  std::unique_ptr<keys::MasterKey> master_key_;
};

}  // namespace sqlacc::cli
