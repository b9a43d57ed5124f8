#include "cli/commands.h"

namespace sqlacc::cli {

std::vector<Command> register_commands(CLI::App& app, GlobalOptions& global) {
  std::vector<Command> out;
  register_serve(app, global, out);
  register_users(app, global, out);
  register_tools(app, global, out);
  register_migrate(app, global, out);
  register_templates(app, global, out);
  register_udf(app, global, out);
  return out;
}

CommandLine::CommandLine()
    : app("sqlacc: a self-hosted SQL Account API Service (REST + AWS SigV4)") {
  app.require_subcommand(1);
  // Options a subcommand does not know fall through to its parent, up to the global ones here:
  // `sqlacc init --data DIR --sample` works like `sqlacc --data DIR init --sample`. Set before the
  // subcommands are added, which inherit it (nested ones too: `sqlacc user add X --data DIR`).
  app.fallthrough();
  // Inherited by the subcommands too, whose --help lists only their own options.
  app.footer(
      "The global options --data, --db and --company (sqlacc --help) go before or after the "
      "subcommand, e.g. sqlacc init --data DIR --sample");
  app.add_option("--data", global.data, "Data directory (default ./data; env SQLACC_DATA)")
      ->envname("SQLACC_DATA");
  app.add_option("--db", global.db,
                 "Database: empty for SQLite files in the data directory (default), or a "
                 "PostgreSQL URL postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME (one schema per "
                 "company; the data directory then holds only the master key; env SQLACC_DB)")
      ->envname("SQLACC_DB");
  app.add_option("--company", global.company,
                 "Company id (default: the only company in the data directory, else 'main')");
  commands = register_commands(app, global);
}

void CommandLine::parse(int argc, const char* const* argv) { app.parse(argc, argv); }

const Command* CommandLine::selected() const {
  for (const auto& c : commands) {
    if (c.command->parsed()) return &c;
  }
  return nullptr;
}

}  // namespace sqlacc::cli
