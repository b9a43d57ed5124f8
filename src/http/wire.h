#pragma once
// Internal helpers of the http layer that need no Beast/Asio: request ids, response heads, the
// access-log line (with SigV4 query redaction) and its per-thread buffer. Kept apart from
// server.cpp so they compile fast and can be unit-tested without Asio.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "api/request.h"

namespace sqlacc::http::detail {

// A client-sent X-Request-Id is kept when it is 1..64 chars of [A-Za-z0-9._-].
bool valid_request_id(std::string_view id);

// Short unique ids: 16 lower-case hex chars. One generator per I/O thread (not thread-safe): a
// random 64-bit seed plus a counter, mixed by the splitmix64 finaliser (a bijection, so no repeats
// within a thread; across threads the random seeds make a clash vanishingly unlikely).
class RequestIdGenerator {
 public:
  explicit RequestIdGenerator(std::uint64_t salt = 0);
  void next(std::string& out);

 private:
  std::uint64_t counter_;
};

// True when a handler-supplied header can go on the wire unchanged (token name; no CR, LF or NUL
// in the value) and is not one the server owns (framing: Content-Length, Transfer-Encoding,
// Connection; and the ones it always sets: Content-Type, X-Request-Id, Server, Date).
bool sendable_header(std::string_view name, std::string_view value);

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), refreshed at most once per second.
class DateCache {
 public:
  DateCache() { refresh(); }
  void refresh();
  std::string_view get() const { return {buf_, 29}; }

 private:
  std::time_t last_ = -1;
  char buf_[40] = {};
};

struct ResponseHead {
  unsigned status = 200;
  std::string_view content_type;
  std::string_view request_id;
  std::string_view date;
  std::size_t content_length = 0;
  bool close = false;              // send "Connection: close"
  bool keep_alive_header = false;  // HTTP/1.0 keep-alive: send "Connection: keep-alive"
  const std::vector<api::Header>* extra = nullptr;
};

// Appends the status line and header block (ending with the blank line) to `out`.
void append_response_head(std::string& out, const ResponseHead& head);

// Appends the request-target for the access log: SigV4 secrets in the query (X-Amz-Signature,
// X-Amz-Credential, X-Amz-Security-Token; names compared case-insensitively after percent-decoding)
// become "REDACTED", quotes, backslashes, controls and non-ASCII bytes are escaped as \xNN, and the
// result is cut at `max_len` chars.
void append_log_target(std::string& out, std::string_view target, std::size_t max_len = 2048);

// One buffered access log per I/O thread: lines are formatted into a string and written to stderr
// in line-aligned chunks of at most PIPE_BUF bytes (so lines of different threads never interleave
// on a pipe) when the buffer fills or on flush() (the server calls it every ~200 ms and at exit).
// No locks, no allocation in steady state.
class AccessLog {
 public:
  explicit AccessLog(int fd = 2, std::size_t flush_at = 32 * 1024);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void line(std::string_view remote, std::string_view method, std::string_view target,
            unsigned status, std::size_t bytes, std::chrono::microseconds elapsed,
            std::string_view request_id);
  void flush();

 private:
  void append_time_prefix();

  int fd_;
  std::size_t flush_at_;
  std::string buf_;
  std::time_t prefix_sec_ = -1;
  char prefix_[32] = {};  // "[YYYY-mm-dd HH:MM:SS."
  std::size_t prefix_len_ = 0;
};

}  // namespace sqlacc::http::detail
