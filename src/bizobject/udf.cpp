#include "bizobject/udf.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "bizobject/cursor.h"
#include "bizobject/engine.h"
#include "bizobject/object_info.h"
#include "bizobject/record_input.h"
#include "bizobject/text.h"

namespace sqlacc::bizobject::udf {
namespace json = boost::json;

namespace {

constexpr std::string_view kModule = "bizobject";  // part of the business objects' schema

constexpr std::pair<std::string_view, FieldType> kTypes[] = {{"string", FieldType::String},
                                                             {"int", FieldType::Int},
                                                             {"decimal", FieldType::Decimal},
                                                             {"bool", FieldType::Bool},
                                                             {"date", FieldType::Date}};

FieldType type_of(std::string_view name) {
  for (const auto& [n, t] : kTypes)
    if (n == name) return t;
  throw validation_error("type", fmt::format("Field 'type' must be one of string, int, decimal, "
                                             "bool, date (not '{}')",
                                             name));
}

// Whether a value is its type's default: such a value is not stored (udf.h).
bool is_default(const FieldSpec& f, const Cell& c) {
  switch (f.type) {
    case FieldType::String:
      return c.s.empty();
    case FieldType::Date:
      return c.null;
    default:
      return c.i == 0;
  }
}

Cell default_cell(const FieldSpec& f) {
  Cell c;
  c.null = f.type == FieldType::Date;
  return c;
}

// The stored column a type's cell lives in.
bool text_column(FieldType t) { return t == FieldType::String || t == FieldType::Date; }

// An SQL string literal of a checked name (a resource or a udf name: [a-z0-9_.] only).
std::string literal(std::string_view s) { return fmt::format("'{}'", s); }

Declaration read_declaration(const store::Statement& st) {
  Declaration d;
  d.object = std::string(st.get_text(0));
  d.name = std::string(st.get_text(1));
  const std::string_view type = st.get_text(2);
  for (const auto& [n, t] : kTypes)
    if (n == type) d.type = t;
  d.width = static_cast<int>(st.get_int(3));
  d.scale = static_cast<int>(st.get_int(4));
  return d;
}

constexpr std::string_view kSelect =
    "SELECT \"object\", \"name\", \"type\", \"width\", \"scale\" FROM \"udf_field\"";

}  // namespace

std::string_view type_name(FieldType t) {
  for (const auto& [n, type] : kTypes)
    if (type == t) return n;
  return "string";
}

Fields::Fields(std::vector<Declaration> declarations) : declarations_(std::move(declarations)) {
  specs_.reserve(declarations_.size());
  for (const Declaration& d : declarations_) {
    FieldSpec f;
    f.name = d.name;  // a view of declarations_, which never changes after this
    f.type = d.type;
    f.width = d.width;
    f.scale = d.scale;
    specs_.push_back(f);
  }
}

const FieldSpec* Fields::find(std::string_view name) const {
  for (const FieldSpec& f : specs_)
    if (iequals(f.name, name)) return &f;
  return nullptr;
}

void register_tables(store::SchemaRegistry& r) {
  const std::string m(kModule);
  r.table(store::table_of(
      m, "udf_field",
      {"\"object\" TEXT NOT NULL", "\"name\" TEXT NOT NULL", "\"type\" TEXT NOT NULL",
       "\"width\" INTEGER NOT NULL DEFAULT 0", "\"scale\" INTEGER NOT NULL DEFAULT 0"},
      "PRIMARY KEY (\"object\", \"name\")"));
  // The primary key reads one record's values (get, list pages) and answers a filter's lookup per
  // row; (object, name) finds whether a field holds any value (udf remove).
  r.table(store::table_of(m, "udf_value",
                          {"\"object\" TEXT NOT NULL", "\"recid\" BIGINT NOT NULL",
                           "\"name\" TEXT NOT NULL", "\"s\" TEXT", "\"i\" BIGINT"},
                          "PRIMARY KEY (\"object\", \"recid\", \"name\")"));
  r.index({m, "udf_value_name",
           "CREATE INDEX IF NOT EXISTS udf_value_name ON udf_value (\"object\", \"name\", \"i\")"});
}

bool is_udf_name(std::string_view name) {
  return name.size() >= 4 && iequals(name.substr(0, 4), "udf_");
}

Problem undeclared(std::string_view object, std::string_view name, std::string field) {
  return validation_error(
      field.empty() ? std::string(name) : std::move(field),
      fmt::format("Unknown field '{}' for {}: a user-defined field must be declared first: "
                  "`sqlacc udf add {} {} TYPE` or POST /udf "
                  "{{\"object\":\"{}\",\"name\":\"{}\",\"type\":\"string\"}} (TYPE string, int, "
                  "decimal, bool or date)",
                  name, object, object, to_lower(name), object, to_lower(name)));
}

// ---- Declarations -------------------------------------------------------------------------------

std::vector<Declaration> list(store::Connection& conn, std::string_view object) {
  std::vector<Declaration> out;
  if (object.empty()) {
    Cursor st(conn, std::string(kSelect) + " ORDER BY \"object\", \"name\"");
    while (st->step()) out.push_back(read_declaration(*st));
  } else {
    Cursor st(conn, std::string(kSelect) + " WHERE \"object\" = ? ORDER BY \"name\"");
    st->bind_text(1, object);
    while (st->step()) out.push_back(read_declaration(*st));
  }
  return out;
}

FieldsPtr fields_of(store::Connection& conn, std::string_view object) {
  std::vector<Declaration> d = list(conn, object);
  if (d.empty()) return nullptr;
  return std::make_shared<const Fields>(std::move(d));
}

Declaration make_declaration(const Engine& engine, std::string_view object, std::string_view name,
                             std::string_view type, int width, int scale) {
  const ObjectSpec* spec = engine.find(object);
  if (!spec) {
    std::string known;
    for (const ObjectSpec* o : engine.objects())
      known += (known.empty() ? "" : ", ") + std::string(o->resource);
    throw validation_error(
        "object", fmt::format("Field 'object': unknown object '{}' (one of {})", object, known));
  }
  Declaration d;
  d.object = std::string(spec->resource);
  d.name = std::string(name);
  const bool chars_ok = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!name.starts_with("udf_") || name.size() == 4 || name.size() > kMaxNameLength || !chars_ok)
    throw validation_error(
        "name", fmt::format("Field 'name' must start with udf_ and hold only a-z, 0-9 and _, at "
                            "most {} characters (not '{}')",
                            kMaxNameLength, name));
  d.type = type_of(type);
  if (width >= 0 && d.type != FieldType::String)
    throw validation_error("width", "Field 'width' is for string fields only");
  if (scale >= 0 && d.type != FieldType::Decimal)
    throw validation_error("scale", "Field 'scale' is for decimal fields only");
  if (d.type == FieldType::String) {
    d.width = width < 0 ? kDefaultWidth : width;
    if (d.width < 1 || d.width > kMaxWidth)
      throw validation_error(
          "width", fmt::format("Field 'width' must be from 1 to {} characters", kMaxWidth));
  }
  if (d.type == FieldType::Decimal) {
    d.scale = scale < 0 ? kDefaultScale : scale;
    if (d.scale > kMaxScale)
      throw validation_error("scale", fmt::format("Field 'scale' must be from 0 to {}", kMaxScale));
  }
  return d;
}

