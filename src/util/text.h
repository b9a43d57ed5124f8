#pragma once
// Text helpers every layer shares (the bottom of the include graph: no project dependencies).
#include <string>
#include <string_view>

namespace sqlacc::text {

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

// RFC 9110 `tchar`: the characters of an HTTP header field name.
bool is_token_char(char c);

}  // namespace sqlacc::text
