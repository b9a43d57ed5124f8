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

// Each group registers its subcommands; options are bound to state captured by `run`.
std::vector<Command> register_commands(CLI::App& app, GlobalOptions& global);
void register_serve(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);
void register_users(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);
void register_tools(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);
void register_migrate(CLI::App& app, GlobalOptions& global, std::vector<Command>& out);

}  // namespace sqlacc::cli
