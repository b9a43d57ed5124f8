#pragma once
// The admin web console (issue 5): the page at GET /admin (its files are src/admin/web/, embedded
// at build time) and its JSON API under /admin/api/, authenticated by the login session cookie
// (not SigV4). It sits above the api room: it answers with api's Request/Response and problem
// details, dispatches with api's router, and joins the service through Service::mount(). SQL
// Account's Maintain User and API Secret Key windows: users (list, new, edit name, reset password,
// delete), per user an API key (status, generate, revoke, Test Connection, cURL) and the Postman
// collection download.
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

#include "admin/security.h"
#include "api/request.h"
#include "auth/types.h"
#include "contract/route_doc.h"

namespace sqlacc::store {
class ConnectionPool;
}
namespace sqlacc::keys {
class MasterKey;
}
namespace sqlacc::bizobject {
class Engine;
}

namespace sqlacc::admin {

struct Options {
  std::string default_company = "main";  // for POST /admin/login when the body names none
  auth::Scope scope{"ap-southeast-5", "sqlaccount"};  // signs Test Connection and the cURL
  RateLimit per_user{5, 900};
  RateLimit per_address{20, 900};
};

// The options for a service's default company and accepted SigV4 scopes (the first one signs).
Options options_for(std::string default_company, const std::vector<auth::Scope>& scopes);

class Console final : public api::Handler {
 public:
  // `api` answers signed API requests (the api::Service): Test Connection passes its signed request
  // through it, in-process.
  Console(store::ConnectionPool& pool, const keys::MasterKey& master_key,
          const bizobject::Engine& engine, const auth::Clock& clock, Options options,
          api::Handler& api);
  ~Console() override;
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // The console's route table, for the OpenAPI document (api::Service::mount()).
  static std::span<const contract::RouteDoc> routes();

  // Everything under /admin. Writes the response (every Problem as api::set_problem() answers it);
  // lets unexpected exceptions propagate (the service that mounts the console answers 500).
  void handle(const api::Request& request, api::Response& response) override;
  // The static page files run inline; the rest in the read or write lane.
  api::Lane lane(const api::Request& request) const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sqlacc::admin
