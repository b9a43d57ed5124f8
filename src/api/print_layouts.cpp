#include "api/print_layouts.h"

#include "bizobject/spec.h"
#include "util/text.h"

namespace sqlacc::api {
namespace {

const bizobject::ObjectSpec* builtin(std::string_view resource) {
  resource = text::trim(resource);
  for (const bizobject::ObjectSpec* s : bizobject::builtin_objects())
    if (text::iequals(s->resource, resource)) return s;
  return nullptr;
}

}  // namespace

std::vector<std::string_view> print_template_names(std::string_view resource) {
  std::vector<std::string_view> names;
  if (const bizobject::ObjectSpec* spec = builtin(resource))
    for (const PrintTemplate& t : spec->print_templates) names.push_back(t.name);
  return names;
}

const PrintTemplate* find_print_template(std::string_view resource, std::string_view name) {
  const bizobject::ObjectSpec* spec = builtin(resource);
  return spec ? bizobject::find_print_template(*spec, name) : nullptr;
}

}  // namespace sqlacc::api
