#pragma once
// The master records one document operation reads (its customer, items, tax codes, stock groups),
// each read once: validation, computed amounts and posting ask for the same ones. Also follows
// reference paths ("itemcode>stockgroup>sales", spec.h). Lives for one create/update/delete: the
// masters it caches cannot change under it (the operation holds the write transaction).
#include <fmt/format.h>

#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bizobject/cursor.h"
#include "bizobject/object_info.h"
#include "bizobject/text.h"

namespace sqlacc::bizobject {

// The record a reference names, with its row id; cached for one document (a tax code used on
// five lines is read once).
struct Record {
  Row row;
  std::int64_t id = 0;
};

class MasterLookup {
 public:
  explicit MasterLookup(store::Connection& conn) : conn_(conn) {}

  const Record* record(const ObjectInfo& target, std::string_view key) {
    if (key.empty()) return nullptr;
    auto [it, inserted] = cache_.try_emplace({&target, to_upper(key)});
    if (inserted) {
      Cursor st(conn_, target.sql_by_key);
      st->bind_text(1, key);
      if (st->step())
        it->second = Record{read_cells(target.spec->fields, *st),
                            st->get_int(static_cast<int>(target.field_count()))};
    }
    return it->second ? &*it->second : nullptr;
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
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (iequals(fields[i].name, name)) return static_cast<int>(i);
    return -1;
  }
  store::Connection& conn_;
  std::map<std::pair<const ObjectInfo*, std::string>, std::optional<Record>> cache_;
};

}  // namespace sqlacc::bizobject
