#pragma once
// Small text helpers shared by the engine and the generators: JSON string escaping (the list path
// writes JSON by hand), ASCII case folding, UTF-8 length, calendar dates.
#include <cstddef>
#include <string>
#include <string_view>

namespace sqlacc::bizobject {

// Appends `s` escaped for the inside of a JSON string (no quotes): `"` `\` and control characters
// (U+0000..U+001F, as \n \r \t \b \f or \u00XX). Other bytes, including UTF-8, pass through.
void json_escape(std::string& out, std::string_view s);
std::string json_escape(std::string_view s);
// Appends `"` + escaped s + `"`.
void append_json_string(std::string& out, std::string_view s);

char ascii_lower(char c);
char ascii_upper(char c);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive

// Number of code points in valid UTF-8 (each byte that is not a continuation byte counts).
std::size_t utf8_length(std::string_view s);

// A real calendar date in the strict form YYYY-MM-DD (years 0001..9999).
bool is_valid_date(std::string_view s);
bool is_leap_year(int year);

}  // namespace sqlacc::bizobject
