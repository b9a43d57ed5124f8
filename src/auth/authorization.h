#pragma once
// Parsing of the two ways a request carries SigV4 credentials: the Authorization header and the
// X-Amz-* query parameters of a presigned URL. Pure string_view parsing; no allocation on success
// except for percent-decoding presign values into caller-owned buffers.
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "auth/types.h"

namespace sqlacc::auth {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";
// Access keys here are ~50 chars ("<32 hex>.<company>/<user>"); the bound keeps hostile input out
// of the key lookup and the error messages.
inline constexpr std::size_t kMaxAccessKeyLength = 256;

// "<access key>/<yyyymmdd>/<region>/<service>/aws4_request".
struct CredentialView {
  std::string_view access_key;
  std::string_view date;
  std::string_view region;
  std::string_view service;
};
// Parsed from the RIGHT: the last four '/'-separated parts are the scope and everything before them
// is the access key, because our access keys contain '/' (and '.'). False with `why` on error.
bool parse_credential(std::string_view credential, CredentialView& out, std::string* why);

struct AuthorizationHeader {
  std::string_view algorithm;
  std::string_view credential;
  std::string_view signed_headers;
  std::string_view signature;
};
// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...": components in any order,
// separated by ',' with any spaces around (curl's "Copy" form has none, botocore uses ", ").
// Fills `failure` with IncompleteSignature (a component missing or empty) or
// AuthorizationHeaderMalformed (unsupported algorithm, unknown/duplicate/garbled component).
// The algorithm, Credential and SignedHeaders contents are checked by the caller.
bool parse_authorization_header(std::string_view value, AuthorizationHeader& out, Failure& failure);

// The X-Amz-* authentication parameters of a presigned URL, percent-decoded.
struct PresignParams {
  std::optional<std::string_view> algorithm, credential, amz_date, expires, signed_headers,
      signature;
};
// Owns the decoded bytes `PresignParams` points into; reused across calls by the verifier.
struct PresignStorage {
  std::array<std::string, 6> value;
  std::string key;
};
// Collects the parameters; fails (AuthorizationQueryParametersError) on a repeated one or when a
// required one (all but X-Amz-Expires) is missing.
bool parse_presign_query(std::string_view query, PresignParams& out, PresignStorage& storage,
                         Failure& failure);

// True when the query carries X-Amz-Signature or X-Amz-Credential (a presigned URL, valid or not).
bool has_presign_params(std::string_view query);

// Lower-cases a 64-char hex signature into `out`; false if it is not exactly 64 hex digits.
bool normalize_signature(std::string_view signature, std::array<char, 64>& out);

// X-Amz-Expires: plain decimal digits only (no sign, no spaces), at most 10 of them.
std::optional<std::chrono::seconds> parse_expires(std::string_view text);

// A short, printable rendering of client-supplied text for error messages: at most 80 bytes,
// anything outside printable ASCII replaced by '?', so a message stays readable and bounded.
std::string printable(std::string_view text);

}  // namespace sqlacc::auth
