#pragma once
// The master records one document operation reads (its customer, items, tax codes, stock groups),
// each read once: validation, computed amounts and posting ask for the same ones. Also follows
// reference paths ("itemcode>stockgroup>sales", spec.h, resolved as a FieldPath). Lives for one
// create/update/delete and holds what it was given: a record stays as it was for the whole
// operation, even if the operation itself changes its row (a customer's outstanding). Records come
// from the connection's MasterCache (kept across operations, master_cache.h) when it has one.
#include <fmt/format.h>

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bizobject/master_cache.h"
#include "bizobject/object_info.h"
#include "bizobject/text.h"

namespace sqlacc::bizobject {

class MasterLookup {
 public:
  explicit MasterLookup(store::Connection& conn) : conn_(conn), shared_(MasterCache::of(conn)) {}

  // The record `key` names in `target` (any letter case); nullptr if there is none.
  const Record* record(const ObjectInfo& target, std::string_view key) {
    if (key.empty()) return nullptr;
    auto [it, inserted] = records_.try_emplace({&target, to_upper(key)});
    if (inserted)
      it->second = shared_ ? shared_->record(conn_, target, it->first.second)
                           : MasterCache::read_record(conn_, target, key);
    return it->second.get();
  }

  // The rows of dataset `d` of record `parent` (an item's units), in their stored order.
  const std::vector<Row>& rows(const DatasetInfo& d, std::int64_t parent) {
    auto [it, inserted] = rows_.try_emplace({&d, parent});
    if (inserted)
      it->second =
          shared_ ? shared_->rows(conn_, d, parent) : MasterCache::read_rows(conn_, d, parent);
    return *it->second;
  }

  // Follows a path (object_info.h FieldPath, resolved when the spec was registered) from a row:
  // the last field and its value; nullopt when a step is empty or names no record.
  struct Value {
    const FieldSpec* field;
    Cell cell;
  };
  std::optional<Value> follow_value(const FieldPath& path, const Row& row) {
    const Row* at = &row;
    for (std::size_t k = 0;; ++k) {
      const Cell& cell = (*at)[path.fields[k]];
      if (k + 1 == path.fields.size()) return Value{path.last, cell};
      const Record* r = record(*path.targets[k], cell.s);
      if (!r) return std::nullopt;
      at = &r->row;
    }
  }
  std::string follow(const FieldPath& path, const Row& row) {
    const std::optional<Value> v = follow_value(path, row);
    return v ? v->cell.s : std::string();
  }

 private:
  store::Connection& conn_;
  MasterCache* shared_;
  std::map<std::pair<const ObjectInfo*, std::string>, std::shared_ptr<const Record>> records_;
  std::map<std::pair<const DatasetInfo*, std::int64_t>, std::shared_ptr<const std::vector<Row>>>
      rows_;
};

}  // namespace sqlacc::bizobject
