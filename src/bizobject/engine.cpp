#include "bizobject/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "bizobject/object_info.h"
#include "bizobject/query.h"
#include "bizobject/text.h"
#include "util/decimal.h"

namespace sqlacc::bizobject {
namespace json = boost::json;

namespace {

// Joins the caller's transaction if one is open (sample company, batch tools), else owns one.
class WriteScope {
 public:
  explicit WriteScope(store::Connection& c) {
    if (!c.in_transaction()) tx_.emplace(c);
  }
  void commit() {
    if (tx_) tx_->commit();
  }

 private:
  std::optional<store::Transaction> tx_;
};

// A cached statement, reset when the scope ends. A statement left on a row would keep SQLite's
// implicit read transaction (an old snapshot) open on this pooled connection: later reads would be
// stale and the next write transaction would fail with "database is locked".
class Cursor {
 public:
  Cursor(store::Connection& c, std::string_view sql) : st_(c.prepare(sql)) {}
  ~Cursor() {
    try {
      st_.reset();
    } catch (...) {  // a destructor must not throw; the next prepare() resets again
    }
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  store::Statement* operator->() { return &st_; }
  store::Statement& operator*() { return st_; }

 private:
  store::Statement& st_;
};

// ---- Output -------------------------------------------------------------------------------------

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

// Reads columns of a positioned statement (the list fast path: no copies).
struct StatementSource {
  const store::Statement& st;
  bool is_null(std::size_t i) const { return st.is_null(static_cast<int>(i)); }
  std::int64_t get_int(std::size_t i) const { return st.get_int(static_cast<int>(i)); }
  std::string_view get_text(std::size_t i) const { return st.get_text(static_cast<int>(i)); }
};

struct RowSource {
  const Row& row;
  bool is_null(std::size_t i) const { return row[i].null; }
  std::int64_t get_int(std::size_t i) const { return row[i].i; }
  std::string_view get_text(std::size_t i) const { return row[i].s; }
};

template <class Source>
void append_cells(std::string& out, std::span<const FieldSpec> fields,
                  const std::vector<std::string>& keys, const Source& src) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const FieldSpec& f = fields[i];
    out += keys[i];
    switch (f.type) {
      case FieldType::String:
        append_json_string(out, src.get_text(i));
        break;
      case FieldType::Int:
        append_int(out, src.get_int(i));
        break;
      case FieldType::Decimal:
        out += '"';
        Decimal::append(out, src.get_int(i), f.scale);
        out += '"';
        break;
      case FieldType::Bool:
        out += src.get_int(i) ? "true" : "false";
        break;
      case FieldType::Date:
        if (src.is_null(i))
          out += "null";
        else
          append_json_string(out, src.get_text(i));
        break;
    }
  }
}

template <class Source>
void append_record(std::string& out, const ObjectInfo& info, const Source& src) {
  out += '{';
  append_cells(out, info.spec->fields, info.json_keys, src);
  out += '}';
}

// Appends the record's sub-datasets (get, star, delete): `,"sdsbranch":[{"dtlkey":1,"seq":1,...}]`
// inside the record object that `out` ends with.
void append_datasets(std::string& out, store::Connection& conn, const ObjectInfo& info,
                     std::int64_t id) {
  if (info.datasets.empty()) return;
  out.pop_back();  // the record's '}'
  for (const DatasetInfo& d : info.datasets) {
    out += ",\"";
    out += d.spec->name;
    out += "\":[";
    Cursor st(conn, d.sql_rows);
    st->bind_int(1, id);
    bool first = true;
    const auto n = static_cast<int>(d.field_count());
    while (st->step()) {
      out += first ? "{\"dtlkey\":" : ",{\"dtlkey\":";
      first = false;
      append_int(out, st->get_int(n));
      out += ",\"seq\":";
      append_int(out, st->get_int(n + 1));
      append_cells(out, d.spec->fields, d.json_keys, StatementSource{*st});
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

Row read_cells(std::span<const FieldSpec> fields, const store::Statement& st) {
  Row row(fields.size());
  for (std::size_t i = 0; i < row.size(); ++i) {
    int c = static_cast<int>(i);
    switch (fields[i].type) {
      case FieldType::String:
        row[i].s = std::string(st.get_text(c));
        break;
      case FieldType::Date:
        row[i].null = st.is_null(c);
        if (!row[i].null) row[i].s = std::string(st.get_text(c));
        break;
      default:
        row[i].i = st.get_int(c);
    }
  }
  return row;
}

Row read_row(const ObjectInfo& info, const store::Statement& st, std::int64_t& id) {
  Row row = read_cells(info.spec->fields, st);
  id = st.get_int(static_cast<int>(info.field_count()));
  return row;
}

// ---- Lookup by path key -------------------------------------------------------------------------

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Calls fn with a statement positioned on the record the path key names; false if there is none.
// For AutoKey objects an all-digit key is tried as the autokey first, then as a code.
template <class Fn>
bool with_record(store::Connection& conn, const ObjectInfo& info, std::string_view key, Fn&& fn) {
  if (info.spec->key_kind == KeyKind::AutoKey && all_digits(key)) {
    std::int64_t id = 0;
    std::from_chars(key.data(), key.data() + key.size(), id);
    Cursor c(conn, info.sql_by_id);
    c->bind_int(1, id);
    if (c->step()) {
      fn(*c);
      return true;
    }
  }
  Cursor c(conn, info.sql_by_key);
  c->bind_text(1, key);
  if (!c->step()) return false;
  fn(*c);
  return true;
}

// The record the key names, copied out, and its row id; 404 if there is none.
Row fetch(store::Connection& conn, const ObjectInfo& info, std::string_view key, std::int64_t& id) {
  Row row;
  if (!with_record(conn, info, key,
                   [&](const store::Statement& st) { row = read_row(info, st, id); }))
    throw Problem(404, "NotFound",
                  fmt::format("No record found: {} '{}'", info.spec->resource, key));
  return row;
}

// ---- Input --------------------------------------------------------------------------------------

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

json::object parse_body(std::string_view body) {
  if (trim(body).empty()) throw validation_error("", "request body is empty");
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec) throw Problem(400, "InvalidJson", fmt::format("Invalid JSON: {}", ec.message()));
  if (!v.is_object()) throw validation_error("", "request body must be a JSON object");
  json::object& o = v.as_object();
  if (o.empty()) throw validation_error("", "request body is empty");
  return std::move(o);
}

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

[[noreturn]] void bad_value(const FieldSpec& f, std::string_view what) {
  throw validation_error(std::string(f.name), fmt::format("Field '{}' {}", f.name, what));
}

Cell cell_from_json(const FieldSpec& f, const json::value& v) {
  Cell c;
  switch (f.type) {
    case FieldType::String: {
      if (!v.is_string()) bad_value(f, fmt::format("must be a string, not {}", json_type_name(v)));
      std::string_view s(v.get_string().data(), v.get_string().size());
      if (f.width > 0 && utf8_length(s) > static_cast<std::size_t>(f.width))
        bad_value(f, fmt::format("is longer than {} characters", f.width));
      for (char ch : s)
        if (static_cast<unsigned char>(ch) < 0x20 && f.key)
          bad_value(f, "must not contain control characters");
      if (f.key && !s.empty() && (s.front() == ' ' || s.back() == ' '))
        bad_value(f, "must not start or end with a space");
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
      if (v.is_int64()) {
        c.i = v.get_int64();
      } else if (v.is_uint64()) {
        bad_value(f, "is out of range");
      } else if (v.is_double()) {
        double d = v.get_double();
        // Range first: casting an out-of-range double to an integer is undefined.
        if (!(d >= -9.2e18 && d <= 9.2e18) ||
            d != static_cast<double>(static_cast<std::int64_t>(d)))
          bad_value(f, "must be an integer");
        c.i = static_cast<std::int64_t>(d);
      } else if (v.is_string()) {
        std::string why;
        if (!cell_from_text(f, std::string_view(v.get_string().data(), v.get_string().size()), c,
                            why))
          bad_value(f, why);
      } else {
        bad_value(f, fmt::format("must be an integer, not {}", json_type_name(v)));
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
      if (v.is_bool()) {
        c.i = v.get_bool() ? 1 : 0;
      } else if (v.is_int64() && (v.get_int64() == 0 || v.get_int64() == 1)) {
        c.i = v.get_int64();  // the SDK's 0/1 (taxinclusive)
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
  }
  return c;
}

bool is_empty(const FieldSpec& f, const Cell& c) {
  return (f.type == FieldType::String && c.s.empty()) || (f.type == FieldType::Date && c.null);
}

// Applies a body to `row`: `given[i]` marks fields the body set. Unknown fields are refused,
// read-only ones ignored (clients send back records they fetched); null means the default.
// Dataset arrays are collected into `arrays` (parallel to info.datasets; nullptr = absent).
using DatasetArrays = std::vector<const json::array*>;

void apply_body(const ObjectInfo& info, const json::object& body, Row& row,
                std::vector<bool>& given, DatasetArrays& arrays) {
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
        arrays[static_cast<std::size_t>(d)] = &kv.value().get_array();
        continue;
      }
      throw validation_error(std::string(name),
                             fmt::format("Unknown field '{}' for {}", name, info.spec->resource));
    }
    const FieldSpec& f = info.field(static_cast<std::size_t>(i));
    if (f.read_only) continue;
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
    if (!target || !check[i] || row[i].s.empty()) continue;
    Cursor st(conn, target->sql_key_of);
    st->bind_text(1, row[i].s);
    if (!st->step())
      throw validation_error(std::string(info.field(i).name),
                             fmt::format("No record found: {} '{}' (field '{}')",
                                         target->spec->resource, row[i].s, info.field(i).name));
    row[i].s = std::string(st->get_text(0));
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

// Re-throws a field problem of a dataset row with the field named by its path:
// 'address1' -> 'sdsbranch[2].address1'.
[[noreturn]] void rethrow_in_row(const Problem& p, const std::string& prefix) {
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

std::int64_t row_int(const json::value& v, const std::string& path) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_double()) {
    double x = v.get_double();
    if (x >= -9.2e18 && x <= 9.2e18 && x == static_cast<double>(static_cast<std::int64_t>(x)))
      return static_cast<std::int64_t>(x);
  }
  if (v.is_string()) {
    std::int64_t r = 0;
    const auto& s = v.get_string();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), r);
    if (!s.empty() && ec == std::errc() && p == s.data() + s.size()) return r;
  }
  throw validation_error(path, fmt::format("Field '{}' must be an integer", path));
}

// Reads the dataset arrays of a body into edits, validating every row as master fields are
// validated (types, widths, choices, required, references). `parent` is the record's row id on
// update (its stored rows are the only dtlkeys accepted), 0 on create.
std::vector<DatasetEdit> read_datasets(store::Connection& conn, const ObjectInfo& info,
                                       const DatasetArrays& arrays, std::int64_t parent) {
  const bool creating = parent == 0;
  std::vector<DatasetEdit> edits(info.datasets.size());
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
            if (!kv.value().is_null()) row.seq = row_int(kv.value(), prefix + ".seq");
            continue;
          }
          int i = d.find_field(fname);
          if (i < 0)
            throw validation_error(std::string(fname),
                                   fmt::format("Unknown field '{}' for {}", fname, name));
          const FieldSpec& f = d.field(static_cast<std::size_t>(i));
          if (f.read_only) continue;
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
          Cursor st(conn, target->sql_key_of);
          st->bind_text(1, row.cells[i].s);
          if (!st->step())
            throw validation_error(
                std::string(d.field(i).name),
                fmt::format("No record found: {} '{}' (field '{}')", target->spec->resource,
                            row.cells[i].s, d.field(i).name));
          row.cells[i].s = std::string(st->get_text(0));
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
void write_datasets(store::Connection& conn, const ObjectInfo& info, std::int64_t parent,
                    const std::vector<DatasetEdit>& edits, bool creating) {
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
    for (const auto& r : edit.rows) {
      if (r.dtlkey != 0) {
        Cursor st(conn, d.sql_update);
        int n = 1;
        st->bind_int(n++, r.seq);
        for (std::size_t i = 0; i < d.field_count(); ++i)
          bind_cell(*st, n++, d.field(i), r.cells[i]);
        st->bind_int(n, r.dtlkey);
        st->step();
      } else {
        Cursor st(conn, d.sql_insert);
        int n = 1;
        st->bind_int(n++, parent);
        st->bind_int(n++, r.seq);
        for (std::size_t i = 0; i < d.field_count(); ++i)
          bind_cell(*st, n++, d.field(i), r.cells[i]);
        st->step();
      }
    }
  }
}

struct Prepared {
  Row row;
  std::vector<DatasetEdit> datasets;
};

Prepared prepare_create(store::Connection& conn, const ObjectInfo& info, std::string_view body) {
  json::object o = parse_body(body);
  Prepared p;
  p.row = info.defaults;
  std::vector<bool> given(p.row.size(), false);
  DatasetArrays arrays;
  apply_body(info, o, p.row, given, arrays);
  check_required(info, p.row, given, true);
  // Every reference of a new record is checked, defaults included.
  check_references(conn, info, p.row, std::vector<bool>(p.row.size(), true));
  p.datasets = read_datasets(conn, info, arrays, 0);
  if (info.spec->hook) {
    RecordEdit edit{info, true, p.row, given, nullptr, p.datasets};
    info.spec->hook(edit);
  }
  return p;
}

std::string single(store::Connection& conn, const ObjectInfo& info, const store::Statement& st) {
  std::string out;
  out.reserve(256);
  out += "{\"data\":[";
  append_record(out, info, StatementSource{st});
  append_datasets(out, conn, info, st.get_int(static_cast<int>(info.field_count())));
  out += "]}";
  return out;
}

// Re-reads a row by id and renders {"data":[record]} with its datasets.
std::string render_by_id(store::Connection& conn, const ObjectInfo& info, std::int64_t id) {
  Cursor st(conn, info.sql_by_id);
  st->bind_int(1, id);
  if (!st->step()) throw std::logic_error("bizobject: written row vanished");
  return single(conn, info, *st);
}

Problem duplicate(const ObjectInfo& info, std::string_view code) {
  return Problem(409, "Conflict",
                 fmt::format("Duplicate code: {} '{}' already exists", info.spec->resource, code),
                 std::string(info.field(info.key_field).name));
}

}  // namespace

