#include "auth/verifier.h"

#include <array>
#include <utility>

#include "auth/amz_date.h"
#include "auth/authorization.h"
#include "auth/canonical.h"
#include "auth/crypto.h"
#include "auth/signing_key_cache.h"
#include "util/text.h"

namespace sqlacc::auth {
namespace {

// Per-thread buffers reused by every verify on that thread, so the steady state allocates nothing
// beyond the Identity it returns. verify() is not re-entrant on one thread (a KeyLookup must not
// call verify()), which nothing needs.
struct Scratch {
  PresignStorage presign;
  std::string signed_storage;
  std::vector<std::string_view> signed_names;
  QueryScratch query;
  UriCandidates uris;
  QueryCandidates queries;
  std::string tail;  // "\n" headers "\n" signed-headers "\n" payload-hash
  std::string string_to_sign;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

bool is_name(std::string_view header, std::string_view lower_name) {
  return header.size() == lower_name.size() && iequals(header, lower_name);
}

bool starts_with_x_amz(std::string_view name) {
  return name.size() > 6 && iequals(name.substr(0, 6), "x-amz-");
}

using text::trim;

bool fail(Failure& failure, const char* code, std::string message) {
  failure.code = code;
  failure.message = std::move(message);
  return false;
}

std::string seconds_text(std::chrono::seconds s) { return std::to_string(s.count()) + " seconds"; }

std::string amz_text(std::chrono::system_clock::time_point t) {
  const auto f = format_amz_date(t);
  return std::string(f.data(), f.size());
}

}  // namespace

// Everything verify() learns from the request before it needs the secret.
struct Verifier::Prepared {
  bool presigned = false;
  CredentialView credential;
  std::string_view amz_date;
  std::array<char, 64> signature{};
  std::int32_t day = 0;
  HexDigest body_hash{};
  Scratch* s = nullptr;
};

Verifier::Verifier(VerifierConfig config, const Clock& clock, KeyLookup lookup)
    : config_(std::move(config)),
      clock_(&clock),
      lookup_(std::move(lookup)),
      cache_(std::make_unique<SigningKeyCache>(config_.signing_key_cache_capacity)) {}

Verifier::~Verifier() = default;
Verifier::Verifier(Verifier&&) noexcept = default;
Verifier& Verifier::operator=(Verifier&&) noexcept = default;

void Verifier::clear_signing_key_cache() const { cache_->clear(); }

bool Verifier::is_signed(const RequestView& request) const {
  for (const HeaderView& h : request.headers) {
    if (is_name(h.name, "authorization")) return true;
  }
  return has_presign_params(split_target(request.target).query);
}

bool Verifier::prepare(const RequestView& request, Prepared& p, Failure& failure) const {
  Scratch& s = scratch();
  p.s = &s;
  const TargetParts target = split_target(request.target);

  // One pass over the headers for the few the verifier itself reads.
  std::string_view authorization, amz_date_header, content_sha256;
  int authorization_count = 0, amz_date_count = 0, content_sha256_count = 0;
  for (const HeaderView& h : request.headers) {
    if (is_name(h.name, "authorization")) {
      ++authorization_count;
      authorization = h.value;
    } else if (is_name(h.name, "x-amz-date")) {
      ++amz_date_count;
      amz_date_header = h.value;
    } else if (is_name(h.name, "x-amz-content-sha256")) {
      ++content_sha256_count;
      content_sha256 = h.value;
    }
  }

  // --- Which mechanism, and its parameters.
  std::string_view credential_text, signed_headers_text, signature_text;
  std::optional<std::string_view> expires_text;
  const char* param_error = code::kAuthorizationHeaderMalformed;
  if (authorization_count > 1) {
    return fail(failure, code::kAuthorizationHeaderMalformed,
                "The request has more than one Authorization header.");
  }
  if (authorization_count == 1) {
    if (has_presign_params(target.query)) {
      return fail(failure, code::kAuthorizationHeaderMalformed,
                  "The request carries both an Authorization header and presigned-URL X-Amz-* "
                  "query parameters; use only one authentication mechanism.");
    }
    AuthorizationHeader auth;
    if (!parse_authorization_header(authorization, auth, failure)) return false;
    credential_text = auth.credential;
    signed_headers_text = auth.signed_headers;
    signature_text = auth.signature;
    if (amz_date_count == 0) {
      return fail(failure, code::kMissingDateHeader,
                  "Signature Version 4 requires an X-Amz-Date header (yyyyMMddTHHmmssZ).");
    }
    if (amz_date_count > 1) {
      return fail(failure, code::kMalformedDate,
                  "The X-Amz-Date header appears more than once; send it once.");
    }
    p.amz_date = trim(amz_date_header);
  } else {
    if (!has_presign_params(target.query)) {
      return fail(failure, code::kMissingAuthenticationToken,
                  "The request is not signed: it has neither an Authorization header nor "
                  "X-Amz-Signature/X-Amz-Credential query parameters (AWS Signature Version 4).");
    }
    p.presigned = true;
    param_error = code::kAuthorizationQueryParametersError;
    PresignParams q;
    if (!parse_presign_query(target.query, q, s.presign, failure)) return false;
    if (*q.algorithm != kAlgorithm) {
      return fail(failure, param_error,
                  "X-Amz-Algorithm '" + printable(*q.algorithm) +
                      "' is not supported; only AWS4-HMAC-SHA256 is.");
    }
    credential_text = *q.credential;
    signed_headers_text = *q.signed_headers;
    signature_text = *q.signature;
    expires_text = q.expires;
    p.amz_date = *q.amz_date;
  }

  if (!normalize_signature(trim(signature_text), p.signature)) {
    return fail(failure, code::kSignatureDoesNotMatch,
                "The signature must be 64 hexadecimal characters (hex HMAC-SHA256); the request "
                "signature does not match.");
  }

  // --- Date and credential scope.
  const std::optional<SysSeconds> date = parse_amz_date(p.amz_date);
  if (!date) {
    return fail(failure, code::kMalformedDate,
                "X-Amz-Date '" + printable(p.amz_date) +
                    "' is not in the ISO 8601 basic format yyyyMMddTHHmmssZ (e.g. "
                    "20260528T093000Z) or not a date in the years 1970..9999.");
  }
  std::string why;
  if (!parse_credential(trim(credential_text), p.credential, &why)) {
    return fail(failure, param_error, "Malformed Credential: " + why + ".");
  }
  const CredentialView& cred = p.credential;
  if (cred.date != p.amz_date.substr(0, 8)) {
    return fail(failure, param_error,
                "The Credential scope date " + std::string(cred.date) +
                    " does not match the request date " + std::string(p.amz_date.substr(0, 8)) +
                    " (X-Amz-Date); sign with the date of the request.");
  }
  bool scope_ok = false;
  for (const Scope& scope : config_.accepted_scopes) {
    scope_ok = scope_ok || (scope.region == cred.region && scope.service == cred.service);
  }
  if (!scope_ok) {
    std::string accepted;
    for (const Scope& scope : config_.accepted_scopes) {
      if (!accepted.empty()) accepted += ", ";
      accepted += "region '" + scope.region + "' with service '" + scope.service + "'";
    }
    return fail(failure, param_error,
                "The Credential scope region '" + printable(cred.region) + "' / service '" +
                    printable(cred.service) + "' is not accepted by this server; expecting " +
                    (accepted.empty() ? std::string("(none configured)") : accepted) + ".");
  }
  p.day = static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::days>(*date).time_since_epoch().count());

