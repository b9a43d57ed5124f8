// Fuzzes presigned-URL query parsing: the X-Amz-* collector, presign detection, and the whole
// verifier on "GET /agent?<input>" (presign mode), which must fail cleanly and never crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/authorization.h"
#include "auth/canonical.h"
#include "auth_fuzz_support.h"

using namespace sqlacc::auth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);

  PresignParams params;
  PresignStorage storage;
  Failure failure;
  if (parse_presign_query(query, params, storage, failure)) {
    FUZZ_CHECK(params.algorithm && params.credential && params.amz_date && params.signed_headers &&
               params.signature);
  } else {
    FUZZ_CHECK(failure.code == code::kAuthorizationQueryParametersError);
  }
  const bool presign = has_presign_params(query);

  const std::string target = "/agent?" + std::string(query);
  const HeaderView headers[] = {{"Host", "127.0.0.1:8080"}, {"User-Agent", "fuzz"}};
  const RequestView request{"GET", target, headers, ""};
  const Verifier& v = fuzz::verifier();
  FUZZ_CHECK(v.is_signed(request) == presign);
  const Result result = v.verify(request);
  // Forging a signature by fuzzing is not expected; accepting one would be a bug.
  FUZZ_CHECK(!result.ok());
  FUZZ_CHECK(!result.failure.code.empty() && !result.failure.message.empty());
  if (!presign) FUZZ_CHECK(result.failure.code == code::kMissingAuthenticationToken);
  (void)v.canonical_requests(request);
  return 0;
}
