#include "api/lanes.h"

#include <string_view>

#include "util/text.h"

namespace sqlacc::api {
namespace {

// SigV4 in a header or as a presigned URL (X-Amz-Signature in the query).
bool is_signed(const Request& r, std::string_view query) {
  if (r.header("authorization") != nullptr) return true;
  for (std::size_t i = 0; i + 15 <= query.size(); ++i) {
    if (text::iequals(query.substr(i, 15), "x-amz-signature")) return true;
  }
  return false;
}

}  // namespace

Lane lane_of(const Request& r) {
  const std::string_view target = r.target;
  const std::size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
  const bool read = r.method == "GET" || r.method == "HEAD";
  const Lane pool = read ? Lane::read : Lane::write;
  // An encoded path may decode to anything the router knows: it is not judged by its raw text.
  if (path.find('%') != std::string_view::npos) return pool;
  // Unsigned: the index, /healthcheck, /openapi.json (built from the compiled-in specs) and the
  // 401 every other path answers touch no database.
  if (!is_signed(r, query)) return Lane::inline_work;
  return pool;
}

}  // namespace sqlacc::api
