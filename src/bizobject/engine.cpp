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

#include "bizobject/cursor.h"
#include "bizobject/documents.h"
#include "bizobject/master_lookup.h"
#include "bizobject/object_info.h"
#include "bizobject/query.h"
#include "bizobject/record_input.h"
#include "bizobject/text.h"
#include "bizobject/udf.h"
#include "ledger/ledger_store.h"
#include "store/migrations.h"
#include "util/decimal.h"

namespace sqlacc::bizobject {
namespace json = boost::json;

namespace {

// ---- Reading records ----------------------------------------------------------------------------

// The rows of dataset `d` its bound query `st` reads (then reset).
DatasetRows read_dataset(const DatasetInfo& d, store::Statement& query) {
  DatasetRows out;
  out.spec = d.spec;
  Cursor st(query);
  const auto n = static_cast<int>(d.field_count());
  while (st->step())
    out.rows.push_back({st->get_int(n), st->get_int(n + 1), read_cells(d.spec->fields, *st)});
  return out;
}

store::Statement& dataset_query(store::Connection& conn, const DatasetInfo& d,
                                std::int64_t parent) {
  store::Statement& st = conn.prepare(d.sql_rows);
  st.bind_int(1, parent);
  return st;
}

// Reads the sub-dataset rows of `r` (get, star, delete), each dataset in seq then dtlkey order.
void load_datasets(store::Connection& conn, const ObjectInfo& info, Record& r) {
  r.datasets.reserve(info.datasets.size());
  for (const DatasetInfo& d : info.datasets)
    r.datasets.push_back(read_dataset(d, dataset_query(conn, d, r.id)));
}

std::int64_t row_id(const ObjectInfo& info, const store::Statement& st) {
  return st.get_int(static_cast<int>(info.field_count()));
}

// The record of a positioned statement (fields in spec order, then the id column) with its
// sub-datasets.
Record full_record(store::Connection& conn, const ObjectInfo& info, const store::Statement& st) {
  Record r{read_cells(info.spec->fields, st), row_id(info, st), {}};
  load_datasets(conn, info, r);
  return r;
}

Result result_of(const ObjectInfo& info) {
  Result r;
  r.spec = info.spec;
  return r;
}

Row read_row(const ObjectInfo& info, const store::Statement& st, std::int64_t& id) {
  Row row = read_cells(info.spec->fields, st);
  id = row_id(info, st);
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
    throw Problem(404, problem_code::kNotFound,
                  fmt::format("No record found: {} '{}'", info.spec->resource, key));
  return row;
}

struct Prepared {
  Row row;
  std::vector<DatasetEdit> datasets;
  udf::Declared declared;  // the company's udf_* of this object and its rows (udf.h)
  udf::Input udf;
  std::vector<udf::RowInput> row_udf;
};

Prepared prepare_create(store::Connection& conn, MasterLookup& lookup, const ObjectInfo& info,
                        std::string_view body, std::size_t max_rows) {
  json::object o = parse_body(body);
  Prepared p;
  p.declared = udf::declared_on(conn, info);
  p.udf = udf::take_input(info, p.declared.record, o);
  p.row_udf = udf::take_row_input(info, p.declared, o);
  p.row = info.defaults;
  std::vector<bool> given(p.row.size(), false);
  DatasetArrays arrays;
  apply_body(info, o, p.row, given, arrays, max_rows);
  check_required(info, p.row, given, true);
  check_new_code(info, p.row);
  // Every reference of a new record is checked, defaults included.
  check_references(conn, info, p.row, std::vector<bool>(p.row.size(), true));
  p.datasets = read_datasets(conn, info, arrays, 0);
  if (info.spec->hook) {
    RecordEdit edit{info, true, p.row, given, nullptr, p.datasets};
    info.spec->hook(edit);
  }
  RecordEdit edit{info, true, p.row, given, nullptr, p.datasets};
  complete_document(conn, lookup, edit);
  return p;
}

// Re-reads a written row by id: the record with its datasets and user-defined fields.
Result result_by_id(store::Connection& conn, const ObjectInfo& info, std::int64_t id,
                    const udf::Declared& declared) {
  Result r = result_of(info);
  {
    // The record and its datasets all by id: every query is sent before the first answer is
    // read (one round trip on PostgreSQL in the group commit, instead of one each).
    Cursor st(conn, info.sql_by_id);
    st->bind_int(1, id);
    st->send_ahead();
    std::vector<store::Statement*> datasets;
    for (const DatasetInfo& d : info.datasets) {
      datasets.push_back(&dataset_query(conn, d, id));
      datasets.back()->send_ahead();
    }
    if (!st->step()) throw std::logic_error("bizobject: written row vanished");
    Record& rec = r.records.emplace_back(Record{read_cells(info.spec->fields, *st), id, {}});
    for (std::size_t k = 0; k < datasets.size(); ++k)
      rec.datasets.push_back(read_dataset(info.datasets[k], *datasets[k]));
  }
  udf::attach(conn, info, declared.record, r);
  udf::attach_rows(conn, info, declared, r);
  return r;
}

// A new record as a read would find it, built from what create wrote instead of read back (on
// PostgreSQL a round trip per posting, the one the group commit waited for): its cells as
// read_cells reads what store_cell stores, input-only fields as their defaults, ids handed out
// ahead. Only where everything read comes from the record's own rows (known_as_written).
Cell as_stored(const FieldSpec& f, const Cell& c) {
  Cell out;
  switch (f.type) {
    case FieldType::String:
    case FieldType::List:
      out.s = c.s;
      break;
    case FieldType::Date:
      out.null = c.null;
      if (!c.null) out.s = c.s;
      break;
    default:
      out.i = c.i;
  }
  return out;
}

// Not when a field is read from the ledger (balances) or user-defined fields are declared.
bool known_as_written(const ObjectInfo& info, const udf::Declared& declared) {
  if (declared.record) return false;
  for (const auto& rows : declared.rows)
    if (rows) return false;
  return std::none_of(info.from_ledger.begin(), info.from_ledger.end(), [](bool b) { return b; });
}

Result result_as_written(const ObjectInfo& info, const Row& row, std::int64_t id,
                         const std::vector<DatasetEdit>& datasets,
                         const std::vector<std::vector<std::int64_t>>& dtlkeys) {
  Result r = result_of(info);
  Record& rec = r.records.emplace_back();
  rec.id = id;
  const auto& fields = info.spec->fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (static_cast<int>(i) == info.autokey_field)
      rec.row.push_back(Cell{false, id, {}});
    else
      rec.row.push_back(as_stored(fields[i], fields[i].input_only ? info.defaults[i] : row[i]));
  }
  for (std::size_t di = 0; di < info.datasets.size(); ++di) {
    const DatasetInfo& d = info.datasets[di];
    DatasetRows& out = rec.datasets.emplace_back();
    out.spec = d.spec;
    if (!datasets[di].given) continue;
    const auto& rows = datasets[di].rows;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      DatasetRow& o = out.rows.emplace_back();
      o.dtlkey = dtlkeys[di][k];
      o.seq = rows[k].seq;
      for (std::size_t j = 0; j < d.spec->fields.size(); ++j) {
        const FieldSpec& f = d.spec->fields[j];
        o.cells.push_back(as_stored(f, f.input_only ? d.defaults[j] : rows[k].cells[j]));
      }
    }
    std::stable_sort(out.rows.begin(), out.rows.end(), [](const auto& a, const auto& b) {
      return a.seq != b.seq ? a.seq < b.seq : a.dtlkey < b.dtlkey;
    });
  }
  return r;
}

