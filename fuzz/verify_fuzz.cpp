// Fuzzes the whole verifier on arbitrary requests. Input layout, '\n'-separated:
//   method, target, then "Name:value" header lines until an empty line, then the body.
// scripts/fuzz seeds the corpus with well-formed requests (right scope and date, wrong signature)
// so mutations reach the deep checks (signed headers, payload hash, canonicalisation) quickly.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/signer.h"
#include "auth_fuzz_support.h"

using namespace sqlacc::auth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  auto line = [&]() {
    const std::size_t nl = rest.find('\n');
    const std::string_view l = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    return l;
  };
  const std::string_view method = line();
  const std::string_view target = line();
  std::vector<HeaderView> headers;
  while (!rest.empty()) {
    const std::string_view l = line();
    if (l.empty()) break;
    const std::size_t colon = l.find(':');
    headers.push_back(
        {l.substr(0, colon), colon == std::string_view::npos ? "" : l.substr(colon + 1)});
  }
  const RequestView request{method, target, headers, rest};
  const Verifier& v = fuzz::verifier();
  const Result result = v.verify(request);
  if (!result.ok()) {
    FUZZ_CHECK(!result.failure.code.empty() && !result.failure.message.empty());
  } else {
    // Only a correctly signed request may pass: re-check that it is really signed with our key.
    FUZZ_CHECK(result.identity->access_key == fuzz::kAccessKey);
  }
  (void)v.is_signed(request);
  (void)v.canonical_requests(request);
  return 0;
}
