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
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/admin_security.h"
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
