#include "api/router.h"

#include <stdexcept>

namespace sqlacc::api {
namespace {

// The next segment of `pattern` from `at` (just after a '/'); moves `at` past it.
std::string_view next_segment(std::string_view pattern, std::size_t& at) {
  const std::size_t end = pattern.find('/', at);
  const std::string_view seg =
      pattern.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
  at = end == std::string_view::npos ? pattern.size() + 1 : end + 1;
  return seg;
}

bool is_param(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// The segments of a pattern: "/" has none; "/a/{b}" has two.
template <class Fn>
void for_each_segment(std::string_view pattern, Fn&& fn) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::logic_error("route pattern must start with '/': " + std::string(pattern));
  if (pattern.size() == 1) return;
  std::size_t at = 1;
  while (at <= pattern.size()) fn(next_segment(pattern, at));
}

}  // namespace

std::string_view PathParams::operator[](std::string_view name) const {
  for (std::size_t i = 0; i < count_; ++i)
    if (items_[i].first == name) return items_[i].second;
  return {};
}

void PathParams::add(std::string_view name, std::string_view value) {
  if (count_ == kMax) throw std::logic_error("route pattern has too many parameters");
  items_[count_++] = {name, value};
}

std::vector<std::string> path_segments(const boost::urls::url_view& url) {
  std::vector<std::string> segs;
  for (auto s : url.segments()) segs.emplace_back(s);
  if (segs.size() == 1 && segs[0].empty()) segs.clear();
  if (segs.size() == 2 && segs[1].empty()) segs.pop_back();
  return segs;
}

bool match_pattern(std::string_view pattern, std::span<const std::string> segments,
                   PathParams& params) {
  params.clear();
  std::size_t i = 0;
  bool ok = true;
  for_each_segment(pattern, [&](std::string_view seg) {
    if (!ok) return;
    if (i == segments.size()) {
      ok = false;
    } else if (is_param(seg)) {
      params.add(seg.substr(1, seg.size() - 2), segments[i++]);
    } else {
      ok = seg == segments[i++];
    }
  });
  return ok && i == segments.size();
}

bool more_literal(std::string_view a, std::string_view b) {
  // Both patterns start with '/': walk their segments side by side (no allocation: it runs for
  // each request whose path two patterns match).
  std::size_t at_a = a.size() == 1 ? 2 : 1, at_b = b.size() == 1 ? 2 : 1;  // "/": no segment
  while (at_a <= a.size() && at_b <= b.size()) {
    const bool literal_a = !is_param(next_segment(a, at_a));
    const bool literal_b = !is_param(next_segment(b, at_b));
    if (literal_a != literal_b) return literal_a;
  }
  return at_a <= a.size();  // equal so far: the longer one is more specific
}

}  // namespace sqlacc::api
