#pragma once
// What a company database must hold, declared by the modules that own it (store, ledger, keys,
// bizobject), so that one migrate() (store/migrations.h) brings any database up to date.
//
// Two kinds of entry:
// - Tables and indexes, declared as they are now. migrate() compares them with the catalogue
//   (store/schema_catalog.h): a missing table or index is created, a declared column missing
//   from an existing table is added (a business object that grew a field, a column added in a
//   later release). This is the idempotent baseline: a new resource or field needs no migration.
// - Numbered steps, per module, for what a declaration cannot say: moving or backfilling data,
//   dropping what is no longer used. Each runs once, after the declared tables exist, and is
//   recorded in `schema_migration` as (module, version). A step's version never changes once
//   released; a new step takes the next number of its module.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace sqlacc::store {

struct ColumnDecl {
  std::string name;
  std::string ddl;  // the whole column definition: "party TEXT NOT NULL DEFAULT ''"
};

struct TableDecl {
  std::string module;
  std::string name;
  std::vector<ColumnDecl> columns;
  std::string constraints;  // table constraints after the columns ("PRIMARY KEY (a, b)"), or empty
};

struct IndexDecl {
  std::string module;
  std::string name;
  std::string create;  // the whole CREATE [UNIQUE] INDEX IF NOT EXISTS statement
};

struct StepDecl {
  std::string module;
  int version;  // 1, 2, ... within the module
  std::string description;
  std::function<void(Connection&)> apply;  // empty: a marker only
};

class SchemaRegistry {
 public:
  // Declares that `module` registers its entries (true the first time): a module that others
  // depend on (ledger, under bizobject) can be registered by each of them without duplicates.
  bool add_module(std::string_view module);
  bool has_module(std::string_view module) const;

  void table(TableDecl table);
  void index(IndexDecl index);
  // Steps of a module must come in increasing version order.
  void step(StepDecl step);

  const std::vector<std::string>& modules() const { return modules_; }
  const std::vector<TableDecl>& tables() const { return tables_; }
  const std::vector<IndexDecl>& indexes() const { return indexes_; }
  const std::vector<StepDecl>& steps() const { return steps_; }
  // The last step version of `module` (0: none): the module's schema version in this binary.
  int latest(std::string_view module) const;

 private:
  void check_module(std::string_view module, std::string_view what) const;
  std::vector<std::string> modules_;
  std::vector<TableDecl> tables_;
  std::vector<IndexDecl> indexes_;
  std::vector<StepDecl> steps_;
};

// A table declared from CREATE-like parts: `columns` one definition per entry, the name being its
// first word ("code TEXT NOT NULL PRIMARY KEY" → code).
TableDecl table_of(std::string_view module, std::string_view name,
                   std::initializer_list<std::string_view> columns,
                   std::string_view constraints = {});

}  // namespace sqlacc::store
