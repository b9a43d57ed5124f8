#include "auth/authorization.h"

#include "auth/amz_date.h"
#include "auth/canonical.h"
#include "util/text.h"

namespace sqlacc::auth {
namespace {

using text::trim;

bool set_failure(Failure& failure, const char* code, std::string message) {
  failure.code = code;
  failure.message = std::move(message);
  return false;
}

// The decoded form of a query key, decoding only when needed (the X-Amz-* names never need it).
std::string_view decoded_key(std::string_view raw, std::string& buffer) {
  if (raw.find_first_of("%+") == std::string_view::npos) return raw;
  buffer.clear();
  uri_decode(buffer, raw, /*plus_as_space=*/true);
  return buffer;
}

}  // namespace

bool parse_credential(std::string_view credential, CredentialView& out, std::string* why) {
  auto fail = [&](const char* message) {
    if (why) *why = message;
    return false;
  };
  std::string_view parts[4];  // terminator, service, region, date (right to left)
  std::string_view rest = credential;
  for (auto& part : parts) {
    const std::size_t slash = rest.rfind('/');
    if (slash == std::string_view::npos) {
      return fail("expecting \"<access key>/<yyyymmdd>/<region>/<service>/aws4_request\"");
    }
    part = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (parts[0] != kTerminator) return fail("the Credential must end with \"/aws4_request\"");
  if (parts[1].empty()) return fail("the Credential has an empty service");
  if (parts[2].empty()) return fail("the Credential has an empty region");
  if (!is_scope_date(parts[3])) return fail("the Credential date must be yyyymmdd");
  if (rest.empty()) return fail("the Credential has an empty access key");
  if (rest.size() > kMaxAccessKeyLength)
    return fail("the access key in the Credential is too long");
  for (const char c : rest) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return fail("the access key in the Credential contains a space or a non-printable character");
    }
  }
  out = {rest, parts[3], parts[2], parts[1]};
  return true;
}

bool parse_authorization_header(std::string_view value, AuthorizationHeader& out,
                                Failure& failure) {
  out = {};
  value = trim(value);
  const std::size_t space = value.find_first_of(" \t");
  out.algorithm = value.substr(0, space);
  if (out.algorithm != kAlgorithm) {
    return set_failure(failure, code::kAuthorizationHeaderMalformed,
                       "Unsupported authorization algorithm '" + printable(out.algorithm) +
                           "'; only AWS4-HMAC-SHA256 (Signature Version 4) is supported.");
  }
  std::string_view rest =
      space == std::string_view::npos ? std::string_view{} : value.substr(space);
  bool seen_credential = false, seen_signed = false, seen_signature = false;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.empty()) continue;  // tolerate ",," and a trailing ','
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return set_failure(failure, code::kAuthorizationHeaderMalformed,
                         "The Authorization header component '" + printable(item) +
                             "' is not of the form Name=value.");
    }
    const std::string_view name = trim(item.substr(0, eq));
    const std::string_view val = trim(item.substr(eq + 1));
    bool* seen = nullptr;
    std::string_view* slot = nullptr;
    if (name == "Credential") {
      seen = &seen_credential;
      slot = &out.credential;
    } else if (name == "SignedHeaders") {
      seen = &seen_signed;
      slot = &out.signed_headers;
    } else if (name == "Signature") {
      seen = &seen_signature;
      slot = &out.signature;
    } else {
      return set_failure(failure, code::kAuthorizationHeaderMalformed,
                         "Unknown Authorization header component '" + printable(name) +
                             "'; expecting Credential, SignedHeaders and Signature.");
    }
    if (*seen) {
      return set_failure(failure, code::kAuthorizationHeaderMalformed,
                         "The Authorization header contains " + std::string(name) + " twice.");
    }
    *seen = true;
    *slot = val;
  }
  std::string missing;
  auto need = [&](std::string_view got, const char* name) {
    if (!got.empty()) return;
    if (!missing.empty()) missing += ", ";
    missing += name;
  };
  need(out.credential, "Credential");
  need(out.signed_headers, "SignedHeaders");
  need(out.signature, "Signature");
  if (!missing.empty()) {
    return set_failure(failure, code::kIncompleteSignature,
                       "The Authorization header is missing (or has empty) " + missing +
                           "; expecting \"AWS4-HMAC-SHA256 Credential=<access key>/<yyyymmdd>/"
                           "<region>/<service>/aws4_request, SignedHeaders=<names>, "
                           "Signature=<hex>\".");
  }
  return true;
}

