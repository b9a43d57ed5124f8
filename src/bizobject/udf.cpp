#include "bizobject/udf.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
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

std::string rows_object(std::string_view resource, std::string_view dataset) {
  return fmt::format("{}.{}", resource, dataset);
}

std::optional<std::string> canonical_object(const Engine& engine, std::string_view object) {
  const std::size_t dot = object.find('.');
  const ObjectSpec* spec = engine.find(object.substr(0, dot));
  if (!spec) return std::nullopt;
  if (dot == std::string_view::npos) return std::string(spec->resource);
  for (const DatasetSpec& d : spec->datasets)
    if (iequals(d.name, object.substr(dot + 1))) return rows_object(spec->resource, d.name);
  return std::nullopt;
}

Declaration make_declaration(const Engine& engine, std::string_view object, std::string_view name,
                             std::string_view type, int width, int scale) {
  const std::optional<std::string> canonical = canonical_object(engine, object);
  if (!canonical) {
    std::string known;
    for (const ObjectSpec* o : engine.objects())
      known += (known.empty() ? "" : ", ") + std::string(o->resource);
    throw validation_error(
        "object", fmt::format("Field 'object': unknown object '{}' (one of {}; the rows of a "
                              "dataset as OBJECT.DATASET, e.g. salesinvoice.sdsdocdetail)",
                              object, known));
  }
  Declaration d;
  d.object = *canonical;
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
  const std::optional<std::string> canonical = canonical_object(engine, object);
  WriteScope scope(conn);
  std::optional<Declaration> found;
  if (canonical)
    for (Declaration& d : list(conn, *canonical))
      if (iequals(d.name, name)) found = std::move(d);
  if (!found)
    throw not_found(fmt::format("No user-defined field '{}' on {} (GET /udf lists them)", name,
                                canonical ? std::string_view(*canonical) : object));
  const std::string_view resource = *canonical;
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
  return in;
}

std::vector<RowInput> take_row_input(const ObjectInfo& info, const Declared& declared,
                                     json::object& body) {
  std::vector<RowInput> out;
  // The arrays apply_body reads: a dataset named in any letter case (parse_body refuses a name
  // given twice; null is as if absent, another type apply_body refuses).
  for (auto& kv : body) {
    const std::string_view key(kv.key().data(), kv.key().size());
    const int d = info.find_field(key) < 0 ? info.find_dataset(key) : -1;
    if (d < 0 || !kv.value().is_array()) continue;
    const auto ds = static_cast<std::size_t>(d);
    const std::string_view dataset = info.datasets[ds].spec->name;
    json::array& rows = kv.value().get_array();
    const Fields* fields = ds < declared.rows.size() ? declared.rows[ds].get() : nullptr;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].is_object()) continue;  // apply_body refuses it, naming the row
      json::object& row = rows[i].get_object();
      RowInput in{ds, i, {}};
      std::vector<std::string> taken;
      for (const auto& kv : row) {
        const std::string_view name(kv.key().data(), kv.key().size());
        if (!is_udf_name(name)) continue;
        const std::string path = fmt::format("{}[{}].{}", dataset, i, name);
        const FieldSpec* f = fields ? fields->find(name) : nullptr;
        if (!f) throw undeclared(rows_object(info.spec->resource, dataset), name, path);
        try {
          in.input.values.emplace_back(
              f, kv.value().is_null() ? default_cell(*f) : cell_from_json(*f, kv.value()));
        } catch (const Problem& p) {
          if (p.status >= 500) throw;
          throw validation_error(path, fmt::format("Field '{}': {}", path, p.what()));
        }
        taken.emplace_back(name);
      }
      for (const std::string& k : taken) row.erase(k);
      if (!in.input.values.empty()) out.push_back(std::move(in));
    }
  }
  return out;
}

void write(store::Connection& conn, const ObjectInfo& info, std::int64_t id, const Input& input) {
  write_values(conn, info.spec->resource, id, input);
}

