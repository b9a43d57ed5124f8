#pragma once
// Text helpers every layer shares (the bottom of the include graph: no project dependencies).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sqlacc::text {

// Appends `s` escaped for the inside of a JSON string (no quotes): `"` `\` and control characters
// (U+0000..U+001F, as \n \r \t \b \f or \u00XX). Well-formed UTF-8 passes through; what is not
// (a percent-decoded %FF from a path, a body prefix cut inside a character) becomes U+FFFD, as in
// to_valid_utf8(): every JSON written with these helpers is valid UTF-8.
void json_escape(std::string& out, std::string_view s);
std::string json_escape(std::string_view s);
// Appends `"` + escaped s + `"`.
void append_json_string(std::string& out, std::string_view s);
// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF).
bool valid_utf8(std::string_view s);
// The code point of the UTF-8 sequence at s[i] (i < s.size()), advancing i past it; -1 (i
// unchanged) when no well-formed sequence starts there.
std::int32_t next_code_point(std::string_view s, std::size_t& i);
// `s` with each maximal ill-formed subsequence replaced by U+FFFD (Unicode's "substitution of
// maximal subparts", what browsers and Python's errors="replace" do); `s` itself when it is valid.
std::string to_valid_utf8(std::string_view s);
// Appends the decimal digits of v (a JSON number; no allocation).
void append_int(std::string& out, std::int64_t v);

char ascii_lower(char c);
char ascii_upper(char c);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive

// `s` without leading and trailing ASCII white space (space, tab, CR, LF): HTTP's optional
// white space around header values and list items, and text typed into a form.
std::string_view trim(std::string_view s);

// The value of one hexadecimal digit (either letter case), or -1 when `c` is not one.
int hex_value(char c);

// The index of the first item whose `name` equals `name` in any ASCII letter case, or -1 (field
// and dataset specs, whose names clients may send in any case).
template <class Named>
int find_by_name(std::span<const Named> items, std::string_view name) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (iequals(items[i].name, name)) return static_cast<int>(i);
  return -1;
}

// RFC 9110 `tchar`: the characters of an HTTP header field name.
bool is_token_char(char c);

}  // namespace sqlacc::text
