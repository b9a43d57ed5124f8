#pragma once
// The OpenAPI 3.1 contract of the service (`GET /openapi.json`, `sqlacc openapi`), generated from
// the route tables and the same business-object specs that drive storage, validation and the
// Postman collection: every object's paths (list with its filters, create, the three GET forms,
// update, delete, PDF) for each `{resource}` route, its record and input schemas with the datasets,
// the SigV4 and admin-session security schemes, the error schema, and every other route as listed.
// Nothing in it is written by hand per object or per route.
#include <boost/json/value.hpp>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/engine.h"
#include "contract/route_doc.h"

namespace sqlacc::contract {

// The print templates of a business object (resource name -> template names; empty: no PDF).
using PrintTemplates = std::function<std::vector<std::string>(std::string_view resource)>;

// `routes`: every route the server dispatches (its route tables), in the order to document them.
// Throws std::logic_error for a `{resource}` route the generator has no operation for.
boost::json::value make_openapi(const bizobject::Engine& engine, std::string_view server_url,
                                std::string_view version, std::span<const RouteDoc> routes,
                                const PrintTemplates& print_templates);

}  // namespace sqlacc::contract
