#include "bizobject/object_info.h"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <charconv>
#include <optional>
#include <set>
#include <stdexcept>

#include "bizobject/documents.h"
#include "bizobject/record_input.h"
#include "bizobject/text.h"
#include "ledger/schema.h"
#include "util/decimal.h"

namespace sqlacc::bizobject {
namespace {

[[noreturn]] void bad_spec(const ObjectSpec& s, std::string_view what) {
  throw std::invalid_argument(fmt::format("bizobject spec '{}': {}", s.resource, what));
}

std::string sql_string_literal(std::string_view s) {
  std::string r = "'";
  for (char c : s) {
    if (c == '\'') r += '\'';
    r += c;
  }
  r += '\'';
  return r;
}

bool is_lower_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

void check_field(const ObjectSpec& s, const FieldSpec& f) {
  if (f.type == FieldType::Decimal && (f.scale < 0 || f.scale > Decimal::kMaxScale))
    bad_spec(s, fmt::format("field '{}': scale out of range", f.name));
  if (!f.choices.empty() && f.type != FieldType::String)
    bad_spec(s, fmt::format("field '{}': choices need a String", f.name));
  if (!f.references.empty() && f.type != FieldType::String)
    bad_spec(s, fmt::format("field '{}': references need a String", f.name));
  if (f.read_only && f.required)
    bad_spec(s, fmt::format("field '{}': read-only and required", f.name));
  if (f.required && f.example.empty())
    bad_spec(s, fmt::format("field '{}': required fields need an example (Postman)", f.name));
  if (f.input_only && (f.required || f.key || f.read_only || !f.references.empty() || f.indexed))
    bad_spec(s, fmt::format("field '{}': input-only fields are plain, optional fields", f.name));
  if (f.default_is_none && (f.references.empty() || f.default_value.empty()))
    bad_spec(s, fmt::format("field '{}': default_is_none needs a reference and a default", f.name));
  if ((f.type == FieldType::List) != !f.items.empty())
    bad_spec(s, fmt::format("field '{}': a List needs items, and only a List has them", f.name));
  if (f.type == FieldType::List && (!f.references.empty() || f.key || f.indexed))
    bad_spec(s, fmt::format("field '{}': a List cannot be a key, indexed or a reference", f.name));
  std::set<std::string_view> names;
  for (const FieldSpec& item : f.items) {
    if (!is_lower_name(item.name) || !names.insert(item.name).second)
      bad_spec(s, fmt::format("field '{}': item name '{}'", f.name, item.name));
    if (item.type == FieldType::List || item.read_only || item.input_only ||
        !item.references.empty() || (item.key && item.type != FieldType::String))
      bad_spec(s, fmt::format("field '{}': item '{}' must be a plain value", f.name, item.name));
    check_field(s, item);
  }
}

// What a SELECT reads for an input-only field (it has no column): its default, as a literal.
std::string default_literal(const FieldSpec& f, const Cell& d) {
  switch (f.type) {
    case FieldType::String:
    case FieldType::List:
      return sql_string_literal(d.s);
    case FieldType::Date:
      return d.null ? "NULL" : sql_string_literal(d.s);
    default:
      return std::to_string(d.i);
  }
}

Cell default_of(const ObjectSpec& s, const FieldSpec& f) {
  Cell def;
  std::string why;
  if (!f.default_value.empty() && !cell_from_text(f, f.default_value, def, why))
    bad_spec(s, fmt::format("field '{}': default {}", f.name, why));
  if (f.type == FieldType::Date && f.default_value.empty()) def.null = true;
  if (f.type == FieldType::List && f.default_value.empty()) def.s = "[]";
  Cell example;
  if (!f.example.empty() && !cell_from_text(f, f.example, example, why))
    bad_spec(s, fmt::format("field '{}': example {}", f.name, why));
  return def;
}

DatasetInfo compile_dataset(const ObjectSpec& s, const DatasetSpec& d) {
  DatasetInfo di;
  di.spec = &d;
  if (!is_lower_name(d.name)) bad_spec(s, fmt::format("dataset '{}' is not lower-case", d.name));
  di.table = d.table.empty() ? fmt::format("{}_{}", s.table, d.name) : std::string(d.table);
  if (!is_lower_name(di.table)) bad_spec(s, fmt::format("dataset table '{}'", di.table));
  if (d.fields.empty()) bad_spec(s, fmt::format("dataset '{}' has no fields", d.name));
  std::set<std::string_view> names;
  std::string select, cols, sets;
  for (const FieldSpec& f : d.fields) {
    if (!is_lower_name(f.name)) bad_spec(s, fmt::format("field '{}' is not lower-case", f.name));
    if (!names.insert(f.name).second) bad_spec(s, fmt::format("duplicate field '{}'", f.name));
    if (f.name == "dtlkey" || f.name == "seq" || f.name == "parentid")
      bad_spec(s, fmt::format("dataset field name '{}' is reserved", f.name));
    if (f.key) bad_spec(s, fmt::format("dataset field '{}' cannot be a key", f.name));
    // Rows' references are checked by read_datasets, which knows no "none" default.
    if (f.default_is_none)
      bad_spec(s, fmt::format("dataset field '{}': default_is_none is for record fields", f.name));
    for (const DatasetSpec& other : s.datasets)
      if (other.name == f.name) bad_spec(s, "dataset field named like a dataset");
    check_field(s, f);
    di.defaults.push_back(default_of(s, f));
    if (f.input_only) {
      select += default_literal(f, di.defaults.back()) + ",";
      continue;
    }
    di.stored_fields.push_back(di.defaults.size() - 1);
    select += quote_ident(f.name) + ",";
    cols += quote_ident(f.name) + ",";
    sets += ", " + quote_ident(f.name) + " = ?";
  }
  for (const FieldSpec& f : s.fields)
    if (f.name == d.name) bad_spec(s, fmt::format("dataset '{}' named like a field", d.name));
  const std::string t = quote_ident(di.table);
  di.sql_rows = fmt::format(
      "SELECT {}\"dtlkey\",\"seq\" FROM {} WHERE \"parentid\" = ? ORDER BY \"seq\", "
      "\"dtlkey\"",
      select, t);
  cols.pop_back();
  di.insert_head = fmt::format("INSERT INTO {} (\"dtlkey\",\"parentid\",\"seq\",{})", t, cols);
  di.sql_update = fmt::format("UPDATE {} SET \"seq\" = ?{} WHERE \"dtlkey\" = ?", t, sets);
  di.sql_delete_row = fmt::format("DELETE FROM {} WHERE \"dtlkey\" = ?", t);
  di.sql_delete_all = fmt::format("DELETE FROM {} WHERE \"parentid\" = ?", t);
  return di;
}

// A name of ObjectSpec::hook_names: "field", "dataset" or "dataset.field".
std::size_t hook_index(const ObjectInfo& info, std::string_view name) {
  const ObjectSpec& s = *info.spec;
  const std::size_t dot = name.find('.');
  if (dot == std::string_view::npos) {
    if (const int f = info.find_field(name); f >= 0) return static_cast<std::size_t>(f);
    if (const int d = info.find_dataset(name); d >= 0) return static_cast<std::size_t>(d);
    bad_spec(s, fmt::format("hook name '{}' is not a field or dataset", name));
  }
  const std::string_view dataset = name.substr(0, dot), field = name.substr(dot + 1);
  const int d = info.find_dataset(dataset);
  if (d < 0) bad_spec(s, fmt::format("hook name '{}': '{}' is not a dataset", name, dataset));
  const int f = info.datasets[static_cast<std::size_t>(d)].find_field(field);
  if (f < 0)
    bad_spec(s, fmt::format("hook name '{}': '{}' is not a field of {}", name, field, dataset));
  return static_cast<std::size_t>(f);
}

std::unique_ptr<ObjectInfo> compile(const ObjectSpec& s) {
  auto info = std::make_unique<ObjectInfo>();
  info->spec = &s;
  if (!is_lower_name(s.resource)) bad_spec(s, "resource must be lower-case [a-z0-9_]");
  if (!is_lower_name(s.table)) bad_spec(s, "table must be lower-case [a-z0-9_]");
  if (s.fields.empty()) bad_spec(s, "no fields");

  int keys = 0, lastmodified = 0;
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    const FieldSpec& f = s.fields[i];
    if (!is_lower_name(f.name)) bad_spec(s, fmt::format("field '{}' is not lower-case", f.name));
    if (!names.insert(f.name).second) bad_spec(s, fmt::format("duplicate field '{}'", f.name));
    if (f.name == "id") bad_spec(s, "field name 'id' is reserved");
    if (f.key) {
      ++keys;
      info->key_field = i;
      if (f.type != FieldType::String || (!f.required && s.docno_prefix.empty()) || f.read_only)
        bad_spec(s, "the key field must be a required (or numbered), writable String");
    }
    if (f.name == "lastmodified") {
      ++lastmodified;
      info->lastmodified_field = i;
      if (f.type != FieldType::Int || !f.read_only)
        bad_spec(s, "lastmodified must be read-only Int");
    }
    if (f.name == "autokey" || f.name == "dockey") {
      if (s.key_kind != KeyKind::AutoKey)
        bad_spec(s, fmt::format("'{}' field on a Code-keyed object", f.name));
      if (f.type != FieldType::Int || !f.read_only)
        bad_spec(s, fmt::format("{} must be read-only Int", f.name));
      if (info->autokey_field >= 0) bad_spec(s, "both autokey and dockey");
      info->autokey_field = static_cast<int>(i);
    }
    check_field(s, f);
    info->defaults.push_back(default_of(s, f));
  }
  if (keys != 1) bad_spec(s, "needs exactly one key field");
  if (lastmodified != 1) bad_spec(s, "needs a lastmodified field");
  if (s.key_kind == KeyKind::AutoKey && info->autokey_field < 0)
    bad_spec(s, "AutoKey objects need an 'autokey' or 'dockey' field");
  info->id_column = s.key_kind == KeyKind::AutoKey
                        ? std::string(s.fields[static_cast<std::size_t>(info->autokey_field)].name)
                        : "id";
  for (const DatasetSpec& d : s.datasets) info->datasets.push_back(compile_dataset(s, d));
  if (const int uc = info->find_field("updatecount"); uc >= 0) info->updatecount_field = uc;
  for (std::string_view name : s.hook_names) info->hook_indexes.push_back(hook_index(*info, name));

