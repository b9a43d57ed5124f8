#pragma once
// Versioned migrations of a company database, recorded in `schema_migration`.
//
// Two kinds of schema change: most (a new table, a column added to an object's spec) are made by
// the idempotent schema sync each module runs on open (CREATE ... IF NOT EXISTS, ADD COLUMN); what
// a sync cannot express (moving data, renaming, backfilling) is a numbered migration here, applied
// once, in order, in the transaction that opened the database. On PostgreSQL that transaction holds
// the company's advisory lock, so nodes starting together apply each migration exactly once.
// A database already migrated past what this binary knows is refused: an older node must not write
// to a schema it does not understand (upgrade every node).
#include <span>

#include "store/connection.h"

namespace sqlacc::store {

struct Migration {
  int version;
  const char* name;
  void (*apply)(Connection&);  // nullptr: a marker only (the baseline made by the schema sync)
};

// Applies what is missing of `all` (sorted by version); `now` is stored as applied_at.
// Throws Error(Other) when the database has a version newer than the last of `all`.
void apply_migrations(Connection& conn, std::span<const Migration> all, std::int64_t now);

}  // namespace sqlacc::store
