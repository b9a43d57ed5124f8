#include "cli/commands.h"

namespace sqlacc::cli {

std::vector<Command> register_commands(CLI::App& app, GlobalOptions& global) {
  std::vector<Command> out;
  register_serve(app, global, out);
  register_users(app, global, out);
  register_tools(app, global, out);
  register_migrate(app, global, out);
  return out;
}

}  // namespace sqlacc::cli