  // SQL texts, built once.
  const std::string table = quote_ident(s.table);
  const std::string id = quote_ident(info->id_column);
  const std::string key = quote_ident(s.fields[info->key_field].name);
  for (std::size_t i = 0; i < s.fields.size(); ++i)
    info->column_sql.push_back(s.fields[i].input_only
                                   ? default_literal(s.fields[i], info->defaults[i])
                                   : quote_ident(s.fields[i].name));
  info->from_ledger.assign(s.fields.size(), false);
  build_read_sql(*info);
  info->sql_key_of = fmt::format("SELECT {} FROM {} WHERE UPPER({}) = UPPER(?)", key, table, key);

  std::string cols, marks, sets;
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    if (static_cast<int>(i) == info->autokey_field || s.fields[i].input_only) continue;
    info->insert_fields.push_back(i);
    if (!cols.empty()) {
      cols += ',';
      marks += ',';
    }
    cols += quote_ident(s.fields[i].name);
    marks += '?';
    if (i == info->key_field) continue;
    info->update_fields.push_back(i);
    if (!sets.empty()) sets += ',';
    sets += quote_ident(s.fields[i].name) + " = ?";
  }
  // The id first, named (store::Connection::next_id): nothing to read back.
  info->sql_insert = fmt::format("INSERT INTO {} ({}{}{}) VALUES (?{}{})", table, id,
                                 cols.empty() ? "" : ",", cols, marks.empty() ? "" : ",", marks);
  info->sql_update = fmt::format("UPDATE {} SET {} WHERE {} = ?", table, sets, id);
  info->sql_delete = fmt::format("DELETE FROM {} WHERE {} = ?", table, id);
  info->unfiltered.count = fmt::format("SELECT COUNT(*) FROM {}", table);
  return info;
}

}  // namespace