  // --- Time window, in whole seconds: the date is within years 1970..9999 (parse_amz_date) and the
  // clock reading is floored to seconds, so `now - *date` cannot overflow (as nanoseconds, a date
  // past 2262 would, and a chosen one wrapped into the window). No date + duration sums either.
  const SysSeconds now = std::chrono::floor<std::chrono::seconds>(clock_->now());
  const std::chrono::seconds age = now - *date;  // negative: signed in the future
  if (!p.presigned) {
    if (age > config_.max_skew || -age > config_.max_skew) {
      return fail(failure, code::kRequestTimeTooSkewed,
                  "The request time " + std::string(p.amz_date) + " differs from the server time " +
                      amz_text(now) + " by more than " + seconds_text(config_.max_skew) +
                      "; check the client's clock.");
    }
  } else {
    // X-Amz-Expires is optional here, deliberately: newman/Postman's awsv4 "add auth data to query"
    // mode (aws4 for a non-S3 service) sends no X-Amz-Expires at all, and the original accepts
    // those URLs. Such a URL is valid for presign_default_expiry (900 s, the usual clock-skew
    // window) after its X-Amz-Date, the least a signature without a stated lifetime can be trusted
    // for.
    std::chrono::seconds expires = config_.presign_default_expiry;
    if (expires_text) {
      const auto parsed = parse_expires(*expires_text);
      if (!parsed) {
        return fail(
            failure, code::kAuthorizationQueryParametersError,
            "X-Amz-Expires '" + printable(*expires_text) + "' must be a whole number of seconds.");
      }
      if (*parsed < std::chrono::seconds{1} || *parsed > config_.max_presign_expiry) {
        return fail(failure, code::kAuthorizationQueryParametersError,
                    "X-Amz-Expires must be between 1 and " +
                        std::to_string(config_.max_presign_expiry.count()) +
                        " seconds (one week); got " + std::to_string(parsed->count()) + ".");
      }
      expires = *parsed;
    }
    if (-age > config_.max_skew) {
      return fail(failure, code::kRequestTimeTooSkewed,
                  "The presigned URL is not valid yet: X-Amz-Date " + std::string(p.amz_date) +
                      " is more than " + seconds_text(config_.max_skew) +
                      " after the server time " + amz_text(now) + "; check the client's clock.");
    }
    if (age > expires) {
      return fail(failure, code::kRequestExpired,
                  "The presigned URL has expired: signed at " + std::string(p.amz_date) +
                      ", valid for " + seconds_text(expires) + ", server time is " + amz_text(now) +
                      ".");
    }
  }

