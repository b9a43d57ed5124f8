#include "bizobject/record_input.h"

#include <fmt/format.h>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "bizobject/cursor.h"
#include "bizobject/master_cache.h"
#include "bizobject/text.h"
#include "util/decimal.h"
#include "util/problem.h"

namespace sqlacc::bizobject {
namespace json = boost::json;

namespace {

// The path of the first key that appears twice in one object of a JSON text ("code",
// "sdsdocdetail[2].qty"), matched as field names are (ASCII letter case ignored), or "" when there
// is none. boost::json keeps only the last of equal keys, so this reads the text itself with a
// basic_parser whose handler only follows keys and array indexes.
class DuplicateKeyFinder {
 public:
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);

  std::string duplicate;  // set when found (the parse then stops with an error)

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code&) {
    frames_.push_back({});
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) { return end_container(); }
  bool on_object_begin(boost::system::error_code&) {
    frames_.push_back({});
    frames_.back().object = true;
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) { return end_container(); }
  bool on_string_part(json::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, boost::system::error_code&) { return value(); }
  bool on_key_part(json::string_view s, std::size_t, boost::system::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, boost::system::error_code& ec) {
    key_.append(s.data(), s.size());
    Frame& f = frames_.back();
    f.key = std::move(key_);
    key_.clear();
    if (!f.keys.insert(to_lower(f.key)).second) {
      duplicate = path();
      ec = json::error::syntax;  // stops the parse; `duplicate` says why
      return false;
    }
    return true;
  }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, boost::system::error_code&) { return value(); }
  bool on_uint64(std::uint64_t, json::string_view, boost::system::error_code&) { return value(); }
  bool on_double(double, json::string_view, boost::system::error_code&) { return value(); }
  bool on_bool(bool, boost::system::error_code&) { return value(); }
  bool on_null(boost::system::error_code&) { return value(); }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }

 private:
  struct Frame {
    bool object = false;
    std::unordered_set<std::string> keys;  // lower-case
    std::string key;                       // the current member's key
    std::size_t index = 0;                 // arrays: the current element
  };
  // A value ended: in an array, the next one has the next index.
  bool value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }
  bool end_container() {
    frames_.pop_back();
    return value();
  }
  std::string path() const {
    std::string p;
    for (const Frame& f : frames_) {
      if (f.object)
        p += (p.empty() ? "" : ".") + f.key;
      else
        p += fmt::format("[{}]", f.index);
    }
    return p;
  }
  std::vector<Frame> frames_;
  std::string key_;
};

std::string duplicate_key(std::string_view body) {
  json::basic_parser<DuplicateKeyFinder> parser{json::parse_options{}};
  boost::system::error_code ec;
  parser.write_some(false, body.data(), body.size(), ec);
  return std::move(parser.handler().duplicate);
}

}  // namespace

json::object parse_body(std::string_view body) {
  if (trim(body).empty()) throw validation_error("", "request body is empty");
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec)
    throw Problem(400, problem_code::kInvalidJson, fmt::format("Invalid JSON: {}", ec.message()));
  if (!v.is_object()) throw validation_error("", "request body must be a JSON object");
  json::object& o = v.as_object();
  if (o.empty()) throw validation_error("", "request body is empty");
  if (std::string dup = duplicate_key(body); !dup.empty())
    throw validation_error(
        dup, fmt::format("Field '{}' appears twice in the body (names ignore letter case)", dup));
  return std::move(o);
}

namespace {

std::string_view json_type_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

}  // namespace

