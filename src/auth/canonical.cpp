#include "auth/canonical.h"

#include <algorithm>

#include "util/text.h"

namespace sqlacc::auth {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";

using text::hex_value;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Bytes a client may legally put raw in a URL path (RFC 3986 pchar plus '/', with '%' as it came).
// Clients that do not re-encode (curl 7.88) sign these as they are; anything else (a raw space or
// UTF-8, which only reach us at function level) is encoded so the result is still a valid URI.
bool is_path_char_as_sent(unsigned char c) {
  if (is_unreserved(c)) return true;
  switch (c) {
    case '/':
    case '%':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
      return true;
    default:
      return false;
  }
}

void encode_as_sent(std::string& out, std::string_view path) {
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_path_char_as_sent(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kUpperHex[c >> 4]);
      out.push_back(kUpperHex[c & 0xf]);
    }
  }
}

bool ends_with_star_segment(std::string_view normalized) {
  return normalized.size() >= 2 && normalized.substr(normalized.size() - 2) == "/*";
}

using text::trim;

}  // namespace

TargetParts split_target(std::string_view target) {
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void uri_encode(std::string& out, std::string_view bytes, bool keep_slash) {
  // Copies runs of bytes that need no escaping in one append: most keys and values are all
  // unreserved, and per-byte push_back dominated presigned-URL verification.
  std::size_t run = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (is_unreserved(c) || (keep_slash && c == '/')) continue;
    out.append(bytes.data() + run, i - run);
    const char escaped[3] = {'%', kUpperHex[c >> 4], kUpperHex[c & 0xf]};
    out.append(escaped, 3);
    run = i + 1;
  }
  out.append(bytes.data() + run, bytes.size() - run);
}

void uri_decode(std::string& out, std::string_view in, bool plus_as_space) {
  std::size_t run = 0;  // start of the pending run of bytes copied as they are
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+' && plus_as_space) {
      out.append(in.data() + run, i - run);
      out.push_back(' ');
      run = i + 1;
    } else if (c == '%' && i + 2 < in.size()) {
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) continue;  // kept literally, as part of the run
      out.append(in.data() + run, i - run);
      out.push_back(static_cast<char>((hi << 4) | lo));
      i += 2;
      run = i + 1;
    }
  }
  out.append(in.data() + run, in.size() - run);
}

void append_normalized_path(std::string& out, std::string_view raw_path) {
  if (raw_path.empty()) {
    out.push_back('/');
    return;
  }
  // Each kept segment is written as "/seg"; ".." truncates back to the previous '/'.
  const std::size_t base = out.size();
  bool any = false;
  std::string_view rest = raw_path;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (any) {
        const std::size_t cut = out.rfind('/');
        out.resize(cut);
        any = out.size() > base;
      }
      continue;
    }
    out.push_back('/');
    out.append(seg);
    any = true;
  }
  const bool leading = raw_path.front() == '/';
  if (!any) {
    out.push_back('/');  // never an empty canonical URI ("a/.." included)
    return;
  }
  if (!leading) out.erase(base, 1);  // relative form ("*" or "a/b"): no leading '/' added
  if (raw_path.back() == '/') out.push_back('/');
}

std::string normalize_path(std::string_view raw_path) {
  std::string out;
  out.reserve(raw_path.size() + 1);
  append_normalized_path(out, raw_path);
  return out;
}

const char* to_string(UriForm form) {
  switch (form) {
    case UriForm::kDoubleEncoded:
      return "double-encoded";
    case UriForm::kSingleEncoded:
      return "single-encoded";
    case UriForm::kStarStripped:
      return "star-stripped";
    case UriForm::kAsReceived:
      return "as-received";
  }
  return "?";
}

