// Routing: the matcher (api/router.h) on a small table, the service's one route table against its
// OpenAPI contract, and the real Service dispatching signed and unsigned requests over a SQLite
// company: each route resolves, 405 names the allowed methods, unknown paths are 404 (401 when
// unsigned), path parameters arrive decoded, and `/x/*` is not `/x/{key}`.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <functional>
#include <list>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/company_schema.h"
#include "api/router.h"
#include "api/service.h"
#include "auth/signer.h"
#include "bizobject/engine.h"
#include "keys/api_keys.h"
#include "keys/master_key.h"
#include "keys/users.h"
#include "store/sqlite/sqlite_pool.h"
#include "support/temp_dir.h"
#include "util/text.h"

namespace sqlacc::api {
namespace {

using contract::Access;
using contract::RouteDoc;
using Outcome = RouteMatch::Outcome;

std::vector<std::string> segments_of(std::string_view target) {
  return path_segments(*boost::urls::parse_origin_form(target));
}

RouteMatch match(std::span<const RouteDoc> routes, std::string_view method,
                 std::string_view target) {
  // A match's parameters view the request's segments (as in Service::route, where they outlive
  // the call): keep every test request's segments alive (list nodes do not move).
  static std::list<std::vector<std::string>> kept;
  kept.push_back(segments_of(target));
  return match_route(routes, method, kept.back());
}

constexpr RouteDoc kTable[] = {
    {"GET", "/{resource}/{key}", Access::Signed, "record"},
    {"GET", "/", Access::Public, "root"},
    {"GET", "/version", Access::Signed, "version"},
    {"GET", "/{resource}", Access::Signed, "list"},
    {"POST", "/{resource}", Access::Signed, "create"},
    {"GET", "/{resource}/*", Access::Signed, "star"},
    {"DELETE", "/{resource}/{key}", Access::Signed, "delete"},
};

TEST(RouteMatcher, TheMostLiteralPatternWinsWhateverTheOrder) {
  auto m = match(kTable, "GET", "/version");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(kTable[m.index].summary, "version");
  m = match(kTable, "GET", "/agent/*");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(kTable[m.index].summary, "star");
  EXPECT_EQ(m.params["resource"], "agent");
  EXPECT_EQ(m.params["key"], "");
  m = match(kTable, "GET", "/agent/300-A0001");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(kTable[m.index].summary, "record");
  EXPECT_EQ(m.params["key"], "300-A0001");
  m = match(kTable, "GET", "/");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(kTable[m.index].summary, "root");
}

TEST(RouteMatcher, PathParametersArriveDecoded) {
  const auto m = match(kTable, "GET", "/agent/A%2FB%20C%25");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(m.params["key"], "A/B C%");
  EXPECT_EQ(m.params["resource"], "agent");
}

TEST(RouteMatcher, ATrailingSlashAfterTheFirstSegmentIsTheSamePath) {
  const auto m = match(kTable, "GET", "/agent/");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(kTable[m.index].summary, "list");
}

TEST(RouteMatcher, AnotherMethodIs405WithTheAllowedOnes) {
  auto m = match(kTable, "PATCH", "/agent");
  EXPECT_EQ(m.outcome, Outcome::MethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD, POST");
  EXPECT_EQ(m.access, Access::Signed);
  m = match(kTable, "PUT", "/agent/X");
  EXPECT_EQ(m.outcome, Outcome::MethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD, DELETE");
  m = match(kTable, "POST", "/agent/*");  // the star form is read-only, not a record named "*"
  EXPECT_EQ(m.outcome, Outcome::MethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD");
}

TEST(RouteMatcher, HeadIsServedByTheGetRoute) {
  const auto m = match(kTable, "HEAD", "/version");
  ASSERT_EQ(m.outcome, Outcome::Found);
  EXPECT_EQ(kTable[m.index].summary, "version");
}

TEST(RouteMatcher, UnknownShapesAreNotFound) {
  EXPECT_EQ(match(kTable, "GET", "/agent/X/Y").outcome, Outcome::NotFound);
  EXPECT_EQ(match(kTable, "GET", "/agent/X/").outcome, Outcome::NotFound);
  constexpr RouteDoc kAdmin[] = {{"GET", "/admin/api/users/{code}", Access::Session, "one"}};
  EXPECT_EQ(match(kAdmin, "GET", "/admin/api/users").outcome, Outcome::NotFound);
  EXPECT_EQ(match(kAdmin, "GET", "/admin/api/users/X").outcome, Outcome::Found);
  EXPECT_EQ(match(kAdmin, "GET", "/admin/api/groups/X").outcome, Outcome::NotFound);
}

TEST(RouteMatcher, MoreLiteralComparesSegmentsFromTheLeft) {
  EXPECT_TRUE(more_literal("/version", "/{resource}"));
  EXPECT_FALSE(more_literal("/{resource}", "/version"));
  EXPECT_TRUE(more_literal("/{resource}/*", "/{resource}/{key}"));
  EXPECT_TRUE(more_literal("/a/{x}", "/{y}/b"));
  EXPECT_FALSE(more_literal("/a", "/a"));
}

// --- the service's one table ---------------------------------------------------------------------

// A concrete target for a pattern: each `{name}` replaced by a value.
std::string example_target(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    const std::size_t end = pattern.find('}', i);
    out += pattern.substr(i + 1, end - i - 1) == "resource" ? "agent" : "X1";
    i = end;
  }
  return out;
}

TEST(ServiceRoutes, EachRouteResolvesToItself) {
  const auto routes = Service::routes();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const RouteDoc& r = routes[i];
    SCOPED_TRACE(std::string(r.method) + " " + std::string(r.path));
    EXPECT_TRUE(seen.insert(std::string(r.method) + " " + std::string(r.path)).second);
    EXPECT_FALSE(r.summary.empty());
    const auto m = match(routes, r.method, example_target(r.path));
    ASSERT_EQ(m.outcome, Outcome::Found);
    EXPECT_EQ(m.index, i);
  }
  EXPECT_TRUE(seen.count("GET /{resource}/*"));
  EXPECT_TRUE(seen.count("GET /healthcheck"));
}

TEST(ServiceRoutes, TheContractListsExactlyTheTable) {
  const bizobject::Engine engine;
  const boost::json::object doc = openapi_document(engine, "http://example.test", {}).as_object();
  const boost::json::object& paths = doc.at("paths").as_object();
  // Each route of the table is documented, `{resource}` rows once per business object.
  std::set<std::string> documented;
  for (const auto& [path, item] : paths)
    for (const auto& [method, op] : item.as_object())
      if (method != "parameters")
        documented.insert(text::to_upper(method) + " " + std::string(path));
  std::set<std::string> expected;
  for (const RouteDoc& r : Service::routes()) {
    if (!contract::is_object_route(r)) {
      expected.insert(std::string(r.method) + " " + std::string(r.path));
      continue;
    }
    for (const bizobject::ObjectSpec* spec : engine.objects()) {
      std::string path = "/" + std::string(spec->resource) +
                         std::string(r.path.substr(std::string_view("/{resource}").size()));
      expected.insert(std::string(r.method) + " " + path);
    }
  }
  EXPECT_EQ(documented, expected);
}

// --- the real service, over a SQLite company -----------------------------------------------------

class FixedClock final : public auth::Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return at; }
  std::chrono::system_clock::time_point at = std::chrono::system_clock::now();
};

class ServiceRouting : public ::testing::Test {
 protected:
  void SetUp() override {
    store::DataDir dir(tmp_.path() / "data");
    dir.create();
    pool_ = std::make_unique<store::SqlitePool>(dir, &migrate_company);
    store::Lease conn = pool_->connection("main", true);
    keys::add_user(*conn, "APIUSER", "API user", std::nullopt, "test", 0);
    key_ = keys::generate_key(*conn, master_, "main", "APIUSER", "test", 0);
    service_ = std::make_unique<Service>(*pool_, master_, engine_, clock_, ServiceOptions{});
  }

