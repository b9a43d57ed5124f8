// The admin console's pure security logic: CSRF tokens, cookie parsing, the login rate limiter,
// the route list the OpenAPI document includes, and the embedded web files.
#include "admin/security.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "admin/console.h"
#include "admin/web_files.h"

namespace sqlacc::admin {
namespace {

std::array<unsigned char, kCsrfKeySize> key_of(unsigned char fill) {
  std::array<unsigned char, 32> master{};
  master.fill(fill);
  return derive_csrf_key(master.data(), master.size());
}

TEST(AdminCsrf, TokenIsDeterministicPerSessionAndKey) {
  const auto k = key_of(1);
  const std::string a = csrf_token(k, "main.aaaa");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, csrf_token(k, "main.aaaa"));
  EXPECT_NE(a, csrf_token(k, "main.aaab"));          // another session
  EXPECT_NE(a, csrf_token(key_of(2), "main.aaaa"));  // another master key
  for (char c : a) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
}

TEST(AdminCsrf, DerivedKeyIsNotTheMasterKey) {
  std::array<unsigned char, 32> master{};
  master.fill(7);
  EXPECT_NE(derive_csrf_key(master.data(), master.size()), master);
}

TEST(AdminCsrf, MatchesOnlyTheExactToken) {
  const std::string t = csrf_token(key_of(3), "main.token");
  EXPECT_TRUE(csrf_matches(t, t));
  EXPECT_FALSE(csrf_matches(t, ""));
  EXPECT_FALSE(csrf_matches(t, t.substr(0, 63)));
  EXPECT_FALSE(csrf_matches(t, t + "0"));
  std::string flipped = t;
  flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(csrf_matches(t, flipped));
  EXPECT_FALSE(csrf_matches("", ""));  // an empty expectation never matches
}

TEST(AdminCookie, FindsTheNamedCookie) {
  EXPECT_EQ(cookie_value("sqlacc_session=main.abc", "sqlacc_session"), "main.abc");
  EXPECT_EQ(cookie_value("a=1; sqlacc_session=x.y; b=2", "sqlacc_session"), "x.y");
  EXPECT_EQ(cookie_value("a=1;sqlacc_session=z", "sqlacc_session"), "z");
  EXPECT_EQ(cookie_value("xsqlacc_session=1; a=2", "sqlacc_session"), "");
  EXPECT_EQ(cookie_value("", "sqlacc_session"), "");
  EXPECT_EQ(cookie_value("sqlacc_session", "sqlacc_session"), "");
}

TEST(AdminRateLimit, PerUserLimitAndRetryAfter) {
  LoginRateLimiter l({5, 900}, {20, 900});
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(l.retry_after("main/BOB", "10.0.0.1", 1000 + i), 0);
    l.begin("main/BOB", "10.0.0.1", 1000 + i);
  }
  // The 6th try waits until the oldest of the five failures leaves the 15-minute window.
  EXPECT_EQ(l.retry_after("main/BOB", "10.0.0.1", 1010), 1000 + 900 - 1010);
  EXPECT_EQ(l.retry_after("main/BOB", "10.0.0.2", 1010), 1000 + 900 - 1010);  // any address
  EXPECT_EQ(l.retry_after("main/ALICE", "10.0.0.1", 1010), 0);  // other users from that address
  EXPECT_EQ(l.retry_after("main/BOB", "10.0.0.1", 1899), 1);    // 1000 + 900 - 1899
  EXPECT_EQ(l.retry_after("main/BOB", "10.0.0.1", 1900), 0);    // the first failure aged out
}

TEST(AdminRateLimit, PerAddressLimit) {
  LoginRateLimiter l({5, 900}, {20, 900});
  for (int i = 0; i < 20; ++i) l.begin("main/U" + std::to_string(i), "10.0.0.9", 50);
  EXPECT_EQ(l.retry_after("main/NEW", "10.0.0.9", 60), 890);
  EXPECT_EQ(l.retry_after("main/NEW", "10.0.0.8", 60), 0);
}

