#include "store/schema_registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace sqlacc::store {

bool SchemaRegistry::add_module(std::string_view module) {
  if (has_module(module)) return false;
  modules_.emplace_back(module);
  return true;
}

bool SchemaRegistry::has_module(std::string_view module) const {
  return std::find(modules_.begin(), modules_.end(), module) != modules_.end();
}

// Declarations are code: a mistake is a programming error, reported at start-up with its name.
void SchemaRegistry::check_module(std::string_view module, std::string_view what) const {
  if (!has_module(module))
    throw std::logic_error(
        fmt::format("schema: {} is declared by module '{}', which was not added", what, module));
}

void SchemaRegistry::table(TableDecl table) {
  check_module(table.module, "table " + table.name);
  for (const TableDecl& t : tables_)
    if (t.name == table.name)
      throw std::logic_error(fmt::format("schema: table {} is declared by '{}' and '{}'",
                                         table.name, t.module, table.module));
  tables_.push_back(std::move(table));
}

void SchemaRegistry::index(IndexDecl index) {
  check_module(index.module, "index " + index.name);
  for (const IndexDecl& i : indexes_)
    if (i.name == index.name)
      throw std::logic_error(fmt::format("schema: index {} is declared by '{}' and '{}'",
                                         index.name, i.module, index.module));
  indexes_.push_back(std::move(index));
}

void SchemaRegistry::step(StepDecl step) {
  check_module(step.module, fmt::format("step {}", step.version));
  if (step.version <= latest(step.module))
    throw std::logic_error(fmt::format("schema: step {} of '{}' does not follow step {}",
                                       step.version, step.module, latest(step.module)));
  steps_.push_back(std::move(step));
}

int SchemaRegistry::latest(std::string_view module) const {
  int v = 0;
  for (const StepDecl& s : steps_)
    if (s.module == module) v = std::max(v, s.version);
  return v;
}

TableDecl table_of(std::string_view module, std::string_view name,
                   std::initializer_list<std::string_view> columns, std::string_view constraints) {
  TableDecl t{std::string(module), std::string(name), {}, std::string(constraints)};
  for (std::string_view c : columns) {
    std::string_view col_name = c.substr(0, c.find(' '));
    if (col_name.size() >= 2 && col_name.front() == '"')
      col_name = col_name.substr(1, col_name.size() - 2);
    t.columns.push_back({std::string(col_name), std::string(c)});
  }
  return t;
}

}  // namespace sqlacc::store