// ---- Engine -------------------------------------------------------------------------------------

Engine::Engine() : Engine(builtin_objects()) {}

Engine::Engine(std::span<const ObjectSpec* const> specs) : order_(specs.begin(), specs.end()) {
  infos_ = compile_objects(specs);
}

Engine::~Engine() = default;

const ObjectSpec* Engine::find(std::string_view resource) const {
  for (const ObjectSpec* s : order_)
    if (iequals(s->resource, resource)) return s;
  return nullptr;
}

std::span<const ObjectSpec* const> Engine::objects() const { return order_; }

const ObjectInfo& Engine::info(const ObjectSpec& spec) const {
  for (std::size_t i = 0; i < order_.size(); ++i)
    if (order_[i] == &spec) return *infos_[i];
  throw std::invalid_argument(fmt::format("bizobject: '{}' is not registered", spec.resource));
}

void Engine::ensure_schema(store::Connection& conn) {
  static const Engine builtin;  // compiled once; specs are immutable data
  builtin.ensure_tables(conn);
}

void Engine::ensure_tables(store::Connection& conn) const {
  bizobject::ensure_tables(conn, infos_);
}

Reply Engine::list(store::Connection& conn, const ObjectSpec& spec, const Params& params) const {
  const ObjectInfo& info = this->info(spec);
  Query q = parse_query(info, params);
  FilterSql scratch;
  const FilterSql& sql = filter_sql(info, q, scratch);

  std::int64_t total = 0;
  {
    Cursor st(conn, sql.count);
    bind_conditions(*st, info, q);
    if (st->step()) total = st->get_int(0);
  }
  std::string data;
  data.reserve(static_cast<std::size_t>(std::min<std::int64_t>(q.limit, 50)) * 160);
  std::int64_t count = 0;
  {
    Cursor st(conn, sql.select);
    int n = bind_conditions(*st, info, q);
    st->bind_int(n, q.limit);
    st->bind_int(n + 1, q.offset);
    while (st->step()) {
      if (count++) data += ',';
      append_record(data, info, StatementSource{*st});
    }
  }
  Reply r;
  r.json.reserve(data.size() + 96);
  r.json += "{\"pagination\":{\"offset\":";
  append_int(r.json, q.offset);
  r.json += ",\"limit\":";
  append_int(r.json, q.limit);
  r.json += ",\"count\":";
  append_int(r.json, count);
  r.json += ",\"total\":";
  append_int(r.json, std::max(total, count));
  r.json += "},\"data\":[";
  r.json += data;
  r.json += "]}";
  return r;
}

