#pragma once
// Internal helpers of the keys module (not part of its public API): libsodium initialisation,
// random hex strings, hex decoding into fixed buffers, wiped stack buffers, a statement guard, and
// the key/session writes shared by users, api_keys and login.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/connection.h"

namespace sqlacc::keys::detail {

// sodium_init() exactly once per process; throws std::runtime_error if libsodium cannot start.
void ensure_sodium();

// Lower-case hex of `len` bytes, written straight into the returned string (no temporary copy).
std::string to_hex(const unsigned char* bytes, std::size_t len);
// `len` random bytes as lower-case hex (2*len chars); the raw bytes are wiped before returning.
std::string random_hex(std::size_t len);
// Decodes exactly `out_len` bytes from `hex` (exactly 2*out_len hex digits, either case).
bool from_hex(std::string_view hex, unsigned char* out, std::size_t out_len);

bool is_lower_hex(std::string_view s, std::size_t len);

// BLAKE2b-256 of `text`, hex: what is stored for session tokens.
std::string hash_token(std::string_view token);

// A stack buffer wiped on every exit path.
template <std::size_t N>
struct Wiped {
  unsigned char bytes[N] = {};
  Wiped() = default;
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  ~Wiped() { sodium_memzero(bytes, N); }
};

// Revokes the user's active API key, if any, and audits it. Returns the revoked access key.
// Call inside a transaction.
std::optional<std::string> revoke_active_key(store::Connection& conn, std::string_view user_code,
                                             std::string_view actor, std::int64_t now,
                                             std::string_view reason);
// Ends every admin session of the user. Call inside a transaction.
void delete_sessions(store::Connection& conn, std::string_view user_code);
bool user_exists(store::Connection& conn, std::string_view user_code);

}  // namespace sqlacc::keys::detail
