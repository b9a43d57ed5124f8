#include "bizobject/master_cache.h"

#include "bizobject/cursor.h"
#include "bizobject/text.h"

namespace sqlacc::bizobject {

std::shared_ptr<const Record> MasterCache::read_record(store::Connection& conn,
                                                       const ObjectInfo& target,
                                                       std::string_view key) {
  Cursor st(conn, target.sql_master_by_key);
  st->bind_text(1, key);
  if (!st->step()) return nullptr;
  return std::make_shared<const Record>(Record{read_cells(target.spec->fields, *st),
                                               st->get_int(static_cast<int>(target.field_count())),
                                               {}});  // no datasets
}

std::shared_ptr<const std::vector<Row>> MasterCache::read_rows(store::Connection& conn,
                                                               const DatasetInfo& d,
                                                               std::int64_t parent) {
  auto rows = std::make_shared<std::vector<Row>>();
  Cursor st(conn, d.sql_rows);
  st->bind_int(1, parent);
  while (st->step()) rows->push_back(read_cells(d.spec->fields, *st));
  return rows;
}

std::shared_ptr<const Record> MasterCache::find(store::Connection& conn, const ObjectInfo& target,
                                                std::string_view key) {
  if (MasterCache* cache = of(conn)) return cache->record(conn, target, to_upper(key));
  return read_record(conn, target, key);
}

MasterCache::Table& MasterCache::table(std::string_view name) {
  auto it = tables_.find(name);
  return it != tables_.end() ? it->second : tables_[std::string(name)];
}

void MasterCache::count_one() {
  if (++entries_ > kMaxEntries) forget_all();
}

std::shared_ptr<const Record> MasterCache::record(store::Connection& conn, const ObjectInfo& target,
                                                  const std::string& upper_key) {
  Table& t = table(target.spec->table);
  std::pair<const ObjectInfo*, std::string> key{&target, upper_key};
  if (auto it = t.records.find(key); it != t.records.end()) return it->second;
  if (t.missing.count(key)) return nullptr;
  std::shared_ptr<const Record> r = read_record(conn, target, upper_key);
  count_one();
  Table& now = table(target.spec->table);  // count_one may have emptied the cache
  if (r) {
    now.key_of_row[r->id] = key;
    now.records.emplace(std::move(key), r);
  } else {
    now.missing.insert(std::move(key));
  }
  return r;
}

std::shared_ptr<const std::vector<Row>> MasterCache::rows(store::Connection& conn,
                                                          const DatasetInfo& d,
                                                          std::int64_t parent) {
  Table& t = table(d.table);
  if (auto it = t.rows.find({&d, parent}); it != t.rows.end()) return it->second;
  std::shared_ptr<const std::vector<Row>> r = read_rows(conn, d, parent);
  count_one();
  table(d.table).rows.emplace(std::make_pair(&d, parent), r);
  return r;
}

void MasterCache::row_changed(std::string_view name, std::int64_t rowid) {
  // Called for every row the connection writes (ledger lines too): most tables are not here.
  auto it = tables_.find(name);
  if (it == tables_.end()) return;
  Table& t = it->second;
  if (auto k = t.key_of_row.find(rowid); k != t.key_of_row.end()) {
    t.records.erase(k->second);
    t.key_of_row.erase(k);
  }
  t.missing.clear();  // an inserted row (or a changed code) may be one that was not found
  t.rows.clear();     // a dataset row's parent is not known from its row id
}

void MasterCache::table_changed(std::string_view name) {
  if (auto it = tables_.find(name); it != tables_.end()) tables_.erase(it);
}

void MasterCache::forget_all() {
  tables_.clear();
  entries_ = 0;
}

}  // namespace sqlacc::bizobject
