// `sqlacc migrate [--dry-run]` (bring company databases to this binary's schema, or list what that
// would change) and `sqlacc version` (the binary's version and schema, and where each company's
// database stands). Both open companies without the on-open migration, to look before they leap.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "api/company_schema.h"
#include "store/migrations.h"

#ifndef SQLACC_VERSION
#define SQLACC_VERSION "0.1.0"  // CMake's project version, when the build does not pass it
#endif

namespace sqlacc::cli {
namespace {

// --company names one; without it, every company of the data directory or database.
std::vector<std::string> companies_of(Context& ctx, const GlobalOptions& global) {
  if (!global.company.empty()) return {ctx.company()};
  return ctx.pool().companies();
}

std::string describe(const store::PendingChange& c) {
  return c.version ? fmt::format("{} step {}: {}", c.module, c.version, c.description)
                   : fmt::format("{}: {}", c.module, c.description);
}

std::string versions(const store::SchemaStatus& s, bool binary) {
  std::string out;
  for (const auto& m : s.modules) {
    if (binary && m.binary == 0 && m.database > 0) continue;  // a module only the database has
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", m.name, binary ? m.binary : m.database);
  }
  return out;
}

int migrate(const GlobalOptions& global, bool dry_run) {
  Context ctx(global, {}, /*migrate=*/false);
  const auto companies = companies_of(ctx, global);
  if (companies.empty()) std::cout << "no company in " << ctx.pool().describe() << "\n";
  for (const std::string& company : companies) {
    store::Lease conn = ctx.pool().connection(company);
    const auto changes = store::migrate(*conn, api::company_schema(), dry_run, Context::now());
    if (changes.empty()) {
      std::cout << "company '" << company << "': schema up to date\n";
      continue;
    }
    std::cout << "company '" << company << "': " << changes.size()
              << (dry_run ? " pending change(s), not applied (--dry-run)\n"
                          : " change(s) applied\n");
    for (const auto& c : changes) std::cout << "  " << describe(c) << "\n";
  }
  return 0;
}

int version(const GlobalOptions& global) {
  Context ctx(global, {}, /*migrate=*/false);
  std::cout << "sqlacc " << SQLACC_VERSION << "\n";
  store::SchemaStatus mine;
  for (const std::string& m : api::company_schema().modules())
    mine.modules.push_back({m, api::company_schema().latest(m), 0});
  std::cout << "schema of this binary: " << versions(mine, true) << "\n";
  const auto companies = companies_of(ctx, global);
  if (companies.empty()) std::cout << "no company in " << ctx.pool().describe() << " yet\n";
  for (const std::string& company : companies) {
    store::Lease conn = ctx.pool().connection(company);
    const store::SchemaStatus s = store::schema_status(*conn, api::company_schema());
    std::cout << "company '" << company << "': " << versions(s, false) << ": "
              << (s.newer ? "ahead of this binary (migrated by a newer sqlacc: upgrade this one)"
                  : s.pending ? fmt::format("behind, {} pending change(s) (run `sqlacc migrate`)",
                                            s.pending)
                              : std::string("up to date"))
              << "\n";
  }
  return 0;
}

}  // namespace

void register_migrate(CLI::App& app, GlobalOptions& global, std::vector<Command>& out) {
  auto dry_run = std::make_shared<bool>(false);
  auto mig = app.add_subcommand(
      "migrate",
      "Bring company databases to this binary's schema (--company: that one, else every one)");
  mig->add_flag("--dry-run", *dry_run, "List the pending changes without applying them");
  out.push_back({mig, [&global, dry_run] { return migrate(global, *dry_run); }});

  auto ver = app.add_subcommand(
      "version", "Show the binary's version and schema, and each company database's schema");
  out.push_back({ver, [&global] { return version(global); }});
}

}  // namespace sqlacc::cli