namespace {

// Writes the canonical URI of one form into `out` (cleared first). `normalized` is the normalised
// path, computed once by the caller. Returns false when the form does not apply.
bool build_uri(std::string& out, std::string_view raw_path, std::string_view normalized,
               UriForm form) {
  out.clear();
  switch (form) {
    case UriForm::kDoubleEncoded:
      uri_encode(out, normalized, /*keep_slash=*/true);
      return true;
    case UriForm::kSingleEncoded:
      encode_as_sent(out, normalized);
      return true;
    case UriForm::kStarStripped:
      if (!ends_with_star_segment(normalized)) return false;
      uri_encode(out, normalized.substr(0, normalized.size() - 1), /*keep_slash=*/true);
      return true;
    case UriForm::kAsReceived:
      if (raw_path.empty()) {
        out.push_back('/');
      } else {
        encode_as_sent(out, raw_path);
      }
      return true;
  }
  return false;
}

}  // namespace

std::string canonical_uri(std::string_view raw_path, UriForm form) {
  const std::string normalized = normalize_path(raw_path);
  std::string out;
  out.reserve(normalized.size() * 3);
  build_uri(out, raw_path, normalized, form);
  return out;
}

namespace {

// A path every form leaves unchanged: starts with '/', only unreserved bytes and '/', no empty,
// "." or ".." segment. Most real paths ("/agent", "/salesinvoice/IV-00001") are like this.
bool is_plain_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  std::size_t segment_start = 1;
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') {
      if (!is_unreserved(static_cast<unsigned char>(path[i]))) return false;
      continue;
    }
    const std::string_view seg = path.substr(segment_start, i - segment_start);
    const bool last = i == path.size();
    // An empty segment is only allowed as the root "/" or after a trailing '/'.
    if ((seg.empty() && !(last && segment_start == path.size())) || seg == "." || seg == "..") {
      return false;
    }
    segment_start = i + 1;
  }
  return true;
}

}  // namespace

void canonical_uri_candidates(std::string_view raw_path, UriCandidates& out) {
  if (is_plain_path(raw_path)) {
    out.uri[0].assign(raw_path);
    out.form[0] = UriForm::kDoubleEncoded;
    out.count = 1;
    return;
  }
  // Per-thread buffer: the verifier calls this on every request and should not allocate.
  thread_local std::string normalized;
  normalized.clear();
  append_normalized_path(normalized, raw_path);
  out.count = 0;
  static constexpr UriForm kOrder[] = {UriForm::kDoubleEncoded, UriForm::kSingleEncoded,
                                       UriForm::kStarStripped, UriForm::kAsReceived};
  for (const UriForm form : kOrder) {
    if (out.count == kMaxUriCandidates) break;
    std::string& slot = out.uri[out.count];
    if (!build_uri(slot, raw_path, normalized, form)) continue;
    bool dup = false;
    for (std::size_t i = 0; i < out.count; ++i) dup = dup || out.uri[i] == slot;
    if (dup) continue;
    out.form[out.count] = form;
    ++out.count;
  }
}

namespace {

// Sorts the parameters (views into `arena`) by key, then value (not by the joined "k=v": "a-b=1"
// vs "a=1" differ), and appends them as "k=v" joined with '&'.
void sort_and_join(std::string& out, std::string_view arena,
                   std::vector<QueryScratch::Item>& items) {
  auto key = [&](const QueryScratch::Item& i) { return arena.substr(i.key_off, i.key_len); };
  auto value = [&](const QueryScratch::Item& i) { return arena.substr(i.value_off, i.value_len); };
  std::sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
    const int c = key(a).compare(key(b));
    return c != 0 ? c < 0 : value(a) < value(b);
  });
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.push_back('&');
    first = false;
    out.append(key(item));
    out.push_back('=');
    out.append(value(item));
  }
}

}  // namespace