Reply Engine::star(store::Connection& conn, const ObjectSpec& spec, const Params& params) const {
  const ObjectInfo& info = this->info(spec);
  Query q = parse_query(info, params);
  FilterSql scratch;
  const FilterSql& sql = filter_sql(info, q, scratch);
  Reply r;
  r.json = "{\"data\":[";
  Cursor st(conn, sql.select);
  int n = bind_conditions(*st, info, q);
  st->bind_int(n, q.limit);
  st->bind_int(n + 1, q.offset);
  bool first = true;
  while (st->step()) {
    if (!first) r.json += ',';
    first = false;
    append_record(r.json, info, StatementSource{*st});
    append_datasets(r.json, conn, info, st->get_int(static_cast<int>(info.field_count())));
  }
  r.json += "]}";
  return r;
}

Reply Engine::get(store::Connection& conn, const ObjectSpec& spec, std::string_view key) const {
  const ObjectInfo& info = this->info(spec);
  Reply r;
  if (!with_record(conn, info, key,
                   [&](const store::Statement& st) { r.json = single(conn, info, st); }))
    throw Problem(404, "NotFound", fmt::format("No record found: {} '{}'", spec.resource, key));
  return r;
}

void Engine::validate_create(store::Connection& conn, const ObjectSpec& spec,
                             std::string_view body) const {
  prepare_create(conn, info(spec), body);
}