int ObjectInfo::find_field(std::string_view name) const {
  return text::find_by_name(spec->fields, name);
}

int ObjectInfo::find_dataset(std::string_view name) const {
  for (std::size_t i = 0; i < datasets.size(); ++i)
    if (iequals(datasets[i].spec->name, name)) return static_cast<int>(i);
  return -1;
}

int DatasetInfo::find_field(std::string_view name) const {
  return text::find_by_name(spec->fields, name);
}

std::string quote_ident(std::string_view name) { return fmt::format("\"{}\"", name); }

std::string column_ddl(const FieldSpec& f, const Cell& d) {
  std::string col = quote_ident(f.name);
  switch (f.type) {
    case FieldType::String:
    case FieldType::List:
      return fmt::format("{} TEXT NOT NULL DEFAULT {}", col, sql_string_literal(d.s));
    case FieldType::Date:
      return d.null ? col + " TEXT"
                    : fmt::format("{} TEXT DEFAULT {}", col, sql_string_literal(d.s));
    case FieldType::Int:
    case FieldType::Decimal:
    case FieldType::Bool:
      return fmt::format("{} INTEGER NOT NULL DEFAULT {}", col, d.i);
  }
  return col;
}

bool cell_from_text(const FieldSpec& f, std::string_view text, Cell& out, std::string& why) {
  out = Cell{};
  switch (f.type) {
    case FieldType::String:
      out.s = std::string(text);
      return true;
    case FieldType::Int: {
      std::string_view t = text;
      if (!t.empty() && t[0] == '+') t.remove_prefix(1);
      auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out.i);
      if (t.empty() || ec != std::errc() || p != t.data() + t.size() || t[0] == '+') {
        why = ec == std::errc::result_out_of_range ? "is out of range" : "must be an integer";
        return false;
      }
      return true;
    }
    case FieldType::Decimal: {
      DecimalError err;
      auto d = Decimal::parse(text, f.scale, &err);
      if (!d) {
        why = err == DecimalError::Overflow ? "is out of range"
              : err == DecimalError::Precision
                  ? fmt::format("allows at most {} decimal places", f.scale)
                  : "must be a decimal number";
        return false;
      }
      out.i = d->units();
      return true;
    }
    case FieldType::Bool:
      if (iequals(text, "true") || text == "1" || iequals(text, "t")) {
        out.i = 1;
        return true;
      }
      if (iequals(text, "false") || text == "0" || iequals(text, "f")) return true;
      why = "must be true or false";
      return false;
    case FieldType::Date:
      if (text.empty()) {
        out.null = true;
        return true;
      }
      if (!is_valid_date(text)) {
        why = "must be a date YYYY-MM-DD";
        return false;
      }
      out.s = std::string(text);
      return true;
    case FieldType::List:
      try {
        out = cell_from_json(
            f, boost::json::parse(boost::json::string_view(text.data(), text.size())));
      } catch (const std::exception& e) {
        why = e.what();
        return false;
      }
      return true;
  }
  return false;
}

