#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "cli/context.h"

namespace sqlacc::cli {

struct Command {
  CLI::App* command;
  std::function<int()> run;
};

// The whole command line, built without main() so that tests can parse argv vectors: the global
// options (--data, --db, --company; accepted before or after the subcommand, as users type them)
// and every subcommand. Not copyable: the subcommands' callbacks hold references into it.
class CommandLine {
 public:
  CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  // Throws CLI::ParseError (main() turns it into CLI11's message and exit code).
  void parse(int argc, const char* const* argv);
  // The subcommand the last parse selected (the innermost one, e.g. `user add`), or nullptr.
  const Command* selected() const;

  CLI::App app;
  GlobalOptions global;
  std::vector<Command> commands;
};

// Each group registers its subcommands; options are bound to state captured by `run`.
std::vector<Command> register_commands(CLI::App& app, GlobalOptions& global);
void register_serve(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);
void register_users(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);
void register_tools(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);
void register_migrate(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);
void register_templates(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);
void register_udf(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);

}  // namespace sqlacc::cli
