// `sqlacc postman` (Download Postman Collection), `sqlacc openapi` (the API contract) and
// `sqlacc verify` (the books' invariants).
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <memory>

#include "admin/console.h"
#include "api/service.h"
#include "cli/commands.h"
#include "contract/postman.h"
#include "ledger/reports.h"

namespace sqlacc::cli {
namespace {

// Writes a generated JSON document to `path`, or to standard output when it is empty.
int write_json(const boost::json::value& doc, const std::string& path) {
  const std::string text = boost::json::serialize(doc);
  if (path.empty()) {
    std::cout << text << "\n";
    return 0;
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text << "\n";
  if (!f) throw std::runtime_error("cannot write " + path);
  std::cerr << "wrote " << path << "\n";
  return 0;
}

}  // namespace

void register_tools(CLI::App& app, GlobalOptions& global, std::vector<Command>& out) {
  auto args = std::make_shared<std::pair<std::string, std::string>>("http://127.0.0.1:8080", "");
  auto pm = app.add_subcommand("postman", "Write the Postman collection (v2.1, awsv4 auth)");
  pm->add_option("--url", args->first, "Base URL put in the collection's baseUrl variable");
  pm->add_option("--out", args->second, "Output file (default: standard output)");
  out.push_back({pm, [args] {
                   const bizobject::Engine engine;
                   return write_json(contract::make_postman_collection(engine, args->first),
                                     args->second);
                 }});

  auto oa_args = std::make_shared<std::pair<std::string, std::string>>("http://127.0.0.1:8080", "");
  auto oa = app.add_subcommand(
      "openapi", "Write the OpenAPI 3.1 contract (the same document as GET /openapi.json)");
  oa->add_option("--url", oa_args->first, "Server URL put in the document's servers");
  oa->add_option("--out", oa_args->second, "Output file (default: standard output)");
  out.push_back({oa, [oa_args] {
                   const bizobject::Engine engine;
                   return write_json(
                       api::openapi_document(engine, oa_args->first, admin::Console::routes()),
                       oa_args->second);
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
                   auto problems = ledger::verify(*ctx.connection(), std::span(&kept, 1));
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
