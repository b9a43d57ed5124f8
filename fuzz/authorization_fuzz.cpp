// Fuzzes the Authorization header parser and the Credential / SignedHeaders / Signature parsers it
// feeds, checking the structural promises callers rely on.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/authorization.h"
#include "auth/canonical.h"
#include "fuzz_support.h"

using namespace sqlacc::auth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  AuthorizationHeader header;
  Failure failure;
  if (parse_authorization_header(input, header, failure)) {
    FUZZ_CHECK(header.algorithm == kAlgorithm);
    FUZZ_CHECK(!header.credential.empty() && !header.signed_headers.empty() &&
               !header.signature.empty());
  } else {
    FUZZ_CHECK(failure.code == code::kIncompleteSignature ||
               failure.code == code::kAuthorizationHeaderMalformed);
    FUZZ_CHECK(!failure.message.empty() && failure.message.size() < 1024);
  }

  // The Credential parser on the raw input too (not only on what the header parser accepted).
  for (const std::string_view text : {input, header.credential}) {
    CredentialView c;
    std::string why;
    if (parse_credential(text, c, &why)) {
      FUZZ_CHECK(!c.access_key.empty() && c.access_key.size() <= kMaxAccessKeyLength);
      FUZZ_CHECK(c.date.size() == 8 && !c.region.empty() && !c.service.empty());
      FUZZ_CHECK(c.region.find('/') == std::string_view::npos);
      FUZZ_CHECK(c.service.find('/') == std::string_view::npos);
      // Reassembling gives the input back: parsing from the right loses nothing.
      const std::string back = std::string(c.access_key) + "/" + std::string(c.date) + "/" +
                               std::string(c.region) + "/" + std::string(c.service) +
                               "/aws4_request";
      FUZZ_CHECK(back == text);
    } else {
      FUZZ_CHECK(!why.empty());
    }
  }

  std::string storage, why;
  std::vector<std::string_view> names;
  if (parse_signed_headers(header.signed_headers.empty() ? input : header.signed_headers, storage,
                           names, &why)) {
    FUZZ_CHECK(!names.empty() && names.size() <= kMaxSignedHeaders);
    for (std::size_t i = 0; i < names.size(); ++i) {
      FUZZ_CHECK(!names[i].empty());
      for (const char ch : names[i]) FUZZ_CHECK(!(ch >= 'A' && ch <= 'Z'));
      for (std::size_t j = 0; j < i; ++j) FUZZ_CHECK(names[i] != names[j]);
    }
  }

  std::array<char, 64> sig{};
  if (normalize_signature(header.signature.empty() ? input : header.signature, sig)) {
    for (const char ch : sig) FUZZ_CHECK((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
  }
  (void)parse_expires(input);
  FUZZ_CHECK(printable(input).size() <= 83);
  return 0;
}
