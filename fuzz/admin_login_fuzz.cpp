// Fuzzes the admin console's session cookie, CSRF token and login body handling, through the real
// console mounted on a real service over a SQLite company in a temporary directory (made once per
// process): what `sqlacc serve` runs for /admin.
//
// Input: byte 0 picks what the rest is: 0 the Cookie header of GET /admin/api/session; 1 the
// X-CSRF-Token of a PATCH with the real session's cookie; 2 the JSON body of POST /admin/login
// (from one client address, so after 20 failures the limiter answers 429 before any password is
// checked, and the fuzzer spends its time on the parsing); 3 a Cookie header as the helpers see it.
//
// Invariants: a cookie other than the real session's never authenticates; only the session's own
// CSRF token passes; a login succeeds only with the right user and password (which the fuzzer is
// not told); every answer is a 2xx/4xx (never a 500 or an exception) whose body, and any error
// text, is valid UTF-8 JSON; cookie_value() answers a part of the header it was given.
#include <sodium.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "admin/console.h"
#include "admin/security.h"
#include "api/company_schema.h"
#include "api/service.h"
#include "bizobject/engine.h"
#include "fuzz_support.h"
#include "keys/master_key.h"
#include "keys/users.h"
#include "store/data_dir.h"
#include "store/sqlite/sqlite_pool.h"
#include "util/text.h"

namespace {

using namespace sqlacc;
namespace json = boost::json;

constexpr std::string_view kUser = "ADMIN";
constexpr std::string_view kPassword = "fuzz-admin-pass-1";

std::string header_of(const api::Response& r, std::string_view name) {
  for (const auto& h : r.headers) {
    if (text::iequals(h.name, name)) return h.value;
  }
  return {};
}

struct Fixture {
  Fixture() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sqlacc-fuzz-admin-XXXXXX");
    FUZZ_CHECK(::mkdtemp(tmpl.data()) != nullptr);
    root = tmpl;
    store::DataDir dir(root / "data");
    dir.create();
    pool = std::make_unique<store::SqlitePool>(dir, &api::migrate_company);
    keys::add_user(*pool->connection("main", true), kUser, "Admin", kPassword, "fuzz", 0);
    service = std::make_unique<api::Service>(*pool, master, engine, clock, api::ServiceOptions{});
    console = std::make_unique<admin::Console>(*pool, master, engine, clock,
                                               admin::options_for("main", {}), *service);
    service->mount("admin", *console, admin::Console::routes());
    const api::Response r = send("POST", "/admin/login",
                                 R"({"username":"ADMIN","password":"fuzz-admin-pass-1"})", {}, {});
    FUZZ_CHECK(r.status == 200);
    const std::string set_cookie = header_of(r, "Set-Cookie");
    cookie = set_cookie.substr(0, set_cookie.find(';'));  // "sqlacc_session=main.<token>"
    session = cookie.substr(cookie.find('=') + 1);
    csrf = std::string(json::parse(r.body).at("data").at(0).at("csrf_token").as_string());
  }
  ~Fixture() {
    console.reset();
    service.reset();
    pool.reset();
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }

  api::Response send(std::string method, std::string target, std::string body,
                     std::string cookie_header, std::string csrf_header) {
    api::Request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    req.headers.push_back({"Host", "127.0.0.1:8080"});
    req.headers.push_back({"Content-Type", "application/json"});
    if (!cookie_header.empty()) req.headers.push_back({"Cookie", std::move(cookie_header)});
    if (!csrf_header.empty()) req.headers.push_back({"X-CSRF-Token", std::move(csrf_header)});
    req.remote_addr = "192.0.2.1";
    req.request_id = "fuzz";
    api::Response res;
    service->handle(req, res);
    // Every answer: no 500, and a body that is valid UTF-8 JSON.
    FUZZ_CHECK(res.status >= 200 && res.status < 500);
    FUZZ_CHECK(text::valid_utf8(res.body));
    json::error_code ec;
    json::parse(res.body, ec);
    FUZZ_CHECK(!ec);
    return res;
  }

  std::filesystem::path root;
  keys::MasterKey master = keys::MasterKey::generate();
  bizobject::Engine engine;
  auth::SystemClock clock;
  std::unique_ptr<store::ConnectionPool> pool;
  std::unique_ptr<api::Service> service;
  std::unique_ptr<admin::Console> console;
  std::string cookie, session, csrf;
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

bool has_session(std::string_view cookie_header, std::string_view session) {
  // The console reads the first non-empty sqlacc_session value of the Cookie header.
  return admin::cookie_value(cookie_header, "sqlacc_session") == session;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  Fixture& f = fixture();
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      const api::Response r = f.send("GET", "/admin/api/session", {}, input, {});
      if (r.status == 200) FUZZ_CHECK(has_session(input, f.session));
      break;
    }
    case 1: {
      // PATCH of a user that does not exist: past the CSRF check it ends in 404, before it in 403.
      const api::Response r =
          f.send("PATCH", "/admin/api/users/NOBODY", R"({"name":"x"})", f.cookie, input);
      const bool refused = r.status == 403;
      FUZZ_CHECK(refused == (input != f.csrf));
      break;
    }
    case 2: {
      const api::Response r = f.send("POST", "/admin/login", input, {}, {});
      if (r.status == 200) {
        const json::value doc = json::parse(input);
        const json::object& o = doc.as_object();
        FUZZ_CHECK(text::iequals(o.at("username").as_string(), kUser));
        FUZZ_CHECK(o.at("password").as_string() == kPassword);
      } else {
        FUZZ_CHECK(header_of(r, "Set-Cookie").empty());
      }
      break;
    }
    default: {
      const std::string_view v = admin::cookie_value(input, "sqlacc_session");
      if (!v.empty()) {
        FUZZ_CHECK(v.data() >= input.data() && v.data() + v.size() <= input.data() + input.size());
      }
      FUZZ_CHECK(admin::csrf_matches(f.csrf, input) == (input == f.csrf));
      break;
    }
  }
  return 0;
}
