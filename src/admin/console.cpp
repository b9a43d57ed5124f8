#include "admin/console.h"

#include <sodium.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <initializer_list>
#include <optional>

#include "admin/web_files.h"
#include "api/json_body.h"
#include "api/problem.h"
#include "api/request.h"
#include "api/router.h"
#include "auth/signer.h"
#include "bizobject/engine.h"
#include "contract/postman.h"
#include "keys/api_keys.h"
#include "keys/audit.h"
#include "keys/login.h"
#include "keys/master_key.h"
#include "keys/users.h"
#include "store/company_profile.h"
#include "store/connection.h"
#include "store/connection_pool.h"
#include "store/data_dir.h"
#include "util/problem.h"
#include "util/text.h"

namespace sqlacc::admin {
namespace {

namespace json = boost::json;
using api::only_fields;
using api::opt_string;
using api::parse_object;
using api::Request;
using api::required_string;
using api::Response;

constexpr std::string_view kSessionCookie = "sqlacc_session";
constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
constexpr std::string_view kActionKeyTest = "apikey.test";
constexpr std::size_t kTestBodyPrefix = 300;
constexpr std::string_view kKeyWarning =
    "Copy both keys now: the Secret Key is not shown again. This user can no longer log in with a "
    "password while the key is active.";

void set_json(Response& res, unsigned status, const json::value& v) {
  res.status = status;
  res.content_type = "application/json";
  res.body = json::serialize(v);
  // Boost.JSON writes string bytes as they are: a value from the request (the Host in a cURL
  // command) or a body prefix cut inside a character would make the answer invalid UTF-8.
  if (!text::valid_utf8(res.body)) res.body = text::to_valid_utf8(res.body);
}

json::object data_of(json::object d) { return json::object{{"data", json::array{std::move(d)}}}; }

// A user name typed into the console: trimmed, required, and valid for keys (a 400 naming the
// field, which keys' own error does not).
std::string validate_user_name(std::string_view name) {
  const std::string n(text::trim(name));
  if (n.empty()) throw validation_error("name", "name is required");
  try {
    return keys::validate_user_name(n, {});
  } catch (const Problem& e) {
    if (!e.is(problem_code::kValidationError)) throw;
    throw validation_error("name", e.what());
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

Options options_for(std::string default_company, const std::vector<auth::Scope>& scopes) {
  Options o;
  o.default_company = std::move(default_company);
  if (!scopes.empty()) o.scope = scopes.front();
  return o;
}

struct Console::Impl {
  store::ConnectionPool& pool;
  const keys::MasterKey& master_key;
  const bizobject::Engine& engine;
  const auth::Clock& clock;
  Options options;
  api::Handler& api_handler;  // the service: Test Connection sends its probe through it
  std::array<unsigned char, kCsrfKeySize> csrf_key;
  LoginRateLimiter limiter;

  Impl(store::ConnectionPool& p, const keys::MasterKey& mk, const bizobject::Engine& e,
       const auth::Clock& c, Options o, api::Handler& a)
      : pool(p),
        master_key(mk),
        engine(e),
        clock(c),
        options(std::move(o)),
        api_handler(a),
        csrf_key(derive_csrf_key(mk.data(), keys::MasterKey::kSize)),
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
        value = cookie_value(h.value, kSessionCookie);
        if (!value.empty()) break;
      }
    }
    auto refuse = [] { return Problem(401, "NotLoggedIn", "Log in first (POST /admin/login)"); };
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
    const std::string expected = csrf_token(csrf_key, s.cookie);
    if (!given || !csrf_matches(expected, *given)) {
      throw Problem(403, "CsrfTokenInvalid",
                    "Missing or wrong X-CSRF-Token header: reload the console (GET "
                    "/admin/api/session returns the token)");
    }
  }

  // What a route's handler gets; `session` is set for Session routes.
  struct Call {
    const Request& req;
    Response& res;
    const api::PathParams& params;
    std::optional<Session> session;
    // The user a /admin/api/users/{code}... route is about, as stored (upper case).
    std::string code() const { return text::to_upper(params["code"]); }
  };
  struct Route {
    contract::RouteDoc doc;
    void (Impl::*handle)(Call&);
  };
  static const Route kRoutes[];  // the route table, below: the router and the contract read it
  static std::span<const Route> table();  // kRoutes, where its size is known