  // --- Signed headers.
  if (!parse_signed_headers(signed_headers_text, s.signed_storage, s.signed_names, &why)) {
    return fail(failure, param_error, "Malformed SignedHeaders: " + why + ".");
  }
  bool host_signed = false;
  for (const std::string_view name : s.signed_names) host_signed = host_signed || name == "host";
  if (!host_signed) {
    return fail(failure, code::kUnsignedHeaders,
                "The Host header must be signed: add 'host' to SignedHeaders.");
  }
  // Every x-amz-* header present must be signed, so none can be added or altered in transit (the
  // Ceph RGW CVE-2026-54330 class). x-amz-content-sha256 is exempt: the original's Node sample
  // sends it unsigned, and it is checked against the body below anyway.
  for (const HeaderView& h : request.headers) {
    if (!starts_with_x_amz(h.name) || is_name(h.name, "x-amz-content-sha256")) continue;
    bool listed = false;
    for (const std::string_view name : s.signed_names) listed = listed || iequals(h.name, name);
    if (!listed) {
      return fail(failure, code::kUnsignedHeaders,
                  "The header '" + printable(h.name) +
                      "' is present but not signed: every x-amz-* header must be listed in "
                      "SignedHeaders.");
    }
  }

  // --- Payload hash: always the SHA-256 of the body actually received.
  p.body_hash = sha256_hex(request.body);
  std::string_view payload_hash = view(p.body_hash);
  if (content_sha256_count > 1) {
    return fail(failure, code::kXAmzContentSHA256Mismatch,
                "The x-amz-content-sha256 header appears more than once.");
  }
  if (content_sha256_count == 1) {
    const std::string_view claimed = trim(content_sha256);
    if (claimed == "UNSIGNED-PAYLOAD") {
      if (!request.body.empty()) {
        return fail(failure, code::kXAmzContentSHA256Mismatch,
                    "x-amz-content-sha256: UNSIGNED-PAYLOAD is accepted only for an empty body; "
                    "send the hex SHA-256 of the body.");
      }
    } else if (!iequals(claimed, payload_hash)) {
      return fail(failure, code::kXAmzContentSHA256Mismatch,
                  "The x-amz-content-sha256 header does not match the SHA-256 of the body "
                  "received (body of " +
                      std::to_string(request.body.size()) + " bytes).");
    }
    // Matches (or is UNSIGNED-PAYLOAD on an empty body): the client signed this exact string.
    payload_hash = claimed;
  }

  // --- The parts of the canonical request after the query, the same for every candidate.
  std::string& tail = s.tail;
  tail.clear();
  tail.push_back('\n');
  const std::size_t missing = append_canonical_headers(tail, request.headers, s.signed_names);
  if (missing != s.signed_names.size()) {
    return fail(failure, code::kUnsignedHeaders,
                "The header '" + std::string(s.signed_names[missing]) +
                    "' is listed in SignedHeaders but is not present in the request.");
  }
  tail.push_back('\n');
  for (std::size_t i = 0; i < s.signed_names.size(); ++i) {
    if (i != 0) tail.push_back(';');
    tail.append(s.signed_names[i]);
  }
  tail.push_back('\n');
  tail.append(payload_hash);

