#include "auth/signer.h"

#include <algorithm>
#include <stdexcept>

#include "auth/amz_date.h"
#include "auth/canonical.h"
#include "auth/crypto.h"
#include "auth/types.h"

namespace sqlacc::auth {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// botocore's SigV4Auth never signs these (they are often changed by proxies or the HTTP library);
// Authorization and X-Amz-Date are produced here.
bool never_signed(std::string_view lower_name) {
  return lower_name == "authorization" || lower_name == "x-amz-date" ||
         lower_name == "user-agent" || lower_name == "expect" || lower_name == "x-amzn-trace-id";
}

struct Headers {
  std::vector<std::pair<std::string, std::string>> items;  // lower-case name, value
  std::vector<std::string> names;                          // sorted, unique
};

Headers collect(const SignInput& input) {
  Headers h;
  bool has_host = false;
  for (const auto& [name, value] : input.headers) {
    std::string n = lower(name);
    if (never_signed(n)) continue;
    if (input.add_content_sha256 && n == "x-amz-content-sha256") continue;
    has_host = has_host || n == "host";
    h.items.emplace_back(std::move(n), value);
  }
  if (!has_host) {
    if (input.host.empty()) throw std::invalid_argument("SigV4 signing needs a host");
    h.items.emplace_back("host", input.host);
  }
  return h;
}

void finish_names(Headers& h) {
  for (const auto& item : h.items) h.names.push_back(item.first);
  std::sort(h.names.begin(), h.names.end());
  h.names.erase(std::unique(h.names.begin(), h.names.end()), h.names.end());
}

std::string canonical_headers_block(const Headers& h) {
  std::vector<HeaderView> views;
  views.reserve(h.items.size());
  for (const auto& [name, value] : h.items) views.push_back({name, value});
  std::vector<std::string_view> names(h.names.begin(), h.names.end());
  std::string out;
  append_canonical_headers(out, views, names);
  return out;
}

std::string joined_names(const Headers& h) {
  std::string out;
  for (const auto& n : h.names) {
    if (!out.empty()) out.push_back(';');
    out += n;
  }
  return out;
}

std::string payload_hash(const SignInput& input, const Headers& h) {
  for (const auto& [name, value] : h.items) {
    if (name == "x-amz-content-sha256") {
      std::string trimmed;
      append_header_value(trimmed, value);
      return trimmed;
    }
  }
  return std::string(view(sha256_hex(input.body)));
}

std::string sign(const SignInput& input, std::string_view amz_date, std::string_view path,
                 std::string_view query, const Headers& h, std::string_view payload) {
  const std::string creq = canonical_request(
      input.method, canonical_uri(path, UriForm::kDoubleEncoded), canonical_query(query),
      canonical_headers_block(h), joined_names(h), payload);
  const std::string_view date8 = amz_date.substr(0, 8);
  const std::string sts =
      string_to_sign(amz_date, date8, input.region, input.service, hex_string(sha256(creq)));
  return sign_string(input.secret, date8, input.region, input.service, sts);
}

}  // namespace

std::string sign_string(std::string_view secret, std::string_view date8, std::string_view region,
                        std::string_view service, std::string_view string_to_sign) {
  Digest key = derive_signing_key(secret, date8, region, service);
  const std::string out = hex_string(hmac_sha256(key, string_to_sign));
  secure_clear(key.data(), key.size());
  return out;
}

std::string authorization_header(std::string_view access_key, std::string_view date8,
                                 std::string_view region, std::string_view service,
                                 std::string_view signed_headers, std::string_view signature) {
  std::string out = "AWS4-HMAC-SHA256 Credential=";
  out.append(access_key).append("/").append(date8).append("/").append(region).append("/");
  out.append(service).append("/aws4_request, SignedHeaders=").append(signed_headers);
  out.append(", Signature=").append(signature);
  return out;
}

namespace {

std::string amz_date_of(const SignInput& input) {
  if (!input.amz_date.empty()) return input.amz_date;
  const auto date_chars = format_amz_date(input.when);
  return std::string(date_chars.data(), date_chars.size());
}

}  // namespace

std::vector<std::pair<std::string, std::string>> sign_headers(const SignInput& input) {
  const std::string amz_date = amz_date_of(input);
  Headers h = collect(input);
  h.items.emplace_back("x-amz-date", amz_date);
  std::string body_hash;
  if (input.add_content_sha256) {
    body_hash = std::string(view(sha256_hex(input.body)));
    h.items.emplace_back("x-amz-content-sha256", body_hash);
  }
  finish_names(h);
  const TargetParts target = split_target(input.target);
  const std::string signature =
      sign(input, amz_date, target.path, target.query, h, payload_hash(input, h));

  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("X-Amz-Date", amz_date);
  if (input.add_content_sha256) out.emplace_back("x-amz-content-sha256", body_hash);
  out.emplace_back("Authorization",
                   authorization_header(input.access_key, amz_date.substr(0, 8), input.region,
                                        input.service, joined_names(h), signature));
  return out;
}

std::string presign_target(const SignInput& input, std::chrono::seconds expires) {
  if (expires < std::chrono::seconds{1} || expires > std::chrono::seconds{604800}) {
    throw std::invalid_argument("X-Amz-Expires must be 1..604800 seconds");
  }
  const std::string amz_date = amz_date_of(input);
  Headers h = collect(input);
  finish_names(h);
  const TargetParts target = split_target(input.target);

  std::string credential = input.access_key;
  credential.append("/").append(amz_date.substr(0, 8)).append("/").append(input.region);
  credential.append("/").append(input.service).append("/aws4_request");
  std::string query(target.query);
  auto add = [&](std::string_view key, std::string_view value) {
    if (!query.empty()) query.push_back('&');
    query.append(key).push_back('=');
    uri_encode(query, value, /*keep_slash=*/false);
  };
  add("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
  add("X-Amz-Credential", credential);
  add("X-Amz-Date", amz_date);
  add("X-Amz-Expires", std::to_string(expires.count()));
  add("X-Amz-SignedHeaders", joined_names(h));
  const std::string signature =
      sign(input, amz_date, target.path, query, h, payload_hash(input, h));
  add("X-Amz-Signature", signature);
  return std::string(target.path) + "?" + query;
}

}  // namespace sqlacc::auth