namespace {

[[noreturn]] void bad_value(const FieldSpec& f, std::string_view what) {
  throw validation_error(std::string(f.name), fmt::format("Field '{}' {}", f.name, what));
}

// Re-throws a field problem of a dataset row with the field named by its path:
// 'address1' -> 'sdsbranch[2].address1'. A database failure (5xx) passes unchanged.
[[noreturn]] void rethrow_in_row(const Problem& p, const std::string& prefix) {
  if (p.status >= 500) throw;
  std::string message = p.what();
  std::string path = p.field.empty() ? prefix : prefix + "." + p.field;
  if (!p.field.empty()) {
    std::string quoted = "'" + p.field + "'";
    if (auto at = message.find(quoted); at != std::string::npos)
      message.replace(at, quoted.size(), "'" + path + "'");
    else
      message = path + ": " + message;
  } else {
    message = path + ": " + message;
  }
  throw Problem(p.status, p.code, message, path);
}

bool is_empty(const FieldSpec& f, const Cell& c) {
  return (f.type == FieldType::String && c.s.empty()) || (f.type == FieldType::Date && c.null);
}

// A List's objects (spec.h FieldType::List): each an object of the declared members (unknown ones
// refused, left out ones their default, required ones given), key members unique ignoring case.
// The cell holds the canonical JSON text: every member in declared order, as record JSON writes
// values, so what is stored is exactly what GET returns.
Cell list_from_json(const FieldSpec& f, const json::value& v) {
  if (!v.is_array())
    bad_value(f, fmt::format("must be an array of objects, not {}", json_type_name(v)));
  const json::array& a = v.get_array();
  if (const std::size_t max = static_cast<std::size_t>(f.width > 0 ? f.width : kMaxListItems);
      a.size() > max)
    bad_value(f, fmt::format("has {} entries; at most {} are allowed", a.size(), max));
  std::vector<Row> objects;
  objects.reserve(a.size());
  for (std::size_t idx = 0; idx < a.size(); ++idx) {
    const std::string at = fmt::format("{}[{}]", f.name, idx);
    if (!a[idx].is_object())
      throw validation_error(
          at, fmt::format("Field '{}' must be an object, not {}", at, json_type_name(a[idx])));
    try {
      Row& cells = objects.emplace_back(f.items.size());
      std::vector<bool> given(f.items.size(), false);
      std::string why;
      for (std::size_t i = 0; i < f.items.size(); ++i)
        cell_from_text(f.items[i], f.items[i].default_value, cells[i], why);  // checked at start
      for (const auto& kv : a[idx].get_object()) {
        const std::string_view name(kv.key().data(), kv.key().size());
        const int i = text::find_by_name(f.items, name);
        if (i < 0)
          throw validation_error(name.empty() ? std::string(kEmptyName) : std::string(name),
                                 fmt::format("Unknown field '{}' for {}", name, f.name));
        const auto k = static_cast<std::size_t>(i);
        if (!kv.value().is_null()) cells[k] = cell_from_json(f.items[k], kv.value());
        given[k] = true;
      }
      for (std::size_t i = 0; i < f.items.size(); ++i) {
        const FieldSpec& item = f.items[i];
        if (item.required && (!given[i] || is_empty(item, cells[i])))
          throw validation_error(std::string(item.name),
                                 fmt::format("Field '{}' is required", item.name));
        if (!item.key || is_empty(item, cells[i])) continue;
        for (std::size_t j = 0; j + 1 < objects.size(); ++j)
          if (iequals(objects[j][i].s, cells[i].s))
            throw validation_error(std::string(item.name),
                                   fmt::format("Field '{}': '{}' appears twice (also in {}[{}])",
                                               item.name, cells[i].s, f.name, j));
      }
    } catch (const Problem& p) {
      rethrow_in_row(p, at);
    }
  }
  Cell c;
  c.s = list_json(f, objects);
  return c;
}

}  // namespace

// The canonical text of a List cell (FieldType::List): its objects with every member, in order,
// valued as record JSON writes them (decimals as strings at their scale, unset dates null).
std::string list_json(const FieldSpec& f, const std::vector<Row>& objects) {
  json::array out;
  out.reserve(objects.size());
  for (const Row& cells : objects) {
    json::object& o = out.emplace_back(json::object()).as_object();
    for (std::size_t i = 0; i < f.items.size(); ++i) {
      const FieldSpec& item = f.items[i];
      const json::string_view name(item.name.data(), item.name.size());
      switch (item.type) {
        case FieldType::Int:
          o[name] = cells[i].i;
          break;
        case FieldType::Decimal: {
          std::string d;
          Decimal::append(d, cells[i].i, item.scale);
          o[name] = d;
          break;
        }
        case FieldType::Bool:
          o[name] = cells[i].i != 0;
          break;
        case FieldType::Date:
          if (cells[i].null) {
            o[name] = nullptr;
            break;
          }
          [[fallthrough]];
        case FieldType::String:
        case FieldType::List:  // not an item type (checked when the spec is registered)
          o[name] = cells[i].s;
      }
    }
  }
  return json::serialize(out);
}