  canonical_uri_candidates(target.path, s.uris);
  canonical_query_candidates(target.query, p.presigned, s.query, s.queries);
  return true;
}

namespace {

// The canonical request of candidate (uri u, query q); method + "\n" + uri + "\n" + query + tail.
std::string candidate_request(std::string_view method, const UriCandidates& uris,
                              const QueryCandidates& queries, std::size_t u, std::size_t q,
                              std::string_view tail) {
  std::string out(method);
  out.append("\n").append(uris.uri[u]).append("\n").append(queries.query[q]).append(tail);
  return out;
}

}  // namespace

Result Verifier::verify(const RequestView& request) const {
  Result result;
  Prepared p;
  if (!prepare(request, p, result.failure)) return result;
  Scratch& s = *p.s;
  const CredentialView& cred = p.credential;

  std::optional<KeyMaterial> key = lookup_(cred.access_key);
  if (!key) {
    result.failure.code = code::kInvalidAccessKeyId;
    result.failure.message =
        "The access key '" + printable(cred.access_key) + "' does not exist or has been revoked.";
    return result;
  }

  const SigningKeyId id{cred.access_key, key->key_version, p.day, cred.region, cred.service};
  Digest signing_key;
  if (!cache_->find(id, signing_key)) {
    signing_key = derive_signing_key(key->secret, cred.date, cred.region, cred.service);
    cache_->insert(id, signing_key);
  }
  secure_clear(key->secret.data(), key->secret.size());

  // String to sign, all but the hash of the canonical request, built once. Then each distinct
  // (URI, query) pair: the URIs are distinct among themselves and so are the queries, and neither
  // contains '\n', so no canonical request is hashed twice.
  std::string& sts = s.string_to_sign;
  sts.clear();
  sts.append("AWS4-HMAC-SHA256\n").append(p.amz_date).push_back('\n');
  sts.append(cred.date).append("/").append(cred.region).append("/").append(cred.service);
  sts.append("/aws4_request\n");
  const std::size_t prefix = sts.size();

  const std::string_view provided(p.signature.data(), p.signature.size());
  bool matched = false;
  for (std::size_t u = 0; u < s.uris.count && !matched; ++u) {
    for (std::size_t q = 0; q < s.queries.count && !matched; ++q) {
      const HexDigest creq_hash = to_hex(sha256({request.method, "\n", s.uris.uri[u], "\n",
                                                 s.queries.query[q], std::string_view(s.tail)}));
      sts.resize(prefix);
      sts.append(view(creq_hash));
      const HexDigest expected = to_hex(hmac_sha256(signing_key, sts));
      matched = constant_time_equal(view(expected), provided);
    }
  }
  secure_clear(signing_key.data(), signing_key.size());

  if (!matched) {
    std::string tried;
    for (std::size_t i = 0; i < s.uris.count; ++i) {
      if (i != 0) tried += ", ";
      tried += printable(s.uris.uri[i]);
    }
    if (!split_target(request.target).query.empty()) {
      tried += "; canonical query tried: ";
      for (std::size_t i = 0; i < s.queries.count; ++i) {
        if (i != 0) tried += ", ";
        tried += printable(s.queries.query[i]);
      }
    }
    result.failure.code = code::kSignatureDoesNotMatch;
    result.failure.message =
        "The request signature we calculated does not match the signature you provided. Check "
        "your secret key and signing method (canonical URI tried: " +
        tried + ").";
    if (s.uris.count > 0) {
      result.failure.canonical_request =
          candidate_request(request.method, s.uris, s.queries, 0, 0, s.tail);
    }
    return result;
  }
  result.identity = Identity{std::string(cred.access_key), key->key_version,
                             std::string(cred.region), std::string(cred.service), p.presigned};
  return result;
}

std::vector<std::string> Verifier::canonical_requests(const RequestView& request) const {
  std::vector<std::string> out;
  Prepared p;
  Failure failure;
  if (!prepare(request, p, failure)) return out;
  for (std::size_t u = 0; u < p.s->uris.count; ++u) {
    for (std::size_t q = 0; q < p.s->queries.count; ++q) {
      out.push_back(candidate_request(request.method, p.s->uris, p.s->queries, u, q, p.s->tail));
    }
  }
  return out;
}

}  // namespace sqlacc::auth