bool parse_presign_query(std::string_view query, PresignParams& out, PresignStorage& storage,
                         Failure& failure) {
  out = {};
  static constexpr std::string_view kNames[6] = {"X-Amz-Algorithm",     "X-Amz-Credential",
                                                 "X-Amz-Date",          "X-Amz-Expires",
                                                 "X-Amz-SignedHeaders", "X-Amz-Signature"};
  std::optional<std::string_view>* slots[6] = {&out.algorithm, &out.credential,     &out.amz_date,
                                               &out.expires,   &out.signed_headers, &out.signature};
  const char* duplicate = nullptr;
  for_each_query_param(query, [&](std::string_view raw_key, std::string_view raw_value) {
    if (duplicate) return;
    const std::string_view key = decoded_key(raw_key, storage.key);
    for (std::size_t i = 0; i < 6; ++i) {
      if (key != kNames[i]) continue;
      if (slots[i]->has_value()) {
        duplicate = kNames[i].data();
        return;
      }
      std::string& buffer = storage.value[i];
      buffer.clear();
      uri_decode(buffer, raw_value, /*plus_as_space=*/true);
      *slots[i] = std::string_view(buffer);
      return;
    }
  });
  if (duplicate) {
    return set_failure(
        failure, code::kAuthorizationQueryParametersError,
        std::string("The query parameter ") + duplicate + " appears more than once.");
  }
  std::string missing;
  for (std::size_t i = 0; i < 6; ++i) {
    if (i == 3 || slots[i]->has_value()) continue;  // X-Amz-Expires is optional (see verifier.cpp)
    if (!missing.empty()) missing += ", ";
    missing += kNames[i];
  }
  if (!missing.empty()) {
    return set_failure(failure, code::kAuthorizationQueryParametersError,
                       "Query-string authentication (presigned URL) requires the X-Amz-Algorithm, "
                       "X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Signature "
                       "parameters; missing: " +
                           missing + ".");
  }
  return true;
}

bool has_presign_params(std::string_view query) {
  bool found = false;
  std::string buffer;
  for_each_query_param(query, [&](std::string_view raw_key, std::string_view) {
    if (found) return;
    const std::string_view key = decoded_key(raw_key, buffer);
    found = key == "X-Amz-Signature" || key == "X-Amz-Credential";
  });
  return found;
}

bool normalize_signature(std::string_view signature, std::array<char, 64>& out) {
  // Table-driven: every request goes through this; 0 marks a non-hex byte.
  static constexpr auto kLowerHex = [] {
    std::array<char, 256> t{};
    for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<char>(c);
    for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<char>(c);
    for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<char>(c - 'A' + 'a');
    return t;
  }();
  if (signature.size() != out.size()) return false;
  char bad = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = kLowerHex[static_cast<unsigned char>(signature[i])];
    bad |= static_cast<char>(c == 0);
    out[i] = c;
  }
  return bad == 0;
}

std::optional<std::chrono::seconds> parse_expires(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  long long v = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return std::chrono::seconds{v};
}

std::string printable(std::string_view text) {
  constexpr std::size_t kMax = 80;
  std::string out;
  const std::size_t n = text.size() < kMax ? text.size() : kMax;
  out.reserve(n + 3);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  }
  if (text.size() > kMax) out += "...";
  return out;
}

}  // namespace sqlacc::auth
