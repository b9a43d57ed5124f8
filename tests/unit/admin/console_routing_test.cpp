// The console mounted on a real Service over a SQLite company, as `sqlacc serve` does: its route
// table dispatches (page and assets, login, session routes), 405 names the allowed methods, the
// session comes before the method check and CSRF guards writes, and GET /openapi.json lists the
// console's routes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "admin/console.h"
#include "api/company_schema.h"
#include "api/service.h"
#include "bizobject/engine.h"
#include "keys/master_key.h"
#include "keys/users.h"
#include "store/sqlite/sqlite_pool.h"
#include "support/temp_dir.h"
#include "util/text.h"

namespace sqlacc::admin {
namespace {

namespace json = boost::json;

class ConsoleRouting : public ::testing::Test {
 protected:
  void SetUp() override {
    store::DataDir dir(tmp_.path() / "data");
    dir.create();
    pool_ = std::make_unique<store::SqlitePool>(dir, &api::migrate_company);
    keys::add_user(*pool_->connection("main", true), "ADMIN", "Admin",
                   std::string_view("admin-pass-1"), "test", 0);
    service_ =
        std::make_unique<api::Service>(*pool_, master_, engine_, clock_, api::ServiceOptions{});
    console_ = std::make_unique<Console>(*pool_, master_, engine_, clock_, options_for("main", {}),
                                         *service_);
    service_->mount("admin", *console_, Console::routes());
  }

  api::Response send(std::string method, std::string target, std::string body = {},
                     bool with_csrf = false) {
    api::Request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    req.headers.push_back({"Host", host_});
    req.headers.push_back({"Content-Type", "application/json"});
    if (!cookie_.empty()) req.headers.push_back({"Cookie", cookie_});
    if (with_csrf) req.headers.push_back({"X-CSRF-Token", csrf_});
    req.request_id = "t";
    api::Response res;
    service_->handle(req, res);
    return res;
  }
  void login() {
    const api::Response r =
        send("POST", "/admin/login", R"({"username":"ADMIN","password":"admin-pass-1"})");
    ASSERT_EQ(r.status, 200u) << r.body;
    const std::string set_cookie = header(r, "Set-Cookie");
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = std::string(json::parse(r.body).at("data").at(0).at("csrf_token").as_string());
  }
  static std::string header(const api::Response& r, std::string_view name) {
    for (const auto& h : r.headers)
      if (h.name == name) return h.value;
    return "(none)";
  }
  static std::string code_of(const api::Response& r) {
    return std::string(json::parse(r.body).at("code").as_string());
  }

  test_support::TempDir tmp_;
  std::unique_ptr<store::ConnectionPool> pool_;
  keys::MasterKey master_ = keys::MasterKey::generate();
  bizobject::Engine engine_;
  auth::SystemClock clock_;
  std::unique_ptr<api::Service> service_;
  std::unique_ptr<Console> console_;
  std::string cookie_, csrf_;
  std::string host_ = "127.0.0.1:8080";
};

TEST_F(ConsoleRouting, ServesThePageAndItsFilesUnderTheCsp) {
  for (const char* target : {"/admin", "/admin/"}) {
    const api::Response r = send("GET", target);
    EXPECT_EQ(r.status, 200u) << target;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(header(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  }
  EXPECT_EQ(send("GET", "/admin/app.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(send("GET", "/admin/app.css").content_type, "text/css; charset=utf-8");
  const api::Response r = send("POST", "/admin");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(header(r, "Allow"), "GET, HEAD");
}

TEST_F(ConsoleRouting, UnknownPathsAre404AndSessionRoutesNeedALogin) {
  EXPECT_EQ(send("GET", "/admin/nothing").status, 404u);
  EXPECT_EQ(send("GET", "/admin/api/users/X/keys").status, 404u);
  api::Response r = send("GET", "/admin/api/users");
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(code_of(r), "NotLoggedIn");
  r = send("PUT", "/admin/api/users");  // who is asking comes before which methods exist
  EXPECT_EQ(r.status, 401u);
  r = send("GET", "/admin/login");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(header(r, "Allow"), "POST");
}

TEST_F(ConsoleRouting, LoggedInRoutesDispatchWithDecodedCodesAndCsrf) {
  login();
  api::Response r = send("GET", "/admin/api/users");
  EXPECT_EQ(r.status, 200u) << r.body;
  r = send("PUT", "/admin/api/users", {}, true);
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(header(r, "Allow"), "GET, HEAD, POST");
  r = send("POST", "/admin/api/users", R"({"code":"clerk","name":"Clerk"})");
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(code_of(r), "CsrfTokenInvalid");
  r = send("POST", "/admin/api/users", R"({"code":"clerk","name":"Clerk"})", true);
  EXPECT_EQ(r.status, 201u) << r.body;
  r = send("GET", "/admin/api/users/cl%65rk");  // decoded, then upper-cased as stored
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json::parse(r.body).at("data").at(0).at("code"), "CLERK");
  r = send("GET", "/admin/api/users/CLERK/apikey");
  EXPECT_EQ(r.status, 200u) << r.body;
}

TEST_F(ConsoleRouting, AnswersAreValidUtf8WhateverTheRequestCarries) {
  // The base URL (from Host) reaches the cURL command and the contracts; the HTTP layer refuses
  // such a Host, but the JSON writers must not depend on it.
  login();
  ASSERT_EQ(send("POST", "/admin/api/users", R"({"code":"clerk","name":"Clerk"})", true).status,
            201u);
  host_ = "bad\xFF\xFEhost";
  api::Response r = send("POST", "/admin/api/users/CLERK/apikey", {}, true);
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_TRUE(text::valid_utf8(r.body)) << r.body;
  EXPECT_NE(r.body.find("bad\xEF\xBF\xBD\xEF\xBF\xBDhost"), std::string::npos) << r.body;
  for (const char* target : {"/admin/api/postman_collection.json", "/openapi.json"}) {
    r = send("GET", target);
    EXPECT_EQ(r.status, 200u) << target;
    EXPECT_TRUE(text::valid_utf8(r.body)) << target;
  }
}

TEST_F(ConsoleRouting, TheServiceContractListsTheConsoleRoutes) {
  const api::Response r = send("GET", "/openapi.json");
  ASSERT_EQ(r.status, 200u);
  const json::value doc = json::parse(r.body);
  const json::object& paths = doc.at("paths").as_object();
  for (const contract::RouteDoc& route : Console::routes()) {
    ASSERT_TRUE(paths.contains(route.path)) << route.path;
    EXPECT_TRUE(paths.at(route.path).as_object().contains(text::to_lower(route.method)))
        << route.method << " " << route.path;
  }
}

}  // namespace
}  // namespace sqlacc::admin
