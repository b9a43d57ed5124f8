// Fuzzes the list query parser (bizobject/query.h): `offset`, `limit` and filters (`f=v`,
// `f=a*`, `f=a~b`) of every object, and the SQL built for the filter shape. Input: one byte picks
// the object, the rest is `key=value` pairs joined by '&' (already URL-decoded, as the service
// passes them). Invariants: an accepted query has 0 <= offset and 1 <= limit <= kMaxLimit, one
// condition per filter, and SQL whose placeholders are exactly the values bound plus limit and
// offset; a refusal is a 400 naming a parameter, valid UTF-8 when the input was.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/object_info.h"
#include "bizobject/query.h"
#include "bizobject/spec.h"
#include "fuzz_support.h"
#include "util/problem.h"
#include "util/text.h"

using namespace sqlacc;
using namespace sqlacc::bizobject;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::unique_ptr<ObjectInfo>> infos = compile_objects(builtin_objects());
  if (size < 1) return 0;
  const ObjectInfo& info = *infos[data[0] % infos.size()];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  Params params;
  while (!rest.empty() && params.size() < 64) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::size_t eq = pair.find('=');
    params.emplace_back(std::string(pair.substr(0, eq)), eq == std::string_view::npos
                                                             ? std::string()
                                                             : std::string(pair.substr(eq + 1)));
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  try {
    const Query q = parse_query(info, params);
    FUZZ_CHECK(q.offset >= 0);
    FUZZ_CHECK(q.limit >= 1 && q.limit <= kMaxLimit);
    FUZZ_CHECK(q.conditions.size() <= params.size());
    std::size_t values = 0;
    for (const Condition& c : q.conditions) {
      FUZZ_CHECK(c.field < info.field_count());
      values += c.op == Op::Between ? 2 : 1;
    }
    FilterSql scratch;
    const FilterSql& sql = filter_sql(info, q, scratch);
    std::size_t marks = 0;
    for (char ch : sql.select) marks += ch == '?';
    FUZZ_CHECK(marks == values + 2);
    marks = 0;
    for (char ch : sql.count) marks += ch == '?';
    FUZZ_CHECK(marks == values);
  } catch (const Problem& p) {
    FUZZ_CHECK(p.status == 400);
    FUZZ_CHECK(!p.field.empty());
    if (sqlacc::text::valid_utf8(
            std::string_view(reinterpret_cast<const char*>(data + 1), size - 1)))
      FUZZ_CHECK(sqlacc::text::valid_utf8(p.what()));
  }
  return 0;
}
