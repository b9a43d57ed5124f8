// Fuzzes canonicalisation of the path and the query, checking the output alphabet, idempotence of
// normalisation and re-canonicalisation, and the bounds on canonical URI and query candidates and
// the binding of the query candidates.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/canonical.h"
#include "fuzz_support.h"

using namespace sqlacc::auth;

namespace {

bool is_hex_upper(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

// Only unreserved bytes, '%XX' (upper-case hex) and the listed extra separators.
bool well_encoded(std::string_view s, std::string_view extra) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (is_unreserved(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos) {
      continue;
    }
    if (c == '%' && i + 2 < s.size() && is_hex_upper(s[i + 1]) && is_hex_upper(s[i + 2])) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const TargetParts parts = split_target(input);

  // Path.
  const std::string normalized = normalize_path(parts.path);
  FUZZ_CHECK(!normalized.empty());
  FUZZ_CHECK(normalized.find("//") == std::string::npos);
  if (!parts.path.empty() && parts.path.front() == '/') {
    FUZZ_CHECK(normalized.front() == '/');
    FUZZ_CHECK(normalize_path(normalized) == normalized);
    FUZZ_CHECK(normalized.find("/./") == std::string::npos);
    FUZZ_CHECK(normalized.find("/../") == std::string::npos);
  }
  UriCandidates candidates;
  canonical_uri_candidates(parts.path, candidates);
  FUZZ_CHECK(candidates.count >= 1 && candidates.count <= kMaxUriCandidates);
  FUZZ_CHECK(candidates.form[0] == UriForm::kDoubleEncoded);
  FUZZ_CHECK(well_encoded(candidates.uri[0], "/"));
  for (std::size_t i = 0; i < candidates.count; ++i) {
    FUZZ_CHECK(!candidates.uri[i].empty());
    for (std::size_t j = 0; j < i; ++j) FUZZ_CHECK(candidates.uri[i] != candidates.uri[j]);
    FUZZ_CHECK(candidates.uri[i] == canonical_uri(parts.path, candidates.form[i]));
  }

  // Query: canonical form is well encoded and a fixed point.
  for (const bool presign : {false, true}) {
    const std::string q = canonical_query(parts.query, presign);
    FUZZ_CHECK(well_encoded(q, "=&"));
    FUZZ_CHECK(canonical_query(q, presign) == q);
    if (presign)
      FUZZ_CHECK(q.find("X-Amz-Signature=") != 0 &&
                 q.find("&X-Amz-Signature=") == std::string::npos);
  }

  // Query candidates: the canonical form first; distinct; at most kMaxQueryCandidates; only the
  // canonical form for presigned URLs and for bytes a URL does not carry raw; the as-received form
  // is the exact bytes; none contains '\n' (it would shift the canonical request's lines); and
  // each, read back as a query, has the query's own canonical form (the binding argument of
  // canonical.h).
  QueryScratch scratch;
  QueryCandidates queries;
  for (const bool presign : {false, true}) {
    canonical_query_candidates(parts.query, presign, scratch, queries);
    const std::string standard = canonical_query(parts.query, presign);
    FUZZ_CHECK(queries.count >= 1 && queries.count <= kMaxQueryCandidates);
    FUZZ_CHECK(queries.form[0] == QueryForm::kCanonical && queries.query[0] == standard);
    if (presign || parts.query.empty() || !is_query_as_sent(parts.query)) {
      FUZZ_CHECK(queries.count == 1);
    }
    for (std::size_t i = 0; i < queries.count; ++i) {
      const std::string& q = queries.query[i];
      FUZZ_CHECK(q.find('\n') == std::string::npos);
      for (std::size_t j = 0; j < i; ++j) FUZZ_CHECK(q != queries.query[j]);
      if (queries.form[i] == QueryForm::kAsReceived) FUZZ_CHECK(q == parts.query);
      if (!presign) FUZZ_CHECK(canonical_query(q) == standard);
    }
  }

  // Header values: trimmed, no whitespace runs.
  std::string value;
  append_header_value(value, input);
  if (!value.empty()) FUZZ_CHECK(value.front() != ' ' && value.back() != ' ');
  FUZZ_CHECK(value.find("  ") == std::string::npos);
  return 0;
}
