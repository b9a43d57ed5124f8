#pragma once
// A company's own template names. Integrations print with the names of their company's custom
// Report Designer templates ("Sales Invoice 8 (SST 2) HMAC-SHA256"); the company registers each as
// an alias of a built-in name of the same object, and printing by the alias prints that built-in
// form (print_templates.h). Stored in the company database (module "templates": table
// template_alias), maintained by `sqlacc template alias ...` and /template/alias.
//
// Rules: per object; names compare as template names do (case, quotes, runs of white space
// ignored); an alias must name a built-in template of its object and may not itself be one (a
// built-in name always prints the same form); a name must be addressable in a URL path and visible
// (the rule of new codes: no '/', no control or invisible characters) and at most 200 characters.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/print_templates.h"
#include "store/connection.h"
#include "store/schema_registry.h"

namespace sqlacc::bizobject {

class Engine;

struct TemplateAlias {
  std::string object;         // the resource: "salesinvoice"
  std::string name;           // as registered (normalized: trimmed, single spaces)
  std::string template_name;  // the built-in name it prints as
  std::int64_t created_at = 0;
};

inline constexpr std::size_t kMaxTemplateAliasLength = 200;

// The alias as the API answers it and `template alias list --json` prints it:
// {"object","name","template"}.
boost::json::object to_json(const TemplateAlias& a);

// Module "templates": the template_alias table.
void register_template_alias_schema(store::SchemaRegistry& registry);

// The object `resource` names, if it has printed forms; else a 400 naming `field` and listing the
// objects that have.
const ObjectSpec& printable_object(const Engine& engine, std::string_view resource,
                                   const std::string& field = "object");

// The aliases of `object` (a resource; empty: of every object), by object then name.
std::vector<TemplateAlias> list_template_aliases(store::Connection& conn,
                                                 std::string_view object = {});

// Registers `name` as an alias of `builtin` for `spec`, in one transaction. 400 naming "name" or
// "template" for a name that breaks the rules above, 409 if the object has that alias already.
TemplateAlias add_template_alias(store::Connection& conn, const ObjectSpec& spec,
                                 std::string_view name, std::string_view builtin, std::int64_t now);

// Removes the alias `name` of `spec` and returns it; 404 if there is none.
TemplateAlias remove_template_alias(store::Connection& conn, const ObjectSpec& spec,
                                    std::string_view name);

// The form `name` prints for `spec`: a built-in name, else the company's alias of one. nullopt if
// neither (the caller lists printable_names()).
std::optional<TemplateChoice> resolve_template(store::Connection& conn, const ObjectSpec& spec,
                                               std::string_view name);

// What prints for `spec`, for a 404: the built-in names (builtin_template_names) and the company's
// aliases, each quoted: "'Sales Invoice <n>' (with a suffix such as ...), ...; aliases: 'X'".
std::string printable_names(store::Connection& conn, const ObjectSpec& spec);

}  // namespace sqlacc::bizobject
