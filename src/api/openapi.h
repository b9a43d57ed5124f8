#pragma once
// The OpenAPI 3.1 contract of the service (`GET /openapi.json`, `sqlacc openapi`), generated from
// the same business-object specs that drive storage, validation and the Postman collection: every
// object's paths (list with its filters, create, the three GET forms, update, delete, PDF), its
// record and input schemas with the datasets, the SigV4 security scheme, the error schema, and the
// service's own routes. Nothing in it is written by hand per object.
#include <boost/json/value.hpp>
#include <span>
#include <string_view>

#include "bizobject/engine.h"

namespace sqlacc::api {

// A route outside the business objects (admin console, health check...), as data.
struct RouteDoc {
  std::string_view method;         // "GET"
  std::string_view path;           // OpenAPI form: "/admin/api/users/{code}"
  std::string_view summary;        // one line
  std::string_view auth;           // "sigv4", "session" (admin cookie + CSRF header) or "none"
  std::string_view response = {};  // schema of the 200 body (components/schemas); "" = an object
};

// The routes of the service that are not business objects (and not the admin API, which the
// admin module lists itself).
std::span<const RouteDoc> service_routes();

boost::json::value make_openapi(const bizobject::Engine& engine, std::string_view server_url,
                                std::span<const RouteDoc> extra_routes);

}  // namespace sqlacc::api
