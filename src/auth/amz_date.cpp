#include "auth/amz_date.h"

namespace sqlacc::auth {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

std::optional<std::chrono::sys_days> parse_ymd(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (!digits(s, 0, 4, y) || !digits(s, 4, 2, m) || !digits(s, 6, 2, d)) return std::nullopt;
  if (y < kMinYear) return std::nullopt;  // (4 digits: never above kMaxYear)
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

void put2(char* out, unsigned v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

std::optional<SysSeconds> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const auto day = parse_ymd(text.substr(0, 8));
  int hh = 0, mm = 0, ss = 0;
  if (!day || !digits(text, 9, 2, hh) || !digits(text, 11, 2, mm) || !digits(text, 13, 2, ss)) {
    return std::nullopt;
  }
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return SysSeconds{*day} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
         std::chrono::seconds{ss};
}

std::array<char, 16> format_amz_date(std::chrono::system_clock::time_point when) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(when);
  const auto day = std::chrono::floor<std::chrono::days>(secs);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{secs - day};
  std::array<char, 16> out{};
  const int y = static_cast<int>(ymd.year());
  out[0] = static_cast<char>('0' + (y / 1000) % 10);
  out[1] = static_cast<char>('0' + (y / 100) % 10);
  out[2] = static_cast<char>('0' + (y / 10) % 10);
  out[3] = static_cast<char>('0' + y % 10);
  put2(&out[4], static_cast<unsigned>(ymd.month()));
  put2(&out[6], static_cast<unsigned>(ymd.day()));
  out[8] = 'T';
  put2(&out[9], static_cast<unsigned>(hms.hours().count()));
  put2(&out[11], static_cast<unsigned>(hms.minutes().count()));
  put2(&out[13], static_cast<unsigned>(hms.seconds().count()));
  out[15] = 'Z';
  return out;
}

bool is_scope_date(std::string_view text) {
  return text.size() == 8 && parse_ymd(text).has_value();
}

}  // namespace sqlacc::auth