void build_read_sql(ObjectInfo& info) {
  const ObjectSpec& s = *info.spec;
  const std::string table = quote_ident(s.table);
  const std::string id = quote_ident(info.id_column);
  const std::string key = quote_ident(s.fields[info.key_field].name);
  std::string stored;  // with the fields from the ledger as 0
  info.select_columns.clear();
  for (std::size_t i = 0; i < s.fields.size(); ++i) {
    info.select_columns += info.column_sql[i] + ',';
    stored += (info.from_ledger[i] ? std::string("0") : info.column_sql[i]) + ',';
  }
  info.select_columns += id;
  stored += id;
  const std::string from = fmt::format("SELECT {} FROM {}", info.select_columns, table);
  const std::string by_key = fmt::format(" WHERE UPPER({}) = UPPER(?)", key);
  info.sql_by_key = from + by_key;
  info.sql_master_by_key = fmt::format("SELECT {} FROM {}{}", stored, table, by_key);
  info.sql_by_id = fmt::format("{} WHERE {} = ?", from, id);
  info.unfiltered.select = fmt::format("{} ORDER BY UPPER({}), {} LIMIT ? OFFSET ?", from, key, id);
}

std::vector<std::unique_ptr<ObjectInfo>> compile_objects(std::span<const ObjectSpec* const> specs) {
  std::vector<std::unique_ptr<ObjectInfo>> infos;
  std::set<std::string_view> resources, tables;
  for (const ObjectSpec* s : specs) {
    if (!resources.insert(s->resource).second)
      throw std::invalid_argument(fmt::format("duplicate resource '{}'", s->resource));
    if (!tables.insert(s->table).second)
      throw std::invalid_argument(fmt::format("duplicate table '{}'", s->table));
    infos.push_back(compile(*s));
    for (const DatasetInfo& d : infos.back()->datasets)
      if (!tables.insert(d.table).second)
        throw std::invalid_argument(fmt::format("duplicate table '{}'", d.table));
  }
  auto by_resource = [&](std::string_view r) -> ObjectInfo* {
    for (auto& i : infos)
      if (i->spec->resource == r) return i.get();
    return nullptr;
  };
  for (auto& from : infos) {
    const ObjectSpec& s = *from->spec;
    from->ref_targets.assign(s.fields.size(), nullptr);
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
      const FieldSpec& f = s.fields[i];
      if (f.references.empty()) continue;
      ObjectInfo* target = by_resource(f.references);
      if (!target)
        bad_spec(s, fmt::format("field '{}' references unknown '{}'", f.name, f.references));
      from->ref_targets[i] = target;
      target->referrers.push_back(
          {from.get(), std::string(f.name),
           fmt::format("SELECT {} FROM {} WHERE UPPER({}) = UPPER(?) LIMIT 1",
                       quote_ident(s.fields[from->key_field].name), quote_ident(s.table),
                       quote_ident(f.name))});
    }
    for (DatasetInfo& d : from->datasets) {
      d.ref_targets.assign(d.field_count(), nullptr);
      for (std::size_t i = 0; i < d.field_count(); ++i) {
        const FieldSpec& f = d.field(i);
        if (f.references.empty()) continue;
        ObjectInfo* target = by_resource(f.references);
        if (!target)
          bad_spec(s, fmt::format("field '{}.{}' references unknown '{}'", d.spec->name, f.name,
                                  f.references));
        d.ref_targets[i] = target;
        target->referrers.push_back(
            {from.get(), fmt::format("{}.{}", d.spec->name, f.name),
             fmt::format("SELECT p.{} FROM {} c JOIN {} p ON p.{} = c.\"parentid\" WHERE "
                         "UPPER(c.{}) = UPPER(?) LIMIT 1",
                         quote_ident(s.fields[from->key_field].name), quote_ident(d.table),
                         quote_ident(s.table), quote_ident(from->id_column), quote_ident(f.name))});
      }
    }
  }
  link_documents(infos);
  return infos;
}

