#include "bizobject/template_aliases.h"

#include <fmt/format.h>

#include "bizobject/engine.h"
#include "bizobject/text.h"
#include "store/migrations.h"
#include "util/problem.h"
#include "util/text.h"

namespace sqlacc::bizobject {
namespace {

constexpr std::string_view kModule = "templates";

// alias_key is template_key(alias_name): the one comparison of names, done once on the way in.
constexpr std::string_view kList =
    "SELECT resource, alias_name, builtin_name, created_at FROM template_alias "
    "ORDER BY resource, alias_key";
constexpr std::string_view kListOf =
    "SELECT resource, alias_name, builtin_name, created_at FROM template_alias "
    "WHERE resource = ? ORDER BY alias_key";
constexpr std::string_view kFind =
    "SELECT resource, alias_name, builtin_name, created_at FROM template_alias "
    "WHERE resource = ? AND alias_key = ?";
constexpr std::string_view kInsert =
    "INSERT INTO template_alias (resource, alias_key, alias_name, builtin_name, created_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kDelete =
    "DELETE FROM template_alias WHERE resource = ? AND alias_key = ?";

TemplateAlias read_alias(store::Statement& st) {
  return {std::string(st.get_text(0)), std::string(st.get_text(1)), std::string(st.get_text(2)),
          st.get_int(3)};
}

std::optional<TemplateAlias> find_alias(store::Connection& conn, std::string_view object,
                                        std::string_view name) {
  store::Cursor st(conn, kFind);
  st->bind_text(1, object);
  st->bind_text(2, template_key(name));
  if (!st->step()) return std::nullopt;
  return read_alias(*st);
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

std::string builtin_list(const ObjectSpec& spec) {
  return quoted_list(builtin_template_names(spec)) +
         " (<n> a number, optionally followed by suffixes such as ' (Simple)', ' (SST 1)' or "
         "' - Half Page')";
}

}  // namespace

void register_template_alias_schema(store::SchemaRegistry& r) {
  if (!r.add_module(kModule)) return;
  r.table(store::table_of(
      kModule, "template_alias",
      {"resource TEXT NOT NULL", "alias_key TEXT NOT NULL", "alias_name TEXT NOT NULL",
       "builtin_name TEXT NOT NULL", "created_at BIGINT NOT NULL"},
      "PRIMARY KEY (resource, alias_key)"));
  r.step({std::string(kModule), 1, "template_alias: a company's own names for printed forms", {}});
}

const ObjectSpec& printable_object(const Engine& engine, std::string_view resource,
                                   const std::string& field) {
  const ObjectSpec* spec = engine.find(text::trim(resource));
  if (spec && !spec->print_templates.empty()) return *spec;
  std::string known;
  for (const ObjectSpec* o : engine.objects())
    if (!o->print_templates.empty())
      known += (known.empty() ? "" : ", ") + std::string(o->resource);
  throw validation_error(
      field,
      fmt::format("'{}' is not an object with printed forms; those are: {}", resource, known));
}

std::vector<TemplateAlias> list_template_aliases(store::Connection& conn, std::string_view object) {
  std::vector<TemplateAlias> out;
  store::Cursor st(conn, object.empty() ? kList : kListOf);
  if (!object.empty()) st->bind_text(1, object);
  while (st->step()) out.push_back(read_alias(*st));
  return out;
}

TemplateAlias add_template_alias(store::Connection& conn, const ObjectSpec& spec,
                                 std::string_view name, std::string_view builtin,
                                 std::int64_t now) {
  TemplateAlias alias{std::string(spec.resource), normalize_template_name(name),
                      normalize_template_name(builtin), now};
  if (alias.name.empty()) throw validation_error("name", "Field 'name' is required");
  if (utf8_length(alias.name) > kMaxTemplateAliasLength)
    throw validation_error(
        "name", fmt::format("Field 'name' is longer than {} characters", kMaxTemplateAliasLength));
  if (std::string why = code_problem(alias.name); !why.empty())
    throw validation_error("name", "Field 'name' " + why);
  if (find_builtin_template(spec, alias.name))
    throw validation_error(
        "name", fmt::format("'{}' is a built-in template name of {}: it always prints that form, "
                            "so it cannot be an alias",
                            alias.name, spec.resource));
  if (alias.template_name.empty())
    throw validation_error("template", "Field 'template' is required");
  if (!find_builtin_template(spec, alias.template_name))
    throw validation_error("template",
                           fmt::format("'{}' is not a built-in template name of {}; these are: {}",
                                       alias.template_name, spec.resource, builtin_list(spec)));
  store::WriteScope scope(conn);
  if (auto old = find_alias(conn, spec.resource, alias.name))
    throw conflict(fmt::format("{} has the alias '{}' already (of '{}'); remove it first",
                               spec.resource, old->name, old->template_name));
  store::Cursor st(conn, kInsert);
  st->bind_text(1, alias.object);
  st->bind_text(2, template_key(alias.name));
  st->bind_text(3, alias.name);
  st->bind_text(4, alias.template_name);
  st->bind_int(5, alias.created_at);
  st->step();
  scope.commit();
  return alias;
}

TemplateAlias remove_template_alias(store::Connection& conn, const ObjectSpec& spec,
                                    std::string_view name) {
  store::WriteScope scope(conn);
  auto alias = find_alias(conn, spec.resource, name);
  if (!alias)
    throw not_found(
        fmt::format("{} has no template alias '{}'", spec.resource, normalize_template_name(name)));
  store::Cursor st(conn, kDelete);
  st->bind_text(1, spec.resource);
  st->bind_text(2, template_key(name));
  st->step();
  scope.commit();
  return *alias;
}

std::optional<TemplateChoice> resolve_template(store::Connection& conn, const ObjectSpec& spec,
                                               std::string_view name) {
  if (auto builtin = find_builtin_template(spec, name)) return builtin;
  if (auto alias = find_alias(conn, spec.resource, name))
    return find_builtin_template(spec, alias->template_name);
  return std::nullopt;
}

std::string printable_names(store::Connection& conn, const ObjectSpec& spec) {
  std::string out = builtin_list(spec);
  std::vector<std::string> aliases;
  for (const TemplateAlias& a : list_template_aliases(conn, spec.resource))
    aliases.push_back(a.name);
  if (!aliases.empty()) out += "; this company's aliases: " + quoted_list(aliases);
  return out;
}

boost::json::object to_json(const TemplateAlias& a) {
  return {{"object", a.object}, {"name", a.name}, {"template", a.template_name}};
}

}  // namespace sqlacc::bizobject