Cell cell_from_json(const FieldSpec& f, const json::value& v) {
  Cell c;
  switch (f.type) {
    case FieldType::String: {
      if (!v.is_string()) bad_value(f, fmt::format("must be a string, not {}", json_type_name(v)));
      std::string_view s(v.get_string().data(), v.get_string().size());
      // Bytes first: a character is at most 4 of them, so only a long text is counted.
      if (const auto max = static_cast<std::size_t>(max_length(f));
          s.size() > max && utf8_length(s) > max)
        bad_value(f, fmt::format("is longer than {} characters", max));
      if (!f.choices.empty() && !s.empty()) {
        const std::string_view* match = nullptr;
        for (const auto& choice : f.choices)
          if (iequals(choice, s)) match = &choice;
        if (!match) {
          std::string list;
          for (const auto& choice : f.choices)
            list += (list.empty() ? "" : ", ") + std::string(choice);
          bad_value(f, fmt::format("must be one of {}", list));
        }
        s = *match;  // canonical spelling
      }
      c.s = std::string(s);
      return c;
    }
    case FieldType::Int:
      // A JSON integer, as the original sends and its samples send them: not a string ("1"), not
      // a number with a fraction or exponent (1000.0), which a client that means it never sends.
      if (v.is_int64()) {
        c.i = v.get_int64();
      } else if (v.is_uint64()) {
        bad_value(f, "is out of range");
      } else {
        bad_value(f, fmt::format("must be a JSON integer such as 3, not {}", json_type_name(v)));
      }
      return c;
    case FieldType::Decimal: {
      DecimalError err = DecimalError::Syntax;
      std::optional<Decimal> d;
      if (v.is_string())
        d = Decimal::parse(std::string_view(v.get_string().data(), v.get_string().size()), f.scale,
                           &err);
      else if (v.is_int64() && !(d = Decimal::from_int(v.get_int64(), f.scale)))
        err = DecimalError::Overflow;
      else if (v.is_uint64())
        err = DecimalError::Overflow;
      else if (v.is_double())
        d = Decimal::from_double(v.get_double(), f.scale, &err);
      if (!d) {
        if (err == DecimalError::Overflow) bad_value(f, "is out of range");
        if (err == DecimalError::Precision)
          bad_value(f, fmt::format("allows at most {} decimal places", f.scale));
        bad_value(f, "must be a decimal number (a string such as \"12.50\" or a number)");
      }
      c.i = d->units();
      return c;
    }
    case FieldType::Bool:
      // JSON true or false, as the original's REST samples send them (0/1 and 'T'/'F' are the
      // COM SDK's, not the API's).
      if (v.is_bool()) {
        c.i = v.get_bool() ? 1 : 0;
      } else {
        bad_value(f, fmt::format("must be true or false, not {}", json_type_name(v)));
      }
      return c;
    case FieldType::Date: {
      if (!v.is_string())
        bad_value(f, fmt::format("must be a date string YYYY-MM-DD, not {}", json_type_name(v)));
      std::string_view s(v.get_string().data(), v.get_string().size());
      if (s.empty()) {
        c.null = true;
        return c;
      }
      if (!is_valid_date(s)) bad_value(f, "must be a real date YYYY-MM-DD");
      c.s = std::string(s);
      return c;
    }
    case FieldType::List:
      return list_from_json(f, v);
  }
  return c;
}

