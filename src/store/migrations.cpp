#include "store/migrations.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "store/schema_catalog.h"

namespace sqlacc::store {
namespace {

constexpr std::string_view kBookkeeping = "schema_migration";
constexpr const char* kCreateBookkeeping =
    "CREATE TABLE schema_migration (module TEXT NOT NULL, version INTEGER NOT NULL "
    "CHECK (version > 0), name TEXT NOT NULL, applied_at BIGINT NOT NULL, "
    "PRIMARY KEY (module, version))";

// The steps a database records, per module.
using Applied = std::map<std::string, std::set<int>, std::less<>>;

struct Recorded {
  std::string module;
  int version;
  std::string name;
  std::int64_t applied_at;
};

// The first versioned release kept one sequence without modules (its only version, 1, was the
// baseline every module made); those rows belong to the store module's step 1 now.
bool old_layout(const Catalog& cat) {
  return cat.has_table(kBookkeeping) && !cat.has_column(kBookkeeping, "module");
}

std::vector<Recorded> recorded(Connection& conn, const Catalog& cat) {
  std::vector<Recorded> out;
  if (!cat.has_table(kBookkeeping)) return out;
  Cursor st(conn, old_layout(cat)
                      ? "SELECT 'store', version, name, applied_at FROM schema_migration"
                      : "SELECT module, version, name, applied_at FROM schema_migration");
  while (st->step())
    out.push_back({std::string(st->get_text(0)), static_cast<int>(st->get_int(1)),
                   std::string(st->get_text(2)), st->get_int(3)});
  return out;
}

Applied applied_of(const std::vector<Recorded>& rows) {
  Applied a;
  for (const Recorded& r : rows) a[r.module].insert(r.version);
  return a;
}

// Empty when the database is not newer than the registry, else why.
std::string newer_reason(const SchemaRegistry& registry, const Applied& applied) {
  for (const auto& [module, versions] : applied) {
    if (!registry.has_module(module))
      return fmt::format(
          "the database has schema steps of module '{}', which this sqlacc does not know: "
          "upgrade this sqlacc",
          module);
    const int known = registry.latest(module);
    if (*versions.rbegin() > known)
      return fmt::format(
          "the database schema of module '{}' is at version {}, newer than this sqlacc knows "
          "({}): upgrade this sqlacc",
          module, *versions.rbegin(), known);
  }
  return {};
}

std::string quoted(std::string_view name) { return fmt::format("\"{}\"", name); }

struct Change {
  PendingChange what;
  std::string sql;                 // a declared table, column or index
  const StepDecl* step = nullptr;  // a numbered step
  bool bookkeeping = false;        // schema_migration in the old layout
};

std::vector<Change> plan(const SchemaRegistry& registry, const Catalog& cat,
                         const Applied& applied) {
  std::vector<Change> out;
  if (old_layout(cat))
    out.push_back({{"store", 0, "schema_migration: record steps per module"}, {}, nullptr, true});
  for (const TableDecl& t : registry.tables()) {
    if (cat.has_table(t.name)) continue;
    std::string ddl = fmt::format("CREATE TABLE IF NOT EXISTS {} (", quoted(t.name));
    for (std::size_t i = 0; i < t.columns.size(); ++i) ddl += (i ? ", " : "") + t.columns[i].ddl;
    if (!t.constraints.empty()) ddl += ", " + t.constraints;
    ddl += ")";
    out.push_back({{t.module, 0, "create table " + t.name}, std::move(ddl)});
  }
  for (const TableDecl& t : registry.tables()) {
    if (!cat.has_table(t.name)) continue;
    for (const ColumnDecl& c : t.columns)
      if (!cat.has_column(t.name, c.name))
        out.push_back({{t.module, 0, fmt::format("add column {}.{}", t.name, c.name)},
                       fmt::format("ALTER TABLE {} ADD COLUMN {}", quoted(t.name), c.ddl)});
  }
  for (const IndexDecl& i : registry.indexes())
    if (!cat.has_index(i.name)) out.push_back({{i.module, 0, "create index " + i.name}, i.create});
  for (const StepDecl& s : registry.steps()) {
    auto it = applied.find(s.module);
    if (it != applied.end() && it->second.count(s.version)) continue;
    out.push_back({{s.module, s.version, s.description}, {}, &s});
  }
  return out;
}

std::vector<PendingChange> described(const std::vector<Change>& changes) {
  std::vector<PendingChange> out;
  for (const Change& c : changes) out.push_back(c.what);
  return out;
}

// Reads everything migrate() decides from; throws for a newer database.
std::vector<Change> read_plan(Connection& conn, const SchemaRegistry& registry, Catalog& cat,
                              std::vector<Recorded>& rows) {
  cat = read_catalog(conn);
  rows = recorded(conn, cat);
  if (std::string why = newer_reason(registry, applied_of(rows)); !why.empty())
    throw store_problem(problem_code::kInternalError, why);
  return plan(registry, cat, applied_of(rows));
}

void record(Connection& conn, std::string_view module, int version, std::string_view name,
            std::int64_t at) {
  Cursor ins(
      conn, "INSERT INTO schema_migration (module, version, name, applied_at) VALUES (?, ?, ?, ?)");
  ins->bind_text(1, module);
  ins->bind_int(2, version);
  ins->bind_text(3, name);
  ins->bind_int(4, at);
  ins->step();
}

// Rebuilds schema_migration in the per-module layout, keeping what it recorded. Dropped and made
// again rather than renamed: on PostgreSQL a renamed table keeps its primary key's name.
void upgrade_bookkeeping(Connection& conn, const std::vector<Recorded>& rows) {
  conn.exec("DROP TABLE schema_migration");
  conn.exec(kCreateBookkeeping);
  for (const Recorded& r : rows) record(conn, r.module, r.version, r.name, r.applied_at);
}

}  // namespace

std::vector<PendingChange> migrate(Connection& conn, const SchemaRegistry& registry, bool dry_run,
                                   std::int64_t now) {
  Catalog cat;
  std::vector<Recorded> rows;
  std::vector<Change> changes = read_plan(conn, registry, cat, rows);
  if (changes.empty() || dry_run) return described(changes);

  WriteScope scope(conn);
  changes = read_plan(conn, registry, cat, rows);  // under the lock: another may have migrated
  if (!cat.has_table(kBookkeeping) && !changes.empty()) conn.exec(kCreateBookkeeping);
  for (const Change& c : changes) {
    if (c.bookkeeping) upgrade_bookkeeping(conn, rows);
    if (!c.sql.empty()) conn.exec(c.sql);
    if (c.step) {
      if (c.step->apply) c.step->apply(conn);
      record(conn, c.step->module, c.step->version, c.step->description, now);
    }
  }
  scope.commit();
  return described(changes);
}

SchemaStatus schema_status(Connection& conn, const SchemaRegistry& registry) {
  const Catalog cat = read_catalog(conn);
  const Applied applied = applied_of(recorded(conn, cat));
  SchemaStatus status;
  auto database = [&](std::string_view module) {
    auto it = applied.find(module);
    return it == applied.end() ? 0 : *it->second.rbegin();
  };
  for (const std::string& m : registry.modules())
    status.modules.push_back({m, registry.latest(m), database(m)});
  for (const auto& [m, versions] : applied)
    if (!registry.has_module(m)) status.modules.push_back({m, 0, *versions.rbegin()});
  status.newer = !newer_reason(registry, applied).empty();
  if (!status.newer) status.pending = plan(registry, cat, applied).size();
  return status;
}

}  // namespace sqlacc::store
