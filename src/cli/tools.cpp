// `sqlacc postman`: Download Postman Collection.
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <memory>

#include "api/postman.h"
#include "cli/commands.h"

namespace sqlacc::cli {

void register_tools(CLI::App& app, GlobalOptions& global, std::vector<Command>& out) {
  auto args = std::make_shared<std::pair<std::string, std::string>>("http://127.0.0.1:8080", "");
  auto pm = app.add_subcommand("postman", "Write the Postman collection (v2.1, awsv4 auth)");
  pm->add_option("--url", args->first, "Base URL put in the collection's baseUrl variable");
  pm->add_option("--out", args->second, "Output file (default: standard output)");
  out.push_back({pm, [&global, args] {
                   (void)global;
                   bizobject::Engine engine;
                   std::string text =
                       boost::json::serialize(api::make_postman_collection(engine, args->first));
                   if (args->second.empty()) {
                     std::cout << text << "\n";
                   } else {
                     std::ofstream f(args->second, std::ios::binary | std::ios::trunc);
                     f << text << "\n";
                     if (!f) throw std::runtime_error("cannot write " + args->second);
                     std::cerr << "wrote " << args->second << "\n";
                   }
                   return 0;
                 }});
}

}  // namespace sqlacc::cli
