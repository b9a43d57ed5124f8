#include "api/json_body.h"

#include <boost/json/parse.hpp>

#include "util/problem.h"

namespace sqlacc::api {

namespace json = boost::json;

json::object parse_object(const Request& req, std::string_view shape) {
  json::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec || !v.is_object()) {
    throw Problem(400, problem_code::kInvalidJson,
                  "Body must be a JSON object " + std::string(shape));
  }
  return std::move(v.as_object());
}

void only_fields(const json::object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool ok = false;
    for (auto a : allowed) ok = ok || kv.key() == a;
    if (!ok) {
      std::string known;
      for (auto a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
      throw validation_error(std::string(kv.key()), "Unknown field '" + std::string(kv.key()) +
                                                        "' (one of " + known + ")");
    }
  }
}

std::optional<std::string> opt_string(const json::object& o, std::string_view key) {
  const json::value* f = o.if_contains(key);
  if (!f || f->is_null()) return std::nullopt;
  if (!f->is_string()) {
    throw validation_error(std::string(key), std::string(key) + " must be a string");
  }
  return std::string(f->as_string());
}

std::string required_string(const json::object& o, std::string_view key) {
  auto v = opt_string(o, key);
  if (!v || v->empty()) {
    throw validation_error(std::string(key), std::string(key) + " is required");
  }
  return *v;
}

}  // namespace sqlacc::api
