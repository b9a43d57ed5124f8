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

std::vector<std::string> print_template_names(std::string_view resource) {
  const bizobject::ObjectSpec* spec = builtin(resource);
  return spec ? bizobject::builtin_template_names(*spec) : std::vector<std::string>{};
}

std::optional<bizobject::TemplateChoice> find_print_template(std::string_view resource,
                                                             std::string_view name) {
  const bizobject::ObjectSpec* spec = builtin(resource);
  return spec ? bizobject::find_builtin_template(*spec, name) : std::nullopt;
}

}  // namespace sqlacc::api