TEST(AdminRateLimit, SuccessClearsTheUserAndForgivesOnlyItsOwnAttempt) {
  using Outcome = LoginRateLimiter::Outcome;
  LoginRateLimiter l({2, 60}, {3, 60});
  EXPECT_EQ(l.begin("u", "a", 0), 0);  // failed
  EXPECT_EQ(l.begin("u", "a", 1), 0);  // failed
  EXPECT_GT(l.begin("u", "b", 2), 0);  // refused before trying: not counted anywhere
  EXPECT_EQ(l.retry_after("x", "b", 2), 0);
  EXPECT_EQ(l.begin("w", "a", 3), 0);
  l.end("w", "a", 3, Outcome::Succeeded);  // a successful login is not held against the address
  EXPECT_EQ(l.retry_after("x", "a", 4), 0);
  EXPECT_EQ(l.begin("x", "a", 4), 0);  // the address's 3rd failure
  EXPECT_GT(l.retry_after("y", "a", 5), 0);
  // A success clears the user's own failures.
  LoginRateLimiter m({2, 60}, {100, 60});
  m.begin("u", "a", 0);
  EXPECT_EQ(m.begin("u", "a", 1), 0);
  m.end("u", "a", 1, Outcome::Succeeded);
  EXPECT_EQ(m.retry_after("u", "a", 2), 0);
  EXPECT_EQ(m.begin("u", "a", 2), 0);
  EXPECT_EQ(m.retry_after("u", "a", 2), 0);  // one failure left (at 2): still under 2
}

TEST(AdminRateLimit, NotCountedAttemptsAreForgiven) {
  LoginRateLimiter l({2, 60}, {2, 60});
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(l.begin("u", "a", i), 0);
    l.end("u", "a", i, LoginRateLimiter::Outcome::NotCounted);
  }
  EXPECT_EQ(l.retry_after("u", "a", 10), 0);
}

TEST(AdminRateLimit, AttemptsInFlightCountAtOnce) {
  LoginRateLimiter l({3, 60}, {100, 60});
  // Three concurrent attempts have begun and not ended: a fourth must wait.
  EXPECT_EQ(l.begin("u", "a", 0), 0);
  EXPECT_EQ(l.begin("u", "b", 0), 0);
  EXPECT_EQ(l.begin("u", "c", 0), 0);
  EXPECT_EQ(l.begin("u", "d", 0), 60);
}

TEST(AdminRateLimit, KeyCountIsBounded) {
  LoginRateLimiter l({1, 60}, {1000000, 60}, 100);
  for (int i = 0; i < 1000; ++i) l.begin("user" + std::to_string(i), "a", 10);
  // The newest users are still limited; memory stays bounded (not observable here beyond no crash).
  EXPECT_GT(l.retry_after("user999", "z", 11), 0);
}

TEST(AdminRoutes, ListedOnceEachUnderAdmin) {
  std::set<std::string> seen;
  for (const auto& r : Console::routes()) {
    EXPECT_EQ(r.path.substr(0, 6), "/admin");
    EXPECT_FALSE(r.summary.empty());
    EXPECT_TRUE(seen.insert(std::string(r.method) + " " + std::string(r.path)).second);
  }
  EXPECT_TRUE(seen.count("POST /admin/login"));
  EXPECT_TRUE(seen.count("POST /admin/api/users/{code}/apikey/test"));
}

TEST(AdminPage, EmbedsItsAssetsWithoutExternalResources) {
  const std::string html(web::index_html());
  EXPECT_NE(html.find("/admin/app.js"), std::string::npos);
  EXPECT_NE(html.find("/admin/app.css"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(std::string(web::app_js()).find("X-CSRF-Token"), std::string::npos);
  EXPECT_FALSE(web::app_css().empty());
}

}  // namespace
}  // namespace sqlacc::admin
