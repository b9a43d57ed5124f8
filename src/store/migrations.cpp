#include "store/migrations.h"

#include <fmt/format.h>

#include <set>

namespace sqlacc::store {

void apply_migrations(Connection& conn, std::span<const Migration> all, std::int64_t now) {
  WriteScope scope(conn);
  conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER NOT NULL PRIMARY KEY "
      "CHECK (version > 0), name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  std::set<int> applied;
  {
    Cursor st(conn, "SELECT version FROM schema_migration");
    while (st->step()) applied.insert(static_cast<int>(st->get_int(0)));
  }
  const int known = all.empty() ? 0 : all.back().version;
  if (!applied.empty() && *applied.rbegin() > known) {
    throw Error(ErrorKind::Other,
                fmt::format("the database schema is at version {}, newer than this sqlacc knows "
                            "({}): upgrade this sqlacc",
                            *applied.rbegin(), known));
  }
  for (const Migration& m : all) {
    if (applied.count(m.version)) continue;
    if (m.apply) m.apply(conn);
    Cursor ins(conn, "INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)");
    ins->bind_int(1, m.version);
    ins->bind_text(2, m.name);
    ins->bind_int(3, now);
    ins->step();
  }
  scope.commit();
}

}  // namespace sqlacc::store