// Query parameters: decode, then re-encode with the SigV4 rules, so "%7e", "%7E" and "~" (or "%3B"
// and ";") canonicalise alike, whatever the client's own escaping was.
//
// A raw '+' in the query is decoded as a SPACE, i.e. signed as "%20" (MinIO and Ceph RGW do the
// same, as do aws4/newman, which parse the query with form rules). RFC 3986 alone would make it a
// literal "%2B"; compliant signers never send a raw '+' (they send "%2B" for a plus and "%20" for a
// space), so the choice only matters for hand-built URLs, and "space" is what form-encoding meant.
// A literal plus must be sent as "%2B".
void append_canonical_query(std::string& out, std::string_view raw_query, bool exclude_signature,
                            QueryScratch& scratch) {
  if (raw_query.empty()) return;
  scratch.arena.clear();
  scratch.items.clear();
  for_each_query_param(raw_query, [&](std::string_view raw_key, std::string_view raw_value) {
    QueryScratch::Item item{};
    scratch.decoded.clear();
    uri_decode(scratch.decoded, raw_key, /*plus_as_space=*/true);
    if (exclude_signature && scratch.decoded == "X-Amz-Signature") return;
    item.key_off = static_cast<std::uint32_t>(scratch.arena.size());
    uri_encode(scratch.arena, scratch.decoded, /*keep_slash=*/false);
    item.key_len = static_cast<std::uint32_t>(scratch.arena.size() - item.key_off);
    scratch.decoded.clear();
    uri_decode(scratch.decoded, raw_value, /*plus_as_space=*/true);
    item.value_off = static_cast<std::uint32_t>(scratch.arena.size());
    uri_encode(scratch.arena, scratch.decoded, /*keep_slash=*/false);
    item.value_len = static_cast<std::uint32_t>(scratch.arena.size() - item.value_off);
    scratch.items.push_back(item);
  });
  sort_and_join(out, scratch.arena, scratch.items);
}

std::string canonical_query(std::string_view raw_query, bool exclude_signature) {
  QueryScratch scratch;
  std::string out;
  append_canonical_query(out, raw_query, exclude_signature, scratch);
  return out;
}

const char* to_string(QueryForm form) {
  switch (form) {
    case QueryForm::kCanonical:
      return "canonical";
    case QueryForm::kAsReceived:
      return "as-received";
    case QueryForm::kSortedAsSent:
      return "sorted-as-sent";
  }
  return "?";
}

bool is_query_as_sent(std::string_view raw_query) {
  for (const char ch : raw_query) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_path_char_as_sent(c) || c == '?') continue;
    return false;
  }
  return true;
}

namespace {

// kSortedAsSent into `out`: the parameters as received, "flag" as "flag=", sorted by raw key then
// raw value (botocore's sorted((key, value)) on the URL's own text).
void append_sorted_as_sent(std::string& out, std::string_view raw_query, QueryScratch& scratch) {
  scratch.items.clear();
  const auto offset = [&](std::string_view part) {
    return static_cast<std::uint32_t>(part.data() - raw_query.data());
  };
  for_each_query_param(raw_query, [&](std::string_view key, std::string_view value) {
    scratch.items.push_back({offset(key), static_cast<std::uint32_t>(key.size()),
                             value.empty() ? 0 : offset(value),
                             static_cast<std::uint32_t>(value.size())});
  });
  sort_and_join(out, raw_query, scratch.items);
}

}  // namespace

void canonical_query_candidates(std::string_view raw_query, bool exclude_signature,
                                QueryScratch& scratch, QueryCandidates& out) {
  out.query[0].clear();
  append_canonical_query(out.query[0], raw_query, exclude_signature, scratch);
  out.form[0] = QueryForm::kCanonical;
  out.count = 1;
  if (exclude_signature || raw_query.empty() || !is_query_as_sent(raw_query)) return;
  auto add = [&](QueryForm form) {
    std::string& slot = out.query[out.count];
    bool dup = false;
    for (std::size_t i = 0; i < out.count; ++i) dup = dup || out.query[i] == slot;
    if (dup) return;
    out.form[out.count] = form;
    ++out.count;
  };
  out.query[out.count].assign(raw_query);
  add(QueryForm::kAsReceived);
  std::string& sorted = out.query[out.count];
  sorted.clear();
  append_sorted_as_sent(sorted, raw_query, scratch);
  add(QueryForm::kSortedAsSent);
}