void apply_body(const ObjectInfo& info, const json::object& body, Row& row,
                std::vector<bool>& given, DatasetArrays& arrays, std::size_t max_rows) {
  arrays.assign(info.datasets.size(), nullptr);
  for (const auto& kv : body) {
    std::string_view name(kv.key().data(), kv.key().size());
    int i = info.find_field(name);
    if (i < 0) {
      if (int d = info.find_dataset(name); d >= 0) {
        if (kv.value().is_null()) continue;  // as if absent
        if (!kv.value().is_array())
          throw validation_error(std::string(name),
                                 fmt::format("Field '{}' must be an array of rows, not {}", name,
                                             json_type_name(kv.value())));
        if (const std::size_t n = kv.value().get_array().size(); n > max_rows)
          throw validation_error(
              std::string(name),
              fmt::format(
                  "Field '{}' has {} rows; at most {} are allowed (sqlacc serve --max-rows)", name,
                  n, max_rows));
        arrays[static_cast<std::size_t>(d)] = &kv.value().get_array();
        continue;
      }
      throw validation_error(name.empty() ? std::string(kEmptyName) : std::string(name),
                             fmt::format("Unknown field '{}' for {}", name, info.spec->resource));
    }
    const FieldSpec& f = info.field(static_cast<std::size_t>(i));
    if (f.read_only) continue;
    if (f.input_only) {
      if (!kv.value().is_null()) cell_from_json(f, kv.value());  // a wrong type is still a 400
      continue;
    }
    auto idx = static_cast<std::size_t>(i);
    row[idx] = kv.value().is_null() ? info.defaults[idx] : cell_from_json(f, kv.value());
    given[idx] = true;
  }
}

// Checks references for the fields marked in `check`, and stores each with the referenced record's
// own spelling of the code.
void check_references(store::Connection& conn, const ObjectInfo& info, Row& row,
                      const std::vector<bool>& check) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    const ObjectInfo* target = info.ref_targets[i];
    if (!target || !check[i]) continue;
    const FieldSpec& f = info.field(i);
    // "None" has one spelling: "" is stored as the default that means none ("----").
    if (f.default_is_none && (row[i].s.empty() || iequals(row[i].s, f.default_value))) {
      row[i].s = std::string(f.default_value);
      continue;
    }
    if (row[i].s.empty()) continue;  // no reference
    const std::shared_ptr<const Record> found = MasterCache::find(conn, *target, row[i].s);
    if (!found)
      throw validation_error(std::string(info.field(i).name),
                             fmt::format("No record found: {} '{}' (field '{}')",
                                         target->spec->resource, row[i].s, info.field(i).name));
    row[i].s = found->row[target->key_field].s;
  }
}

// A reference to the object itself (account.parent) must not make a cycle.
void check_self_cycles(store::Connection& conn, const ObjectInfo& info, const Row& row,
                       const std::vector<bool>& given) {
  const std::string& self = row[info.key_field].s;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (info.ref_targets[i] != &info || !given[i] || row[i].s.empty()) continue;
    std::string cur = row[i].s;
    std::string sql =
        fmt::format("SELECT {} FROM {} WHERE UPPER({}) = UPPER(?)", quote_ident(info.field(i).name),
                    quote_ident(info.spec->table), quote_ident(info.field(info.key_field).name));
    for (int depth = 0; depth < 1000 && !cur.empty(); ++depth) {
      if (iequals(cur, self))
        throw validation_error(std::string(info.field(i).name),
                               fmt::format("Field '{}': {} '{}' cannot be its own ancestor",
                                           info.field(i).name, info.spec->resource, self));
      Cursor st(conn, sql);
      st->bind_text(1, cur);
      cur = st->step() ? std::string(st->get_text(0)) : std::string();
    }
  }
}

void check_new_code(const ObjectInfo& info, const Row& row) {
  const FieldSpec& f = info.field(info.key_field);
  const std::string& code = row[info.key_field].s;
  if (code.empty()) return;  // required, or the next document number
  if (std::string why = code_problem(code); !why.empty()) bad_value(f, why);
}

void check_required(const ObjectInfo& info, const Row& row, const std::vector<bool>& given,
                    bool creating) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    const FieldSpec& f = info.field(i);
    if (!f.required) continue;
    if ((creating && !given[i]) || is_empty(f, row[i]))
      throw validation_error(std::string(f.name), fmt::format("Field '{}' is required", f.name));
  }
}

// ---- Dataset rows -------------------------------------------------------------------------------