Problem duplicate(const ObjectInfo& info, std::string_view code) {
  return Problem(409, problem_code::kConflict,
                 fmt::format("Duplicate code: {} '{}' already exists", info.spec->resource, code),
                 std::string(info.field(info.key_field).name));
}

// ---- Documents: numbering, optimistic lock, posting
// ----------------------------------------------

// The series' numbers as stored: the prefix and five digits (more past 99,999).
std::string series_number(const ObjectInfo& info, std::int64_t n) {
  return fmt::format("{}{:05}", info.spec->docno_prefix, n);
}
constexpr std::int64_t kFiveDigits = 99999;  // up to here the numbers sort as their text does

// The next number of each series this connection issued, known to be free, so that the next
// posting neither reads the series nor checks its number: two queries of a posting's few round
// trips on PostgreSQL. Free up to `taken`, the first key above it that a client gave by hand
// (read when the series was read). Exact: forgotten when the series table changes other than
// through next_docno (a rollback: store::RowWatcher), when another connection writes the series
// or the documents (it may have stored a number of a client's own), and when a record is created
// here with a number of the client's own (forget()).
class DocnoCache final : public store::RowWatcher {
 public:
  struct Series {
    std::string table;  // the documents' table
    std::int64_t next = 0;
    std::string taken;  // the first key above the number last issued (upper case; "" none)
  };
  // The series if its next number is known to be free, else nullptr.
  const Series* free(const ObjectInfo& info) const {
    const auto it = series_.find(info.spec->resource);
    if (it == series_.end() || it->second.next > kFiveDigits) return nullptr;
    const Series& s = it->second;
    if (!s.taken.empty() && to_upper(series_number(info, s.next)) >= s.taken) return nullptr;
    return &s;
  }
  void issued(const ObjectInfo& info, std::int64_t next, std::string taken) {
    series_[std::string(info.spec->resource)] = {std::string(info.spec->table), next,
                                                 std::move(taken)};
  }
  void forget(const ObjectInfo& info) { series_.erase(std::string(info.spec->resource)); }

