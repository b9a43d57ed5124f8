#pragma once
// Users of one company (SQL Account's "Maintain User"): a code, a name and an optional password.
// A user that holds an API key signs requests with it and can no longer log in with a password.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace sqlacc::keys {

inline constexpr std::size_t kMaxUserCodeLength = 20;
inline constexpr std::size_t kMaxUserNameLength = 100;
inline constexpr std::size_t kMaxPasswordLength = 1024;

// True for an already normalised code: [A-Z0-9_-]{1,20}.
bool is_valid_user_code(std::string_view code);
// Upper-cases (ASCII) and validates; throws ValidationError.
std::string normalize_user_code(std::string_view code);

struct UserInfo {
  std::string code;
  std::string name;
  bool has_password = false;
  bool has_api_key = false;                    // an active (unrevoked) key
  std::optional<std::int64_t> key_created_at;  // of the active key
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// Adds a user; returns the normalised code. `name` defaults to the code when empty. The password
// (if any) is hashed with argon2id before the write transaction starts. Throws ValidationError
// (code, name, password) or Conflict (code exists).
std::string add_user(store::Connection& conn, std::string_view code, std::string_view name,
                     std::optional<std::string_view> password, std::string_view actor,
                     std::int64_t now);

// Sorted by code.
std::vector<UserInfo> list_users(store::Connection& conn);
// nullopt when unknown (or the code is malformed).
std::optional<UserInfo> find_user(store::Connection& conn, std::string_view code);

// Sets (or with nullopt clears) the password and ends the user's admin sessions.
// Throws NotFound / ValidationError.
void set_password(store::Connection& conn, std::string_view code,
                  std::optional<std::string_view> password, std::string_view actor,
                  std::int64_t now);

// Renames the user (audited). Throws NotFound / ValidationError.
void set_user_name(store::Connection& conn, std::string_view code, std::string_view name,
                   std::string_view actor, std::int64_t now);

// The name a user gets: `name`, or the code when it is empty. Throws ValidationError (longer than
// kMaxUserNameLength bytes, control characters).
std::string validate_user_name(std::string_view name, std::string_view code);

// Revokes the user's API key, ends its sessions and deletes the user (one transaction). Revoked key
// rows stay for the audit trail. Throws NotFound.
void delete_user(store::Connection& conn, std::string_view code, std::string_view actor,
                 std::int64_t now);

// argon2id (crypto_pwhash_str_alg, ALG_ARGON2ID13, OPSLIMIT/MEMLIMIT_INTERACTIVE): "$argon2id$...".
std::string hash_password(std::string_view password);
// crypto_pwhash_str_verify; false for a malformed hash.
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace sqlacc::keys
