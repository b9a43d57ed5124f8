#include "http/request_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/beast/http/error.hpp>
#include <limits>
#include <string>
#include <string_view>

#include "http/wire.h"
#include "util/text.h"

namespace sqlacc::http::detail {

namespace bhttp = boost::beast::http;

RequestParser::RequestParser(api::Request& req, std::size_t header_limit, std::uint64_t body_limit)
    : req_(req), header_limit_(header_limit) {
  this->header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(header_limit, std::numeric_limits<std::uint32_t>::max())));
  this->body_limit(body_limit);
  req_.method.clear();
  req_.target.clear();
  req_.body.clear();
}

std::size_t RequestParser::feed(boost::asio::const_buffer data, error_code& ec) {
  const bool in_header = !is_header_done();
  if (!in_header && chunked() && !is_done() && data.size() < 5) {
    // Beast's parse_chunk_header asserts (BOOST_ASSERT, so in Debug and sanitizer builds) that it
    // sees at least 5 bytes once it has read the last chunk's size line; fed 3 bytes and then 4 it
    // aborts (found by fuzz_http_request). Every chunk line and the end of a chunked body
    // ("0\r\n\r\n") are at least that long, so waiting for 5 bytes delays nothing.
    ec = bhttp::error::need_more;
    return 0;
  }
  const std::size_t used = put(data, ec);
  if (ec && ec != bhttp::error::need_more) return used;
  const std::size_t left = data.size() - used;
  if (in_header) {
    header_bytes_ += used;
    // Until the blank line, what is left over is the start of a header line still arriving.
    const std::size_t pending = is_header_done() ? 0 : left;
    if (header_bytes_ + pending > header_limit_) ec = bhttp::error::header_limit;
  } else if (ec == bhttp::error::need_more && left > header_limit_) {
    // Body bytes are always consumed: what is left is a chunk-size line or trailers in the making.
    ec = bhttp::error::buffer_overflow;
  }
  return used;
}

void RequestParser::on_request_impl(bhttp::verb, boost::core::string_view method,
                                    boost::core::string_view target, int version, error_code& ec) {
  req_.method.assign(method.data(), method.size());
  req_.target.assign(target.data(), target.size());
  version_ = version;
  // Beast lets bytes above 0x7E through in the target (obs-text); RFC 9112 §3.2 allows only
  // visible ASCII: the rest must be percent-encoded.
  for (char c : req_.target) {
    if (c <= 0x20 || c >= 0x7f) {
      refusal_ = "the request target must be visible ASCII (percent-encode other bytes)";
      ec = bhttp::error::bad_target;
      return;
    }
  }
}

void RequestParser::on_field_impl(bhttp::field f, boost::core::string_view name,
                                  boost::core::string_view value, error_code&) {
  if (in_trailers_) return;  // chunked trailers are not headers
  std::string_view n(name.data(), name.size());
  std::string_view v(value.data(), value.size());
  auto& hs = req_.headers;
  if (count_ < hs.size()) {
    hs[count_].name.assign(n);
    hs[count_].value.assign(v);
  } else {
    hs.push_back(api::Header{std::string(n), std::string(v)});
  }
  ++count_;
  if (f == bhttp::field::host) {
    ++hosts_;
    if (hosts_ > 1) {
      refusal_ = "more than one Host header";
    } else if (!valid_host(v)) {
      refusal_ = "the Host header is not a host name or address with an optional port";
    }
  } else if (f == bhttp::field::expect) {
    expect_continue_ = text::iequals(v, "100-continue");
  } else if (f == bhttp::field::transfer_encoding) {
    has_transfer_encoding_ = true;
  } else if (!has_id_ && n.size() == 12 && text::iequals(n, "x-request-id") &&
             valid_request_id(v)) {
    req_.request_id.assign(v);
    has_id_ = true;
  }
}

void RequestParser::on_header_impl(error_code& ec) {
  // RFC 9112 §6.3: a request whose Transfer-Encoding does not end in chunked has no reliable
  // length; answer 400 and close (request smuggling otherwise).
  if (has_transfer_encoding_ && !chunked()) {
    ec = bhttp::error::bad_transfer_encoding;
  } else if (!refusal_.empty()) {
    ec = bhttp::error::bad_value;
  }
}

bool valid_host(std::string_view host) {
  for (char c : host) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) continue;
    if (std::string_view("-._~!$&'()*+,;=:[]%").find(c) == std::string_view::npos) return false;
  }
  return true;
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) {
  if (length) req_.body.reserve(static_cast<std::size_t>(*length));
}

std::size_t RequestParser::on_body_impl(boost::core::string_view body, error_code&) {
  req_.body.append(body.data(), body.size());
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t size, boost::core::string_view,
                                         error_code&) {
  if (size == 0) in_trailers_ = true;
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, boost::core::string_view body,
                                              error_code&) {
  req_.body.append(body.data(), body.size());
  return body.size();
}

Problem parse_problem(const boost::system::error_code& ec, std::size_t header_limit,
                      std::uint64_t body_limit, std::string_view refusal) {
  if (!refusal.empty() && (ec == bhttp::error::bad_value || ec == bhttp::error::bad_target)) {
    return Problem(400, "BadRequest", fmt::format("Malformed HTTP request: {}", refusal));
  }
  if (ec == bhttp::error::body_limit) {
    return Problem(413, "PayloadTooLarge",
                   fmt::format("Request body exceeds {} bytes", body_limit));
  }
  if (ec == bhttp::error::header_limit) {
    return Problem(431, "RequestHeaderFieldsTooLarge",
                   fmt::format("Request header block (request line and fields) exceeds {} bytes",
                               header_limit));
  }
  if (ec == bhttp::error::buffer_overflow) {
    return Problem(400, "BadRequest",
                   fmt::format("Malformed HTTP request: a chunk-size line or the trailers exceed "
                               "{} bytes",
                               header_limit));
  }
  return Problem(400, "BadRequest", fmt::format("Malformed HTTP request: {}", ec.message()));
}

}  // namespace sqlacc::http::detail