  // A body goes with `content_type` (none when empty).
  Response send(std::string method, std::string target, std::string body = {}, bool sign = true,
                std::string content_type = "application/json") {
    Response res;
    Request req = request(std::move(method), std::move(target), std::move(body), sign);
    if (!req.body.empty() && !content_type.empty())
      req.headers.push_back({"Content-Type", std::move(content_type)});
    service_->handle(req, res);
    return res;
  }
  // What an I/O thread gets from Service::answer_at_once: a response, or none (to the read pool).
  std::optional<Response> at_once(std::string target) {
    Response res;
    if (!service_->answer_at_once(request("GET", std::move(target)), res)) return std::nullopt;
    return res;
  }
  Request request(std::string method, std::string target, std::string body = {}, bool sign = true) {
    Request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    req.headers.push_back({"Host", "127.0.0.1:8080"});
    if (sign) {
      auth::SignInput in;
      in.method = req.method;
      in.target = req.target;
      in.host = "127.0.0.1:8080";
      in.body = req.body;
      in.access_key = key_.access_key;
      in.secret = key_.secret_key;
      in.region = "ap-southeast-5";
      in.service = "sqlaccount";
      in.when = clock_.now();
      for (auto& [n, v] : auth::sign_headers(in)) req.headers.push_back({n, v});
    }
    req.request_id = "t";
    return req;
  }
  static std::string code_of(const Response& res) {
    return std::string(boost::json::parse(res.body).at("code").as_string());
  }
  static std::string allow_of(const Response& res) {
    for (const auto& h : res.headers)
      if (h.name == "Allow") return h.value;
    return "(none)";
  }

