#pragma once
// What a company database holds now, read from the engine's own catalogue (sqlite_master and
// pragma_table_info on SQLite; pg_tables, pg_indexes and information_schema of the company's
// schema on PostgreSQL). migrate() compares it with the declared schema; a numbered step that
// must tolerate databases of several ages asks it (has_column) instead of trying and catching.
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "store/connection.h"

namespace sqlacc::store {

struct Catalog {
  std::set<std::string, std::less<>> indexes;
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> columns;  // per table

  bool has_table(std::string_view table) const { return columns.count(table) > 0; }
  bool has_index(std::string_view index) const { return indexes.count(index) > 0; }
  bool has_column(std::string_view table, std::string_view column) const;
};

// Two queries, whatever the number of tables.
Catalog read_catalog(Connection& conn);

bool has_column(Connection& conn, std::string_view table, std::string_view column);

}  // namespace sqlacc::store
