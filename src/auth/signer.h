#pragma once
// Client side of SigV4, used by `sqlacc apikey test` (Test Connection) and by tests. Produces what
// botocore's SigV4Auth / SigV4QueryAuth would for the same input: non-S3 rules (normalised,
// double-encoded path), query decoded/re-encoded and sorted, payload hash = SHA-256 of the body.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sqlacc::auth {

struct SignInput {
  std::string method, target, host, body;  // target: "/path?query" as it will be sent
  // Headers to send and sign, besides host and x-amz-date. Like botocore, Authorization,
  // X-Amz-Date, User-Agent, Expect and X-Amzn-Trace-Id are never signed. A Host header here
  // overrides `host`. An x-amz-content-sha256 header here is used verbatim as the payload hash (as
  // curl does; e.g. UNSIGNED-PAYLOAD).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string access_key, secret, region, service;
  std::chrono::system_clock::time_point when;
  // When not empty, the X-Amz-Date to sign with instead of `when` ("yyyyMMddTHHmmssZ", used as
  // given): tests sign dates a system_clock time point cannot hold (past 2262).
  std::string amz_date;
  // Also send and sign x-amz-content-sha256 = SHA-256(body), as newman and the AWS SDKs v3 do.
  bool add_content_sha256 = false;
};

// Returns the headers to add: X-Amz-Date, (x-amz-content-sha256 if asked) and Authorization.
// SignedHeaders = host + x-amz-date + the headers given, lower-cased and sorted; host is the value
// as given (with the port). Throws std::invalid_argument when there is no host.
std::vector<std::pair<std::string, std::string>> sign_headers(const SignInput& input);

// The target with the X-Amz-* presign parameters appended (X-Amz-Signature last).
// `expires` must be 1..604800 s (std::invalid_argument otherwise). SignedHeaders = host + the
// headers given; those must then be sent with the request.
std::string presign_target(const SignInput& input, std::chrono::seconds expires);

// Building blocks, exposed for tests and tools: the hex signature of a string to sign, and the
// Authorization header value for given parts.
std::string sign_string(std::string_view secret, std::string_view date8, std::string_view region,
                        std::string_view service, std::string_view string_to_sign);
std::string authorization_header(std::string_view access_key, std::string_view date8,
                                 std::string_view region, std::string_view service,
                                 std::string_view signed_headers, std::string_view signature);

}  // namespace sqlacc::auth