  test_support::TempDir tmp_;
  std::unique_ptr<store::ConnectionPool> pool_;
  keys::MasterKey master_ = keys::MasterKey::generate();
  bizobject::Engine engine_;
  FixedClock clock_;
  keys::GeneratedKey key_;
  std::unique_ptr<Service> service_;
};

TEST_F(ServiceRouting, PublicRoutesAnswerWithoutASignature) {
  EXPECT_EQ(send("GET", "/", {}, false).status, 200u);
  EXPECT_EQ(send("GET", "/healthcheck", {}, false).status, 200u);
  EXPECT_EQ(send("GET", "/openapi.json", {}, false).status, 200u);
  const Response r = send("POST", "/healthcheck", {}, false);
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(allow_of(r), "GET, HEAD");
}

TEST_F(ServiceRouting, UnsignedRequestsLearnNothingAboutOtherPaths) {
  for (const char* target : {"/agent", "/version", "/no/such/path", "/agent/*"}) {
    const Response r = send("GET", target, {}, false);
    EXPECT_EQ(r.status, 401u) << target;
    EXPECT_EQ(code_of(r), "MissingAuthenticationToken") << target;
  }
  EXPECT_EQ(send("PATCH", "/version", {}, false).status, 401u);
}

TEST_F(ServiceRouting, SignedRequestsReachEachRoute) {
  for (const char* target : {"/version", "/profile", "/trialbalance", "/postman_collection.json",
                             "/agent", "/agent/", "/agent/*"}) {
    const Response r = send("GET", target);
    EXPECT_EQ(r.status, 200u) << target << ": " << r.body;
  }
}

TEST_F(ServiceRouting, SignedWrongMethodIs405WithAllow) {
  Response r = send("PATCH", "/agent");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(code_of(r), "MethodNotAllowed");
  EXPECT_EQ(allow_of(r), "GET, HEAD, POST");
  r = send("POST", "/agent/*");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(allow_of(r), "GET, HEAD");
  r = send("POST", "/version");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(allow_of(r), "GET, HEAD");
}

TEST_F(ServiceRouting, SignedUnknownPathsAre404) {
  Response r = send("GET", "/agent/X/Y");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(code_of(r), "NotFound");
  r = send("GET", "/nosuchthing");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(code_of(r), "UnknownResource");
}

TEST_F(ServiceRouting, ARecordKeyArrivesDecoded) {
  const Response created =
      send("POST", "/agent", R"({"code":"A B%1?","description":"Percent-encoded"})");
  ASSERT_EQ(created.status, 200u) << created.body;
  const Response r = send("GET", "/agent/A%20B%251%3F");
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("data").at(0).at("code"), "A B%1?");
  EXPECT_EQ(send("GET", "/agent/A%20B%252%3F").status, 404u);
}

