#pragma once
// Text rules of business objects: UTF-8 length (widths count characters), calendar dates; plus the
// shared helpers of util/text.h (case folding). The engine writes no JSON (api/record_json.h does),
// except the canonical text of a List cell, made once when the value is accepted (record_input.h).
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

// Why `code` cannot be a new record's code (the key field: a master's code, a document's docno),
// or "" when it can. A code goes into URL paths (`/agent/{code}`) and onto printed forms, so it
// must be addressable and show what it is: valid UTF-8; no control characters (C0, DEL, C1); no
// invisible or direction-changing characters (zero-width U+200B..U+200D, U+2060, U+FEFF, soft
// hyphen, bidi marks, embeddings, overrides and isolates U+202A..U+202E, U+2066..U+2069, other
// format characters, variation selectors, noncharacters), no line or paragraph separator and no
// space but U+0020; no '/' (proxies decode or refuse %2F in a path) and no '*' (the `/{object}/*`
// path); not "." or ".." (clients normalise them away); no leading or trailing space. Characters
// a URL must percent-encode ('%', '?', '#', '\\', a space) are fine: encoded, they arrive intact.
// The reason reads after "Field 'code' ": "must not contain '/' (character 2): ...".
std::string code_problem(std::string_view code);

}  // namespace sqlacc::bizobject
