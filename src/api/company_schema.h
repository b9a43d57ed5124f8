#pragma once
// A company database is the tables of every module: store (company profile), bizobject (one table
// per business object and dataset), ledger (postings, open items, totals) and keys (users, keys,
// sessions, audit). The service is where the modules meet, so the whole schema is assembled here
// (the CLI and the tests open companies with it).
#include "store/connection.h"
#include "store/schema_registry.h"

namespace sqlacc::api {

// Every module's tables, indexes and numbered steps (built once).
const store::SchemaRegistry& company_schema();

// Brings a company database up to date (store::migrate with company_schema()): the
// ConnectionPool's on-open hook, so `serve` and every command migrate before first use.
void migrate_company(store::Connection& conn);

}  // namespace sqlacc::api