  void route(const Request& req, Response& res) {
    auto parsed = boost::urls::parse_origin_form(req.target);
    if (!parsed)
      throw Problem(400, problem_code::kInvalidRequestTarget,
                    "The request target is not a valid URL path");
    const std::vector<std::string> segs = api::path_segments(*parsed);
    const api::RouteMatch match = api::match_route(table(), req.method, segs);
    if (match.outcome == api::RouteMatch::Outcome::NotFound) throw not_found("No such admin path");
    Call call{req, res, match.params, std::nullopt};
    // Who is asking comes before which methods exist; CSRF guards every state-changing call.
    if (match.access == contract::Access::Session) {
      call.session = session(req);
      if (match.outcome == api::RouteMatch::Outcome::Found && req.method != "GET" &&
          req.method != "HEAD")
        require_csrf(req, *call.session);
    }
    if (match.outcome == api::RouteMatch::Outcome::MethodNotAllowed) {
      res.headers.push_back({"Allow", match.allow});
      throw Problem(405, problem_code::kMethodNotAllowed, "Use " + match.allow + " here");
    }
    (this->*table()[match.index].handle)(call);
  }

  void page(Call& c) { asset(c.res, web::index_html(), "text/html; charset=utf-8"); }
  void style(Call& c) { asset(c.res, web::app_css(), "text/css; charset=utf-8"); }
  void script(Call& c) { asset(c.res, web::app_js(), "text/javascript; charset=utf-8"); }

  void postman(Call& c) {
    set_json(c.res, 200, contract::make_postman_collection(engine, c.req.base_url()));
    c.res.headers.push_back(
        {"Content-Disposition", "attachment; filename=\"postman_collection.json\""});
  }

  void logout(Call& c) {
    keys::logout(*c.session->conn, c.session->token, now());
    c.res.headers.push_back({"Set-Cookie", session_cookie(c.req, "", true)});
    set_json(c.res, 200, json::object{{"message", "Logged out"}});
  }

  void get_user(Call& c) {
    set_json(c.res, 200, data_of(user_json(must_find(*c.session->conn, c.code()))));
  }

  void revoke(Call& c) {
    keys::revoke_key(*c.session->conn, c.code(), c.session->user, now());
    set_json(c.res, 200, json::object{{"message", "Revoked"}});
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

  void login(Call& c) {
    const Request& req = c.req;
    Response& res = c.res;
    // A JSON content type cannot be sent cross-site without a CORS preflight (login CSRF).
    api::require_json_content_type(req);
    json::object o = parse_object(req, "{\"username\":…,\"password\":…}");
    only_fields(o, {"username", "password", "company"});
    std::string user = opt_string(o, "username").value_or("");
    std::string password = opt_string(o, "password").value_or("");
    std::string company = opt_string(o, "company").value_or("");
    if (user.empty()) throw validation_error("username", "username is required");
    if (company.empty()) company = options.default_company;

    const std::int64_t t = now();
    const std::string user_key = company.substr(0, 64) + "/" + text::to_upper(user.substr(0, 64));
    if (std::int64_t wait = limiter.begin(user_key, req.remote_addr, t)) {
      Problem p(429, "TooManyLoginAttempts",
                "Too many failed logins for this user or from this address; try again in " +
                    std::to_string(wait) + " s");
      p.retry_after = static_cast<int>(wait);
      throw p;
    }
    // From here the attempt counts as a failure unless it ends otherwise.
    using Outcome = LoginRateLimiter::Outcome;
    store::Lease conn = store::is_valid_company_id(company) ? pool.find(company) : store::Lease{};
    if (!conn) {
      throw Problem(401, "InvalidCredentials", std::string(keys::kBadCredentialsMessage));
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
                       {"csrf_token", csrf_token(csrf_key, cookie)},
                       {"expires_at", result.expires_at}};
        return set_json(res, 200, data_of(std::move(d)));
      }
      case keys::LoginOutcome::ApiUserRefused:
        // The refusal does not depend on the password: not a guess.
        limiter.end(user_key, req.remote_addr, t, Outcome::NotCounted);
        throw Problem(403, "ApiUserCannotLogin", result.message);
      case keys::LoginOutcome::BadCredentials:
        throw Problem(401, "InvalidCredentials", result.message);
    }
  }

