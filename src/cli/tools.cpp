// `sqlacc postman` (Download Postman Collection) and `sqlacc verify` (the books' invariants).
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <memory>

#include "api/postman.h"
#include "cli/commands.h"
#include "ledger/reports.h"

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

  auto verify = app.add_subcommand(
      "verify", "Check the ledger's invariants (debits = credits overall and per document, ...)");
  out.push_back({verify, [&global] {
                   Context ctx(global);
                   const bizobject::Engine engine;
                   const ledger::LedgerCheck kept = [&engine](store::Connection& c,
                                                              std::vector<std::string>& out) {
                     for (std::string& p : engine.check_invariants(c)) out.push_back(std::move(p));
                   };
                   auto problems = ledger::verify(ctx.connection(), std::span(&kept, 1));
                   if (problems.empty()) {
                     std::cout << "OK: company '" << ctx.company()
                               << "': every ledger invariant holds\n";
                     return 0;
                   }
                   for (const auto& p : problems) std::cout << "BROKEN: " << p << "\n";
                   std::cout << problems.size() << " broken invariant(s) in company '"
                             << ctx.company() << "'\n";
                   return 1;
                 }});
}

}  // namespace sqlacc::cli
