#pragma once
// Shared by the input-validation fuzz targets: is a byte string valid UTF-8 (no overlongs, no
// surrogates, nothing above U+10FFFF)? Error messages and accepted text must be.
#include <cstddef>
#include <string_view>

inline bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80             ? 1
                      : (b & 0xe0) == 0xc0 ? 2
                      : (b & 0xf0) == 0xe0 ? 3
                      : (b & 0xf8) == 0xf0 ? 4
                                           : 0;
    if (len == 0 || i + len > s.size()) return false;
    unsigned cp = len == 1 ? b : len == 2 ? (b & 0x1fu) : len == 3 ? (b & 0x0fu) : (b & 0x07u);
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3fu);
    }
    static constexpr unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}
