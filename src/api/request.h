#pragma once
// The HTTP exchange as the API layer sees it: plain data, no Beast types, so that the api layer
// (and its tests) compile without Asio. The http layer fills a Request from the wire and sends the
// Response.
#include <string>
#include <string_view>
#include <vector>

namespace sqlacc::api {

struct Header {
  std::string name;  // as sent on the wire (case preserved)
  std::string value;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request-target exactly as received: path plus "?query"
  std::vector<Header>
      headers;  // wire order; repeated headers kept as separate entries (SigV4 needs it)
  std::string body;
  std::string remote_addr;  // peer IP, for the access log and rate limits
  std::string request_id;   // also returned as the X-Request-Id response header
  bool tls = false;

  // First header with this name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  // The URL the client reached the server at, "https://host:port" (from Host; 127.0.0.1 without
  // one), for generated documents and commands that name the server.
  std::string base_url() const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::vector<Header> headers;  // extra headers (Set-Cookie, Retry-After, ...)
  std::string body;
};

// The one entry point the http layer calls for every request. Called on an I/O thread; must not
// block for long (SQLite work on a local file is fine).
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void handle(const Request& request, Response& response) = 0;
};

}  // namespace sqlacc::api
