#pragma once
// Small constexpr builders shared by the spec files (masters.cpp, documents_spec.cpp): the fields
// every object has and the common shapes of the others.
#include <string_view>

#include "bizobject/spec.h"

namespace sqlacc::bizobject::fields {

using enum FieldType;

inline constexpr FieldSpec kIsActive{
    .name = "isactive", .type = Bool, .default_value = "true", .example = "true"};
inline constexpr FieldSpec kLastModified{
    .name = "lastmodified",
    .type = Int,
    .read_only = true,
    .doc = "Unix seconds of the last create/update; filter lastmodified=N means at or after N"};
inline constexpr FieldSpec kAutoKey{
    .name = "autokey",
    .type = Int,
    .read_only = true,
    .doc = "Internal integer key; usable in the path instead of the code"};

constexpr FieldSpec code(int width, std::string_view example) {
  return {.name = "code", .width = width, .required = true, .key = true, .example = example};
}
constexpr FieldSpec text(std::string_view name, int width, std::string_view example = {},
                         bool required = false) {
  return {.name = name, .width = width, .required = required, .example = example};
}
constexpr FieldSpec account_ref(std::string_view name, std::string_view example = {}) {
  return {.name = name, .width = 10, .references = "account", .example = example};
}
constexpr FieldSpec description(std::string_view example) {
  return text("description", 200, example, true);
}

}  // namespace sqlacc::bizobject::fields