  void whoami(Call& c) {
    const Session& s = *c.session;
    Response& res = c.res;
    auto profile = store::load_company_profile(*s.conn);
    json::object d{{"user", s.user},
                   {"company", s.company},
                   {"companyname", profile.companyname},
                   {"csrf_token", csrf_token(csrf_key, s.cookie)}};
    set_json(res, 200, data_of(std::move(d)));
  }

  static keys::UserInfo must_find(store::Connection& conn, const std::string& code) {
    auto u = keys::find_user(conn, code);
    if (!u) throw not_found("User '" + code + "' does not exist");
    return *u;
  }

  void list_users(Call& c) {
    json::array a;
    for (const auto& u : keys::list_users(*c.session->conn)) a.push_back(user_json(u));
    set_json(c.res, 200, json::object{{"data", std::move(a)}});
  }

  void create_user(Call& c) {
    const Request& req = c.req;
    Response& res = c.res;
    const Session& s = *c.session;
    json::object o = parse_object(req, "{\"code\":…,\"name\":…,\"password\":…}");
    only_fields(o, {"code", "name", "password"});
    std::string code = required_string(o, "code");
    std::string name = opt_string(o, "name").value_or("");
    if (!name.empty()) name = validate_user_name(name);
    std::optional<std::string> password = opt_string(o, "password");
    if (password && password->empty()) password.reset();
    std::optional<std::string_view> pw;
    if (password) pw = *password;
    const std::string added = keys::add_user(*s.conn, code, name, pw, s.user, now());
    if (password) sodium_memzero(password->data(), password->size());
    set_json(res, 201, data_of(user_json(must_find(*s.conn, added))));
  }

  void rename_user(Call& c) {
    const Request& req = c.req;
    Response& res = c.res;
    const Session& s = *c.session;
    const std::string code = c.code();
    json::object o = parse_object(req, "{\"name\":…}");
    only_fields(o, {"name"});
    std::string name = validate_user_name(required_string(o, "name"));
    keys::set_user_name(*s.conn, code, name, s.user, now());
    set_json(res, 200, data_of(user_json(must_find(*s.conn, code))));
  }

  void delete_user(Call& c) {
    Response& res = c.res;
    const Session& s = *c.session;
    const std::string code = c.code();
    if (code == s.user) {
      throw Problem(409, "CannotDeleteSelf", "You cannot delete the user you are logged in as");
    }
    keys::delete_user(*s.conn, code, s.user, now());
    set_json(res, 200, json::object{{"message", "Deleted"}});
  }

  void reset_password(Call& c) {
    const Request& req = c.req;
    Response& res = c.res;
    const Session& s = *c.session;
    const std::string code = c.code();
    json::object o = parse_object(req, "{\"password\":…}");
    only_fields(o, {"password"});
    std::string password = required_string(o, "password");
    keys::set_password(*s.conn, code, std::string_view(password), s.user, now());
    sodium_memzero(password.data(), password.size());
    set_json(res, 200, json::object{{"message", "Password changed"}});
  }

