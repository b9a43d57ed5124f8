#pragma once
// Which printed form a template name asks for. SQL Account ships ~1,000 built-in Report Designer
// templates, and integrations print by those names ("Sales Invoice 3 (Simple)", "Sales Cash Sales 5
// - Half Page"). An object lists a few names (ObjectSpec::print_templates); every other built-in
// name of its report type is recognised from them, so the project never carries the original's
// list:
//
// - A listed name of the shape "<stem> <n><suffix>" ("Sales Invoice 8 (SST 1)") stands for every
//   "<stem> <n><suffix>" of that stem: any number, the space before it optional ("Sales Cash
//   Sales10"), and a suffix made only of parenthesised groups and dash-led parts ("(Simple)",
//   "(SST 2)-Aging", "- Half Page", "- Receipt-TM-U220 (SST)"). A suffix with anything else
//   ("(SST 2) HMAC-SHA256") is not a built-in name: it is free for a company alias.
// - Any other listed name ("Sales Goods Return Note (Simple)") matches only itself.
// - Names compare ignoring ASCII case, surrounding quotes and runs of white space.
// - The name chooses the variant: "(Simple)" the simple form (the layout without the object's
//   discount and tax columns), a word "Half" a half page (A5 landscape), else the full form.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/print_layout.h"
#include "bizobject/spec.h"

namespace sqlacc::bizobject {

// How a form is printed, from the name that asked for it.
struct PrintVariant {
  bool simple = false;     // no discount or tax columns
  bool half_page = false;  // A5 landscape
  bool operator==(const PrintVariant&) const = default;
};

struct TemplateChoice {
  const PrintTemplate* form = nullptr;  // the listed template whose layout prints
  PrintVariant variant;
};

// The name as compared: surrounding white space and double quotes removed, every run of white
// space one space. Case is kept (template_key folds it).
std::string normalize_template_name(std::string_view name);
// normalize_template_name, ASCII lower case: equal keys name the same template.
std::string template_key(std::string_view name);

// The variant a (normalized or not) name asks for.
PrintVariant print_variant(std::string_view name);

// The built-in template `name` of `spec`: a listed name exactly, else the first listed name whose
// stem takes it; "" = the first listed template, printed as its name says. nullopt if neither.
std::optional<TemplateChoice> find_builtin_template(const ObjectSpec& spec, std::string_view name);

// What works for `spec`, for messages and the contract, each once in listed order: "Sales Invoice
// <n>" for a stem, a listed name that has none as it is.
std::vector<std::string> builtin_template_names(const ObjectSpec& spec);

// The stem of a listed name ("Sales Invoice" of "Sales Invoice 8 (SST 1)"), or nullopt when the
// name is not of the "<stem> <n><suffix>" shape. Exposed for the tests.
std::optional<std::string> template_stem(std::string_view name);

}  // namespace sqlacc::bizobject
