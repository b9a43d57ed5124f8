#include "bizobject/query.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <mutex>

#include "bizobject/text.h"
#include "bizobject/udf.h"
#include "util/problem.h"

namespace sqlacc::bizobject {
namespace {

constexpr std::size_t kMaxCachedShapes = 256;  // per object; beyond this SQL is built per call

std::int64_t parse_paging(std::string_view name, std::string_view value, std::int64_t min,
                          std::int64_t max) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (value.empty() || ec != std::errc() || p != value.data() + value.size() || v < min || v > max)
    throw Problem(
        400, problem_code::kInvalidParameter,
        max == std::numeric_limits<std::int64_t>::max()
            ? fmt::format("Parameter '{}' must be an integer >= {}", name, min)
            : fmt::format("Parameter '{}' must be an integer from {} to {}", name, min, max),
        std::string(name));
  return v;
}

Cell filter_value(const FieldSpec& f, std::string_view text) {
  Cell c;
  std::string why;
  if (f.type == FieldType::Date && text.empty()) why = "must be a date YYYY-MM-DD";
  if (!why.empty() || !cell_from_text(f, text, c, why))
    throw Problem(400, problem_code::kInvalidParameter, fmt::format("Filter '{}' {}", f.name, why),
                  std::string(f.name));
  return c;
}

// `*` -> `%`, with LIKE's own metacharacters escaped by backslash.
std::string like_pattern(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (c == '*') {
      r += '%';
      continue;
    }
    if (c == '%' || c == '_' || c == '\\') r += '\\';
    r += c;
  }
  return r;
}

FilterSql build_filter_sql(const ObjectInfo& info, const Query& q) {
  std::string where;
  for (const Condition& c : q.conditions) {
    const FieldSpec& f = c.udf ? *c.udf : info.field(c.field);
    bool text = f.type == FieldType::String;
    const std::string column = c.udf ? udf::column_sql(info, f) : info.column_sql[c.field];
    std::string col = text ? fmt::format("UPPER({})", column) : column;
    const char* arg = text ? "UPPER(?)" : "?";
    where += where.empty() ? " WHERE " : " AND ";
    switch (c.op) {
      case Op::Eq:
        where += fmt::format("{} = {}", col, arg);
        break;
      case Op::Ge:
        where += fmt::format("{} >= {}", col, arg);
        break;
      case Op::Le:
        where += fmt::format("{} <= {}", col, arg);
        break;
      case Op::Between:
        where += fmt::format("{} >= {} AND {} <= {}", col, arg, col, arg);
        break;
      case Op::Like:
        where += fmt::format("{} LIKE UPPER(?) ESCAPE '\\'", col);
        break;
    }
  }
  const std::string table = quote_ident(info.spec->table);
  if (q.outstanding) {
    const DatasetInfo& d = info.datasets[static_cast<std::size_t>(info.doc.lines)];
    std::string open = fmt::format(
        "EXISTS (SELECT 1 FROM {} l WHERE l.\"parentid\" = {}.{} AND l.\"qty\" > "
        "l.\"transferredqty\"{})",
        quote_ident(d.table), table, quote_ident(info.id_column),
        info.doc.source.row_transferable < 0
            ? std::string()
            : fmt::format(
                  " AND l.{} <> 0",
                  quote_ident(
                      d.field(static_cast<std::size_t>(info.doc.source.row_transferable)).name)));
    if (info.doc.source.transferable >= 0)
      open = fmt::format(
          "{}.{} <> 0 AND {}", table,
          quote_ident(info.field(static_cast<std::size_t>(info.doc.source.transferable)).name),
          open);
    if (info.doc.cancelled >= 0)
      open = fmt::format("{}.{} = 0 AND {}", table,
                         quote_ident(info.field(static_cast<std::size_t>(info.doc.cancelled)).name),
                         open);
    where += where.empty() ? " WHERE " : " AND ";
    where += (*q.outstanding ? "(" : "NOT (") + open + ")";
  }
  const std::string key = quote_ident(info.field(info.key_field).name);
  return {fmt::format("SELECT {} FROM {}{} ORDER BY UPPER({}), {} LIMIT ? OFFSET ?",
                      info.select_columns, table, where, key, quote_ident(info.id_column)),
          fmt::format("SELECT COUNT(*) FROM {}{}", table, where)};
}

}  // namespace

