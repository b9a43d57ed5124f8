#include "api/udf_routes.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "api/json_body.h"
#include "bizobject/record_input.h"
#include "bizobject/text.h"
#include "bizobject/udf.h"
#include "util/problem.h"

namespace sqlacc::api {
namespace {

namespace json = boost::json;
namespace udf = bizobject::udf;

std::string envelope(json::array data, std::string_view message = {}) {
  json::object o;
  if (!message.empty()) o["message"] = message;
  o["data"] = std::move(data);
  return json::serialize(o);
}

// The one query parameter a route takes (`name`), or a 400 naming any other.
std::string only_param(const bizobject::Params& params, std::string_view name) {
  std::string value;
  for (const auto& [k, v] : params) {
    if (k != name)
      throw Problem(400, problem_code::kInvalidParameter,
                    fmt::format("Unknown parameter '{}': only '{}' is taken here", k, name), k);
    value = v;
  }
  return value;
}

int int_of(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (!v || v->is_null()) return -1;  // not given: the type's default
  if (!v->is_int64() || v->get_int64() < 0 || v->get_int64() > 1'000'000)
    throw validation_error(std::string(key),
                           fmt::format("Field '{}' must be a JSON integer from 0", key));
  return static_cast<int>(v->get_int64());
}

}  // namespace

std::string udf_list(store::Connection& conn, const bizobject::Engine& engine,
                     const bizobject::Params& params) {
  std::string object = only_param(params, "object");
  if (!object.empty()) {
    const std::optional<std::string> canonical = udf::canonical_object(engine, object);
    if (!canonical)
      throw Problem(400, problem_code::kInvalidParameter,
                    fmt::format("Unknown object '{}' (OBJECT or OBJECT.DATASET)", object),
                    "object");
    object = *canonical;
  }
  json::array data;
  for (const udf::Declaration& d : udf::list(conn, object)) data.push_back(udf::to_json(d));
  return envelope(std::move(data));
}

std::string udf_declare(store::Connection& conn, const bizobject::Engine& engine,
                        std::string_view body) {
  const json::object o = bizobject::parse_body(body);
  only_fields(o, {"object", "name", "type", "width", "scale"});
  const udf::Declaration d =
      udf::make_declaration(engine, required_string(o, "object"), required_string(o, "name"),
                            required_string(o, "type"), int_of(o, "width"), int_of(o, "scale"));
  udf::add(conn, d);
  return envelope(json::array{udf::to_json(d)});
}

std::string udf_remove(store::Connection& conn, const bizobject::Engine& engine,
                       std::string_view object, std::string_view name,
                       const bizobject::Params& params) {
  const std::string force = only_param(params, "force");
  if (!force.empty() && force != "true" && force != "false")
    throw Problem(400, problem_code::kInvalidParameter, "Parameter 'force' must be true or false",
                  "force");
  const udf::Declaration d = udf::remove(conn, engine, object, name, force == "true");
  return envelope(json::array{udf::to_json(d)}, "Deleted");
}

}  // namespace sqlacc::api
