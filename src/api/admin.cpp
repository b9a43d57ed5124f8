#include "api/admin.h"

#include <sodium.h>

#include <boost/json.hpp>
#include <chrono>
#include <initializer_list>
#include <optional>

#include "api/postman.h"
#include "api/problem.h"
#include "auth/signer.h"
#include "bizobject/engine.h"
#include "keys/api_keys.h"
#include "keys/audit.h"
#include "keys/error.h"
#include "keys/login.h"
#include "keys/master_key.h"
#include "keys/users.h"
#include "store/company_profile.h"
#include "store/connection.h"
#include "store/connection_pool.h"
#include "store/data_dir.h"
#include "util/text.h"

namespace sqlacc::api {
namespace {

namespace json = boost::json;

constexpr std::string_view kSessionCookie = "sqlacc_session";
constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
constexpr std::string_view kActionKeyTest = "apikey.test";
constexpr std::size_t kTestBodyPrefix = 300;
constexpr std::string_view kKeyWarning =
    "Copy both keys now: the Secret Key is not shown again. This user can no longer log in with a "
    "password while the key is active.";

constexpr RouteDoc kRoutes[] = {
    {"GET", "/admin", "The admin console page (login, Maintain User, API Secret Key)", "none"},
    {"GET", "/admin/app.css", "The console's style sheet", "none"},
    {"GET", "/admin/app.js", "The console's script", "none"},
    {"POST", "/admin/login", "Log in with user name and password; sets the session cookie", "none"},
    {"GET", "/admin/api/session", "The logged-in user, company and CSRF token", "session"},
    {"POST", "/admin/api/logout", "End the session", "session"},
    {"GET", "/admin/api/users", "List users", "session"},
    {"POST", "/admin/api/users", "Create a user (code, name, optional password)", "session"},
    {"GET", "/admin/api/users/{code}", "One user", "session"},
    {"PATCH", "/admin/api/users/{code}", "Change a user's name", "session"},
    {"DELETE", "/admin/api/users/{code}", "Delete a user (revokes its API key)", "session"},
    {"PUT", "/admin/api/users/{code}/password", "Reset a user's password", "session"},
    {"GET", "/admin/api/users/{code}/apikey", "The user's API key status (never the secret)",
     "session"},
    {"POST", "/admin/api/users/{code}/apikey",
     "Generate an API key pair; the secret key and a cURL command are returned once", "session"},
    {"DELETE", "/admin/api/users/{code}/apikey", "Revoke the user's API key", "session"},
    {"POST", "/admin/api/users/{code}/apikey/test",
     "Test Connection: the server signs GET /agent with the user's key and reports the result",
     "session"},
    {"GET", "/admin/api/postman_collection.json", "Download the Postman collection", "session"},
};

// Ends an admin request with a JSON problem.
struct AdminReject {
  unsigned status;
  std::string code;
  std::string message;
  std::string field;
  std::int64_t retry_after = 0;
};

[[noreturn]] void method_not_allowed(Response& res, std::string_view allow) {
  res.headers.push_back({"Allow", std::string(allow)});
  throw AdminReject{405, "MethodNotAllowed", "Use " + std::string(allow) + " here", {}};
}

void set_json(Response& res, unsigned status, const json::value& v) {
  res.status = status;
  res.content_type = "application/json";
  res.body = json::serialize(v);
}

json::object data_of(json::object d) { return json::object{{"data", json::array{std::move(d)}}}; }

json::object parse_object(const Request& req, std::string_view shape) {
  json::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec || !v.is_object()) {
    throw AdminReject{400, "InvalidJson", "Body must be a JSON object " + std::string(shape), {}};
  }
  return std::move(v.as_object());
}

void only_fields(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool ok = false;
    for (auto a : allowed) ok = ok || kv.key() == a;
    if (!ok) {
      throw AdminReject{400, "ValidationError", "Unknown field '" + std::string(kv.key()) + "'",
                        std::string(kv.key())};
    }
  }
}