void append_header_value(std::string& out, std::string_view value) {
  // Fast path, the usual case: nothing to trim or collapse, so append the value as is.
  bool clean = !value.empty() && !is_space(value.front()) && !is_space(value.back());
  for (std::size_t i = 0; clean && i < value.size(); ++i) {
    const char c = value[i];
    clean = c != '\t' && c != '\r' && c != '\n' && !(c == ' ' && value[i + 1] == ' ');
  }
  if (clean) {
    out.append(value);
    return;
  }
  bool pending_space = false;
  bool started = false;
  for (const char c : value) {
    if (is_space(c)) {
      pending_space = started;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    started = true;
    out.push_back(c);
  }
}

std::size_t append_canonical_headers(std::string& out, std::span<const HeaderView> headers,
                                     std::span<const std::string_view> signed_names) {
  for (std::size_t n = 0; n < signed_names.size(); ++n) {
    const std::string_view name = signed_names[n];
    out.append(name);
    out.push_back(':');
    bool found = false;
    for (const HeaderView& h : headers) {
      if (!iequals(h.name, name)) continue;
      if (found) out.push_back(',');
      found = true;
      append_header_value(out, h.value);
    }
    if (!found) return n;
    out.push_back('\n');
  }
  return signed_names.size();
}

bool parse_signed_headers(std::string_view value, std::string& storage,
                          std::vector<std::string_view>& names, std::string* why) {
  auto fail = [&](std::string message) {
    if (why) *why = std::move(message);
    return false;
  };
  storage.clear();
  names.clear();
  value = trim(value);
  if (value.empty()) return fail("SignedHeaders is empty");
  // Every name is a sub-range of `value`, so reserving value.size() means the lower-cased copy
  // never reallocates and the views pushed into `names` stay valid.
  storage.reserve(value.size());
  std::string_view rest = value;
  for (;;) {
    const std::size_t semi = rest.find(';');
    const std::string_view raw = trim(rest.substr(0, semi));
    if (raw.empty()) return fail("SignedHeaders contains an empty header name");
    for (const char c : raw) {
      if (!text::is_token_char(c)) return fail("SignedHeaders contains an invalid header name");
    }
    if (names.size() >= kMaxSignedHeaders) return fail("SignedHeaders lists more than 64 headers");
    const std::size_t off = storage.size();
    for (const char c : raw) storage.push_back(lower(c));
    const std::string_view name = std::string_view(storage).substr(off, raw.size());
    for (const std::string_view seen : names) {
      if (seen == name) return fail("SignedHeaders lists '" + std::string(name) + "' twice");
    }
    names.push_back(name);
    if (semi == std::string_view::npos) break;
    rest = rest.substr(semi + 1);
  }
  return true;
}

std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, std::string_view canonical_headers,
                              std::string_view signed_headers, std::string_view payload_hash) {
  std::string out;
  out.reserve(method.size() + canonical_uri.size() + canonical_query.size() +
              canonical_headers.size() + signed_headers.size() + payload_hash.size() + 8);
  out.append(method).push_back('\n');
  out.append(canonical_uri).push_back('\n');
  out.append(canonical_query).push_back('\n');
  out.append(canonical_headers).push_back('\n');
  out.append(signed_headers).push_back('\n');
  out.append(payload_hash);
  return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view date8,
                           std::string_view region, std::string_view service,
                           std::string_view canonical_request_hash_hex) {
  std::string out;
  out.reserve(17 + amz_date.size() + date8.size() + region.size() + service.size() + 20 +
              canonical_request_hash_hex.size());
  out.append("AWS4-HMAC-SHA256\n").append(amz_date).push_back('\n');
  out.append(date8).append("/").append(region).append("/").append(service);
  out.append("/aws4_request\n").append(canonical_request_hash_hex);
  return out;
}

}  // namespace sqlacc::auth