  void key_status(Call& c) {
    const Request& req = c.req;
    Response& res = c.res;
    store::Connection& conn = *c.session->conn;
    const std::string code = c.code();
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

  void generate(Call& c) {
    const Request& req = c.req;
    Response& res = c.res;
    const Session& s = *c.session;
    const std::string code = c.code();
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

  void test_connection(Call& c) {
    const Request& req = c.req;
    Response& res = c.res;
    const Session& s = *c.session;
    const std::string code = c.code();
    must_find(*s.conn, code);
    auto active = keys::active_key(*s.conn, code);
    if (!active) {
      throw Problem(409, "NoApiKey", "User '" + code + "' has no API key: generate one first");
    }
    auto record = keys::lookup(*s.conn, master_key, active->access_key);
    if (!record) {
      throw Problem(409, "KeyUnavailable",
                    "The key cannot be opened with this server's master key");
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
    api_handler.handle(probe, out);
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

// The console's routes: the router dispatches on them and GET /openapi.json lists them in this
// order. Session routes need the login cookie, and X-CSRF-Token unless GET.
using contract::Access;
const Console::Impl::Route Console::Impl::kRoutes[] = {
    {{"GET", "/admin", Access::Public,
      "The admin console page (login, Maintain User, API Secret Key)"},
     &Impl::page},
    {{"GET", "/admin/app.css", Access::Public, "The console's style sheet"}, &Impl::style},
    {{"GET", "/admin/app.js", Access::Public, "The console's script"}, &Impl::script},
    {{"POST", "/admin/login", Access::Public,
      "Log in with user name and password; sets the session cookie"},
     &Impl::login},
    {{"GET", "/admin/api/session", Access::Session, "The logged-in user, company and CSRF token"},
     &Impl::whoami},
    {{"POST", "/admin/api/logout", Access::Session, "End the session"}, &Impl::logout},
    {{"GET", "/admin/api/users", Access::Session, "List users"}, &Impl::list_users},
    {{"POST", "/admin/api/users", Access::Session, "Create a user (code, name, optional password)"},
     &Impl::create_user},
    {{"GET", "/admin/api/users/{code}", Access::Session, "One user"}, &Impl::get_user},
    {{"PATCH", "/admin/api/users/{code}", Access::Session, "Change a user's name"},
     &Impl::rename_user},
    {{"DELETE", "/admin/api/users/{code}", Access::Session, "Delete a user (revokes its API key)"},
     &Impl::delete_user},
    {{"PUT", "/admin/api/users/{code}/password", Access::Session, "Reset a user's password"},
     &Impl::reset_password},
    {{"GET", "/admin/api/users/{code}/apikey", Access::Session,
      "The user's API key status (never the secret)"},
     &Impl::key_status},
    {{"POST", "/admin/api/users/{code}/apikey", Access::Session,
      "Generate an API key pair; the secret key and a cURL command are returned once"},
     &Impl::generate},
    {{"DELETE", "/admin/api/users/{code}/apikey", Access::Session, "Revoke the user's API key"},
     &Impl::revoke},
    {{"POST", "/admin/api/users/{code}/apikey/test", Access::Session,
      "Test Connection: the server signs GET /agent with the user's key and reports the result"},
     &Impl::test_connection},
    {{"GET", "/admin/api/postman_collection.json", Access::Session,
      "Download the Postman collection"},
     &Impl::postman},
};

std::span<const Console::Impl::Route> Console::Impl::table() { return kRoutes; }

std::span<const contract::RouteDoc> Console::routes() {
  static const std::vector<contract::RouteDoc> docs = [] {
    std::vector<contract::RouteDoc> d;
    for (const Impl::Route& r : Impl::kRoutes) d.push_back(r.doc);
    return d;
  }();
  return docs;
}

Console::Console(store::ConnectionPool& pool, const keys::MasterKey& master_key,
                 const bizobject::Engine& engine, const auth::Clock& clock, Options options,
                 api::Handler& api)
    : impl_(std::make_unique<Impl>(pool, master_key, engine, clock, std::move(options), api)) {}

Console::~Console() = default;

// The page, style sheet and script are compiled in: served on the I/O thread. Everything else
// reads or writes a company's database: the worker lanes (api/request.h).
api::Lane Console::lane(const Request& req) const {
  const std::string_view target = req.target;
  const std::string_view path = target.substr(0, target.find('?'));
  const bool read = req.method == "GET" || req.method == "HEAD";
  const bool asset =
      path == "/admin" || path == "/admin/" || path == "/admin/app.css" || path == "/admin/app.js";
  if (read && asset) return api::Lane::inline_work;
  return read ? api::Lane::read : api::Lane::write;
}

void Console::handle(const Request& req, Response& res) {
  res.headers.push_back({"Cache-Control", "no-store"});
  res.headers.push_back({"X-Content-Type-Options", "nosniff"});
  res.headers.push_back({"X-Frame-Options", "DENY"});
  res.headers.push_back({"Referrer-Policy", "no-referrer"});
  try {
    impl_->route(req, res);
  } catch (const Problem& p) {
    api::set_problem(res, p, req.request_id);
  }
}

}  // namespace sqlacc::admin
