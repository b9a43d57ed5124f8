// sqlacc: the command line. Subcommands follow design.md's contract:
//   init, serve, user add|list, apikey generate|revoke|test, postman, template alias
//   add|list|remove.
// The parsing lives in cli/commands.cpp (CommandLine), unit tested without this main().
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace sqlacc::cli;
  // Logs go to stderr: stdout is for command output (keys, JSON, collections).
  spdlog::set_default_logger(spdlog::stderr_color_mt("sqlacc"));
  CommandLine cli;
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.app.exit(e);
  }
  try {
    if (const Command* c = cli.selected()) return c->run();
  } catch (const std::exception& e) {
    std::cerr << "sqlacc: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
