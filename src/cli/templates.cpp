// `sqlacc template alias add|list|remove`: a company's own template names for printed forms
// (bizobject/template_aliases.h), the same as /template/alias of the signed API.
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "bizobject/template_aliases.h"
#include "cli/commands.h"

namespace sqlacc::cli {
namespace {

struct AliasArgs {
  std::string object, name, builtin;
  bool json = false;
};

int alias_add(const GlobalOptions& g, const AliasArgs& a) {
  Context ctx(g);
  const auto& spec = bizobject::printable_object(ctx.engine(), a.object);
  const auto alias =
      bizobject::add_template_alias(*ctx.connection(), spec, a.name, a.builtin, Context::now());
  std::cout << "template alias '" << alias.name << "' of " << alias.object << " prints as '"
            << alias.template_name << "' in company '" << ctx.company() << "'\n";
  return 0;
}

int alias_list(const GlobalOptions& g, const AliasArgs& a) {
  Context ctx(g);
  std::string resource;
  if (!a.object.empty()) resource = bizobject::printable_object(ctx.engine(), a.object).resource;
  const auto aliases = bizobject::list_template_aliases(*ctx.connection(), resource);
  if (a.json) {
    boost::json::array arr;
    for (const auto& t : aliases) arr.push_back(bizobject::to_json(t));
    std::cout << boost::json::serialize(arr) << "\n";
    return 0;
  }
  std::printf("%-20s %-40s %s\n", "OBJECT", "NAME", "TEMPLATE");
  for (const auto& t : aliases)
    std::printf("%-20s %-40s %s\n", t.object.c_str(), t.name.c_str(), t.template_name.c_str());
  return 0;
}

int alias_remove(const GlobalOptions& g, const AliasArgs& a) {
  Context ctx(g);
  const auto& spec = bizobject::printable_object(ctx.engine(), a.object);
  const auto alias = bizobject::remove_template_alias(*ctx.connection(), spec, a.name);
  std::cout << "template alias '" << alias.name << "' of " << alias.object << " removed\n";
  return 0;
}

}  // namespace

void register_templates(CLI::App& app, GlobalOptions& global, std::vector<Command>& out) {
  auto a = std::make_shared<AliasArgs>();
  auto tmpl =
      app.add_subcommand("template", "Printed forms' template names")->require_subcommand(1);
  auto alias =
      tmpl->add_subcommand("alias", "The company's own template names, aliases of built-in ones")
          ->require_subcommand(1);
  auto add = alias->add_subcommand(
      "add", "Register NAME as an alias of the object's built-in template BUILTIN_NAME");
  add->add_option("object", a->object, "Object (resource), e.g. salesinvoice")->required();
  add->add_option("name", a->name, "The company's template name")->required();
  add->add_option("--as", a->builtin, "The built-in template name it prints as")->required();
  out.push_back({add, [&global, a] { return alias_add(global, *a); }});
  auto list = alias->add_subcommand("list", "List the company's template aliases");
  list->add_option("object", a->object, "Only this object's");
  list->add_flag("--json", a->json, "JSON output");
  out.push_back({list, [&global, a] { return alias_list(global, *a); }});
  auto remove = alias->add_subcommand("remove", "Remove a template alias");
  remove->add_option("object", a->object, "Object (resource)")->required();
  remove->add_option("name", a->name, "The alias")->required();
  out.push_back({remove, [&global, a] { return alias_remove(global, *a); }});
}

}  // namespace sqlacc::cli
