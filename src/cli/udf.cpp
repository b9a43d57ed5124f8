// `sqlacc udf add|list|remove`: a company's user-defined fields (bizobject/udf.h), the same
// declarations as the signed API's /udf.
#include "bizobject/udf.h"

#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"

namespace sqlacc::cli {
namespace {

namespace udf = bizobject::udf;

struct UdfArgs {
  std::string object, name, type;
  int width = -1, scale = -1;  // -1: the type's default
  bool force = false, json = false;
};

int udf_add(const GlobalOptions& g, const UdfArgs& a) {
  Context ctx(g);
  const udf::Declaration d =
      udf::make_declaration(ctx.engine(), a.object, a.name, a.type, a.width, a.scale);
  udf::add(*ctx.connection(), d);
  std::cout << d.object << "." << d.name << " (" << udf::type_name(d.type) << ") added to company '"
            << ctx.company() << "'\n";
  return 0;
}

int udf_list(const GlobalOptions& g, const UdfArgs& a) {
  Context ctx(g);
  std::string object;
  if (!a.object.empty()) {
    const std::optional<std::string> canonical = udf::canonical_object(ctx.engine(), a.object);
    if (!canonical)
      throw std::runtime_error("unknown object '" + a.object + "' (OBJECT or OBJECT.DATASET)");
    object = *canonical;
  }
  const auto all = udf::list(*ctx.connection(), object);
  if (a.json) {
    boost::json::array arr;
    for (const auto& d : all) arr.push_back(udf::to_json(d));
    std::cout << boost::json::serialize(arr) << "\n";
    return 0;
  }
  std::printf("%-20s %-30s %-8s %s\n", "OBJECT", "NAME", "TYPE", "WIDTH/SCALE");
  for (const auto& d : all)
    std::printf("%-20s %-30s %-8s %d\n", d.object.c_str(), d.name.c_str(),
                std::string(udf::type_name(d.type)).c_str(),
                d.type == bizobject::FieldType::Decimal ? d.scale : d.width);
  return 0;
}

int udf_remove(const GlobalOptions& g, const UdfArgs& a) {
  Context ctx(g);
  const udf::Declaration d =
      udf::remove(*ctx.connection(), ctx.engine(), a.object, a.name, a.force);
  std::cout << d.object << "." << d.name << " removed from company '" << ctx.company() << "'\n";
  return 0;
}

}  // namespace

void register_udf(CLI::App& app, GlobalOptions& global, std::vector<Command>& out) {
  auto a = std::make_shared<UdfArgs>();
  auto udf = app.add_subcommand("udf", "User-defined fields (udf_*) of the company's objects")
                 ->require_subcommand(1);
  auto add = udf->add_subcommand("add", "Declare a user-defined field on an object");
  add->add_option("object", a->object,
                  "Object (resource), e.g. stockitem, or its rows: salesinvoice.sdsdocdetail")
      ->required();
  add->add_option("name", a->name, "udf_ then a-z, 0-9, _ (at most 30 characters)")->required();
  add->add_option("type", a->type, "string, int, decimal, bool or date")->required();
  add->add_option("--width", a->width, "string: most characters (default 100)");
  add->add_option("--scale", a->scale, "decimal: places after the point (default 2)");
  out.push_back({add, [&global, a] { return udf_add(global, *a); }});
  auto list = udf->add_subcommand("list", "List the user-defined fields (of one object)");
  list->add_option("object", a->object, "Object (resource), or OBJECT.DATASET");
  list->add_flag("--json", a->json, "JSON output");
  out.push_back({list, [&global, a] { return udf_list(global, *a); }});
  auto rm = udf->add_subcommand("remove", "Remove a user-defined field");
  rm->add_option("object", a->object, "Object (resource), or OBJECT.DATASET")->required();
  rm->add_option("name", a->name, "The field")->required();
  rm->add_flag("--force", a->force, "Also delete the values records hold (else refused)");
  out.push_back({rm, [&global, a] { return udf_remove(global, *a); }});
}

}  // namespace sqlacc::cli