// A write's body is JSON only when it says so: anything else is a 415 naming what was sent, and
// nothing is written. A charset other than UTF-8 is refused too; letter case is not significant.
TEST_F(ServiceRouting, WritesMustBeSentAsJson) {
  const std::string body = R"({"code":"CT1","description":"content type"})";
  for (const std::string ct :
       {"text/plain", "application/x-www-form-urlencoded", "", "application/merge-patch+json",
        "application/json; charset=iso-8859-1", "application/jsonx", "multipart/form-data"}) {
    const Response r = send("POST", "/agent", body, true, ct);
    EXPECT_EQ(r.status, 415u) << ct << ": " << r.body;
    if (r.status != 415u) continue;
    const auto problem = boost::json::parse(r.body);
    EXPECT_EQ(problem.at("code"), "UnsupportedMediaType");
    const std::string message(problem.at("message").as_string());
    EXPECT_NE(message.find(ct.empty() ? "No Content-Type" : "'" + ct + "'"), std::string::npos)
        << message;
  }
  EXPECT_EQ(send("GET", "/agent/CT1").status, 404u);  // nothing was written
  const Response put = send("PUT", "/agent/ALI", R"({"description":"x"})", true, "text/plain");
  EXPECT_EQ(put.status, 415u) << put.body;
  for (const std::string ct : {"application/json", "Application/JSON; charset=UTF-8",
                               "application/json;charset=\"utf-8\""}) {
    const std::string code = "CT" + std::to_string(ct.size());
    const Response r =
        send("POST", "/agent", R"({"code":")" + code + R"(","description":"x"})", true, ct);
    EXPECT_EQ(r.status, 200u) << ct << ": " << r.body;
  }
  // Unsigned: 401 before the body is looked at; DELETE carries no body.
  EXPECT_EQ(send("POST", "/agent", body, false, "text/plain").status, 401u);
  EXPECT_EQ(send("DELETE", "/agent/CT16").status, 200u);
}

TEST_F(ServiceRouting, ReadsTheCacheHoldsAreAnsweredAtOnce) {
  EXPECT_FALSE(at_once("/agent"));  // nothing cached yet: the read pool answers
  const Response first = send("GET", "/agent");
  ASSERT_EQ(first.status, 200u);
  std::optional<Response> r = at_once("/agent");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, first.body);
  EXPECT_FALSE(at_once("/agent?limit=1"));  // another question

  // Another process commits: the next read is not answered from what was cached before.
  auto other = pool_->open("main");
  engine_.create(*other, *engine_.find("agent"), R"({"code":"NEW","description":"New"})", 0);
  EXPECT_FALSE(at_once("/agent"));
  const Response second = send("GET", "/agent");
  EXPECT_NE(second.body.find("\"NEW\""), std::string::npos);
  r = at_once("/agent");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, second.body);
}

TEST_F(ServiceRouting, WhatNeedsTheDatabaseIsNotAnsweredAtOnce) {
  for (const char* target : {"/profile", "/trialbalance", "/healthcheck", "/agent/NONE"}) {
    send("GET", target);  // the key is cached now
    EXPECT_FALSE(at_once(target)) << target;
  }
  // What needs no query is answered at once, errors too.
  send("GET", "/agent");
  std::optional<Response> r = at_once("/nosuchthing");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404u);
  Request forged = request("GET", "/agent");
  forged.target = "/agent?limit=2";  // signed for another target
  Response res;
  ASSERT_TRUE(service_->answer_at_once(forged, res));
  EXPECT_EQ(res.status, 401u) << res.body;
}

// A mounted room that throws what its test says: every layer's Problem, and any other exception,
// is answered by the service through api::set_problem().
struct ThrowingRoom : Handler {
  std::function<void()> fn;
  void handle(const Request&, Response&) override { fn(); }
};

TEST_F(ServiceRouting, ProblemsOfEveryLayerAndBugsAreAnsweredInOnePlace) {
  ThrowingRoom room;
  service_->mount("room", room, {});
  room.fn = [] { throw validation_error("x", "bad x"); };
  Response r = send("GET", "/room", {}, false);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(boost::json::parse(r.body).at("field"), "x");
  room.fn = [] {
    throw store::store_problem(problem_code::kServiceBusy, "sqlite: step: database is locked");
  };
  r = send("GET", "/room", {}, false);
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(code_of(r), "ServiceBusy");
  EXPECT_EQ(r.body.find("locked"), std::string::npos) << r.body;
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].name, "Retry-After");
  room.fn = [] { throw std::runtime_error("the secret detail"); };
  r = send("GET", "/room", {}, false);
  EXPECT_EQ(r.status, 500u);
  EXPECT_EQ(code_of(r), "InternalError");
  EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace sqlacc::api
