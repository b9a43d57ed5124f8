#pragma once
// SigV4 canonicalisation: URI, query, headers, canonical request, string to sign.
// Non-S3 rules (this API is "execute-api"-like): the path is normalised and double-encoded, the
// query decoded, re-encoded and sorted. The verifier also tries the alternative URIs and queries
// real clients sign; see canonical_uri_candidates() and canonical_query_candidates(). It tries
// every distinct (URI, query) pair: at most kMaxUriCandidates x kMaxQueryCandidates = 9 canonical
// requests (one SHA-256 + one HMAC each) per request, and never the same canonical request twice.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/types.h"
#include "util/text.h"

namespace sqlacc::auth {

struct TargetParts {
  std::string_view path;   // up to the first '?'
  std::string_view query;  // after the first '?', without it ("" when absent)
};
TargetParts split_target(std::string_view target);

// RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~ (the only bytes SigV4 leaves unencoded, besides '/' in
// paths).
bool is_unreserved(unsigned char c);

// Appends `bytes` with every byte except unreserved (and '/' when keep_slash) written as %XX, upper
// hex.
void uri_encode(std::string& out, std::string_view bytes, bool keep_slash);

// Appends `in` percent-decoded. A '%' not followed by two hex digits is kept literally (lenient:
// the client signed something for those bytes, and re-encoding gives "%25" deterministically).
// plus_as_space: '+' decodes to ' ' (form-encoding rule, used for the query; see canonical.cpp).
void uri_decode(std::string& out, std::string_view in, bool plus_as_space);

// Removes "." and ".." segments and empty segments ("//"), keeps a leading and a trailing '/'; the
// same algorithm as botocore's SigV4Auth (RFC 3986 5.2.4 plus AWS's empty-segment rule). A path
// that normalises to nothing ("", "//", "/..") gives "/".
std::string normalize_path(std::string_view raw_path);
void append_normalized_path(std::string& out, std::string_view raw_path);

// The canonical URI forms the verifier may accept, in the order it tries them.
enum class UriForm : std::uint8_t {
  kDoubleEncoded,  // the SigV4 non-S3 rule: normalise, then URI-encode the path as received
                   // ("%3D" -> "%253D"; botocore SigV4Auth, aws4, smithy, the official suite)
  kSingleEncoded,  // normalised but not re-encoded (aws4 doNotEncodePath-style clients)
  kStarStripped,   // "/x/*" signed as "/x/": the original's official Node sample strips the '*'
  kAsReceived,     // not normalised, not re-encoded: curl 7.88 (S3 rules; it keeps "//"), and the
                   // suite's "*-unnormalized" cases
};
const char* to_string(UriForm form);

// The canonical URI of `raw_path` in one form; kStarStripped on a path not ending in "/*" gives "".
std::string canonical_uri(std::string_view raw_path, UriForm form);

// Distinct canonical URIs to try, in the order above, at most kMaxUriCandidates: this bounds the
// work (one SHA-256 + one HMAC each) an unauthenticated request can cause.
inline constexpr std::size_t kMaxUriCandidates = 3;
struct UriCandidates {
  std::array<std::string, kMaxUriCandidates> uri;
  std::array<UriForm, kMaxUriCandidates> form{};
  std::size_t count = 0;
};
// Reuses the strings' capacity in `out` (the verifier keeps one per thread).
void canonical_uri_candidates(std::string_view raw_path, UriCandidates& out);

// Canonical query string: each key and value decoded then re-encoded, "?flag" and "?flag=" both
// give "flag=", sorted by encoded key then encoded value, joined with '&'. With exclude_signature
// (presigned URLs) every "X-Amz-Signature" parameter is left out.
struct QueryScratch {
  struct Item {
    std::uint32_t key_off, key_len, value_off, value_len;
  };
  std::string arena;
  std::string decoded;
  std::vector<Item> items;
};
void append_canonical_query(std::string& out, std::string_view raw_query, bool exclude_signature,
                            QueryScratch& scratch);
std::string canonical_query(std::string_view raw_query, bool exclude_signature = false);

// The canonical query forms the verifier may accept (header-signed requests), in the order it
// tries them. The extra forms are what clients that do not canonicalise a raw URL's query sign.
enum class QueryForm : std::uint8_t {
  kCanonical,     // the SigV4 rule above (append_canonical_query)
  kAsReceived,    // the query bytes exactly as received: curl before 8.3 (Debian 12's 7.88)
                  // signs the URL's query unsorted, unescaped, "flag" without '='
  kSortedAsSent,  // each parameter as received ("flag" as "flag="), sorted by raw key then raw
                  // value, joined with '&': botocore SigV4Auth on a raw URL
};
const char* to_string(QueryForm form);

// The extra forms apply only to a query of bytes a URL may carry raw (RFC 3986 query characters:
// unreserved, sub-delims, ':', '@', '/', '?', and '%'): no space, control byte, '#' or non-ASCII
// byte, so a candidate can never contain the '\n' that separates the canonical request's lines.
bool is_query_as_sent(std::string_view raw_query);

// Distinct canonical queries to try, in the order above, at most kMaxQueryCandidates. With
// presigned (exclude_signature) only the canonical form: presigning clients rebuild the URL's query
// themselves, so it is canonical on the wire.
//
// Binding: every candidate c of a raw query q satisfies canonical_query(c) == canonical_query(q)
// (c is q's own parameters, reordered or with "flag" spelled "flag="; empty parameters are dropped
// by every form). So a signature over any candidate of the query Q a client sent verifies only
// queries B with canonical_query(B) == canonical_query(Q): no more than the standard form alone
// allows. The as-received form is the exact bytes; kSortedAsSent only reorders them.
inline constexpr std::size_t kMaxQueryCandidates = 3;
struct QueryCandidates {
  std::array<std::string, kMaxQueryCandidates> query;
  std::array<QueryForm, kMaxQueryCandidates> form{};
  std::size_t count = 0;
};
// Reuses the strings' capacity in `out` and `scratch` (the verifier keeps one per thread).
void canonical_query_candidates(std::string_view raw_query, bool exclude_signature,
                                QueryScratch& scratch, QueryCandidates& out);

// Calls fn(raw_key, raw_value) for each '&'-separated parameter (empty ones skipped); a parameter
// without '=' gets an empty value.
template <class Fn>
void for_each_query_param(std::string_view query, Fn&& fn) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (param.empty()) continue;
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) {
      fn(param, std::string_view{});
    } else {
      fn(param.substr(0, eq), param.substr(eq + 1));
    }
  }
}

