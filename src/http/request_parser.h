#pragma once
// The request parser of the server (server.cpp) and of the fuzz target fuzz/http_request_fuzz.cpp:
// Beast's HTTP/1.1 parser (framing, chunked, obs-fold) with our limits, feeding the plain
// api::Request directly. Includes Beast, so only src/http/*.cpp and the fuzz target include it.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/request.h"
#include "util/problem.h"

namespace sqlacc::http::detail {

// The Request object is reused across a keep-alive connection, so its strings and header vector
// keep their capacity: no allocation per request in steady state.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  using error_code = boost::system::error_code;

  RequestParser(api::Request& req, std::size_t header_limit, std::uint64_t body_limit);

  // Feeds the bytes buffered so far and returns how many were used (the caller drops them and
  // calls again with the rest plus what arrives next). Beast's put() plus the limits Beast does not
  // keep across calls: it consumes each complete header line, and checks its header limit only
  // against what one call was given, so a header block of many small lines passed any limit; and
  // it waits without bound for the end of a chunk-size line or of the trailers. Here the whole
  // header block (request line, fields, the blank line) counts against header_limit
  // (error::header_limit: 431), and so does what a chunk line or the trailers leave unconsumed
  // (error::buffer_overflow: 400). So what the caller buffers stays within header_limit plus one
  // read. error::need_more is returned as Beast does (not an error: feed more).
  std::size_t feed(boost::asio::const_buffer data, error_code& ec);

  bool has_request_id() const { return has_id_; }
  bool expect_continue() const { return expect_continue_ && version_ >= 11; }
  int version() const { return version_; }
  // Bytes of the header block consumed so far (all of it once is_header_done()).
  std::size_t header_bytes() const { return header_bytes_; }
  // Why the parser refused the request for a reason of its own: a target that is not visible ASCII
  // (error::bad_target), a Host that is not a host[:port] or two Host fields (error::bad_value;
  // RFC 9112 §3.2); empty otherwise. (Beast itself refuses versions other than 1.0 and 1.1.)
  std::string_view refusal() const { return refusal_; }
  // Drops header entries left over from a previous request on this connection.
  void finish() { req_.headers.resize(count_); }

 private:
  void on_request_impl(boost::beast::http::verb, boost::core::string_view method,
                       boost::core::string_view target, int version, error_code&) override;
  void on_response_impl(int, boost::core::string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field f, boost::core::string_view name,
                     boost::core::string_view value, error_code&) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override;
  std::size_t on_body_impl(boost::core::string_view body, error_code&) override;
  void on_chunk_header_impl(std::uint64_t size, boost::core::string_view, error_code&) override;
  std::size_t on_chunk_body_impl(std::uint64_t, boost::core::string_view body,
                                 error_code&) override;
  void on_finish_impl(error_code&) override {}

  api::Request& req_;
  std::size_t header_limit_;
  std::size_t header_bytes_ = 0;
  std::size_t count_ = 0;
  int version_ = 11;
  bool has_id_ = false;
  bool expect_continue_ = false;
  bool has_transfer_encoding_ = false;
  bool in_trailers_ = false;
  int hosts_ = 0;
  std::string_view refusal_;
};

// True when `host` is a host[:port] by RFC 3986's characters (reg-name, IP literal, percent
// escapes); no controls, spaces, quotes or bytes above 0x7E.
bool valid_host(std::string_view host);

// The answer to a request the parser refused (any error but need_more): 413 PayloadTooLarge,
// 431 RequestHeaderFieldsTooLarge, else 400 BadRequest; the message names the limit or the reason.
// `refusal`: the parser's own reason (RequestParser::refusal()), when it has one.
Problem parse_problem(const boost::system::error_code& ec, std::size_t header_limit,
                      std::uint64_t body_limit, std::string_view refusal = {});

}  // namespace sqlacc::http::detail
