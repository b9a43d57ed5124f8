#pragma once
// Server side of AWS Signature Version 4: decides whether a request was signed by the holder of an
// access key's secret. Header-signed (Authorization) and presigned (X-Amz-* query) requests.
// Pure: no I/O; the clock and the key store are injected.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/types.h"

namespace sqlacc::auth {

class SigningKeyCache;

struct VerifierConfig {
  // (region, service) pairs a credential scope may name. api.sql.my validates
  // ap-southeast-5/sqlaccount; older deployments and the official samples use
  // ap-southeast-1/execute-api.
  std::vector<Scope> accepted_scopes = {{"ap-southeast-5", "sqlaccount"},
                                        {"ap-southeast-1", "execute-api"}};
  std::chrono::seconds max_skew{900};
  std::chrono::seconds max_presign_expiry{604800};
  // A presign without X-Amz-Expires (newman's awsv4 query mode sends none): see verifier.cpp.
  std::chrono::seconds presign_default_expiry{900};
  // Signing keys cached (see signing_key_cache.h); 0 disables the cache.
  std::size_t signing_key_cache_capacity = 4096;
};

struct KeyMaterial {
  std::string secret;  // in plain text, held briefly
  std::uint64_t key_version = 0;
};
// Looks up an access key; nullopt when unknown or revoked. Called once per request (after the
// request's own checks passed, so garbage never reaches the key store).
using KeyLookup = std::function<std::optional<KeyMaterial>(std::string_view access_key)>;

struct Identity {
  std::string access_key;
  std::uint64_t key_version;
  std::string region, service;
  bool presigned;
};

struct Result {
  std::optional<Identity> identity;
  Failure failure;  // meaningful when !ok()
  bool ok() const { return identity.has_value(); }
};

class Verifier {
 public:
  Verifier(VerifierConfig config, const Clock& clock, KeyLookup lookup);
  ~Verifier();
  Verifier(Verifier&&) noexcept;
  Verifier& operator=(Verifier&&) noexcept;

  // Thread-safe. Exceptions from the KeyLookup propagate.
  Result verify(const RequestView& request) const;

  // Has an Authorization header, or X-Amz-Signature / X-Amz-Credential in the query: lets
  // /healthcheck answer unsigned probes while still checking signed ones.
  bool is_signed(const RequestView& request) const;

  // The canonical requests verify() tries for this request, in its order: each distinct canonical
  // URI (outer) with each distinct canonical query (inner), at most 9 (canonical.h); empty when the
  // request's authentication cannot be parsed. For tests, fuzzers and debugging.
  std::vector<std::string> canonical_requests(const RequestView& request) const;

  // Drops every cached signing key (e.g. after a mass key revocation; also used by benchmarks).
  void clear_signing_key_cache() const;
  const VerifierConfig& config() const { return config_; }

 private:
  struct Prepared;
  bool prepare(const RequestView& request, Prepared& p, Failure& failure) const;

  VerifierConfig config_;
  const Clock* clock_;
  KeyLookup lookup_;
  std::unique_ptr<SigningKeyCache> cache_;
};

}  // namespace sqlacc::auth
