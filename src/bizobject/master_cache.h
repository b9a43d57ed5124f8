#pragma once
// Master records (customers, items, tax codes, accounts...) kept across requests on one connection.
// Every document posting reads the same few masters: its customer, items, tax codes, stock groups
// and accounts, about 28 queries for a 5-line sales invoice. Kept here, they are read once until
// one of their rows changes.
//
// Exact, not a time-to-live cache: the connection reports every row it writes, and tells the cache
// to forget everything when something else may have changed rows (another connection or process
// committed, or a rollback undid rows; store::RowWatcher). A changed row drops its record (and the
// "not found" answers of its table); a changed dataset row drops that dataset's cached rows.
// Records are handed out as shared pointers, so one that is dropped while an operation still uses
// it stays valid for that operation.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bizobject/object_info.h"
#include "store/connection.h"

namespace sqlacc::bizobject {

class MasterCache final : public store::RowWatcher {
 public:
  // The cache of `conn`, brought up to date with other connections' commits; nullptr when the
  // store cannot report row changes (nothing is then kept across operations).
  static MasterCache* of(store::Connection& conn) { return conn.watcher<MasterCache>(); }

  // The record `upper_key` (an upper-cased key) names in `target`, read through `conn` the first
  // time. nullptr: no such record (remembered too, until a row of the table changes).
  std::shared_ptr<const Record> record(store::Connection& conn, const ObjectInfo& target,
                                       const std::string& upper_key);
  // The rows of dataset `d` (e.g. an item's sdsuom) of record `parent`, in their stored order.
  std::shared_ptr<const std::vector<Row>> rows(store::Connection& conn, const DatasetInfo& d,
                                               std::int64_t parent);

  void row_changed(std::string_view table, std::int64_t rowid) override;
  void table_changed(std::string_view table) override;
  void forget_all() override;

  // The record `key` names in `target` (any letter case), through the cache of `conn` if it has
  // one; nullptr if there is none.
  static std::shared_ptr<const Record> find(store::Connection& conn, const ObjectInfo& target,
                                            std::string_view key);
  // Reads without any cache (also used by MasterLookup when the connection has no MasterCache).
  static std::shared_ptr<const Record> read_record(store::Connection& conn,
                                                   const ObjectInfo& target, std::string_view key);
  static std::shared_ptr<const std::vector<Row>> read_rows(store::Connection& conn,
                                                           const DatasetInfo& d,
                                                           std::int64_t parent);

 private:
  // What is kept of one SQL table.
  struct Table {
    std::map<std::pair<const ObjectInfo*, std::string>, std::shared_ptr<const Record>> records;
    std::unordered_map<std::int64_t, std::pair<const ObjectInfo*, std::string>> key_of_row;
    std::set<std::pair<const ObjectInfo*, std::string>> missing;
    std::map<std::pair<const DatasetInfo*, std::int64_t>, std::shared_ptr<const std::vector<Row>>>
        rows;
  };
  Table& table(std::string_view name);
  void count_one();

  struct Hash {  // row_changed looks tables up by string_view without allocating
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Table, Hash, std::equal_to<>> tables_;
  // A bound on memory: past this many entries everything is dropped and read again as needed
  // (a company with more masters than this in daily use only loses the cache's speed).
  static constexpr std::size_t kMaxEntries = 20000;
  std::size_t entries_ = 0;
};

}  // namespace sqlacc::bizobject
