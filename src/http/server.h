#pragma once
// The HTTP/1.1 front door: Boost.Beast with C++20 coroutines, one io_context thread per core.
// Handlers run where Handler::lane() says: inline on the I/O thread, or on the read or the write
// worker pool (work_pool.h) while the connection's coroutine waits without holding its thread.
// Only src/http/*.cpp include Beast/Asio; this header stays light so the CLI compiles fast.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "api/request.h"

namespace sqlacc::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;           // 0 = pick a free port (see Server::port())
  unsigned threads = 0;           // I/O threads; 0 = one per core
  unsigned read_workers = 0;      // 0 = two per core, at least 4
  unsigned write_workers = 0;     // 0 = one per core
  std::size_t read_queue = 1024;  // reads waiting for a worker; more -> 503 ServiceBusy at once
  std::size_t write_queue = 256;  // writes waiting for a worker; more -> 503 ServiceBusy at once
  // A request that waited this long for a worker is answered 503 ServiceBusy without running.
  std::chrono::milliseconds read_queue_wait{5000};
  std::chrono::milliseconds write_queue_wait{5000};
  std::size_t max_header_bytes = 16 * 1024;      // larger -> 431 JSON error
  std::size_t max_body_bytes = 8 * 1024 * 1024;  // larger -> 413 JSON error
  // Request bodies held at once, all connections together: each request reserves its
  // Content-Length (a chunked one: max_body_bytes) when its header is read, before a byte of the
  // body, and gives it back when it is answered. Beyond this: 503 ServiceBusy with Retry-After.
  // Without it, many connections each sending a large body slowly (no key needed: a body is read
  // before its signature can be checked) could take the process out of memory.
  std::size_t max_body_memory = 256 * 1024 * 1024;
  std::chrono::seconds read_timeout{15};  // a request (headers + body) must arrive within this
  std::chrono::seconds idle_timeout{60};  // keep-alive connection with no request is closed
  // A new connection must send the first byte of its first request within this (at most
  // idle_timeout): connections opened and left silent are dropped quickly.
  std::chrono::seconds first_byte_timeout{5};
  // Open connections at most, all I/O threads together (each thread gets an equal share); 0 = the
  // default_max_connections(). At the cap, a new connection closes the one that has waited longest
  // for a request (or, when every connection has a request in progress, is closed itself), so new
  // work is still answered and the process never runs out of descriptors.
  std::size_t max_connections = 0;
  std::chrono::seconds shutdown_grace{10};  // in-flight requests get this long after SIGINT/SIGTERM
  std::chrono::seconds write_timeout{30};   // a response must drain to the client within this
  std::string tls_cert_file;                // both set -> HTTPS only
  std::string tls_key_file;
  bool access_log = true;  // one line per request on stderr, with the request id
};

// The default connection cap: the descriptor limit (soft RLIMIT_NOFILE) less a reserve for the
// rest of the process (1/8 of it, at least 128; half of a limit of 256 or less).
std::size_t default_max_connections();

class Server {
 public:
  Server(ServerOptions options, api::Handler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket (throws std::runtime_error with a clear message on failure).
  void listen();
  // The bound port (useful with port 0). Valid after listen().
  uint16_t port() const;
  // Serves until SIGINT/SIGTERM (or stop()), then stops accepting, lets in-flight requests finish
  // (up to shutdown_grace) and returns.
  void run();
  // Thread-safe request to begin the graceful shutdown.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sqlacc::http