  void row_changed(std::string_view table, std::int64_t) override { table_changed(table); }
  void table_changed(std::string_view table) override {
    if (table == "docno_series") forget_all();
  }
  void others_changed(std::string_view table) override {
    table_changed(table);
    std::erase_if(series_, [&](const auto& kv) { return kv.second.table == table; });
  }
  void forget_all() override { series_.clear(); }

 private:
  std::map<std::string, Series, std::less<>> series_;  // by resource
};

// The first key of the documents from `docno` on that a number of the series could be ("": none).
// Up to kFiveDigits the numbers sort as their text does.
std::string first_taken_from(store::Connection& conn, const ObjectInfo& info,
                             const std::string& docno) {
  const std::string key = quote_ident(info.field(info.key_field).name);
  Cursor st(conn, fmt::format("SELECT MIN(UPPER({0})) FROM {1} WHERE UPPER({0}) >= ? AND "
                              "UPPER({0}) <= ?",
                              key, quote_ident(info.spec->table)));
  st->bind_text(1, to_upper(docno));
  st->bind_text(2, to_upper(series_number(info, kFiveDigits)));
  return st->step() && !st->is_null(0) ? std::string(st->get_text(0)) : std::string();
}

// The next number of the object's series, taken inside the caller's write transaction (SQLite:
// BEGIN IMMEDIATE, so concurrent creates are serialised: unique and gap-free).
std::string next_docno(store::Connection& conn, const ObjectInfo& info) {
  const std::string_view resource = info.spec->resource;
  DocnoCache* cache = conn.watcher<DocnoCache>();
  std::int64_t next = 1;
  std::string taken;
  if (const DocnoCache::Series* known = cache ? cache->free(info) : nullptr) {
    next = known->next;
    taken = known->taken;
  } else {
    {
      Cursor st(conn, "SELECT \"nextno\" FROM \"docno_series\" WHERE \"resource\" = ?");
      st->bind_text(1, resource);
      if (st->step()) next = st->get_int(0);
    }
    // Skip numbers a client took by hand (a given docno is stored as is). The first key from the
    // candidate on is the candidate itself (taken: try the next) or the first taken above it, which
    // the cache keeps: one query where "is it taken" and "what is taken above" were two round trips
    // each time another node had written the series.
    for (; next < kFiveDigits; ++next) {
      taken = first_taken_from(conn, info, series_number(info, next));
      if (taken != to_upper(series_number(info, next))) break;
    }
    if (next >= kFiveDigits) {  // past five digits text order is not the numbers': one by one
      taken.clear();
      for (;; ++next) {
        Cursor st(conn, info.sql_key_of);
        st->bind_text(1, series_number(info, next));
        if (!st->step()) break;
      }
    }
  }
  {
    Cursor st(conn,
              "INSERT INTO \"docno_series\" (\"resource\", \"nextno\") VALUES (?, ?) "
              "ON CONFLICT (\"resource\") DO UPDATE SET \"nextno\" = excluded.\"nextno\"");
    st->bind_text(1, resource);
    st->bind_int(2, next + 1);
    st->run_deferred();
  }
  if (cache) cache->issued(info, next + 1, std::move(taken));  // after the write (it forgot)
  return series_number(info, next);
}

