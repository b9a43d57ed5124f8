#pragma once
// Text rules of business objects: UTF-8 length (widths count characters), calendar dates; plus the
// shared helpers of util/text.h (case folding). The engine writes no JSON (api/record_json.h does).
#include <cstddef>
#include <string>
#include <string_view>

#include "util/text.h"

namespace sqlacc::bizobject {

// The shared text helpers, under their bizobject names.
using text::ascii_lower;
using text::ascii_upper;
using text::iequals;
using text::to_lower;
using text::to_upper;
using text::trim;

// Number of code points in valid UTF-8 (each byte that is not a continuation byte counts).
std::size_t utf8_length(std::string_view s);

// A real calendar date in the strict form YYYY-MM-DD (years 0001..9999).
bool is_valid_date(std::string_view s);
bool is_leap_year(int year);

}  // namespace sqlacc::bizobject
