#pragma once
// The admin console's security pieces that need no database (console.h uses them): the CSRF token
// of a session, reading a cookie, and the login rate limiter. Kept apart so they are small and unit
// tested on their own (tests/unit/admin/security_test.cpp).
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

namespace sqlacc::admin {

inline constexpr std::size_t kCsrfKeySize = 32;

// The CSRF key derived from the master key's bytes (BLAKE2b keyed, a fixed context string).
std::array<unsigned char, kCsrfKeySize> derive_csrf_key(const unsigned char* master_key,
                                                        std::size_t size);
// 64 lower-case hex chars: keyed BLAKE2b-256 of the session cookie value.
std::string csrf_token(std::span<const unsigned char, kCsrfKeySize> key,
                       std::string_view session_cookie_value);
// Constant-time comparison (sodium_memcmp); false when the lengths differ or `given` is empty.
bool csrf_matches(std::string_view expected, std::string_view given);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or empty.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);

struct RateLimit {
  std::size_t max_failures;
  std::int64_t window_seconds;
};

// Failed logins in a sliding window, per user and per client address. Thread-safe. Holds at most
// `max_keys` keys per kind (expired ones are dropped first, then the oldest-looking ones).
// An attempt is counted as a failure when it begins (so concurrent attempts cannot overshoot the
// limit) and forgiven when it ends otherwise.
class LoginRateLimiter {
 public:
  explicit LoginRateLimiter(RateLimit per_user = {5, 900}, RateLimit per_address = {20, 900},
                            std::size_t max_keys = 10000);
  // 0 when a login may be tried now, else the seconds until it may (>= 1). Changes nothing.
  std::int64_t retry_after(std::string_view user, std::string_view address, std::int64_t now);
  // Like retry_after(); when it is 0, also counts this attempt as a failure of both keys.
  std::int64_t begin(std::string_view user, std::string_view address, std::int64_t now);
  enum class Outcome {
    Failed,      // wrong password / unknown user: stays counted
    Succeeded,   // clears the user's failures and forgives the address this attempt
    NotCounted,  // not a password guess (an API user refused, a server error): forgiven
  };
  // Ends an attempt begin() counted (same arguments).
  void end(std::string_view user, std::string_view address, std::int64_t now, Outcome outcome);

 private:
  using Failures = std::map<std::string, std::deque<std::int64_t>, std::less<>>;
  static std::int64_t wait_of(Failures& map, std::string_view key, RateLimit limit,
                              std::int64_t now);
  void add(Failures& map, std::string_view key, RateLimit limit, std::int64_t now);
  static void forgive(Failures& map, std::string_view key, std::int64_t at);
  RateLimit per_user_, per_address_;
  std::size_t max_keys_;
  std::mutex mutex_;
  Failures users_, addresses_;
};

}  // namespace sqlacc::admin
