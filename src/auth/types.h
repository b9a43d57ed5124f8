#pragma once
// Plain data shared by the SigV4 verifier and signer. No I/O: the caller hands in a view of the
// request exactly as received and a clock, so the logic is testable against fixed vectors.
#include <chrono>
#include <span>
#include <string>
#include <string_view>

namespace sqlacc::auth {

// One header line as received. The verifier needs wire order and every repeated line separately:
// SigV4 joins repeated headers with "," in arrival order, so an HTTP layer that merged them with ",
// " first would break signatures.
struct HeaderView {
  std::string_view name;
  std::string_view value;
};

struct RequestView {
  std::string_view method;  // "GET"
  std::string_view target;  // raw request-target as received, e.g. "/agent/*?code=A%2FB"
  std::span<const HeaderView> headers;
  std::string_view body;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

// Why a request was refused. Every failure is answered 401 by the api layer with a JSON body
// {code, message}: messages are specific enough to fix a client, and never contain the secret, the
// derived key or the expected signature.
struct Failure {
  std::string code;  // one of the constants in sqlacc::auth::code
  std::string message;
  // SignatureDoesNotMatch only: the canonical request the server computed (the first one tried),
  // for server-side debug logs. It holds nothing secret (AWS returns it to the client).
  std::string canonical_request;
};

namespace code {
inline constexpr const char* kMissingAuthenticationToken = "MissingAuthenticationToken";
inline constexpr const char* kIncompleteSignature = "IncompleteSignature";
inline constexpr const char* kAuthorizationHeaderMalformed = "AuthorizationHeaderMalformed";
inline constexpr const char* kAuthorizationQueryParametersError =
    "AuthorizationQueryParametersError";
inline constexpr const char* kMissingDateHeader = "MissingDateHeader";
inline constexpr const char* kMalformedDate = "MalformedDate";
inline constexpr const char* kRequestTimeTooSkewed = "RequestTimeTooSkewed";
inline constexpr const char* kRequestExpired = "RequestExpired";
inline constexpr const char* kInvalidAccessKeyId = "InvalidAccessKeyId";
inline constexpr const char* kSignatureDoesNotMatch = "SignatureDoesNotMatch";
inline constexpr const char* kUnsignedHeaders = "UnsignedHeaders";
inline constexpr const char* kXAmzContentSHA256Mismatch = "XAmzContentSHA256Mismatch";
}  // namespace code

// A (region, service) pair of the credential scope.
struct Scope {
  std::string region;
  std::string service;
};

}  // namespace sqlacc::auth
