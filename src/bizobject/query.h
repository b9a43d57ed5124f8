#pragma once
// List and star queries: the original's filter syntax (`field=value`, `*` wildcards, `a~b` ranges,
// `lastmodified=N` as "at or after N"), paging, and the SQL for each filter shape, built once.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/engine.h"
#include "bizobject/object_info.h"

namespace sqlacc::bizobject {

inline constexpr std::int64_t kDefaultLimit = 50;  // the original's page size
inline constexpr std::int64_t kMaxLimit = 1000;
// Filters of one list (each becomes a condition of the SQL): SQLite refuses an expression of more
// than 1000 terms, and no real filter needs more than a few.
inline constexpr std::size_t kMaxConditions = 64;

enum class Op : char { Eq = '=', Ge = '>', Le = '<', Between = 'B', Like = 'L' };

struct Condition {
  std::size_t field;  // a field of the spec, unless `udf`
  Op op;
  Cell a, b;
  const FieldSpec* udf = nullptr;  // a user-defined field (udf.h), valid for the call
};

// `?outstanding=true` on a list of a transfer source (a document other documents take rows from:
// quotations, orders, delivery orders, goods received, ...): the documents, not cancelled, with at
// least one row whose qty is more than its transferredqty; `false`: the others (fully
// transferred, or cancelled). A field of that name would be shadowed, so a spec has none.
inline constexpr std::string_view kOutstandingParam = "outstanding";

// Whether `spec` is a transfer source among `specs` (some spec's transfer_from names its posting
// doctype): what the contract lists the parameter for. The engine knows the same from its
// registration (ObjectInfo::transfer_source).
bool is_transfer_source(std::span<const ObjectSpec* const> specs, const ObjectSpec& spec);

struct Query {
  std::vector<Condition> conditions;
  std::optional<bool> outstanding;  // kOutstandingParam, when given
  std::int64_t offset = 0;
  std::int64_t limit = kDefaultLimit;
  std::string shape;
};

// Reads the query parameters: paging, and one condition per filter (400 naming a bad one). `udf`:
// the company's user-defined fields of the object (udf.h), filtered like built-in ones.
Query parse_query(const ObjectInfo& info, const Params& params, const udf::Fields* udf = nullptr);
// The SQL for this filter shape: built once and cached (the connection then caches the prepared
// statement by its text). `scratch` holds it when the cache is full.
const FilterSql& filter_sql(const ObjectInfo& info, const Query& q, FilterSql& scratch);
// Binds the conditions' values from parameter 1; returns the next free parameter index.
int bind_conditions(store::Statement& st, const ObjectInfo& info, const Query& q);

}  // namespace sqlacc::bizobject