// The stored rows of one dataset of a record, by dtlkey.
std::map<std::int64_t, DatasetRowEdit> stored_rows(store::Connection& conn, const DatasetInfo& d,
                                                   std::int64_t parent) {
  std::map<std::int64_t, DatasetRowEdit> rows;
  Cursor st(conn, d.sql_rows);
  st->bind_int(1, parent);
  const auto n = static_cast<int>(d.field_count());
  while (st->step()) {
    DatasetRowEdit r;
    r.cells = read_cells(d.spec->fields, *st);
    r.dtlkey = st->get_int(n);
    r.seq = st->get_int(n + 1);
    r.given.assign(d.field_count(), false);
    rows.emplace(r.dtlkey, std::move(r));
  }
  return rows;
}

namespace {

// dtlkey and seq: JSON integers, as every Int field.
std::int64_t row_int(const json::value& v, const std::string& path) {
  if (v.is_int64()) return v.get_int64();
  throw validation_error(path, fmt::format("Field '{}' must be a JSON integer such as 3, not {}",
                                           path, json_type_name(v)));
}

}  // namespace

// Reads the dataset arrays of a body into edits, validating every row as master fields are
// validated (types, widths, choices, required, references). `parent` is the record's row id on
// update (its stored rows are the only dtlkeys accepted), 0 on create.
std::vector<DatasetEdit> read_datasets(store::Connection& conn, const ObjectInfo& info,
                                       const DatasetArrays& arrays, std::int64_t parent) {
  const bool creating = parent == 0;
  std::vector<DatasetEdit> edits(info.datasets.size());
  std::map<std::pair<const ObjectInfo*, std::string>, std::optional<std::string>> known;
  for (std::size_t di = 0; di < info.datasets.size(); ++di) {
    if (!arrays[di]) continue;
    const DatasetInfo& d = info.datasets[di];
    const std::string name(d.spec->name);
    DatasetEdit& edit = edits[di];
    edit.given = true;
    std::map<std::int64_t, DatasetRowEdit> stored;
    if (!creating) stored = stored_rows(conn, d, parent);
    std::set<std::int64_t> seen;
    for (std::size_t idx = 0; idx < arrays[di]->size(); ++idx) {
      const std::string prefix = fmt::format("{}[{}]", name, idx);
      const json::value& v = (*arrays[di])[idx];
      if (!v.is_object())
        throw validation_error(
            prefix, fmt::format("Row '{}' must be an object, not {}", prefix, json_type_name(v)));
      const json::object& o = v.get_object();
      DatasetRowEdit row;
      row.cells = d.defaults;
      row.given.assign(d.field_count(), false);
      row.seq = static_cast<std::int64_t>(idx) + 1;
      // dtlkey first: it decides between insert and update.
      for (const auto& kv : o) {
        if (!iequals(std::string_view(kv.key().data(), kv.key().size()), "dtlkey")) continue;
        if (kv.value().is_null()) continue;
        std::int64_t k = row_int(kv.value(), prefix + ".dtlkey");
        if (k == 0 || k == -1) continue;
        if (creating)
          throw validation_error(
              prefix + ".dtlkey",
              fmt::format("{}: dtlkey {} on create (leave it out, or send 0 or -1, to insert)",
                          prefix, k));
        auto it = stored.find(k);
        if (it == stored.end())
          throw validation_error(
              prefix + ".dtlkey",
              fmt::format("{}: unknown dtlkey {} (not a row of this {}; leave it out, or send 0 "
                          "or -1, to insert a row)",
                          prefix, k, info.spec->resource));
        if (!seen.insert(k).second)
          throw validation_error(prefix + ".dtlkey",
                                 fmt::format("{}: dtlkey {} appears twice", prefix, k));
        row.cells = it->second.cells;
        row.dtlkey = k;
      }
      try {
        for (const auto& kv : o) {
          std::string_view fname(kv.key().data(), kv.key().size());
          if (iequals(fname, "dtlkey")) continue;
          if (iequals(fname, "seq")) {
            if (!kv.value().is_null()) row.seq = row_int(kv.value(), "seq");  // prefixed below
            continue;
          }
          int i = d.find_field(fname);
          if (i < 0)
            throw validation_error(fname.empty() ? std::string(kEmptyName) : std::string(fname),
                                   fmt::format("Unknown field '{}' for {}", fname, name));
          const FieldSpec& f = d.field(static_cast<std::size_t>(i));
          if (f.read_only) continue;
          if (f.input_only) {
            if (!kv.value().is_null()) cell_from_json(f, kv.value());
            continue;
          }
          auto fi = static_cast<std::size_t>(i);
          row.cells[fi] = kv.value().is_null() ? d.defaults[fi] : cell_from_json(f, kv.value());
          row.given[fi] = true;
        }
        for (std::size_t i = 0; i < d.field_count(); ++i) {
          const FieldSpec& f = d.field(i);
          if (f.required && ((row.dtlkey == 0 && !row.given[i]) || is_empty(f, row.cells[i])))
            throw validation_error(std::string(f.name),
                                   fmt::format("Field '{}' is required", f.name));
        }
        for (std::size_t i = 0; i < d.field_count(); ++i) {
          const ObjectInfo* target = d.ref_targets[i];
          if (!target || row.cells[i].s.empty() || (row.dtlkey != 0 && !row.given[i])) continue;
          // Rows repeat their references (every line's location "----", one tax code): one
          // query per distinct value and target.
          auto [it, fresh] = known.try_emplace({target, to_upper(row.cells[i].s)});
          if (fresh) {
            if (auto found = MasterCache::find(conn, *target, row.cells[i].s))
              it->second = found->row[target->key_field].s;
          }
          if (!it->second)
            throw validation_error(
                std::string(d.field(i).name),
                fmt::format("No record found: {} '{}' (field '{}')", target->spec->resource,
                            row.cells[i].s, d.field(i).name));
          row.cells[i].s = *it->second;
        }
      } catch (const Problem& p) {
        rethrow_in_row(p, prefix);
      }
      edit.rows.push_back(std::move(row));
    }
  }
  return edits;
}