// postdate empty: the document date.
void default_postdate(const ObjectInfo& info, Row& row) {
  if (!info.spec->posting) return;
  const int pd = info.doc.postdate;
  const int dd = info.doc.docdate;
  if (pd < 0 || dd < 0) return;
  Cell& p = row[static_cast<std::size_t>(pd)];
  if (p.null || p.s.empty()) p = row[static_cast<std::size_t>(dd)];
}

void check_updatecount(const ObjectInfo& info, Row& row, const std::vector<bool>& given,
                       const Row& stored) {
  const int uc = info.updatecount_field;
  if (uc < 0) return;
  const auto i = static_cast<std::size_t>(uc);
  if (!given[i] || row[i].i != stored[i].i + 1)
    throw Problem(409, problem_code::kConflict, "Record has been changed by other users.",
                  "updatecount");
}

}  // namespace

// ---- Engine -------------------------------------------------------------------------------------

Engine::Engine() : Engine(builtin_objects()) {}

Engine::Engine(std::span<const ObjectSpec* const> specs) : order_(specs.begin(), specs.end()) {
  infos_ = compile_objects(specs);
  show_ledger_balances(infos_);
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

namespace {
const Engine& builtin() {
  static const Engine engine;  // compiled once; specs are immutable data
  return engine;
}
}  // namespace

void Engine::register_schema(store::SchemaRegistry& registry) {
  builtin().register_tables(registry);
}

void Engine::register_tables(store::SchemaRegistry& registry) const {
  bizobject::register_tables(registry, infos_);
  udf::register_tables(registry);  // every company may declare its own fields (udf.h)
}

void Engine::ensure_schema(store::Connection& conn) { builtin().ensure_tables(conn); }

void Engine::ensure_tables(store::Connection& conn) const {
  store::SchemaRegistry registry;
  register_tables(registry);
  store::migrate(conn, registry);
}

const PrintedForm& Engine::printed_form(const ObjectSpec& spec, const PrintTemplate& t) const {
  const ObjectInfo& i = info(spec);
  for (std::size_t k = 0; k < spec.print_templates.size(); ++k)
    if (&spec.print_templates[k] == &t) return i.forms.at(k);
  throw std::logic_error("printed_form: a template of another object");
}

Result Engine::list(store::Connection& conn, const ObjectSpec& spec, const Params& params) const {
  const ObjectInfo& info = this->info(spec);
  const udf::FieldsPtr udf_fields = udf::fields_of(conn, spec.resource);
  Query q = parse_query(info, params, udf_fields.get());
  FilterSql scratch;
  const FilterSql& sql = filter_sql(info, q, scratch);

  Result r = result_of(info);
  r.records.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(q.limit, 0, 50)));
  {
    Cursor st(conn, sql.select);
    int n = bind_conditions(*st, info, q);
    st->bind_int(n, q.limit);
    st->bind_int(n + 1, q.offset);
    while (st->step())  // list rows carry no datasets
      r.records.push_back({read_cells(spec.fields, *st), row_id(info, *st), {}});
  }
  const auto count = static_cast<std::int64_t>(r.records.size());
  // A page that is not full and not past the end is the last one: the total is known without
  // counting (most lists of masters fit one page). Otherwise COUNT(*) it.
  std::int64_t total = q.offset + count;
  if (count == q.limit || (count == 0 && q.offset > 0)) {
    Cursor st(conn, sql.count);
    bind_conditions(*st, info, q);
    if (st->step()) total = st->get_int(0);
  }
  r.pagination = Pagination{q.offset, q.limit, count, std::max(total, count)};
  udf::attach(conn, info, udf_fields, r);
  return r;
}

