// Fuzzes the server's request parser (http/request_parser.h: Beast's parser with our limits, and
// the buffer loop of server.cpp around it) on arbitrary bytes from the wire: request line, header
// limits, Content-Length, chunked bodies and trailers, pipelined requests.
//
// Input: byte 0 picks the header limit, byte 1 the body limit, byte 2 the size of each "read"
// (1..255 bytes; the server gets whatever the network delivers); the rest is the byte stream of one
// connection. The stream is parsed twice: in reads of that size, and in one read.
//
// Invariants: between reads the buffered, unparsed bytes never exceed the header limit (so a
// connection holds at most header limit + one read); an accepted request has a header block within
// its limit, a body within its limit, a method that is a token, a target of visible ASCII and
// HTTP/1.0 or 1.1; a refused one maps to a 4xx problem whose body is valid UTF-8
// JSON; the access log's rendering of the target is printable ASCII; and how the bytes were split
// into reads does not change an accepted request (nor can a split accept what one read refuses).
#include <boost/beast/http/error.hpp>
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/problem.h"
#include "fuzz_support.h"
#include "http/request_parser.h"
#include "http/wire.h"
#include "util/text.h"

namespace {

using sqlacc::api::Request;
using sqlacc::http::detail::RequestParser;

constexpr std::size_t kHeaderLimits[] = {64, 256, 1024, 16 * 1024};
constexpr std::uint64_t kBodyLimits[] = {0, 16, 1024, 8 * 1024 * 1024};
constexpr int kMaxRequests = 8;  // per connection

struct Parsed {
  bool ok = false;
  std::string method, target, body;
  std::vector<sqlacc::api::Header> headers;
  bool keep_alive = false;
};

bool token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!sqlacc::text::is_token_char(c)) return false;
  }
  return true;
}

bool visible_ascii(std::string_view s) {
  for (char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

void check_refusal(const boost::system::error_code& ec, const RequestParser& parser,
                   const Request& req, std::size_t header_limit, std::uint64_t body_limit) {
  const sqlacc::Problem p =
      sqlacc::http::detail::parse_problem(ec, header_limit, body_limit, parser.refusal());
  FUZZ_CHECK(p.status >= 400 && p.status < 500);
  sqlacc::api::Response res;
  sqlacc::api::set_problem(res, p, parser.has_request_id() ? req.request_id : "fuzz");
  FUZZ_CHECK(sqlacc::text::valid_utf8(res.body));
  boost::system::error_code jec;
  boost::json::parse(res.body, jec);  // validates UTF-8 too
  FUZZ_CHECK(!jec);
}

void check_accepted(const RequestParser& parser, const Request& req, std::size_t header_limit,
                    std::uint64_t body_limit) {
  FUZZ_CHECK(parser.header_bytes() <= header_limit);
  FUZZ_CHECK(req.body.size() <= body_limit);
  FUZZ_CHECK(token(req.method));
  FUZZ_CHECK(!req.target.empty() && visible_ascii(req.target));
  FUZZ_CHECK(parser.version() == 10 || parser.version() == 11);
  if (parser.has_request_id()) FUZZ_CHECK(sqlacc::http::detail::valid_request_id(req.request_id));
  std::string log;
  sqlacc::http::detail::append_log_target(log, req.target, 256);
  for (char c : log) FUZZ_CHECK(c >= 0x20 && c < 0x7f);
}

// Parses the connection's requests as server.cpp does (one parser per request, the Request object
// reused), `step` bytes per read.
std::vector<Parsed> parse_stream(std::string_view input, std::size_t step, std::size_t header_limit,
                                 std::uint64_t body_limit) {
  std::vector<Parsed> out;
  Request req;
  std::string buf;
  std::size_t pos = 0;
  auto read_more = [&] {
    if (pos >= input.size()) return false;
    const std::size_t n = std::min(step, input.size() - pos);
    buf.append(input.data() + pos, n);
    pos += n;
    return true;
  };
  for (int r = 0; r < kMaxRequests; ++r) {
    if (buf.empty() && !read_more()) break;
    RequestParser parser(req, header_limit, body_limit);
    boost::system::error_code ec;
    bool eof = false;
    for (;;) {
      if (!buf.empty()) {
        const std::size_t used = parser.feed(boost::asio::buffer(buf.data(), buf.size()), ec);
        FUZZ_CHECK(used <= buf.size());
        buf.erase(0, used);
        const bool more = ec == boost::beast::http::error::need_more;
        if (more) {
          ec = {};
          FUZZ_CHECK(buf.size() <= header_limit);
        } else if (ec || parser.is_done()) {
          break;
        }
        if (!more && used != 0 && !buf.empty()) continue;
      }
      if (!read_more()) {
        eof = true;  // the client went away mid-request: nobody to answer
        break;
      }
    }
    if (eof) break;
    Parsed p;
    if (ec) {
      check_refusal(ec, parser, req, header_limit, body_limit);
      out.push_back(std::move(p));
      break;  // the server answers and closes
    }
    parser.finish();
    check_accepted(parser, req, header_limit, body_limit);
    p.ok = true;
    p.method = req.method;
    p.target = req.target;
    p.body = req.body;
    p.headers = req.headers;
    p.keep_alive = parser.keep_alive();
    const bool keep_alive = p.keep_alive;
    out.push_back(std::move(p));
    if (!keep_alive) break;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t header_limit = kHeaderLimits[data[0] % 4];
  const std::uint64_t body_limit = kBodyLimits[data[1] % 4];
  const std::size_t step = data[2] == 0 ? 1 : data[2];
  const std::string_view input(reinterpret_cast<const char*>(data) + 3, size - 3);

  const std::vector<Parsed> split = parse_stream(input, step, header_limit, body_limit);
  const std::vector<Parsed> whole = parse_stream(input, input.size(), header_limit, body_limit);
  for (std::size_t i = 0; i < split.size(); ++i) {
    const Parsed& a = split[i];
    if (!a.ok) break;
    FUZZ_CHECK(i < whole.size() && whole[i].ok);  // a split never accepts what one read refuses
    const Parsed& b = whole[i];
    FUZZ_CHECK(a.method == b.method && a.target == b.target && a.body == b.body);
    FUZZ_CHECK(a.keep_alive == b.keep_alive && a.headers.size() == b.headers.size());
    for (std::size_t h = 0; h < a.headers.size(); ++h) {
      FUZZ_CHECK(a.headers[h].name == b.headers[h].name);
      FUZZ_CHECK(a.headers[h].value == b.headers[h].value);
    }
  }
  return 0;
}
