#pragma once
// The HTTP exchange as the API layer sees it: plain data, no Beast types, so that the api layer
// (and its tests) compile without Asio. The http layer fills a Request from the wire and sends the
// Response.
#include <functional>
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

// A write's body must be JSON: Content-Type `application/json`, with an optional `charset` that
// must be UTF-8 (RFC 8259 JSON is UTF-8), letter case ignored. Anything else, or none, is a 415
// naming what was sent: a form or text/plain body is not read as JSON by guesswork, and
// `application/*+json` types mean something else (merge-patch, JSON:API) that we do not do.
void require_json_content_type(const Request& request);

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::vector<Header> headers;  // extra headers (Set-Cookie, Retry-After, ...)
  std::string body;
};

// Where the http layer runs a request's handler. The I/O threads must never wait (on a database
// lock, a connection, a network round trip), so only work that touches no database runs inline;
// reads and writes go to two separate bounded worker pools, so that writes queued behind a held
// write lock never take the threads that reads need.
enum class Lane : unsigned char {
  inline_work,  // on the I/O thread: no database, no lock (unsigned /healthcheck, static pages)
  read,         // the read pool: signed GET/HEAD (may query the database, never writes)
  write,        // the write pool: anything that may write or wait for the write lock
};

// The one entry point the http layer calls for every request, on the thread lane() chose. handle()
// must be thread-safe; lane() runs on the I/O thread and must be cheap (no I/O).
class Handler {
 public:
  virtual ~Handler() = default;
  virtual Lane lane(const Request&) const { return Lane::inline_work; }
  virtual void handle(const Request& request, Response& response) = 0;
  // Lane::write: as handle(), except that the answer may be finished later, on another thread (a
  // write waiting for its group commit holds no thread): `done` is called exactly once, when
  // `response` is complete, possibly before this returns. Must not throw.
  virtual void handle_write(const Request& request, Response& response,
                            std::function<void()> done) {
    handle(request, response);
    done();
  }
  // On the I/O thread, before a Lane::read request goes to the read pool: answers it and returns
  // true when that needs no wait (a signed read the read cache holds), else returns false and the
  // request goes to the pool with a fresh response.
  virtual bool answer_at_once(const Request&, Response&) { return false; }
};

}  // namespace sqlacc::api
