#include "bizobject/examples.h"

#include <boost/json/parse.hpp>
#include <charconv>
#include <stdexcept>

#include "bizobject/text.h"

namespace sqlacc::bizobject {

boost::json::value example_value(const FieldSpec& f) {
  if (f.example.empty()) return nullptr;
  switch (f.type) {
    case FieldType::Int: {
      std::int64_t v = 0;
      std::from_chars(f.example.data(), f.example.data() + f.example.size(), v);
      return v;
    }
    case FieldType::Bool:
      return iequals(f.example, "true") || f.example == "1";
    case FieldType::List:  // a JSON array, written as such in the spec
      return boost::json::parse(f.example);
    case FieldType::String:
    case FieldType::Decimal:  // decimals travel as strings, as the original sends them
    case FieldType::Date:
      return boost::json::string(f.example);
  }
  return nullptr;
}

boost::json::object example_row(std::span<const FieldSpec> fields) {
  boost::json::object o;
  for (const FieldSpec& f : fields)
    if (!f.read_only && !f.input_only && !f.example.empty()) o[f.name] = example_value(f);
  return o;
}

boost::json::object example_body(const ObjectSpec& spec) {
  boost::json::object o = example_row(spec.fields);
  // One example row per dataset that has examples (a row to insert: dtlkey -1 as the SDK sends).
  for (const DatasetSpec& d : spec.datasets) {
    if (!d.example.empty()) {
      o[d.name] = boost::json::parse(d.example);
      continue;
    }
    boost::json::object row = example_row(d.fields);
    if (row.empty()) continue;
    boost::json::object r{{"dtlkey", -1}};
    for (auto& kv : row) r[kv.key()] = kv.value();
    o[d.name] = boost::json::array{std::move(r)};
  }
  return o;
}

const FieldSpec* example_update_field(const ObjectSpec& spec) {
  auto fits = [](const FieldSpec& f) {
    return f.type == FieldType::String && !f.key && !f.read_only && f.references.empty() &&
           f.choices.empty() &&
           (f.width == 0 || f.width >= static_cast<int>(example_update_text().size()));
  };
  // The description when there is one (what a person would edit), else the first text field.
  for (const FieldSpec& f : spec.fields)
    if (f.name == "description" && fits(f)) return &f;
  for (const FieldSpec& f : spec.fields)
    if (fits(f)) return &f;
  return nullptr;
}

std::string_view example_update_text() { return "Updated by Postman"; }

boost::json::object example_update_body(const ObjectSpec& spec) {
  boost::json::object o = example_body(spec);
  if (const FieldSpec* f = example_update_field(spec)) o[f->name] = example_update_text();
  // Optimistic lock: the update after the create sends stored (0) + 1.
  for (const FieldSpec& f : spec.fields)
    if (f.name == "updatecount") o[f.name] = 1;
  return o;
}

const FieldSpec& key_field(const ObjectSpec& spec) {
  for (const FieldSpec& f : spec.fields)
    if (f.key) return f;
  throw std::invalid_argument("spec without a key field");
}

std::string_view example_code(const ObjectSpec& spec) { return key_field(spec).example; }

}  // namespace sqlacc::bizobject
