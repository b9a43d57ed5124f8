// Fuzzes the whole verifier on arbitrary requests. Input layout, '\n'-separated:
//   method, target, then "Name:value" header lines until an empty line, then the body.
// scripts/fuzz seeds the corpus with well-formed requests (right scope and date, wrong signature)
// so mutations reach the deep checks (signed headers, payload hash, canonicalisation) quickly.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/amz_date.h"
#include "auth/canonical.h"
#include "auth/signer.h"
#include "auth_fuzz_support.h"
#include "util/text.h"

using namespace sqlacc::auth;

namespace {

// The request's X-Amz-Date (header, or query parameter when presigned) lies in the window the
// default VerifierConfig allows around the pinned clock: +-900 s signed, or from 604800 s before
// to 900 s after presigned. Computed here in seconds, independently of the verifier.
bool within_time_window(const RequestView& request, bool presigned) {
  std::string date;
  if (presigned) {
    for_each_query_param(split_target(request.target).query,
                         [&](std::string_view raw_key, std::string_view raw_value) {
                           std::string key;
                           uri_decode(key, raw_key, /*plus_as_space=*/true);
                           if (key != "X-Amz-Date") return;
                           date.clear();
                           uri_decode(date, raw_value, /*plus_as_space=*/true);
                         });
  } else {
    for (const HeaderView& h : request.headers) {
      if (iequals(h.name, "x-amz-date")) date = sqlacc::text::trim(h.value);
    }
  }
  const auto when = parse_amz_date(date);
  if (!when) return false;
  const auto now = std::chrono::floor<std::chrono::seconds>(fuzz::PinnedClock{}.now());
  const long long age = (now - *when).count();
  return age >= -900 && age <= (presigned ? 604800 : 900);
}

}  // namespace

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
    // Only a correctly signed request may pass: re-check that it is really signed with our key,
    // and only within its time window (a year-5534 X-Amz-Date once wrapped into it).
    FUZZ_CHECK(result.identity->access_key == fuzz::kAccessKey);
    FUZZ_CHECK(within_time_window(request, result.identity->presigned));
  }
  (void)v.is_signed(request);
  (void)v.canonical_requests(request);
  return 0;
}
