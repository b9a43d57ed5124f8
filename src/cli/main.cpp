// sqlacc: the command line. Subcommands follow design.md's contract:
//   init, serve, user add|list, apikey generate|revoke|test, postman.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace sqlacc::cli;
  // Logs go to stderr: stdout is for command output (keys, JSON, collections).
  spdlog::set_default_logger(spdlog::stderr_color_mt("sqlacc"));
  CLI::App app{"sqlacc: a self-hosted SQL Account API Service (REST + AWS SigV4)"};
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("--data", global.data, "Data directory (default ./data; env SQLACC_DATA)")
      ->envname("SQLACC_DATA");
  app.add_option("--db", global.db,
                 "Database: empty for SQLite files in the data directory (default), or a "
                 "PostgreSQL URL postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME (one schema per "
                 "company; the data directory then holds only the master key; env SQLACC_DB)")
      ->envname("SQLACC_DB");
  app.add_option("--company", global.company,
                 "Company id (default: the only company in the data directory, else 'main')");

  auto commands = register_commands(app, global);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    for (auto& c : commands) {
      if (c.command->parsed()) return c.run();
    }
  } catch (const std::exception& e) {
    std::cerr << "sqlacc: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