// ASCII case-insensitive equality (header names): the shared one.
using text::iequals;

// Appends a header value trimmed, with each inner run of whitespace (SP, HT, and CR/LF left by an
// obs-fold) collapsed to one space: "trimall" of the SigV4 spec.
void append_header_value(std::string& out, std::string_view value);

// Appends "name:value\n" for each signed name (lower-case) in list order, the values of repeated
// headers joined with ',' in arrival order. Returns the index of the first signed name with no
// header in the request, or signed_names.size() when all were found.
std::size_t append_canonical_headers(std::string& out, std::span<const HeaderView> headers,
                                     std::span<const std::string_view> signed_names);

// Splits a SignedHeaders value on ';', trimming spaces; writes lower-cased names into `storage` and
// views of them into `names`. False (with `why`) on an empty or invalid name, a duplicate, or more
// than kMaxSignedHeaders names.
inline constexpr std::size_t kMaxSignedHeaders = 64;
bool parse_signed_headers(std::string_view value, std::string& storage,
                          std::vector<std::string_view>& names, std::string* why);

// Joins the already-canonical parts: method \n uri \n query \n headers-block \n signed \n payload.
std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, std::string_view canonical_headers,
                              std::string_view signed_headers, std::string_view payload_hash);

// "AWS4-HMAC-SHA256\n<amz_date>\n<date8>/<region>/<service>/aws4_request\n<hex sha256(creq)>".
std::string string_to_sign(std::string_view amz_date, std::string_view date8,
                           std::string_view region, std::string_view service,
                           std::string_view canonical_request_hash_hex);

}  // namespace sqlacc::auth