std::optional<std::string> opt_string(const json::object& o, std::string_view key) {
  const json::value* f = o.if_contains(key);
  if (!f || f->is_null()) return std::nullopt;
  if (!f->is_string()) {
    throw AdminReject{400, "ValidationError", std::string(key) + " must be a string",
                      std::string(key)};
  }
  return std::string(f->as_string());
}

std::string required_string(const json::object& o, std::string_view key) {
  auto v = opt_string(o, key);
  if (!v || v->empty()) {
    throw AdminReject{400, "ValidationError", std::string(key) + " is required", std::string(key)};
  }
  return *v;
}

// A user name typed into the console: trimmed, required, and valid for keys (a 400 naming the
// field, which keys' own error does not).
std::string validate_user_name(std::string_view name) {
  const std::string n(text::trim(name));
  if (n.empty()) throw AdminReject{400, "ValidationError", "name is required", "name"};
  try {
    return keys::validate_user_name(n, {});
  } catch (const keys::KeyError& e) {
    throw AdminReject{400, "ValidationError", e.what(), "name"};
  }
}

json::object user_json(const keys::UserInfo& u) {
  json::object o{{"code", u.code},
                 {"name", u.name},
                 {"has_password", u.has_password},
                 {"has_api_key", u.has_api_key},
                 {"created_at", u.created_at},
                 {"updated_at", u.updated_at}};
  if (u.key_created_at) {
    o["key_created_at"] = *u.key_created_at;
  } else {
    o["key_created_at"] = nullptr;
  }
  return o;
}

std::string session_cookie(const Request& req, std::string_view value, bool clear) {
  std::string c = std::string(kSessionCookie) + "=" + std::string(value) +
                  "; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=" +
                  (clear ? "0" : std::to_string(keys::kSessionLifetimeSeconds));
  if (req.tls) c += "; Secure";
  return c;
}

bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::span<const RouteDoc> admin_routes() { return kRoutes; }

AdminOptions admin_options(std::string default_company, const std::vector<auth::Scope>& scopes) {
  AdminOptions o;
  o.default_company = std::move(default_company);
  if (!scopes.empty()) o.scope = scopes.front();
  return o;
}

// --- pure helpers
// ----------------------------------------------------------------------------------

// --- the console -------------------------------------------------------------------------------

struct AdminConsole::Impl {
  store::ConnectionPool& pool;
  const keys::MasterKey& master_key;
  const bizobject::Engine& engine;
  const auth::Clock& clock;
  AdminOptions options;
  std::array<unsigned char, admin_detail::kCsrfKeySize> csrf_key;
  admin_detail::LoginRateLimiter limiter;

  Impl(store::ConnectionPool& p, const keys::MasterKey& mk, const bizobject::Engine& e,
       const auth::Clock& c, AdminOptions o)
      : pool(p),
        master_key(mk),
        engine(e),
        clock(c),
        options(std::move(o)),
        csrf_key(admin_detail::derive_csrf_key(mk.data(), keys::MasterKey::kSize)),
        limiter(options.per_user, options.per_address) {}

  ~Impl() { sodium_memzero(csrf_key.data(), csrf_key.size()); }

