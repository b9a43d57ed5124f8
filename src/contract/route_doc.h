#pragma once
// One route of the service as data: what the router dispatches on (method, path pattern, who may
// call it) and what the contract documents (summary, response schema). The route tables live with
// their handlers (api/service.cpp, admin/console.cpp); the contract receives them as this type.
#include <string_view>

namespace sqlacc::contract {

// Who may call a route: the router enforces it, the contract names the security scheme.
enum class Access {
  Public,   // no credentials (GET /healthcheck verifies a signature when there is one)
  Signed,   // AWS SigV4 with a user's API key
  Session,  // the admin console's login cookie, plus X-CSRF-Token on state-changing methods
};

struct RouteDoc {
  std::string_view method;  // "GET", "POST", "PUT", "PATCH", "DELETE" (HEAD follows GET)
  // Segments separated by '/': literals, `*` (a literal star) and `{name}` (any one segment,
  // percent-decoded). `{resource}` as the first segment stands for every business object: the
  // contract writes those paths once per object from its spec.
  std::string_view path;
  Access access;
  std::string_view summary;        // one line
  std::string_view response = {};  // components/schemas name of the 200 body; "" = an object
  std::string_view request = {};   // components/schemas name of the JSON body; "" = an object
};

// A route of every business object ("/{resource}", "/{resource}/*", "/{resource}/{key}").
inline bool is_object_route(const RouteDoc& route) { return route.path.starts_with("/{resource}"); }

}  // namespace sqlacc::contract
