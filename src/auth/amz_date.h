#pragma once
// The ISO-8601 basic timestamp SigV4 uses ("20150830T123600Z", X-Amz-Date) and its date part
// ("20150830", the credential scope date).
#include <array>
#include <chrono>
#include <optional>
#include <string_view>

namespace sqlacc::auth {

using SysSeconds = std::chrono::sys_seconds;

// Strict: exactly 16 chars "yyyyMMddTHHmmssZ", a real calendar date in years kMinYear..kMaxYear,
// hour < 24, minute/second < 60. Anything looser would let two spellings of one instant produce
// different strings to sign. The range keeps every date within +-2.5e11 s of the epoch, so
// differences of such dates (and of a clock reading, floored to seconds) never overflow; as
// nanoseconds (system_clock::time_point) a date past 2262 would.
inline constexpr int kMinYear = 1970;
inline constexpr int kMaxYear = 9999;
std::optional<SysSeconds> parse_amz_date(std::string_view text);

// "yyyyMMddTHHmmssZ" (UTC, truncated to the second).
std::array<char, 16> format_amz_date(std::chrono::system_clock::time_point when);

// True when `text` is 8 digits forming a valid calendar date (the credential scope date).
bool is_scope_date(std::string_view text);

}  // namespace sqlacc::auth