namespace {

// A table of an object or dataset: `pk` the INTEGER PRIMARY KEY AUTOINCREMENT, then `columns`.
// Columns a newer spec adds reach existing tables through the registry (ADD COLUMN with the
// field's default).
store::TableDecl object_table(std::string_view table, std::string_view pk,
                              std::vector<store::ColumnDecl> columns) {
  store::TableDecl t{std::string(kSchemaModule), std::string(table), {}, ""};
  t.columns.push_back(
      {std::string(pk), fmt::format("{} INTEGER PRIMARY KEY AUTOINCREMENT", quote_ident(pk))});
  for (auto& c : columns) t.columns.push_back(std::move(c));
  return t;
}

}  // namespace

void register_tables(store::SchemaRegistry& registry,
                     const std::vector<std::unique_ptr<ObjectInfo>>& infos) {
  if (!registry.add_module(kSchemaModule)) return;
  const std::string m(kSchemaModule);
  auto index = [&](std::string name, std::string_view unique, std::string_view table,
                   std::string_view on) {
    std::string sql = fmt::format("CREATE {}INDEX IF NOT EXISTS {} ON {} ({})", unique,
                                  quote_ident(name), quote_ident(table), on);
    registry.index({m, std::move(name), std::move(sql)});
  };
  for (const auto& info : infos) {
    const ObjectSpec& s = *info->spec;
    std::vector<store::ColumnDecl> columns;
    for (std::size_t i = 0; i < s.fields.size(); ++i)
      if (static_cast<int>(i) != info->autokey_field && !s.fields[i].input_only)
        columns.push_back(
            {std::string(s.fields[i].name), column_ddl(s.fields[i], info->defaults[i])});
    registry.table(object_table(s.table, info->id_column, std::move(columns)));
    const std::string key = quote_ident(s.fields[info->key_field].name);
    index(fmt::format("{}_code_uk", s.table), "UNIQUE ", s.table, fmt::format("UPPER({})", key));
    index(fmt::format("{}_lastmodified_ix", s.table), "", s.table, quote_ident("lastmodified"));
    // An indexed field of a record: (field, key, id), so a filtered list reads its page in the
    // list's own order (ORDER BY UPPER(key), id) instead of sorting every match. Of a dataset row:
    // the field alone (reference checks).
    auto index_fields = [&](const std::string& t, std::span<const FieldSpec> fields,
                            std::string_view order) {
      for (const FieldSpec& f : fields)
        if (f.indexed)
          index(fmt::format("{}_{}_ix", t, f.name), "", t,
                fmt::format("{}{}",
                            f.type == FieldType::String
                                ? fmt::format("UPPER({})", quote_ident(f.name))
                                : quote_ident(f.name),
                            order));
    };
    index_fields(std::string(s.table), s.fields,
                 fmt::format(", UPPER({}), {}", key, quote_ident(info->id_column)));
    for (const DatasetInfo& d : info->datasets) {
      std::vector<store::ColumnDecl> dcols{{"parentid", "\"parentid\" INTEGER NOT NULL"},
                                           {"seq", "\"seq\" INTEGER NOT NULL DEFAULT 0"}};
      for (std::size_t i : d.stored_fields)
        dcols.push_back({std::string(d.field(i).name), column_ddl(d.field(i), d.defaults[i])});
      registry.table(object_table(d.table, "dtlkey", std::move(dcols)));
      index(d.table + "_parent_ix", "", d.table, "\"parentid\", \"seq\"");
      index_fields(d.table, d.spec->fields, "");
    }
  }
  registry.table(
      store::table_of(m, "docno_series",
                      {"\"resource\" TEXT NOT NULL PRIMARY KEY", "\"nextno\" INTEGER NOT NULL"}));
  register_document_tables(registry);
  // Which columns each table had, kept by the first versioned release; the catalogue says it now.
  registry.step({m, 1, "drop bizobject_column (columns are read from the catalogue)",
                 [](store::Connection& c) { c.exec("DROP TABLE IF EXISTS bizobject_column"); }});
  register_document_steps(registry, infos);  // step 2 on
  for (const auto& info : infos)
    if (info->spec->posting) {
      ledger::register_schema(registry);
      break;
    }
}

