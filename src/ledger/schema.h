#pragma once
// The ledger's tables: postings (gl_entry, stock_move), open items and knock-offs, and the running
// totals per item and per party. Portable SQL; `id INTEGER PRIMARY KEY` is SQLite's rowid, which
// the PostgreSQL adapter maps to an identity column.
#include "store/connection.h"
#include "store/schema_registry.h"

namespace sqlacc::ledger {

// Module "ledger".
void register_schema(store::SchemaRegistry& registry);

// Brings a database to the ledger's schema alone (store::migrate with a registry of this module).
void ensure_schema(store::Connection& conn);

}  // namespace sqlacc::ledger
