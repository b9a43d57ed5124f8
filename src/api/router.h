#pragma once
// Dispatch for the route tables (api/service.cpp, admin/console.cpp): which route a request's
// method and decoded path select, with its path parameters, or why none does (404; 405 with the
// methods the path allows). The tables are data (contract/route_doc.h), so the same rows feed the
// OpenAPI contract.
#include <boost/url/url_view.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contract/route_doc.h"

namespace sqlacc::api {

// The `{name}` segments of a matched path: views into the segments given to match_route().
class PathParams {
 public:
  // The value of `{name}`, or empty when the pattern has no such parameter.
  std::string_view operator[](std::string_view name) const;
  void add(std::string_view name, std::string_view value);
  std::size_t size() const { return count_; }
  void clear() { count_ = 0; }

 private:
  static constexpr std::size_t kMax = 4;  // the deepest pattern has two
  std::pair<std::string_view, std::string_view> items_[kMax];
  std::size_t count_ = 0;
};

// The decoded segments of a URL's path. "/" has none; a trailing slash after the first segment
// is dropped ("/agent/" lists like "/agent": both forms appear in the original's docs).
std::vector<std::string> path_segments(const boost::urls::url_view& url);

// Whether `pattern` matches `segments`: literal segments, `*` (a literal star) and `{name}` (any
// one segment, recorded in `params`). `params` is cleared first.
bool match_pattern(std::string_view pattern, std::span<const std::string> segments,
                   PathParams& params);

// True when pattern `a` is more literal than `b`: compared segment by segment from the left, a
// literal beats a `{name}` ("/version" before "/{resource}", "/{resource}/*" before
// "/{resource}/{key}"); so a table's order does not decide which route answers.
bool more_literal(std::string_view a, std::string_view b);

struct RouteMatch {
  enum class Outcome { Found, NotFound, MethodNotAllowed };
  Outcome outcome = Outcome::NotFound;
  std::size_t index = 0;  // Found: the route's row in the table
  // Found: the route's; MethodNotAllowed: the first one other than Public among the path's routes
  // (the caller must prove who it is before it learns which methods exist).
  contract::Access access = contract::Access::Public;
  std::string allow;  // MethodNotAllowed: the Allow header, "GET, HEAD, POST"
  PathParams params;  // Found
};

// A table row's route: the row itself in a table of RouteDoc, its `doc` in a table with handlers.
inline const contract::RouteDoc& route_doc(const contract::RouteDoc& route) { return route; }
template <class Route>
const contract::RouteDoc& route_doc(const Route& route) {
  return route.doc;
}

// Selects the row of `routes` for `method` on `segments`. HEAD is answered by the GET route.
template <class Route>
RouteMatch match_route(std::span<const Route> routes, std::string_view method,
                       std::span<const std::string> segments) {
  RouteMatch m;
  std::string_view best;  // the most literal pattern that matches the path
  for (const Route& r : routes) {
    const std::string_view path = route_doc(r).path;
    if (path == best || !match_pattern(path, segments, m.params)) continue;
    if (best.empty() || more_literal(path, best)) best = path;
  }
  if (best.empty()) return m;
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const contract::RouteDoc& d = route_doc(routes[i]);
    if (d.path != best) continue;
    if (d.method == wanted) {
      m.outcome = RouteMatch::Outcome::Found;
      m.index = i;
      m.access = d.access;
      match_pattern(best, segments, m.params);
      m.allow.clear();
      return m;
    }
    m.outcome = RouteMatch::Outcome::MethodNotAllowed;
    if (m.access == contract::Access::Public) m.access = d.access;
    m.allow += m.allow.empty() ? "" : ", ";
    m.allow += d.method;
    if (d.method == "GET") m.allow += ", HEAD";
  }
  m.params.clear();
  return m;
}

}  // namespace sqlacc::api
