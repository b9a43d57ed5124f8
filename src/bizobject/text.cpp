#include "bizobject/text.h"

#include <fmt/format.h>

#include <cstdint>

namespace sqlacc::bizobject {

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
  return n;
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool is_valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto num = [&](std::size_t from, std::size_t len, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return false;
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = kDays[m - 1] + ((m == 2 && is_leap_year(y)) ? 1 : 0);
  return d <= max;
}

namespace {

// The invisible characters a code must not hold, by name (Unicode's), or nullptr.
const char* invisible_name(std::int32_t cp) {
  switch (cp) {
    case 0x00a0:
      return "NO-BREAK SPACE";
    case 0x00ad:
      return "SOFT HYPHEN";
    case 0x034f:
      return "COMBINING GRAPHEME JOINER";
    case 0x061c:
      return "ARABIC LETTER MARK";
    case 0x115f:
      return "HANGUL CHOSEONG FILLER";
    case 0x1160:
      return "HANGUL JUNGSEONG FILLER";
    case 0x1680:
      return "OGHAM SPACE MARK";
    case 0x180e:
      return "MONGOLIAN VOWEL SEPARATOR";
    case 0x200b:
      return "ZERO WIDTH SPACE";
    case 0x200c:
      return "ZERO WIDTH NON-JOINER";
    case 0x200d:
      return "ZERO WIDTH JOINER";
    case 0x200e:
      return "LEFT-TO-RIGHT MARK";
    case 0x200f:
      return "RIGHT-TO-LEFT MARK";
    case 0x2028:
      return "LINE SEPARATOR";
    case 0x2029:
      return "PARAGRAPH SEPARATOR";
    case 0x202a:
      return "LEFT-TO-RIGHT EMBEDDING";
    case 0x202b:
      return "RIGHT-TO-LEFT EMBEDDING";
    case 0x202c:
      return "POP DIRECTIONAL FORMATTING";
    case 0x202d:
      return "LEFT-TO-RIGHT OVERRIDE";
    case 0x202e:
      return "RIGHT-TO-LEFT OVERRIDE";
    case 0x202f:
      return "NARROW NO-BREAK SPACE";
    case 0x205f:
      return "MEDIUM MATHEMATICAL SPACE";
    case 0x2060:
      return "WORD JOINER";
    case 0x2066:
      return "LEFT-TO-RIGHT ISOLATE";
    case 0x2067:
      return "RIGHT-TO-LEFT ISOLATE";
    case 0x2068:
      return "FIRST STRONG ISOLATE";
    case 0x2069:
      return "POP DIRECTIONAL ISOLATE";
    case 0x3000:
      return "IDEOGRAPHIC SPACE";
    case 0x3164:
      return "HANGUL FILLER";
    case 0xfeff:
      return "ZERO WIDTH NO-BREAK SPACE";
    case 0xffa0:
      return "HALFWIDTH HANGUL FILLER";
    default:
      break;
  }
  if (cp >= 0x2000 && cp <= 0x200a) return "a space other than U+0020";
  if ((cp >= 0x2061 && cp <= 0x2064) || (cp >= 0x206a && cp <= 0x206f))
    return "an invisible format character";
  if (cp >= 0xfff9 && cp <= 0xfffb) return "an interlinear annotation character";
  if (cp >= 0xfe00 && cp <= 0xfe0f) return "a variation selector";
  if (cp >= 0xe0000 && cp <= 0xe0fff) return "a tag or variation selector";
  if ((cp & 0xfffe) == 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef)) return "a noncharacter";
  return nullptr;
}

}  // namespace

std::string code_problem(std::string_view code) {
  if (code == "." || code == "..")
    return fmt::format("must not be '{}' (a path segment that means this or the parent)", code);
  if (!code.empty() && (code.front() == ' ' || code.back() == ' '))
    return "must not start or end with a space";
  std::size_t position = 0;  // 1-based character position, for the message
  for (std::size_t i = 0; i < code.size();) {
    ++position;
    const std::int32_t cp = text::next_code_point(code, i);
    if (cp < 0) return "is not valid UTF-8";
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
      return fmt::format("must not contain control characters (U+{:04X} at character {})", cp,
                         position);
    if (cp == '/' || cp == '*')
      return fmt::format("must not contain '{}' (character {}): it cannot be used in a URL path",
                         static_cast<char>(cp), position);
    if (const char* name = invisible_name(cp))
      return fmt::format("must not contain U+{:04X} ({}) at character {}: codes must be visible",
                         cp, name, position);
  }
  return {};
}

}  // namespace sqlacc::bizobject
