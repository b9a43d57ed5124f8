#pragma once
// Example request bodies built from a spec's example values (Postman collection, OpenAPI, tests).
// They pass the engine's validation against the sample company.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <span>
#include <string_view>

#include "bizobject/spec.h"

namespace sqlacc::bizobject {

// The example value of a field as JSON of the wire type (decimals as strings, bools, numbers);
// null when the field has no example.
boost::json::value example_value(const FieldSpec& f);
// One row (or record) of the fields that have examples, writable ones only.
boost::json::object example_row(std::span<const FieldSpec> fields);
// Create body: every writable field that has an example, plus one example row (dtlkey -1) for
// each sub-dataset with examples.
boost::json::object example_body(const ObjectSpec& spec);
// Update body: the create body with its first free-text field (description) changed.
boost::json::object example_update_body(const ObjectSpec& spec);
// The field example_update_body changes, and its new value.
const FieldSpec* example_update_field(const ObjectSpec& spec);
std::string_view example_update_text();
// The key field's example (the code the collection creates, updates and deletes).
std::string_view example_code(const ObjectSpec& spec);
const FieldSpec& key_field(const ObjectSpec& spec);

}  // namespace sqlacc::bizobject