void add(store::Connection& conn, const Declaration& d) {
  WriteScope scope(conn);
  const std::vector<Declaration> existing = list(conn, d.object);
  for (const Declaration& e : existing)
    if (e.name == d.name)
      throw Problem(409, problem_code::kConflict,
                    fmt::format("{} already has the user-defined field '{}' ({}); remove it first "
                                "to declare it again",
                                d.object, d.name, type_name(e.type)),
                    "name");
  if (existing.size() >= kMaxPerObject)
    throw validation_error("name", fmt::format("{} already has {} user-defined fields, the most "
                                               "an object may have",
                                               d.object, kMaxPerObject));
  Cursor st(conn,
            "INSERT INTO \"udf_field\" (\"object\", \"name\", \"type\", \"width\", \"scale\") "
            "VALUES (?, ?, ?, ?, ?)");
  st->bind_text(1, d.object);
  st->bind_text(2, d.name);
  st->bind_text(3, type_name(d.type));
  st->bind_int(4, d.width);
  st->bind_int(5, d.scale);
  st->step();
  scope.commit();
}

Declaration remove(store::Connection& conn, const Engine& engine, std::string_view object,
                   std::string_view name, bool force) {
  const ObjectSpec* spec = engine.find(object);
  WriteScope scope(conn);
  std::optional<Declaration> found;
  if (spec)
    for (Declaration& d : list(conn, spec->resource))
      if (iequals(d.name, name)) found = std::move(d);
  if (!found)
    throw not_found(fmt::format("No user-defined field '{}' on {} (GET /udf lists them)", name,
                                spec ? spec->resource : object));
  const std::string_view resource = spec->resource;
  if (!force) {
    Cursor st(conn,
              "SELECT \"recid\" FROM \"udf_value\" WHERE \"object\" = ? AND \"name\" = ? LIMIT 1");
    st->bind_text(1, resource);
    st->bind_text(2, found->name);
    if (st->step())
      throw Problem(409, problem_code::kConflict,
                    fmt::format("{}.{} holds values (record id {} and maybe others): clear them, "
                                "or remove with force (`sqlacc udf remove {} {} --force`, DELETE "
                                "/udf/{}/{}?force=true) to delete them too",
                                resource, found->name, st->get_int(0), resource, found->name,
                                resource, found->name));
  }
  for (std::string_view sql : {"DELETE FROM \"udf_value\" WHERE \"object\" = ? AND \"name\" = ?",
                               "DELETE FROM \"udf_field\" WHERE \"object\" = ? AND \"name\" = ?"}) {
    Cursor st(conn, sql);
    st->bind_text(1, resource);
    st->bind_text(2, found->name);
    st->step();
  }
  scope.commit();
  return *found;
}