  std::int64_t now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
  }

  struct Session {
    std::string company;
    std::string user;
    std::string token;
    std::string cookie;  // "<company>.<token>"
    store::Lease conn;
  };

  // The logged-in session of this request, or a 401.
  Session session(const Request& req) {
    std::string_view value;
    for (const auto& h : req.headers) {
      if (text::iequals(h.name, "Cookie")) {
        value = admin_detail::cookie_value(h.value, kSessionCookie);
        if (!value.empty()) break;
      }
    }
    auto refuse = [] {
      return AdminReject{401, "NotLoggedIn", "Log in first (POST /admin/login)", {}};
    };
    std::size_t dot = value.rfind('.');
    if (value.empty() || dot == std::string_view::npos) throw refuse();
    Session s;
    s.company = std::string(value.substr(0, dot));
    s.token = std::string(value.substr(dot + 1));
    if (!store::is_valid_company_id(s.company) || s.token.size() != 64 || !is_lower_hex(s.token))
      throw refuse();
    s.conn = pool.find(s.company);
    if (!s.conn) throw refuse();
    auto user = keys::session_user(*s.conn, s.token, now());
    if (!user) throw refuse();
    s.user = std::move(*user);
    s.cookie = std::string(value);
    return s;
  }

  void require_csrf(const Request& req, const Session& s) {
    const std::string* given = req.header(kCsrfHeader);
    const std::string expected = admin_detail::csrf_token(csrf_key, s.cookie);
    if (!given || !admin_detail::csrf_matches(expected, *given)) {
      throw AdminReject{403,
                        "CsrfTokenInvalid",
                        "Missing or wrong X-CSRF-Token header: reload the console (GET "
                        "/admin/api/session returns the token)",
                        {}};
    }
  }

  void route(const Request& req, Response& res, const std::vector<std::string>& segs,
             Handler* api) {
    const std::string& m = req.method;
    const bool get = m == "GET" || m == "HEAD";
    if (segs.size() == 1 || (segs.size() == 2 && segs[1].empty())) {
      if (!get) method_not_allowed(res, "GET");
      return asset(res, admin_page_html(), "text/html; charset=utf-8");
    }
    if (segs.size() == 2 && segs[1] == "app.css") {
      if (!get) method_not_allowed(res, "GET");
      return asset(res, admin_page_css(), "text/css; charset=utf-8");
    }
    if (segs.size() == 2 && segs[1] == "app.js") {
      if (!get) method_not_allowed(res, "GET");
      return asset(res, admin_page_js(), "text/javascript; charset=utf-8");
    }
    if (segs.size() == 2 && segs[1] == "login") {
      if (m != "POST") method_not_allowed(res, "POST");
      return login(req, res);
    }
    if (segs.size() < 3 || segs[1] != "api") {
      throw AdminReject{404, "NotFound", "No such admin path", {}};
    }
    std::vector<std::string_view> p(segs.begin() + 2, segs.end());
    if (p.size() == 1 && p[0] == "session") {
      if (!get) method_not_allowed(res, "GET");
      return whoami(res, session(req));
    }
    if (p.size() == 1 && p[0] == "postman_collection.json") {
      if (!get) method_not_allowed(res, "GET");
      session(req);
      set_json(res, 200, make_postman_collection(engine, req.base_url()));
      res.headers.push_back(
          {"Content-Disposition", "attachment; filename=\"postman_collection.json\""});
      return;
    }
    if (p.size() == 1 && p[0] == "logout") {
      if (m != "POST") method_not_allowed(res, "POST");
      Session s = session(req);
      require_csrf(req, s);
      keys::logout(*s.conn, s.token, now());
      res.headers.push_back({"Set-Cookie", session_cookie(req, "", true)});
      return set_json(res, 200, json::object{{"message", "Logged out"}});
    }
    if (p.empty() || p[0] != "users" || p.size() > 4) {
      throw AdminReject{404, "NotFound", "No such admin path", {}};
    }

    Session s = session(req);
    if (!get) require_csrf(req, s);
    store::Connection& conn = *s.conn;
    if (p.size() == 1) {
      if (get) return list_users(res, conn);
      if (m == "POST") return create_user(req, res, s);
      method_not_allowed(res, "GET, POST");
    }
    const std::string code = text::to_upper(p[1]);
    if (p.size() == 2) {
      if (get) return set_json(res, 200, data_of(user_json(must_find(conn, code))));
      if (m == "PATCH") return rename_user(req, res, s, code);
      if (m == "DELETE") return delete_user(res, s, code);
      method_not_allowed(res, "GET, PATCH, DELETE");
    }
    if (p.size() == 3 && p[2] == "password") {
      if (m != "PUT") method_not_allowed(res, "PUT");
      return reset_password(req, res, s, code);
    }
    if (p.size() == 3 && p[2] == "apikey") {
      if (get) return key_status(req, res, conn, code);
      if (m == "POST") return generate(req, res, s, code);
      if (m == "DELETE") {
        keys::revoke_key(conn, code, s.user, now());
        return set_json(res, 200, json::object{{"message", "Revoked"}});
      }
      method_not_allowed(res, "GET, POST, DELETE");
    }
    if (p.size() == 4 && p[2] == "apikey" && p[3] == "test") {
      if (m != "POST") method_not_allowed(res, "POST");
      return test_connection(req, res, s, code, api);
    }
    throw AdminReject{404, "NotFound", "No such admin path", {}};
  }

  static void asset(Response& res, std::string_view body, std::string_view type) {
    res.status = 200;
    res.content_type = std::string(type);
    res.body.assign(body);
    res.headers.push_back(
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"});
  }

  void login(const Request& req, Response& res) {
    // A JSON content type cannot be sent cross-site without a CORS preflight (login CSRF).
    const std::string* type = req.header("Content-Type");
    if (!type || !text::iequals(std::string_view(*type).substr(0, 16), "application/json")) {
      throw AdminReject{415, "UnsupportedMediaType", "Send the login as application/json", {}};
    }
    json::object o = parse_object(req, "{\"username\":…,\"password\":…}");
    only_fields(o, {"username", "password", "company"});
    std::string user = opt_string(o, "username").value_or("");
    std::string password = opt_string(o, "password").value_or("");
    std::string company = opt_string(o, "company").value_or("");
    if (user.empty()) throw AdminReject{400, "ValidationError", "username is required", "username"};
    if (company.empty()) company = options.default_company;

    const std::int64_t t = now();
    const std::string user_key = company.substr(0, 64) + "/" + text::to_upper(user.substr(0, 64));
    if (std::int64_t wait = limiter.begin(user_key, req.remote_addr, t)) {
      throw AdminReject{429,
                        "TooManyLoginAttempts",
                        "Too many failed logins for this user or from this address; try again in " +
                            std::to_string(wait) + " s",
                        {},
                        wait};
    }
    // From here the attempt counts as a failure unless it ends otherwise.
    using Outcome = admin_detail::LoginRateLimiter::Outcome;
    store::Lease conn = store::is_valid_company_id(company) ? pool.find(company) : store::Lease{};
    if (!conn) {
      throw AdminReject{401, "InvalidCredentials", std::string(keys::kBadCredentialsMessage), {}};
    }
    keys::LoginResult result;
    try {
      result = keys::login(*conn, user, password, t);
    } catch (...) {
      limiter.end(user_key, req.remote_addr, t, Outcome::NotCounted);
      throw;
    }
    sodium_memzero(password.data(), password.size());
    switch (result.outcome) {
      case keys::LoginOutcome::Ok: {
        limiter.end(user_key, req.remote_addr, t, Outcome::Succeeded);
        std::string cookie = company + "." + result.token;
        res.headers.push_back({"Set-Cookie", session_cookie(req, cookie, false)});
        json::object d{{"user", result.user_code},
                       {"company", company},
                       {"csrf_token", admin_detail::csrf_token(csrf_key, cookie)},
                       {"expires_at", result.expires_at}};
        return set_json(res, 200, data_of(std::move(d)));
      }
      case keys::LoginOutcome::ApiUserRefused:
        // The refusal does not depend on the password: not a guess.
        limiter.end(user_key, req.remote_addr, t, Outcome::NotCounted);
        throw AdminReject{403, "ApiUserCannotLogin", result.message, {}};
      case keys::LoginOutcome::BadCredentials:
        throw AdminReject{401, "InvalidCredentials", result.message, {}};
    }
  }

  void whoami(Response& res, const Session& s) {
    auto profile = store::load_company_profile(*s.conn);
    json::object d{{"user", s.user},
                   {"company", s.company},
                   {"companyname", profile.companyname},
                   {"csrf_token", admin_detail::csrf_token(csrf_key, s.cookie)}};
    set_json(res, 200, data_of(std::move(d)));
  }

  static keys::UserInfo must_find(store::Connection& conn, const std::string& code) {
    auto u = keys::find_user(conn, code);
    if (!u) throw AdminReject{404, "NotFound", "User '" + code + "' does not exist", {}};
    return *u;
  }

  static void list_users(Response& res, store::Connection& conn) {
    json::array a;
    for (const auto& u : keys::list_users(conn)) a.push_back(user_json(u));
    set_json(res, 200, json::object{{"data", std::move(a)}});
  }

  void create_user(const Request& req, Response& res, const Session& s) {
    json::object o = parse_object(req, "{\"code\":…,\"name\":…,\"password\":…}");
    only_fields(o, {"code", "name", "password"});
    std::string code = required_string(o, "code");
    std::string name = opt_string(o, "name").value_or("");
    if (!name.empty()) name = validate_user_name(name);
    std::optional<std::string> password = opt_string(o, "password");
    if (password && password->empty()) password.reset();
    std::optional<std::string_view> pw;
    if (password) pw = *password;
    std::string c = keys::add_user(*s.conn, code, name, pw, s.user, now());
    if (password) sodium_memzero(password->data(), password->size());
    set_json(res, 201, data_of(user_json(must_find(*s.conn, c))));
  }

  void rename_user(const Request& req, Response& res, const Session& s, const std::string& code) {
    json::object o = parse_object(req, "{\"name\":…}");
    only_fields(o, {"name"});
    std::string name = validate_user_name(required_string(o, "name"));
    keys::set_user_name(*s.conn, code, name, s.user, now());
    set_json(res, 200, data_of(user_json(must_find(*s.conn, code))));
  }

  void delete_user(Response& res, const Session& s, const std::string& code) {
    if (code == s.user) {
      throw AdminReject{
          409, "CannotDeleteSelf", "You cannot delete the user you are logged in as", {}};
    }
    keys::delete_user(*s.conn, code, s.user, now());
    set_json(res, 200, json::object{{"message", "Deleted"}});
  }

  void reset_password(const Request& req, Response& res, const Session& s,
                      const std::string& code) {
    json::object o = parse_object(req, "{\"password\":…}");
    only_fields(o, {"password"});
    std::string password = required_string(o, "password");
    keys::set_password(*s.conn, code, std::string_view(password), s.user, now());
    sodium_memzero(password.data(), password.size());
    set_json(res, 200, json::object{{"message", "Password changed"}});
  }

  void key_status(const Request& req, Response& res, store::Connection& conn,
                  const std::string& code) {
    must_find(conn, code);
    json::object d{{"user", code}, {"active", false}};
    if (auto k = keys::active_key(conn, code)) {
      d["active"] = true;
      d["access_key"] = k->access_key;
      d["created_at"] = k->created_at;
      d["created_by"] = k->created_by;
      // The secret is never stored in plain text: the command names where it goes.
      d["curl"] = curl_command(req, k->access_key, "YOUR_SECRET_KEY");
    }
    set_json(res, 200, data_of(std::move(d)));
  }

  std::string curl_command(const Request& req, std::string_view ak, std::string_view sk) const {
    return "curl --aws-sigv4 \"aws:amz:" + options.scope.region + ":" + options.scope.service +
           "\" --user \"" + std::string(ak) + ":" + std::string(sk) + "\" " + req.base_url() +
           "/agent";
  }

  void generate(const Request& req, Response& res, const Session& s, const std::string& code) {
    keys::GeneratedKey k = keys::generate_key(*s.conn, master_key, s.company, code, s.user, now());
    json::object d{{"user", k.user_code},
                   {"access_key", k.access_key},
                   {"secret_key", k.secret_key},
                   {"created_at", k.created_at},
                   {"curl", curl_command(req, k.access_key, k.secret_key)},
                   {"warning", kKeyWarning},
                   {"session_ended", k.user_code == s.user}};
    sodium_memzero(k.secret_key.data(), k.secret_key.size());
    set_json(res, 201, data_of(std::move(d)));
  }

  void test_connection(const Request& req, Response& res, const Session& s, const std::string& code,
                       Handler* api) {
    if (!api) throw std::logic_error("admin console: no API handler attached");
    must_find(*s.conn, code);
    auto active = keys::active_key(*s.conn, code);
    if (!active) {
      throw AdminReject{
          409, "NoApiKey", "User '" + code + "' has no API key: generate one first", {}};
    }
    auto record = keys::lookup(*s.conn, master_key, active->access_key);
    if (!record) {
      throw AdminReject{
          409, "KeyUnavailable", "The key cannot be opened with this server's master key", {}};
    }
    const std::string* host_header = req.header("Host");
    const std::string host = host_header ? *host_header : "127.0.0.1";
    auth::SignInput in;
    in.method = "GET";
    in.target = "/agent";
    in.host = host;
    in.access_key = active->access_key;
    in.secret = std::move(record->secret);
    in.region = options.scope.region;
    in.service = options.scope.service;
    in.when = clock.now();
    auto signed_headers = auth::sign_headers(in);
    sodium_memzero(in.secret.data(), in.secret.size());

    Request probe;
    probe.method = "GET";
    probe.target = "/agent";
    probe.headers.push_back({"Host", host});
    for (auto& [n, v] : signed_headers) probe.headers.push_back({n, v});
    probe.remote_addr = req.remote_addr;
    probe.request_id = req.request_id + ".test";
    probe.tls = req.tls;
    Response out;
    const auto start = std::chrono::steady_clock::now();
    api->handle(probe, out);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    const bool ok = out.status == 200;
    {
      store::Transaction tx(*s.conn);
      keys::write_audit(*s.conn, now(), s.user, kActionKeyTest, code,
                        "GET /agent -> " + std::to_string(out.status));
      tx.commit();
    }
    json::object d{{"ok", ok},
                   {"status", out.status},
                   {"request", "GET " + req.base_url() + "/agent"},
                   {"access_key", active->access_key},
                   {"elapsed_ms", ms},
                   {"content_type", out.content_type},
                   {"body_prefix", out.body.substr(0, kTestBodyPrefix)},
                   {"body_bytes", out.body.size()}};
    set_json(res, 200, data_of(std::move(d)));
  }
};

AdminConsole::AdminConsole(store::ConnectionPool& pool, const keys::MasterKey& master_key,
                           const bizobject::Engine& engine, const auth::Clock& clock,
                           AdminOptions options)
    : impl_(std::make_unique<Impl>(pool, master_key, engine, clock, std::move(options))) {}

AdminConsole::~AdminConsole() = default;

void AdminConsole::handle(const Request& req, Response& res, const std::vector<std::string>& segs) {
  res.headers.push_back({"Cache-Control", "no-store"});
  res.headers.push_back({"X-Content-Type-Options", "nosniff"});
  res.headers.push_back({"X-Frame-Options", "DENY"});
  res.headers.push_back({"Referrer-Policy", "no-referrer"});
  try {
    impl_->route(req, res, segs, api_);
  } catch (const AdminReject& r) {
    set_problem(res, r.status, r.code, r.message, req.request_id, r.field);
    if (r.retry_after > 0) res.headers.push_back({"Retry-After", std::to_string(r.retry_after)});
  } catch (const keys::KeyError& e) {
    set_key_problem(res, e, req.request_id);
  }
}

}  // namespace sqlacc::api