Query parse_query(const ObjectInfo& info, const Params& params, const udf::Fields* udf) {
  Query q;
  // offset and limit at most once each: the canonical query SigV4 signs is sorted, so one
  // signature covers "limit=1&limit=1000" and "limit=1000&limit=1"; with the last one winning, a
  // replay with the parameters reordered would read something else. (Repeated filters are ANDed:
  // their order changes nothing.)
  bool offset_seen = false, limit_seen = false;
  auto once = [](bool& seen, std::string_view name) {
    if (seen)
      throw Problem(400, problem_code::kInvalidParameter,
                    fmt::format("Query parameter '{}' is given more than once", name),
                    std::string(name));
    seen = true;
  };
  for (const auto& [name, value] : params) {
    if (name.empty()) {
      if (value.empty()) continue;  // a stray '&' ("?&limit=5", "?code=A&")
      throw Problem(400, problem_code::kInvalidParameter,
                    fmt::format("A query parameter has a value but no name ('={}')", value),
                    std::string(kEmptyName));
    }
    if (iequals(name, "offset")) {
      once(offset_seen, "offset");
      q.offset = parse_paging("offset", value, 0, std::numeric_limits<std::int64_t>::max());
      continue;
    }
    if (iequals(name, "limit")) {
      once(limit_seen, "limit");
      q.limit = parse_paging("limit", value, 1, kMaxLimit);
      continue;
    }
    if (info.transfer_source && iequals(name, kOutstandingParam)) {
      if (q.outstanding)
        throw Problem(400, problem_code::kInvalidParameter,
                      fmt::format("Query parameter '{}' is given more than once", name), name);
      if (value != "true" && value != "false")
        throw Problem(400, problem_code::kInvalidParameter,
                      fmt::format("Filter '{}' must be true or false", kOutstandingParam), name);
      q.outstanding = value == "true";
      q.shape += fmt::format("{}={};", kOutstandingParam, value);
      continue;
    }
    int i = info.find_field(name);
    // Input-only fields are stored nowhere; a List is JSON text: neither is a filter.
    if (i >= 0 && (info.field(static_cast<std::size_t>(i)).input_only ||
                   info.field(static_cast<std::size_t>(i)).type == FieldType::List))
      i = -1;
    const FieldSpec* extra = i < 0 && udf ? udf->find(name) : nullptr;
    if (i < 0 && !extra && udf::is_udf_name(name)) {
      Problem p = udf::undeclared(info.spec->resource, name);
      throw Problem(400, problem_code::kInvalidParameter, p.what(), name);
    }
    if (i < 0 && !extra)
      throw Problem(400, problem_code::kInvalidParameter,
                    fmt::format("Unknown filter field '{}' for {}", name, info.spec->resource),
                    name);
    if (q.conditions.size() == kMaxConditions)
      throw Problem(400, problem_code::kInvalidParameter,
                    fmt::format("At most {} filters may be given in one query; '{}' is one more",
                                kMaxConditions, name),
                    name);
    auto idx = extra ? info.field_count() : static_cast<std::size_t>(i);
    const FieldSpec& f = extra ? *extra : info.field(idx);
    Condition c{idx, Op::Eq, {}, {}, extra};
    std::string_view v = value;
    if (auto tilde = v.find('~'); tilde != std::string_view::npos) {
      std::string_view lo = v.substr(0, tilde), hi = v.substr(tilde + 1);
      if (lo.empty() && hi.empty())
        throw Problem(400, problem_code::kInvalidParameter,
                      fmt::format("Filter '{}': empty range", f.name), name);
      if (!lo.empty()) c.a = filter_value(f, lo);
      if (!hi.empty()) c.b = filter_value(f, hi);
      c.op = lo.empty() ? Op::Le : hi.empty() ? Op::Ge : Op::Between;
      if (c.op == Op::Le) c.a = std::move(c.b);
    } else if (v.find('*') != std::string_view::npos) {
      if (f.type != FieldType::String)
        throw Problem(400, problem_code::kInvalidParameter,
                      fmt::format("Filter '{}': wildcards work on text fields only", f.name), name);
      c.op = Op::Like;
      c.a.s = like_pattern(v);
    } else {
      c.a = filter_value(f, v);
      // lastmodified=N means "modified at or after N": how integrators sync incrementally.
      if (idx == info.lastmodified_field) c.op = Op::Ge;
    }
    // A udf's SQL names it and depends on its type, which another company may declare otherwise.
    if (extra)
      q.shape += fmt::format("{}:{}{};", f.name, static_cast<int>(f.type), static_cast<char>(c.op));
    else
      q.shape += fmt::format("{}{};", idx, static_cast<char>(c.op));
    q.conditions.push_back(std::move(c));
  }
  return q;
}

bool is_transfer_source(std::span<const ObjectSpec* const> specs, const ObjectSpec& spec) {
  if (!spec.posting) return false;
  for (const ObjectSpec* s : specs)
    for (std::string_view doctype : s->transfer_from)
      if (doctype == spec.posting->doctype) return true;
  return false;
}

const FilterSql& filter_sql(const ObjectInfo& info, const Query& q, FilterSql& scratch) {
  if (q.conditions.empty() && !q.outstanding) return info.unfiltered;
  std::lock_guard lock(info.cache_mutex);
  auto it = info.filter_cache.find(q.shape);
  if (it != info.filter_cache.end()) return it->second;
  if (info.filter_cache.size() >= kMaxCachedShapes) return scratch = build_filter_sql(info, q);
  return info.filter_cache.emplace(q.shape, build_filter_sql(info, q)).first->second;
}

int bind_conditions(store::Statement& st, const ObjectInfo& info, const Query& q) {
  int n = 1;
  for (const Condition& c : q.conditions) {
    const FieldSpec& f = c.udf ? *c.udf : info.field(c.field);
    if (c.op == Op::Like) {
      st.bind_text(n++, c.a.s);
      continue;
    }
    bind_cell(st, n++, f, c.a);
    if (c.op == Op::Between) bind_cell(st, n++, f, c.b);
  }
  return n;
}

}  // namespace sqlacc::bizobject