// 200, not 201: the original answers a create with 200 and the record, and clients check for 200.
Reply Engine::create(store::Connection& conn, const ObjectSpec& spec, std::string_view body,
                     std::int64_t now) const {
  const ObjectInfo& info = this->info(spec);
  WriteScope scope(conn);  // validation reads inside the transaction, so references cannot vanish
  Prepared prepared = prepare_create(conn, info, body);
  Row& row = prepared.row;
  row[info.lastmodified_field].i = now;
  std::int64_t id = 0;
  {
    Cursor st(conn, info.sql_insert);
    int n = 1;
    for (std::size_t i : info.insert_fields) bind_cell(*st, n++, info.field(i), row[i]);
    try {
      if (!st->step()) throw std::logic_error("bizobject: INSERT ... RETURNING gave no row");
    } catch (const store::Error& e) {
      if (e.kind() == store::ErrorKind::Unique) throw duplicate(info, row[info.key_field].s);
      throw;
    }
    id = st->get_int(0);
    while (st->step()) {
    }
  }
  write_datasets(conn, info, id, prepared.datasets, true);
  Reply r{200, render_by_id(conn, info, id)};
  scope.commit();
  return r;
}

Reply Engine::update(store::Connection& conn, const ObjectSpec& spec, std::string_view key,
                     std::string_view body, std::int64_t now) const {
  const ObjectInfo& info = this->info(spec);
  json::object o = parse_body(body);
  WriteScope scope(conn);
  std::int64_t id = 0;
  Row row = fetch(conn, info, key, id);
  const std::string code = row[info.key_field].s;

  const Row stored = row;
  std::vector<bool> given(row.size(), false);
  DatasetArrays arrays;
  apply_body(info, o, row, given, arrays);
  // The code is the identity (other records reference it): renaming is refused. The same code in
  // another letter case counts as the same code and changes nothing.
  const std::string& sent = row[info.key_field].s;
  const std::string_view key_name = info.field(info.key_field).name;
  if (given[info.key_field] && !iequals(sent, code))
    throw validation_error(
        std::string(key_name),
        fmt::format("Field '{}' cannot be changed ('{}' in the body, '{}' stored)", key_name, sent,
                    code));
  row[info.key_field].s = code;
  check_required(info, row, given, false);
  check_references(conn, info, row, given);
  check_self_cycles(conn, info, row, given);
  std::vector<DatasetEdit> datasets = read_datasets(conn, info, arrays, id);
  if (info.spec->hook) {
    RecordEdit edit{info, false, row, given, &stored, datasets};
    info.spec->hook(edit);
  }
  row[info.lastmodified_field].i = now;

  {
    Cursor st(conn, info.sql_update);
    int n = 1;
    for (std::size_t i : info.update_fields) bind_cell(*st, n++, info.field(i), row[i]);
    st->bind_int(n, id);
    st->step();
  }
  write_datasets(conn, info, id, datasets, false);
  Reply r{200, render_by_id(conn, info, id)};
  scope.commit();
  return r;
}