namespace {

// How a cell is stored, told to `to` (null / integer / text): dates may be NULL, money, quantities
// and flags are integer units. One place for both ways of writing a row.
template <class Sink>
void store_cell(Sink&& to, const FieldSpec& f, const Cell& c) {
  switch (f.type) {
    case FieldType::String:
    case FieldType::List:
      to.text(c.s);
      break;
    case FieldType::Date:
      if (c.null)
        to.null();
      else
        to.text(c.s);
      break;
    default:
      to.integer(c.i);
  }
}

// A statement parameter as a store_cell sink.
struct Parameter {
  store::Statement& st;
  int index;
  void null() { st.bind_null(index); }
  void integer(std::int64_t v) { st.bind_int(index, v); }
  void text(std::string_view v) { st.bind_text(index, v); }
};

}  // namespace

void bind_cell(store::Statement& st, int index, const FieldSpec& f, const Cell& c) {
  store_cell(Parameter{st, index}, f, c);
}

void add_cell(store::BatchInsert& insert, const FieldSpec& f, const Cell& c) {
  store_cell(insert, f, c);
}

Row read_cells(std::span<const FieldSpec> fields, const store::Statement& st) {
  Row row(fields.size());
  for (std::size_t i = 0; i < row.size(); ++i) {
    int c = static_cast<int>(i);
    switch (fields[i].type) {
      case FieldType::String:
      case FieldType::List:
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

}  // namespace sqlacc::bizobject
