#pragma once
// The master records one document operation reads (its customer, items, tax codes, stock groups),
// each read once: validation, computed amounts and posting ask for the same ones. Also follows
// reference paths ("itemcode>stockgroup>sales", spec.h). Lives for one create/update/delete and
// holds what it was given: a record stays as it was for the whole operation, even if the operation
// itself changes its row (a customer's outstanding). Records come from the connection's
// MasterCache (kept across operations, master_cache.h) when it has one.
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

  // Follows a path ("itemcode>stockgroup>sales", spec.h) from a row whose fields and reference
  // targets are given: the last field and its value; nullopt when a step is empty or names no
  // record.
  struct Value {
    const FieldSpec* field;
    Cell cell;
  };
  std::optional<Value> follow_value(std::span<const FieldSpec> fields,
                                    const std::vector<const ObjectInfo*>& targets, const Row& row,
                                    std::string_view path) {
    const std::size_t cut = path.find('>');
    const int i = field_index(fields, path.substr(0, cut));
    if (i < 0) throw std::logic_error(fmt::format("bizobject: path '{}' names no field", path));
    const Cell& cell = row[static_cast<std::size_t>(i)];
    if (cut == std::string_view::npos) return Value{&fields[static_cast<std::size_t>(i)], cell};
    const ObjectInfo* target = targets[static_cast<std::size_t>(i)];
    const Record* r = target ? record(*target, cell.s) : nullptr;
    if (!r) return std::nullopt;
    return follow_value(target->spec->fields, target->ref_targets, r->row, path.substr(cut + 1));
  }
  std::string follow(std::span<const FieldSpec> fields,
                     const std::vector<const ObjectInfo*>& targets, const Row& row,
                     std::string_view path) {
    const std::optional<Value> v = follow_value(fields, targets, row, path);
    return v ? v->cell.s : std::string();
  }

 private:
  static int field_index(std::span<const FieldSpec> fields, std::string_view name) {
    return text::find_by_name(fields, name);
  }
  store::Connection& conn_;
  MasterCache* shared_;
  std::map<std::pair<const ObjectInfo*, std::string>, std::shared_ptr<const Record>> records_;
  std::map<std::pair<const DatasetInfo*, std::int64_t>, std::shared_ptr<const std::vector<Row>>>
      rows_;
};

}  // namespace sqlacc::bizobject