// Writes the dataset edits of record `parent`: on update, rows of a given dataset that the body
// left out are deleted; known dtlkeys are updated; the rest inserted.
std::vector<std::vector<std::int64_t>> write_datasets(store::Connection& conn,
                                                      const ObjectInfo& info, std::int64_t parent,
                                                      const std::vector<DatasetEdit>& edits,
                                                      bool creating) {
  std::vector<std::vector<std::int64_t>> dtlkeys(info.datasets.size());
  for (std::size_t di = 0; di < info.datasets.size(); ++di) {
    const DatasetEdit& edit = edits[di];
    if (!edit.given) continue;
    const DatasetInfo& d = info.datasets[di];
    if (!creating) {
      std::set<std::int64_t> keep;
      for (const auto& r : edit.rows)
        if (r.dtlkey != 0) keep.insert(r.dtlkey);
      for (const auto& [k, r] : stored_rows(conn, d, parent)) {
        if (keep.count(k)) continue;
        Cursor del(conn, d.sql_delete_row);
        del->bind_int(1, k);
        del->step();
      }
    }
    // New rows in multi-row INSERTs (store/batch_insert.h), in their order.
    store::BatchInsert inserts(conn, d.insert_head, 3 + static_cast<int>(d.stored_fields.size()));
    for (const auto& r : edit.rows) {
      dtlkeys[di].push_back(r.dtlkey);
      if (r.dtlkey != 0) {
        Cursor st(conn, d.sql_update);
        int n = 1;
        st->bind_int(n++, r.seq);
        for (std::size_t i : d.stored_fields) bind_cell(*st, n++, d.field(i), r.cells[i]);
        st->bind_int(n, r.dtlkey);
        st->step();
      } else {
        dtlkeys[di].back() = conn.next_id(d.table, "dtlkey");
        inserts.integer(dtlkeys[di].back()).integer(parent).integer(r.seq);
        for (std::size_t i : d.stored_fields) add_cell(inserts, d.field(i), r.cells[i]);
        inserts.end_row();
      }
    }
    inserts.finish();
  }
  return dtlkeys;
}

}  // namespace sqlacc::bizobject