json::object to_json(const Declaration& d) {
  return {{"object", d.object},
          {"name", d.name},
          {"type", type_name(d.type)},
          {"width", d.width},
          {"scale", d.scale}};
}

json::value example_value(const Declaration& d) {
  switch (d.type) {
    case FieldType::String:
      return json::string(std::string("Example").substr(0, static_cast<std::size_t>(d.width)));
    case FieldType::Int:
      return 1;
    case FieldType::Decimal:
      return json::string(d.scale > 0 ? "1." + std::string(static_cast<std::size_t>(d.scale), '0')
                                      : "1");
    case FieldType::Bool:
      return true;
    case FieldType::Date:
      return json::string("2026-01-01");
    case FieldType::List:  // not a udf type (kTypes)
      break;
  }
  return nullptr;
}

// ---- Records ------------------------------------------------------------------------------------

Input take_input(const ObjectInfo& info, const FieldsPtr& fields, json::object& body) {
  Input in;
  std::vector<std::string> taken;
  for (const auto& kv : body) {
    const std::string_view name(kv.key().data(), kv.key().size());
    if (!is_udf_name(name)) continue;
    const FieldSpec* f = fields ? fields->find(name) : nullptr;
    if (!f) throw undeclared(info.spec->resource, name);
    in.values.emplace_back(
        f, kv.value().is_null() ? default_cell(*f) : cell_from_json(*f, kv.value()));
    taken.emplace_back(name);
  }
  for (const std::string& k : taken) body.erase(k);
  // Dataset rows: not yet (udf.h); said plainly rather than as an unknown field.
  for (const DatasetInfo& d : info.datasets) {
    const auto* v = body.if_contains(d.spec->name);
    if (!v || !v->is_array()) continue;
    const json::array& rows = v->get_array();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].is_object()) continue;
      for (const auto& kv : rows[i].get_object()) {
        const std::string_view name(kv.key().data(), kv.key().size());
        if (!is_udf_name(name)) continue;
        const std::string path = fmt::format("{}[{}].{}", d.spec->name, i, name);
        throw validation_error(
            path, fmt::format("Field '{}': user-defined fields are declared on the record "
                              "({}), not on {} rows yet",
                              path, info.spec->resource, d.spec->name));
      }
    }
  }
  return in;
}