void write_values(store::Connection& conn, std::string_view object, std::int64_t id,
                  const Input& input) {
  for (const auto& [f, cell] : input.values) {
    if (is_default(*f, cell)) {
      Cursor st(
          conn,
          "DELETE FROM \"udf_value\" WHERE \"object\" = ? AND \"recid\" = ? AND \"name\" = ?");
      st->bind_text(1, object);
      st->bind_int(2, id);
      st->bind_text(3, f->name);
      st->step();
      continue;
    }
    Cursor st(conn,
              "INSERT INTO \"udf_value\" (\"object\", \"recid\", \"name\", \"s\", \"i\") VALUES "
              "(?, ?, ?, ?, ?) ON CONFLICT (\"object\", \"recid\", \"name\") DO UPDATE SET \"s\" "
              "= excluded.\"s\", \"i\" = excluded.\"i\"");
    st->bind_text(1, object);
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

namespace {

// The stored values of `object`'s records `ids`, by id: each a Row parallel to `specs`, a field
// without a value its type's default; ids holding no value are absent.
std::unordered_map<std::int64_t, Row> load_values(store::Connection& conn, std::string_view object,
                                                  std::span<const FieldSpec> specs,
                                                  const std::vector<std::int64_t>& ids) {
  std::unordered_map<std::int64_t, Row> out;
  if (ids.empty()) return out;
  Row defaults;
  for (const FieldSpec& f : specs) defaults.push_back(default_cell(f));
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
  for (std::size_t at = 0; at < ids.size(); at += kChunk) {
    Cursor st(conn, sql);
    st->bind_text(1, object);
    for (std::size_t k = 0; k < kChunk; ++k)
      st->bind_int(static_cast<int>(k) + 2, ids[std::min(at + k, ids.size() - 1)]);
    while (st->step()) {
      const std::string_view name = st->get_text(1);
      for (std::size_t j = 0; j < specs.size(); ++j) {
        if (specs[j].name != name) continue;
        Row& row = out.try_emplace(st->get_int(0), defaults).first->second;
        Cell& c = row[j];
        if (text_column(specs[j].type)) {
          c.null = st->is_null(2);
          if (!c.null) c.s = std::string(st->get_text(2));
        } else {
          c.i = st->is_null(3) ? 0 : st->get_int(3);
        }
      }
    }
  }
  return out;
}

Row defaults_of(const Fields& fields) {
  Row row;
  for (const FieldSpec& f : fields.specs()) row.push_back(default_cell(f));
  return row;
}

// The dtlkeys of record `parent`'s rows in dataset `d`, ascending.
std::vector<std::int64_t> row_keys(store::Connection& conn, const DatasetInfo& d,
                                   std::int64_t parent) {
  std::vector<std::int64_t> keys;
  Cursor st(conn,
            fmt::format("SELECT \"dtlkey\" FROM {} WHERE \"parentid\" = ? ORDER BY \"dtlkey\"",
                        quote_ident(d.table)));
  st->bind_int(1, parent);
  while (st->step()) keys.push_back(st->get_int(0));
  return keys;
}

void delete_values(store::Connection& conn, std::string_view object,
                   const std::vector<std::int64_t>& ids) {
  for (std::int64_t id : ids) {
    Cursor st(conn, "DELETE FROM \"udf_value\" WHERE \"object\" = ? AND \"recid\" = ?");
    st->bind_text(1, object);
    st->bind_int(2, id);
    st->step();
  }
}

}  // namespace

void attach(store::Connection& conn, const ObjectInfo& info, const FieldsPtr& fields, Result& r) {
  if (!fields) return;
  r.udf = fields;
  std::vector<std::int64_t> ids;
  for (const Record& rec : r.records) ids.push_back(rec.id);
  auto values = load_values(conn, info.spec->resource, fields->specs(), ids);
  const Row defaults = defaults_of(*fields);
  for (Record& rec : r.records) {
    const auto v = values.find(rec.id);
    rec.udf = v == values.end() ? defaults : std::move(v->second);
  }
}

namespace {

// The declarations of each object read so far on one connection, kept until a row of udf_field
// changes (store::RowWatcher): every write and read of a record asks for them, and they change
// only when a user declares or removes a field.
class DeclaredCache final : public store::RowWatcher {
 public:
  const Declared* find(const ObjectInfo& info) const {
    const auto it = by_object_.find(info.spec->resource);
    return it == by_object_.end() || it->second.first != &info ? nullptr : &it->second.second;
  }
  void keep(const ObjectInfo& info, const Declared& d) {
    by_object_[std::string(info.spec->resource)] = {&info, d};
  }

  void row_changed(std::string_view table, std::int64_t) override { table_changed(table); }
  void table_changed(std::string_view table) override {
    if (table == "udf_field") forget_all();
  }
  void forget_all() override { by_object_.clear(); }

 private:
  // resource -> the declarations, and the ObjectInfo they were read for (their datasets' order)
  std::map<std::string, std::pair<const ObjectInfo*, Declared>, std::less<>> by_object_;
};

Declared read_declared(store::Connection& conn, const ObjectInfo& info) {
  Declared out;
  out.rows.resize(info.datasets.size());
  if (info.datasets.empty()) {
    out.record = fields_of(conn, info.spec->resource);
    return out;
  }
  // One query for the record's and its rows' declarations: the object itself, and the names
  // between "resource." and "resource/" ('/' follows '.'): its datasets, on the primary key.
  std::map<std::string, std::vector<Declaration>> by_object;
  {
    Cursor st(conn, std::string(kSelect) +
                        " WHERE \"object\" = ? OR (\"object\" > ? AND \"object\" < ?) ORDER BY "
                        "\"object\", \"name\"");
    st->bind_text(1, info.spec->resource);
    st->bind_text(2, fmt::format("{}.", info.spec->resource));
    st->bind_text(3, fmt::format("{}/", info.spec->resource));
    while (st->step()) {
      Declaration d = read_declaration(*st);
      by_object[d.object].push_back(std::move(d));
    }
  }
  const auto take = [&](const std::string& object) -> FieldsPtr {
    auto it = by_object.find(object);
    if (it == by_object.end()) return nullptr;
    return std::make_shared<const Fields>(std::move(it->second));
  };
  out.record = take(std::string(info.spec->resource));
  for (std::size_t ds = 0; ds < info.datasets.size(); ++ds)
    out.rows[ds] = take(rows_object(info.spec->resource, info.datasets[ds].spec->name));
  return out;
}

}  // namespace

Declared declared_on(store::Connection& conn, const ObjectInfo& info) {
  DeclaredCache* cache = conn.watcher<DeclaredCache>();
  if (!cache) return read_declared(conn, info);
  if (const Declared* kept = cache->find(info)) return *kept;
  Declared d = read_declared(conn, info);
  cache->keep(info, d);
  return d;
}

void write_rows(store::Connection& conn, const ObjectInfo& info, std::int64_t parent,
                const std::vector<DatasetEdit>& edits, const std::vector<RowInput>& inputs) {
  for (std::size_t ds = 0; ds < info.datasets.size(); ++ds) {
    bool any = false;
    for (const RowInput& in : inputs) any = any || in.dataset == ds;
    if (!any) continue;
    // The body's rows are the edit's rows, in order. New rows got their dtlkeys in the order they
    // were inserted (write_datasets: one writer per company, keys from an ascending sequence), so
    // the keys that are not a kept row's are theirs, in that order.
    const std::vector<DatasetRowEdit>& rows = edits[ds].rows;
    std::set<std::int64_t> kept;
    for (const DatasetRowEdit& r : rows)
      if (r.dtlkey != 0) kept.insert(r.dtlkey);
    std::vector<std::int64_t> fresh;
    for (std::int64_t k : row_keys(conn, info.datasets[ds], parent))
      if (!kept.count(k)) fresh.push_back(k);
    std::vector<std::int64_t> key_of(rows.size(), 0);
    std::size_t next = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
      key_of[i] = rows[i].dtlkey != 0 ? rows[i].dtlkey : next < fresh.size() ? fresh[next++] : 0;
    if (next != fresh.size()) throw std::logic_error("udf: new rows and new dtlkeys differ");
    const std::string object = rows_object(info.spec->resource, info.datasets[ds].spec->name);
    for (const RowInput& in : inputs)
      if (in.dataset == ds && in.row < key_of.size() && key_of[in.row] != 0)
        write_values(conn, object, key_of[in.row], in.input);
  }
}

void forget_rows(store::Connection& conn, const ObjectInfo& info, const Declared& declared,
                 std::int64_t parent, const std::vector<DatasetEdit>* edits) {
  for (std::size_t ds = 0; ds < info.datasets.size(); ++ds) {
    if (!declared.rows[ds]) continue;            // values exist only for declared fields
    if (edits && !(*edits)[ds].given) continue;  // an array left out keeps its rows
    std::set<std::int64_t> kept;
    if (edits)
      for (const DatasetRowEdit& r : (*edits)[ds].rows)
        if (r.dtlkey != 0) kept.insert(r.dtlkey);
    std::vector<std::int64_t> gone;
    for (std::int64_t k : row_keys(conn, info.datasets[ds], parent))
      if (!kept.count(k)) gone.push_back(k);
    delete_values(conn, rows_object(info.spec->resource, info.datasets[ds].spec->name), gone);
  }
}

void attach_rows(store::Connection& conn, const ObjectInfo& info, const Declared& declared,
                 Result& r) {
  if (std::none_of(declared.rows.begin(), declared.rows.end(), [](const auto& f) { return f; }))
    return;
  r.row_udf.assign(declared.rows.begin(), declared.rows.end());
  for (std::size_t ds = 0; ds < declared.rows.size(); ++ds) {
    const FieldsPtr& fields = declared.rows[ds];
    if (!fields) continue;
    const std::string object = rows_object(info.spec->resource, info.datasets[ds].spec->name);
    std::vector<std::int64_t> ids;
    for (const Record& rec : r.records)
      if (ds < rec.datasets.size())
        for (const DatasetRow& row : rec.datasets[ds].rows) ids.push_back(row.dtlkey);
    auto values = load_values(conn, object, fields->specs(), ids);
    const Row defaults = defaults_of(*fields);
    for (Record& rec : r.records)
      if (ds < rec.datasets.size())
        for (DatasetRow& row : rec.datasets[ds].rows) {
          const auto v = values.find(row.dtlkey);
          row.udf = v == values.end() ? defaults : std::move(v->second);
        }
  }
}

void erase(store::Connection& conn, const ObjectInfo& info, const FieldsPtr& fields,
           std::int64_t id) {
  if (!fields) return;  // values exist only for declared fields (remove deletes them)
  delete_values(conn, info.spec->resource, {id});
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
