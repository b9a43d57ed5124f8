#pragma once
// Small JSON bodies of the service's own routes (the admin console's, /template/alias): an
// object with a few string fields. Business objects' bodies go through bizobject's record input.
#include <boost/json/object.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "api/request.h"

namespace sqlacc::api {

// The body as a JSON object; else 400 InvalidJson saying which `shape` is expected.
boost::json::object parse_object(const Request& req, std::string_view shape);
// 400 naming the first field not in `allowed`, and listing those.
void only_fields(const boost::json::object& o, std::initializer_list<std::string_view> allowed);
// The string field `key` (absent or null: nullopt); 400 naming it when it is not a string.
std::optional<std::string> opt_string(const boost::json::object& o, std::string_view key);
// The same, required and not empty.
std::string required_string(const boost::json::object& o, std::string_view key);

}  // namespace sqlacc::api
