#pragma once
// Password login to the admin console. Sessions are 32 random bytes (hex) handed to the client;
// only their BLAKE2b-256 hash is stored. A user that holds an API key cannot log in with a password
// (the original's rule); revoking the key restores password login.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/connection.h"

namespace sqlacc::keys {

inline constexpr std::int64_t kSessionLifetimeSeconds = 8 * 3600;
inline constexpr std::string_view kApiUserRefusedMessage =
    "API users cannot log in with a password: this user holds an API secret key. Revoke the key to "
    "restore password login.";
inline constexpr std::string_view kBadCredentialsMessage = "Invalid user name or password.";

enum class LoginOutcome { Ok, ApiUserRefused, BadCredentials };

struct LoginResult {
  LoginOutcome outcome = LoginOutcome::BadCredentials;
  std::string message;    // empty on Ok; one of the messages above otherwise
  std::string user_code;  // normalised; empty on BadCredentials
  std::string token;      // Ok only: 64 hex chars for the client. Never log it.
  std::int64_t expires_at = 0;
};

// Exactly one argon2id verification runs on every path (a dummy hash for unknown users, users
// without a password and malformed user names), so timing does not tell them apart. Every outcome
// is audited (login.ok / login.refused / login.failed) in the same transaction as the session
// write.
LoginResult login(store::Connection& conn, std::string_view username, std::string_view password,
                  std::int64_t now);

// The user of a live session, or nullopt (unknown, expired, malformed token, user deleted).
std::optional<std::string> session_user(store::Connection& conn, std::string_view token,
                                        std::int64_t now);

// Ends the session; false when it did not exist.
bool logout(store::Connection& conn, std::string_view token, std::int64_t now);

}  // namespace sqlacc::keys
