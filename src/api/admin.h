#pragma once
// The admin web console (issue 5): the page at GET /admin and its JSON API under /admin/api/,
// authenticated by the login session cookie (not SigV4). SQL Account's Maintain User and API
// Secret Key windows: users (list, new, edit name, reset password, delete), per user an API key
// (status, generate, revoke, Test Connection, cURL) and the Postman collection download.
//
// Sessions: POST /admin/login sets `sqlacc_session=<company>.<token>` (HttpOnly, SameSite=Strict,
// Path=/admin, Secure under TLS); only a hash of the token is stored (keys/login.h).
// CSRF: every state-changing call (POST/PUT/PATCH/DELETE under /admin/api/) must send the
// session's CSRF token in `X-CSRF-Token` (returned by login and GET /admin/api/session); it is a
// keyed BLAKE2b of the session cookie under a key derived from the master key, compared in
// constant time. Login needs a JSON body (a cross-site form cannot send one).
// Rate limit: failed logins are counted per (company, user) and per client address; over the
// limit, 429 with Retry-After, before any password is checked.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/openapi.h"
#include "api/request.h"
#include "auth/types.h"

namespace sqlacc::store {
class ConnectionPool;
}
namespace sqlacc::keys {
class MasterKey;
}
namespace sqlacc::bizobject {
class Engine;
}

namespace sqlacc::api {

// The console's routes, for the OpenAPI document (openapi.h).
std::span<const RouteDoc> admin_routes();

// The page and its assets (admin_page.cpp).
std::string_view admin_page_html();
std::string_view admin_page_css();
std::string_view admin_page_js();

namespace admin_detail {

inline constexpr std::size_t kCsrfKeySize = 32;

// The CSRF key derived from the master key's bytes (BLAKE2b keyed, a fixed context string).
std::array<unsigned char, kCsrfKeySize> derive_csrf_key(const unsigned char* master_key,
                                                        std::size_t size);
// 64 lower-case hex chars: keyed BLAKE2b-256 of the session cookie value.
std::string csrf_token(std::span<const unsigned char, kCsrfKeySize> key,
                       std::string_view session_cookie_value);
// Constant-time comparison (sodium_memcmp); false when the lengths differ or `given` is empty.
bool csrf_matches(std::string_view expected, std::string_view given);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or empty.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);

struct RateLimit {
  std::size_t max_failures;
  std::int64_t window_seconds;
};

// Failed logins in a sliding window, per user and per client address. Thread-safe. Holds at most
// `max_keys` keys per kind (expired ones are dropped first, then the oldest-looking ones).
// An attempt is counted as a failure when it begins (so concurrent attempts cannot overshoot the
// limit) and forgiven when it ends otherwise.
class LoginRateLimiter {
 public:
  explicit LoginRateLimiter(RateLimit per_user = {5, 900}, RateLimit per_address = {20, 900},
                            std::size_t max_keys = 10000);
  // 0 when a login may be tried now, else the seconds until it may (>= 1). Changes nothing.
  std::int64_t retry_after(std::string_view user, std::string_view address, std::int64_t now);
  // Like retry_after(); when it is 0, also counts this attempt as a failure of both keys.
  std::int64_t begin(std::string_view user, std::string_view address, std::int64_t now);
  enum class Outcome {
    Failed,      // wrong password / unknown user: stays counted
    Succeeded,   // clears the user's failures and forgives the address this attempt
    NotCounted,  // not a password guess (an API user refused, a server error): forgiven
  };
  // Ends an attempt begin() counted (same arguments).
  void end(std::string_view user, std::string_view address, std::int64_t now, Outcome outcome);

 private:
  using Failures = std::map<std::string, std::deque<std::int64_t>, std::less<>>;
  static std::int64_t wait_of(Failures& map, std::string_view key, RateLimit limit,
                              std::int64_t now);
  void add(Failures& map, std::string_view key, RateLimit limit, std::int64_t now);
  static void forgive(Failures& map, std::string_view key, std::int64_t at);
  RateLimit per_user_, per_address_;
  std::size_t max_keys_;
  std::mutex mutex_;
  Failures users_, addresses_;
};

}  // namespace admin_detail

struct AdminOptions {
  std::string default_company = "main";
  auth::Scope scope{"ap-southeast-5", "sqlaccount"};  // signs Test Connection and the cURL
  admin_detail::RateLimit per_user{5, 900};
  admin_detail::RateLimit per_address{20, 900};
};

// The options for a service's default company and accepted SigV4 scopes (the first one signs).
AdminOptions admin_options(std::string default_company, const std::vector<auth::Scope>& scopes);

class AdminConsole {
 public:
  AdminConsole(store::ConnectionPool& pool, const keys::MasterKey& master_key,
               const bizobject::Engine& engine, const auth::Clock& clock, AdminOptions options);
  ~AdminConsole();
  AdminConsole(const AdminConsole&) = delete;
  AdminConsole& operator=(const AdminConsole&) = delete;

  // The handler that answers signed API requests (the Service): Test Connection passes its signed
  // request through it, in-process. Must be set before handle() runs Test Connection.
  void set_api(Handler& api) { api_ = &api; }

  // Everything under /admin; `segs` are the decoded path segments ("admin", ...). Writes the
  // response (JSON problems for errors); lets store errors and unexpected exceptions propagate.
  void handle(const Request& request, Response& response, const std::vector<std::string>& segs);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Handler* api_ = nullptr;
};

}  // namespace sqlacc::api
