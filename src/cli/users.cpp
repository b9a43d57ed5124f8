// `sqlacc user ...` and `sqlacc apikey ...`: Tools > Maintain User > API Secret Key, on the command
// line.
#include "keys/users.h"

#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "auth/signer.h"
#include "cli/commands.h"
#include "http/client.h"
#include "keys/api_keys.h"

namespace sqlacc::cli {
namespace {

std::string cli_actor() { return "cli"; }

struct UserArgs {
  std::string code, name;
  bool password_stdin = false;
  bool json = false;
};

struct TestArgs {
  std::string url = "http://127.0.0.1:8080", access_key, secret_key;
  std::string region = "ap-southeast-5", service = "sqlaccount";
  bool insecure = false;
};

int user_add(const GlobalOptions& g, const UserArgs& a) {
  Context ctx(g);
  std::optional<std::string> password;
  if (a.password_stdin) {
    std::string line;
    std::getline(std::cin, line);
    if (line.empty()) throw std::runtime_error("--password-stdin: no password on standard input");
    password = line;
  }
  keys::add_user(*ctx.connection(), a.code, a.name.empty() ? a.code : a.name, password, cli_actor(),
                 Context::now());
  std::cout << "user " << keys::normalize_user_code(a.code) << " added to company '"
            << ctx.company() << "'\n";
  return 0;
}

int user_list(const GlobalOptions& g, const UserArgs& a) {
  Context ctx(g);
  auto users = keys::list_users(*ctx.connection());
  if (a.json) {
    boost::json::array arr;
    for (const auto& u : users) {
      arr.push_back({{"code", u.code},
                     {"name", u.name},
                     {"has_password", u.has_password},
                     {"has_api_key", u.has_api_key}});
    }
    std::cout << boost::json::serialize(arr) << "\n";
    return 0;
  }
  std::printf("%-20s %-30s %-9s %s\n", "CODE", "NAME", "PASSWORD", "API KEY");
  for (const auto& u : users) {
    std::printf("%-20s %-30s %-9s %s\n", u.code.c_str(), u.name.c_str(),
                u.has_password ? "yes" : "no", u.has_api_key ? "yes" : "no");
  }
  return 0;
}

int apikey_generate(const GlobalOptions& g, const UserArgs& a) {
  Context ctx(g);
  std::string company = ctx.company();
  auto key = keys::generate_key(*ctx.connection(), ctx.master_key(), company, a.code, cli_actor(),
                                Context::now());
  if (a.json) {
    boost::json::object o{{"access_key", key.access_key}, {"secret_key", key.secret_key}};
    std::cout << boost::json::serialize(o) << "\n";
    return 0;
  }
  std::cout << "Access Key: " << key.access_key << "\n"
            << "Secret Key: " << key.secret_key << "\n\n"
            << "Copy both now: the Secret Key is shown only this once and cannot be retrieved.\n"
            << "User " << keys::normalize_user_code(a.code)
            << " can no longer log in with a password while it holds an API key.\n";
  return 0;
}

int apikey_revoke(const GlobalOptions& g, const UserArgs& a) {
  Context ctx(g);
  keys::revoke_key(*ctx.connection(), a.code, cli_actor(), Context::now());
  std::cout << "API key of " << keys::normalize_user_code(a.code) << " revoked\n";
  return 0;
}

// Test Connection: one signed GET /healthcheck with the pair, then a cURL command to copy.
int apikey_test(const TestArgs& a) {
  std::string base = a.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  http::ClientRequest req;
  req.url = base + "/healthcheck";
  req.verify_tls = !a.insecure;
  auth::SignInput in;
  in.method = "GET";
  in.target = "/healthcheck";
  in.host = http::host_header_for(req.url);
  in.access_key = a.access_key;
  in.secret = a.secret_key;
  in.region = a.region;
  in.service = a.service;
  in.when = std::chrono::system_clock::now();
  for (auto& h : auth::sign_headers(in)) req.headers.push_back(h);
  auto res = http::fetch(req);
  bool ok = res.status == 200;
  std::cout << (ok ? "Test Connection: OK" : "Test Connection: FAILED") << " (HTTP " << res.status
            << ")\n"
            << res.body << "\n\n"
            << "cURL:\n  curl --aws-sigv4 \"aws:amz:" << a.region << ":" << a.service
            << "\" --user \"" << a.access_key << ":" << a.secret_key << "\" \"" << base
            << "/agent\"\n";
  return ok ? 0 : 2;
}

}  // namespace

void register_users(CLI::App& app, GlobalOptions& global, std::vector<Command>& out) {
  auto a = std::make_shared<UserArgs>();
  auto user = app.add_subcommand("user", "Maintain users")->require_subcommand(1);
  auto add = user->add_subcommand("add", "Add a user");
  add->add_option("code", a->code, "User code (e.g. APIUSER)")->required();
  add->add_option("--name", a->name, "Display name");
  add->add_flag("--password-stdin", a->password_stdin, "Read a login password from standard input");
  out.push_back({add, [&global, a] { return user_add(global, *a); }});
  auto list = user->add_subcommand("list", "List users");
  list->add_flag("--json", a->json, "JSON output");
  out.push_back({list, [&global, a] { return user_list(global, *a); }});

  auto apikey = app.add_subcommand("apikey", "API Secret Key of a user")->require_subcommand(1);
  auto gen = apikey->add_subcommand("generate",
                                    "Generate (or regenerate) the user's key pair; shown once");
  gen->add_option("user", a->code, "User code")->required();
  gen->add_flag("--json", a->json, R"(Print {"access_key":…,"secret_key":…})");
  out.push_back({gen, [&global, a] { return apikey_generate(global, *a); }});
  auto rev = apikey->add_subcommand("revoke", "Revoke the user's key pair");
  rev->add_option("user", a->code, "User code")->required();
  out.push_back({rev, [&global, a] { return apikey_revoke(global, *a); }});

  auto t = std::make_shared<TestArgs>();
  auto test =
      apikey->add_subcommand("test", "Test Connection: send one signed request, print a cURL");
  test->add_option("--url", t->url, "Service base URL (default http://127.0.0.1:8080)");
  test->add_option("--access-key", t->access_key, "Access Key")->required();
  test->add_option("--secret-key", t->secret_key, "Secret Key")
      ->required()
      ->envname("SQLACC_SECRET_KEY");
  test->add_option("--region", t->region, "SigV4 region (default ap-southeast-5)");
  test->add_option("--service", t->service, "SigV4 service (default sqlaccount)");
  test->add_flag("--insecure", t->insecure, "Do not verify the TLS certificate");
  out.push_back({test, [t] { return apikey_test(*t); }});
}

}  // namespace sqlacc::cli
