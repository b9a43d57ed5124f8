#pragma once
// SHA-256, HMAC-SHA256 and hex via OpenSSL 3, shaped for the verifier's hot path: fixed-size
// outputs on the stack, no heap allocation per call.
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace sqlacc::auth {

using Digest = std::array<std::uint8_t, 32>;
using HexDigest = std::array<char, 64>;

Digest sha256(std::string_view data);
// SHA-256 of the concatenation of `parts`, without building it (the verifier hashes
// method + "\n" + uri + tail for each canonical URI it tries).
Digest sha256(std::initializer_list<std::string_view> parts);
Digest hmac_sha256(std::span<const std::uint8_t> key, std::string_view data);

// Lower-case hex, as SigV4 puts it in the canonical request and the Authorization header.
HexDigest to_hex(const Digest& digest);
inline std::string_view view(const HexDigest& hex) { return {hex.data(), hex.size()}; }
std::string hex_string(const Digest& digest);

// SHA-256 of the empty string, the payload hash of every GET; kept as a constant so a bodyless
// request costs no hashing.
inline constexpr std::string_view kEmptySha256Hex =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Hex SHA-256 of `data`, with the empty-body shortcut.
HexDigest sha256_hex(std::string_view data);

// Constant-time equality (CRYPTO_memcmp) for equal lengths; a length mismatch returns false at
// once, which leaks only the length (public: signatures are always 64 hex chars).
bool constant_time_equal(std::string_view a, std::string_view b);

// Overwrites memory that held a secret or derived key, in a way the optimiser cannot drop.
void secure_clear(void* data, std::size_t size);

// SigV4 key derivation: HMAC chain "AWS4"+secret -> date (yyyymmdd) -> region -> service ->
// "aws4_request". Four HMACs; the signing-key cache exists to skip this on most requests.
Digest derive_signing_key(std::string_view secret, std::string_view date8, std::string_view region,
                          std::string_view service);

}  // namespace sqlacc::auth
