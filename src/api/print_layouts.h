#pragma once
// Printed forms by resource name, for the routes and the contract (pdf_request.cpp, openapi.cpp).
// The forms themselves belong to the business objects (ObjectSpec::print_templates, in
// src/bizobject/objects/); filling one is bizobject/print_document.h.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/print_document.h"

namespace sqlacc::api {

using bizobject::build_print_document;
using bizobject::PrintTemplate;

// The template names of a built-in resource in display order, the default first ("Sales Invoice
// <n>" for a stem: bizobject::builtin_template_names); empty if it has none (or the resource is
// unknown).
std::vector<std::string> print_template_names(std::string_view resource);

// The built-in template `name` of a built-in `resource` (bizobject::find_builtin_template: case,
// white space and surrounding quotes ignored; "" = the default). nullopt if unknown.
std::optional<bizobject::TemplateChoice> find_print_template(std::string_view resource,
                                                             std::string_view name);

}  // namespace sqlacc::api
