#pragma once
// API keys: one active key per user. The access key is `<32 lower-case hex>.<company>/<USER>` (the
// original's shape, which contains a '/'); the secret is 64 hex chars (32 random bytes), stored
// only encrypted with crypto_secretbox under the master key. The plaintext sealed in each row is
// the 32 secret bytes followed by the access key itself, so a ciphertext copied into another row
// does not open there.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "keys/master_key.h"
#include "store/connection.h"

namespace sqlacc::keys {

inline constexpr std::size_t kAccessKeyIdLength = 32;  // hex chars before the '.'
inline constexpr std::size_t kSecretKeyLength = 64;    // hex chars
// 32 hex + '.' + company (<= 32) + '/' + user (<= 20)
inline constexpr std::size_t kMaxAccessKeyLength = 86;
// The one table lookup() reads: a key looked up stays right while nothing writes it.
inline constexpr std::string_view kKeyTable = "api_key";

struct GeneratedKey {
  std::string access_key;
  std::string secret_key;  // the only plain-text copy: show it once, then sodium_memzero it
  std::uint64_t key_version = 0;
  std::string user_code;  // normalised
  std::int64_t created_at = 0;
  std::optional<std::string> revoked_access_key;  // the previous key, revoked by this generation
};

struct KeyRecord {
  std::string user_code;
  std::string secret;  // 64 hex chars
  std::uint64_t key_version = 0;
};

// Generates a key for an existing user; revokes the user's previous key and ends the user's admin
// sessions in the same transaction. key_version comes from a per-company counter that only grows.
// Throws a Problem: ValidationError (company id / user code) or NotFound (user).
GeneratedKey generate_key(store::Connection& conn, const MasterKey& master,
                          std::string_view company, std::string_view user_code,
                          std::string_view actor, std::int64_t now);

// Throws a NotFound Problem when the user does not exist or has no active key.
void revoke_key(store::Connection& conn, std::string_view user_code, std::string_view actor,
                std::int64_t now);

// The hot path (every API request): one cached prepared statement and one decryption. nullopt when
// the key is unknown, revoked, or cannot be decrypted with this master key.
std::optional<KeyRecord> lookup(store::Connection& conn, const MasterKey& master,
                                std::string_view access_key);

// The user's active key, without its secret (admin console, `user list`). A ValidationError Problem
// for a malformed code.
struct ActiveKey {
  std::string access_key;
  std::uint64_t key_version = 0;
  std::int64_t created_at = 0;
  std::string created_by;
};
std::optional<ActiveKey> active_key(store::Connection& conn, std::string_view user_code);

// Views into an access key; nullopt unless it has exactly the shape this module generates.
struct AccessKeyParts {
  std::string_view id;       // 32 lower-case hex
  std::string_view company;  // store::is_valid_company_id
  std::string_view user;     // is_valid_user_code
};
std::optional<AccessKeyParts> parse_access_key(std::string_view access_key);
std::optional<std::string> company_of_access_key(std::string_view access_key);
std::optional<std::string> user_of_access_key(std::string_view access_key);

// Startup check: can this master key open the stored secrets? Tries the newest active key.
enum class MasterKeyCheck { NoKeys, Ok, Mismatch };
MasterKeyCheck check_master_key(store::Connection& conn, const MasterKey& master);

}  // namespace sqlacc::keys
