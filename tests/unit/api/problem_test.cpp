// The one mapping of a Problem to HTTP (api/problem.h): status, code, field, Retry-After and the
// exact JSON body; a 500 and a database failure never show their message; the service answers
// every layer's Problem, and any other exception, through it.
#include "api/problem.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "store/connection.h"

namespace sqlacc::api {
namespace {

const std::string* header(const Response& res, std::string_view name) {
  for (const Header& h : res.headers)
    if (h.name == name) return &h.value;
  return nullptr;
}

Response answered(const Problem& p) {
  Response res;
  set_problem(res, p, "req-1");
  return res;
}

TEST(ProblemMapping, AValidationErrorNamesItsField) {
  const Response res = answered(validation_error("sdsbranch[2].address1", "Field 'x' is \"bad\""));
  EXPECT_EQ(res.status, 400u);
  EXPECT_EQ(res.content_type, "application/problem+json");
  EXPECT_EQ(res.body,
            R"({"type":"about:blank","title":"Bad Request","status":400,"code":"ValidationError",)"
            R"("message":"Field 'x' is \"bad\"","field":"sdsbranch[2].address1",)"
            R"("request_id":"req-1"})");
  EXPECT_EQ(header(res, "Retry-After"), nullptr);
}

TEST(ProblemMapping, NoFieldNoFieldMember) {
  const Response res = answered(not_found("No record found: agent 'X'"));
  EXPECT_EQ(res.status, 404u);
  EXPECT_EQ(res.body, R"({"type":"about:blank","title":"Not Found","status":404,"code":"NotFound",)"
                      R"("message":"No record found: agent 'X'","request_id":"req-1"})");
}

TEST(ProblemMapping, FactoriesGiveTheWireCodes) {
  EXPECT_EQ(answered(conflict("c")).status, 409u);
  EXPECT_EQ(answered(forbidden("f")).status, 403u);
  EXPECT_TRUE(conflict("c").is(problem_code::kConflict));
  EXPECT_TRUE(forbidden("f").is(problem_code::kForbidden));
  EXPECT_TRUE(validation_error("", "v").is("ValidationError"));
  const Problem room(429, "TooManyLoginAttempts", "wait", "username");
  EXPECT_EQ(answered(room).status, 429u);
  EXPECT_NE(answered(room).body.find(R"("code":"TooManyLoginAttempts")"), std::string::npos);
}

TEST(ProblemMapping, RetryAfterIsAHeader) {
  const Response res = answered(busy("Too many writes are waiting; retry shortly", 1));
  EXPECT_EQ(res.status, 503u);
  ASSERT_NE(header(res, "Retry-After"), nullptr);
  EXPECT_EQ(*header(res, "Retry-After"), "1");
  EXPECT_EQ(res.body, R"({"type":"about:blank","title":"Service Unavailable","status":503,)"
                      R"("code":"ServiceBusy","message":"Too many writes are waiting; retry )"
                      R"(shortly","request_id":"req-1"})");
  Problem wait(429, "TooManyLoginAttempts", "try again in 30 s");
  wait.retry_after = 30;
  EXPECT_EQ(*header(answered(wait), "Retry-After"), "30");
}

TEST(ProblemMapping, AnInternalErrorShowsNothingOfItsMessage) {
  const Response res = answered(internal("SELECT secret FROM t failed"));
  EXPECT_EQ(res.status, 500u);
  EXPECT_EQ(res.body, R"({"type":"about:blank","title":"Internal Server Error","status":500,)"
                      R"("code":"InternalError","message":"Internal error; see the server log )"
                      R"(for request id","request_id":"req-1"})");
  // Whatever the code of a 500 (the store's UniqueViolation), the client reads InternalError.
  const Response unique = answered(
      store::store_problem(problem_code::kUniqueViolation, "sqlite: UNIQUE constraint failed"));
  EXPECT_EQ(unique.body, res.body);
}

TEST(ProblemMapping, ADatabaseFailureAnswersItsFixedTextAndRetryAfter) {
  const Problem down =
      store::store_problem(problem_code::kDatabaseUnavailable, "postgres: cannot connect: host x");
  EXPECT_STREQ(down.what(), "postgres: cannot connect: host x");  // for the log and the CLI
  const Response res = answered(down);
  EXPECT_EQ(res.status, 503u);
  EXPECT_EQ(*header(res, "Retry-After"), "1");
  EXPECT_EQ(res.body, R"({"type":"about:blank","title":"Service Unavailable","status":503,)"
                      R"("code":"DatabaseUnavailable","message":"The database cannot be reached; )"
                      R"(retry shortly","request_id":"req-1"})");
  const Response locked =
      answered(store::store_problem(problem_code::kServiceBusy, "sqlite: database is locked"));
  EXPECT_EQ(locked.status, 503u);
  EXPECT_EQ(*header(locked, "Retry-After"), "1");
  EXPECT_NE(locked.body.find(R"("code":"ServiceBusy","message":"The database is busy; retry )"
                             R"(shortly")"),
            std::string::npos);
}

TEST(ProblemMapping, HeadersAlreadySetStay) {
  Response res;
  res.headers.push_back({"Allow", "GET, POST"});
  set_problem(res, Problem(405, problem_code::kMethodNotAllowed, "use GET"), "r");
  ASSERT_NE(header(res, "Allow"), nullptr);
  EXPECT_EQ(res.status, 405u);
}

}  // namespace
}  // namespace sqlacc::api