Result Engine::star(store::Connection& conn, const ObjectSpec& spec, const Params& params) const {
  const ObjectInfo& info = this->info(spec);
  const udf::Declared declared = udf::declared_on(conn, info);
  Query q = parse_query(info, params, declared.record.get());
  FilterSql scratch;
  const FilterSql& sql = filter_sql(info, q, scratch);
  Result r = result_of(info);
  {
    Cursor st(conn, sql.select);
    int n = bind_conditions(*st, info, q);
    st->bind_int(n, q.limit);
    st->bind_int(n + 1, q.offset);
    while (st->step()) r.records.push_back(full_record(conn, info, *st));
  }
  udf::attach(conn, info, declared.record, r);
  udf::attach_rows(conn, info, declared, r);
  return r;
}

Result Engine::get(store::Connection& conn, const ObjectSpec& spec, std::string_view key) const {
  const ObjectInfo& info = this->info(spec);
  Result r = result_of(info);
  if (!with_record(conn, info, key, [&](const store::Statement& st) {
        r.records.push_back(full_record(conn, info, st));
      }))
    throw Problem(404, problem_code::kNotFound,
                  fmt::format("No record found: {} '{}'", spec.resource, key));
  const udf::Declared declared = udf::declared_on(conn, info);
  udf::attach(conn, info, declared.record, r);
  udf::attach_rows(conn, info, declared, r);
  return r;
}

std::vector<std::string> Engine::check_invariants(store::Connection& conn) const {
  std::vector<std::string> problems;
  check_kept_balances(conn, infos_, problems);
  return problems;
}

void Engine::validate_create(store::Connection& conn, const ObjectSpec& spec,
                             std::string_view body) const {
  MasterLookup lookup(conn);
  prepare_create(conn, lookup, info(spec), body, max_rows_);
}

