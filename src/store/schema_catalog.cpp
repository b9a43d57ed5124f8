#include "store/schema_catalog.h"

namespace sqlacc::store {

bool Catalog::has_column(std::string_view table, std::string_view column) const {
  auto it = columns.find(table);
  return it != columns.end() && it->second.count(column) > 0;
}

Catalog read_catalog(Connection& conn) {
  const bool pg = conn.dialect() == Dialect::PostgreSQL;
  Catalog cat;
  {
    // Names come back as stored: lower case, as every sqlacc name is (PostgreSQL folds unquoted
    // names, SQLite keeps them as written).
    Cursor st(conn, pg ? "SELECT c.table_name, c.column_name FROM information_schema.columns c "
                         "JOIN pg_tables t ON t.schemaname = c.table_schema AND t.tablename = "
                         "c.table_name WHERE c.table_schema = current_schema()"
                       : "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                         "WHERE m.type = 'table'");
    while (st->step()) cat.columns[std::string(st->get_text(0))].emplace(st->get_text(1));
  }
  Cursor st(conn, pg ? "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                     : "SELECT name FROM sqlite_master WHERE type = 'index'");
  while (st->step()) cat.indexes.emplace(st->get_text(0));
  return cat;
}

bool has_column(Connection& conn, std::string_view table, std::string_view column) {
  const bool pg = conn.dialect() == Dialect::PostgreSQL;
  Cursor st(conn, pg ? "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                       "current_schema() AND table_name = ? AND column_name = ?"
                     : "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
  st->bind_text(1, table);
  st->bind_text(2, column);
  return st->step();
}

}  // namespace sqlacc::store
