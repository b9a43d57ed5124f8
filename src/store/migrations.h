#pragma once
// Brings a company database to the schema its modules declare (store/schema_registry.h): the one
// path by which any table, column, index or data migration comes to exist, on both backends.
//
// migrate() reads the catalogue and `schema_migration` first, without a lock: a database that is
// up to date (every start of every connection, nearly always) costs two reads. Otherwise it takes
// the company's write lock (SQLite BEGIN IMMEDIATE, the PostgreSQL advisory lock of begin()), reads
// again (another process may have done the work meanwhile) and applies what is still pending in
// that one transaction: missing tables, then missing columns, then missing indexes, then the
// numbered steps not yet recorded, each recorded as (module, version). Nodes or threads starting
// together take turns, and each finds the other's work done.
//
// A database that records a step this binary does not know (a later version of a module, or a
// module it does not have) was migrated by a newer sqlacc: it is refused before anything is
// written, since an older node must not write to a schema it does not understand (upgrade every
// node).
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "store/connection.h"
#include "store/schema_registry.h"

namespace sqlacc::store {

struct PendingChange {
  std::string module;
  int version = 0;  // the step's number; 0 for a declared table, column or index
  std::string description;
};

// Applies what is pending (nothing when dry_run) and returns it, in the order it is (or would be)
// applied. `now` is recorded as applied_at. Throws store_problem(InternalError) for a database
// newer than `registry`; joins the caller's transaction when one is open.
std::vector<PendingChange> migrate(Connection& conn, const SchemaRegistry& registry,
                                   bool dry_run = false, std::int64_t now = std::time(nullptr));

// Where a database stands against the binary, per module (what `sqlacc version` prints).
struct SchemaStatus {
  struct Module {
    std::string name;
    int binary = 0;    // the module's last step in this binary
    int database = 0;  // the module's last step recorded in the database
  };
  std::vector<Module> modules;  // the registry's, then any the database has and the binary lacks
  std::size_t pending = 0;      // changes migrate() would apply (0 when newer)
  bool newer = false;           // the database was migrated by a newer sqlacc
};
SchemaStatus schema_status(Connection& conn, const SchemaRegistry& registry);

}  // namespace sqlacc::store