// 200, not 201: the original answers a create with 200 and the record, and clients check for 200.
Result Engine::create(store::Connection& conn, const ObjectSpec& spec, std::string_view body,
                      std::int64_t now) const {
  const ObjectInfo& info = this->info(spec);
  WriteScope scope(conn);  // validation reads inside the transaction, so references cannot vanish
  MasterLookup lookup(conn);  // masters read by validation and posting, each once
  Prepared prepared = prepare_create(conn, lookup, info, body, max_rows_);
  Row& row = prepared.row;
  row[info.lastmodified_field].i = now;
  if (const int uc = info.updatecount_field; uc >= 0) row[static_cast<std::size_t>(uc)].i = 0;
  bool numbered = false;  // by the series: a number known to be free
  if (!info.spec->docno_prefix.empty()) {
    if (row[info.key_field].s.empty()) {
      row[info.key_field].s = next_docno(conn, info);
      numbered = true;
    } else if (DocnoCache* cache = conn.watcher<DocnoCache>()) {
      cache->forget(info);  // the client's own number may be the one the series would issue
    }
  }
  default_postdate(info, row);
  const std::int64_t id = conn.next_id(info.spec->table, info.id_column);
  {
    Cursor st(conn, info.sql_insert);
    st->bind_int(1, id);
    int n = 2;
    for (std::size_t i : info.insert_fields) bind_cell(*st, n++, info.field(i), row[i]);
    try {
      // A key of the client's may be taken: that insert waits for its answer, so that the 409
      // is this write's own (a deferred failure would make the group commit run its batch again).
      if (numbered)
        st->run_deferred();
      else
        while (st->step()) {
        }
    } catch (const Problem& e) {
      if (e.is(problem_code::kUniqueViolation)) throw duplicate(info, row[info.key_field].s);
      throw;
    }
  }
  const auto dtlkeys = write_datasets(conn, info, id, prepared.datasets, true);
  udf::write(conn, info, id, prepared.udf);
  udf::write_rows(conn, info, id, prepared.datasets, prepared.row_udf);
  document_written(conn, lookup, info, row, nullptr, id, prepared.datasets);
  Result r = known_as_written(info, prepared.declared)
                 ? result_as_written(info, row, id, prepared.datasets, dtlkeys)
                 : result_by_id(conn, info, id, prepared.declared);
  scope.commit();
  return r;
}

Result Engine::update(store::Connection& conn, const ObjectSpec& spec, std::string_view key,
                      std::string_view body, std::int64_t now) const {
  const ObjectInfo& info = this->info(spec);
  json::object o = parse_body(body);
  WriteScope scope(conn);
  const udf::Declared declared = udf::declared_on(conn, info);
  const udf::Input udf_input = udf::take_input(info, declared.record, o);
  const std::vector<udf::RowInput> row_udf = udf::take_row_input(info, declared, o);
  std::int64_t id = 0;
  Row row = fetch(conn, info, key, id);
  const std::string code = row[info.key_field].s;

  const Row stored = row;
  std::vector<bool> given(row.size(), false);
  DatasetArrays arrays;
  apply_body(info, o, row, given, arrays, max_rows_);
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
    RecordEdit edit{info, false, row, given, &stored, datasets, id};
    info.spec->hook(edit);
  }
  check_updatecount(info, row, given, stored);
  MasterLookup lookup(conn);  // masters read by validation and posting, each once
  {
    RecordEdit edit{info, false, row, given, &stored, datasets, id};
    complete_document(conn, lookup, edit);
  }
  default_postdate(info, row);
  row[info.lastmodified_field].i = now;

  {
    Cursor st(conn, info.sql_update);
    int n = 1;
    for (std::size_t i : info.update_fields) bind_cell(*st, n++, info.field(i), row[i]);
    st->bind_int(n, id);
    st->step();
  }
  udf::forget_rows(conn, info, declared, id, &datasets);  // of the rows about to go
  write_datasets(conn, info, id, datasets, false);
  udf::write(conn, info, id, udf_input);
  udf::write_rows(conn, info, id, datasets, row_udf);
  document_written(conn, lookup, info, row, &stored, id, datasets);
  Result r = result_by_id(conn, info, id, declared);
  scope.commit();
  return r;
}

Result Engine::remove(store::Connection& conn, const ObjectSpec& spec, std::string_view key,
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
      throw Problem(409, problem_code::kConflict,
                    fmt::format("Cannot delete {} '{}': it is used by {} '{}' (field '{}')",
                                info.spec->resource, code, ref.from->spec->resource,
                                st->get_text(0), ref.field));
  }
  Result r = result_of(info);
  r.message = "Deleted";
  load_datasets(conn, info,
                r.records.emplace_back(Record{std::move(row), id, {}}));  // as they were
  const udf::Declared declared = udf::declared_on(conn, info);
  udf::attach(conn, info, declared.record, r);
  udf::attach_rows(conn, info, declared, r);
  udf::erase(conn, info, declared.record, id);
  udf::forget_rows(conn, info, declared, id, nullptr);
  document_deleting(conn, info, id);
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