void write(store::Connection& conn, const ObjectInfo& info, std::int64_t id, const Input& input) {
  for (const auto& [f, cell] : input.values) {
    if (is_default(*f, cell)) {
      Cursor st(
          conn,
          "DELETE FROM \"udf_value\" WHERE \"object\" = ? AND \"recid\" = ? AND \"name\" = ?");
      st->bind_text(1, info.spec->resource);
      st->bind_int(2, id);
      st->bind_text(3, f->name);
      st->step();
      continue;
    }
    Cursor st(conn,
              "INSERT INTO \"udf_value\" (\"object\", \"recid\", \"name\", \"s\", \"i\") VALUES "
              "(?, ?, ?, ?, ?) ON CONFLICT (\"object\", \"recid\", \"name\") DO UPDATE SET \"s\" "
              "= excluded.\"s\", \"i\" = excluded.\"i\"");
    st->bind_text(1, info.spec->resource);
    st->bind_int(2, id);
    st->bind_text(3, f->name);
    if (text_column(f->type)) {
      st->bind_text(4, cell.s);
      st->bind_null(5);
    } else {
      st->bind_null(4);
      st->bind_int(5, cell.i);
    }
    st->step();
  }
}

void attach(store::Connection& conn, const ObjectInfo& info, const FieldsPtr& fields, Result& r) {
  if (!fields) return;
  r.udf = fields;
  const std::span<const FieldSpec> specs = fields->specs();
  Row defaults;
  for (const FieldSpec& f : specs) defaults.push_back(default_cell(f));
  std::unordered_map<std::int64_t, std::size_t> by_id;
  for (std::size_t k = 0; k < r.records.size(); ++k) {
    r.records[k].udf = defaults;
    by_id.emplace(r.records[k].id, k);
  }
  // One statement text for any page: ids in chunks of kChunk, the last chunk padded with its
  // last id (a list page of 50 is two queries, not 50).
  constexpr std::size_t kChunk = 32;
  static const std::string sql = [] {
    std::string s =
        "SELECT \"recid\", \"name\", \"s\", \"i\" FROM \"udf_value\" WHERE \"object\" = ? AND "
        "\"recid\" IN (?";
    for (std::size_t k = 1; k < kChunk; ++k) s += ", ?";
    return s + ")";
  }();
  for (std::size_t at = 0; at < r.records.size(); at += kChunk) {
    Cursor st(conn, sql);
    st->bind_text(1, info.spec->resource);
    for (std::size_t k = 0; k < kChunk; ++k)
      st->bind_int(static_cast<int>(k) + 2, r.records[std::min(at + k, r.records.size() - 1)].id);
    while (st->step()) {
      const auto rec = by_id.find(st->get_int(0));
      if (rec == by_id.end()) continue;
      const std::string_view name = st->get_text(1);
      for (std::size_t j = 0; j < specs.size(); ++j) {
        if (specs[j].name != name) continue;
        Cell& c = r.records[rec->second].udf[j];
        if (text_column(specs[j].type)) {
          c.null = st->is_null(2);
          if (!c.null) c.s = std::string(st->get_text(2));
        } else {
          c.i = st->is_null(3) ? 0 : st->get_int(3);
        }
      }
    }
  }
}

void erase(store::Connection& conn, const ObjectInfo& info, const FieldsPtr& fields,
           std::int64_t id) {
  if (!fields) return;  // values exist only for declared fields (remove deletes them)
  Cursor st(conn, "DELETE FROM \"udf_value\" WHERE \"object\" = ? AND \"recid\" = ?");
  st->bind_text(1, info.spec->resource);
  st->bind_int(2, id);
  st->step();
}

std::string column_sql(const ObjectInfo& info, const FieldSpec& f) {
  const bool text = text_column(f.type);
  const std::string value = fmt::format(
      "(SELECT v.{} FROM \"udf_value\" v WHERE v.\"object\" = {} AND v.\"recid\" = {}.{} AND "
      "v.\"name\" = {})",
      text ? "\"s\"" : "\"i\"", literal(info.spec->resource), quote_ident(info.spec->table),
      quote_ident(info.id_column), literal(f.name));
  if (f.type == FieldType::Date) return value;  // no date: NULL, as a built-in date
  return fmt::format("COALESCE({}, {})", value, text ? "''" : "0");
}

}  // namespace sqlacc::bizobject::udf
