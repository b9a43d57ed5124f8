#include "admin/security.h"

#include <sodium.h>

#include <algorithm>

namespace sqlacc::admin {

std::array<unsigned char, kCsrfKeySize> derive_csrf_key(const unsigned char* master_key,
                                                        std::size_t size) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
  static constexpr std::string_view kContext = "sqlacc admin console CSRF key v1";
  std::array<unsigned char, kCsrfKeySize> out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(kContext.data()), kContext.size(),
                     master_key, size);
  return out;
}

std::string csrf_token(std::span<const unsigned char, kCsrfKeySize> key,
                       std::string_view session_cookie_value) {
  unsigned char mac[32];
  crypto_generichash(mac, sizeof mac,
                     reinterpret_cast<const unsigned char*>(session_cookie_value.data()),
                     session_cookie_value.size(), key.data(), key.size());
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  sodium_memzero(mac, sizeof mac);
  return std::string(hex, sizeof mac * 2);
}

bool csrf_matches(std::string_view expected, std::string_view given) {
  if (given.empty() || expected.size() != given.size()) return false;
  return sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    std::size_t end = header.find(';');
    std::string_view part = header.substr(0, end);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    std::size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      std::string_view v = part.substr(eq + 1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      return v;
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

LoginRateLimiter::LoginRateLimiter(RateLimit per_user, RateLimit per_address, std::size_t max_keys)
    : per_user_(per_user), per_address_(per_address), max_keys_(max_keys) {}

std::int64_t LoginRateLimiter::wait_of(Failures& map, std::string_view key, RateLimit limit,
                                       std::int64_t now) {
  auto it = map.find(key);
  if (it == map.end()) return 0;
  auto& q = it->second;
  while (!q.empty() && q.front() + limit.window_seconds <= now) q.pop_front();
  if (q.empty()) {
    map.erase(it);
    return 0;
  }
  if (q.size() < limit.max_failures) return 0;
  // Allowed again once enough of the failures in the window have aged out.
  std::int64_t at = q[q.size() - limit.max_failures] + limit.window_seconds;
  return std::max<std::int64_t>(1, at - now);
}

void LoginRateLimiter::add(Failures& map, std::string_view key, RateLimit limit, std::int64_t now) {
  auto it = map.find(key);
  if (it == map.end()) {
    if (map.size() >= max_keys_) {
      for (auto i = map.begin(); i != map.end();) {
        if (i->second.empty() || i->second.back() + limit.window_seconds <= now) {
          i = map.erase(i);
        } else {
          ++i;
        }
      }
      if (map.size() >= max_keys_) map.erase(map.begin());
    }
    it = map.emplace(std::string(key), std::deque<std::int64_t>{}).first;
  }
  it->second.push_back(now);
  while (it->second.size() > limit.max_failures) it->second.pop_front();
}

std::int64_t LoginRateLimiter::retry_after(std::string_view user, std::string_view address,
                                           std::int64_t now) {
  std::lock_guard lock(mutex_);
  return std::max(wait_of(users_, user, per_user_, now),
                  wait_of(addresses_, address, per_address_, now));
}

std::int64_t LoginRateLimiter::begin(std::string_view user, std::string_view address,
                                     std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::int64_t wait = std::max(wait_of(users_, user, per_user_, now),
                               wait_of(addresses_, address, per_address_, now));
  if (wait == 0) {
    add(users_, user, per_user_, now);
    add(addresses_, address, per_address_, now);
  }
  return wait;
}

void LoginRateLimiter::forgive(Failures& map, std::string_view key, std::int64_t at) {
  auto it = map.find(key);
  if (it == map.end()) return;
  auto& q = it->second;
  for (auto i = q.rbegin(); i != q.rend(); ++i) {
    if (*i == at) {
      q.erase(std::next(i).base());
      break;
    }
  }
  if (q.empty()) map.erase(it);
}

void LoginRateLimiter::end(std::string_view user, std::string_view address, std::int64_t now,
                           Outcome outcome) {
  if (outcome == Outcome::Failed) return;
  std::lock_guard lock(mutex_);
  if (outcome == Outcome::Succeeded) {
    auto it = users_.find(user);
    if (it != users_.end()) users_.erase(it);
  } else {
    forgive(users_, user, now);
  }
  forgive(addresses_, address, now);
}

}  // namespace sqlacc::admin