Reply Engine::remove(store::Connection& conn, const ObjectSpec& spec, std::string_view key,
                     std::int64_t /*now: reserved for a deletion log (incremental sync)*/) const {
  const ObjectInfo& info = this->info(spec);
  WriteScope scope(conn);
  std::int64_t id = 0;
  Row row = fetch(conn, info, key, id);
  const std::string& code = row[info.key_field].s;
  for (const Referrer& ref : info.referrers) {
    Cursor st(conn, ref.sql);
    st->bind_text(1, code);
    if (st->step())
      throw Problem(409, "Conflict",
                    fmt::format("Cannot delete {} '{}': it is used by {} '{}' (field '{}')",
                                info.spec->resource, code, ref.from->spec->resource,
                                st->get_text(0), ref.field));
  }
  Reply r;
  r.json = "{\"message\":\"Deleted\",\"data\":[";
  append_record(r.json, info, RowSource{row});
  append_datasets(r.json, conn, info, id);  // as they were
  r.json += "]}";
  for (const DatasetInfo& d : info.datasets) {
    Cursor del(conn, d.sql_delete_all);
    del->bind_int(1, id);
    del->step();
  }
  {
    Cursor del(conn, info.sql_delete);
    del->bind_int(1, id);
    del->step();
  }
  scope.commit();
  return r;
}

}  // namespace sqlacc::bizobject
