// The only Beast/Asio translation unit of the http layer (see server.h).
//
// Threading: one io_context per thread (concurrency hint 1); the acceptor lives on context 0 and
// hands accepted sockets round-robin to the contexts. A connection is one C++20 coroutine that
// stays on its context for life, so per-connection and per-thread state (buffers, request/response
// objects, the access-log buffer, the request-id generator) needs no locks.
//
// Timeouts: no timer per connection. Each connection publishes a deadline and a phase; one sweeper
// per thread wakes every 200 ms, and for every connection past its deadline sets `expired` and
// cancels the socket's pending operation. The coroutine then sees operation_aborted plus the flag
// and acts (close, or a 408 when a request was half received). So the hot path only stores a
// time_point.
//
// Handlers: Handler::lane() picks where each request runs. Inline work (no database) runs on the
// I/O thread; a read the handler can answer at once (Handler::answer_at_once: from its read cache)
// is answered there too; other reads and writes are posted to their worker pool (work_pool.h) and
// the coroutine is resumed on its own io_context when the handler is done, so an I/O thread never
// waits for a database or a lock. A full queue answers 503 ServiceBusy at once, without running the
// handler.
//
// Shutdown: stop accepting (close the acceptor), cancel connections that are idle between requests,
// let the rest finish their current request (the response carries Connection: close), poll the live
// connection count for up to shutdown_grace, then stop every io_context.
#include "http/server.h"

#include <openssl/ssl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "api/problem.h"
#include "http/request_parser.h"
#include "http/wire.h"
#include "http/work_pool.h"
#include "util/text.h"

namespace sqlacc::http {

namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kSweepInterval = std::chrono::milliseconds(200);
constexpr auto kLingerTime = std::chrono::seconds(2);  // draining unread input before close
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kKeepCapacity = 64 * 1024;  // larger per-connection buffers are released
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// ---------------------------------------------------------------------------------------------------
// Per-connection bookkeeping the sweeper and the shutdown pass can see (same thread only).

enum class Phase : unsigned char { handshake, idle, reading, handling, writing, closing };

class ConnList;

struct Conn {
  Conn* prev = nullptr;
  Conn* next = nullptr;
  ConnList* list = nullptr;  // the list it is on; none once killed
  tcp::socket* sock = nullptr;
  Clock::time_point deadline = Clock::time_point::max();
  Phase phase = Phase::handshake;
  bool expired = false;  // the sweeper found the deadline passed and cancelled the socket
  bool killed = false;   // closed while idle: by shutdown, or to make room at the connection cap

  void cancel() {
    error_code ec;
    sock->cancel(ec);
  }
};

class ConnList {
 public:
  ConnList() { head_.prev = head_.next = &head_; }
  ConnList(const ConnList&) = delete;
  ConnList& operator=(const ConnList&) = delete;

  void push_back(Conn& c) {
    c.next = &head_;
    c.prev = head_.prev;
    head_.prev->next = &c;
    head_.prev = &c;
    c.list = this;
    ++size_;
  }
  static void unlink(Conn& c) {
    if (c.list == nullptr) return;
    c.prev->next = c.next;
    c.next->prev = c.prev;
    c.prev = c.next = nullptr;
    --c.list->size_;
    c.list = nullptr;
  }
  Conn* front() { return head_.next == &head_ ? nullptr : head_.next; }
  std::size_t size() const { return size_; }
  template <class F>
  void for_each(F&& f) {
    for (Conn* c = head_.next; c != &head_; c = c->next) f(*c);
  }

 private:
  Conn head_;
  std::size_t size_ = 0;
};

class Core;

// One I/O thread's world. The io_context is declared last so that it is destroyed first: destroying
// it destroys the suspended connection coroutines, which unlink themselves from the lists.
struct Worker {
  Worker(Core& c, unsigned index) : core(c), ids(index) {}

  std::size_t open() const { return idle.size() + busy.size(); }
  // Closes a connection that waits for a request (its coroutine sees `killed` and closes).
  static void kill(Conn& c) {
    ConnList::unlink(c);
    c.killed = true;
    c.cancel();
  }

  Core& core;
  // Connections waiting for a request (Phase::idle, Phase::handshake), the one waiting longest
  // first; and those with a request in progress. Killed connections are on neither.
  ConnList idle, busy;
  std::size_t max_open = 1;  // this thread's share of ServerOptions::max_connections
  detail::AccessLog log;
  detail::RequestIdGenerator ids;
  detail::DateCache date;
  asio::io_context ioc{1};
};

// ---------------------------------------------------------------------------------------------------

class Core {
 public:
  Core(ServerOptions options, api::Handler& handler);
  ~Core();

  void listen();
  uint16_t port() const { return port_; }
  void run();
  void stop();

  const ServerOptions opt;
  api::Handler& handler;
  // Created by run(); declared after the workers, so destroyed (joined) before the io_contexts
  // their jobs resume coroutines on.
  std::unique_ptr<WorkPool> read_pool, write_pool;
  std::atomic<bool> stopping{false};
  std::atomic<long> live{0};
  std::atomic<std::size_t> body_bytes{0};  // reserved by requests being received or handled
  std::size_t max_connections = 0;         // opt.max_connections, or the default from RLIMIT_NOFILE

  // A connection closed (`refused`: the new one, else an idle one) at the connection cap: counted,
  // and logged the first time and then at most once a minute, never once per connection.
  void note_at_cap(bool refused);

 private:
  void setup_tls();
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> sweep(Worker& w);
  asio::awaitable<void> drain();
  void begin_shutdown();
  void force_stop();
  void wait_signal();
  void run_worker(Worker& w);
  template <class Socket>
  void start_session(Worker& w, Socket socket);

  // Declaration order is destruction order reversed: the SSL context outlives the sessions (in the
  // workers), and the acceptor/signal set (on context 0) go before the workers.
  std::optional<asio::ssl::context> ssl_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::optional<tcp::acceptor> acceptor_;
  std::optional<asio::signal_set> signals_;
  uint16_t port_ = 0;
  bool listening_ = false;
  bool ran_ = false;
  std::size_t next_worker_ = 0;
  std::atomic<std::uint64_t> shed_{0}, refused_{0};
  std::atomic<Clock::rep> cap_logged_at_{std::numeric_limits<Clock::rep>::min()};
};

void log_exception(const char* what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    spdlog::error("{}: {}", what, x.what());
  } catch (...) {
    spdlog::error("{}: unknown exception", what);
  }
}

// The share of ServerOptions::max_body_memory one request holds, from its header to its answer.
class BodyReservation {
 public:
  BodyReservation(std::atomic<std::size_t>& used, std::size_t limit) : used_(used), limit_(limit) {}
  ~BodyReservation() { release(); }
  void release() {
    used_.fetch_sub(bytes_, std::memory_order_relaxed);
    bytes_ = 0;
  }
  BodyReservation(const BodyReservation&) = delete;
  BodyReservation& operator=(const BodyReservation&) = delete;

  // False (nothing reserved) when `bytes` more would pass the limit.
  bool reserve(std::size_t bytes) {
    std::size_t now = used_.load(std::memory_order_relaxed);
    do {
      if (bytes > limit_ || now > limit_ - bytes) return false;
    } while (!used_.compare_exchange_weak(now, now + bytes, std::memory_order_relaxed));
    bytes_ += bytes;
    return true;
  }

 private:
  std::atomic<std::size_t>& used_;
  const std::size_t limit_;
  std::size_t bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------------
// One connection.

template <class Stream>
class Session {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

  Session(Worker& w, Stream stream, std::string remote)
      : w_(w),
        core_(w.core),
        opt_(w.core.opt),
        stream_(std::move(stream)),
        remote_(std::move(remote)) {
    conn_.sock = &sock();
    w_.idle.push_back(conn_);
    core_.live.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() {
    ConnList::unlink(conn_);
    core_.live.fetch_sub(1, std::memory_order_relaxed);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  asio::awaitable<void> run();

 private:
  tcp::socket& sock() {
    if constexpr (kTls) {
      return stream_.next_layer();
    } else {
      return stream_;
    }
  }
  void arm_at(Phase p, Clock::time_point deadline) {
    conn_.phase = p;
    conn_.deadline = deadline;
    conn_.expired = false;
    if (conn_.killed) return;
    ConnList& list = (p == Phase::idle || p == Phase::handshake) ? w_.idle : w_.busy;
    if (conn_.list != &list) {  // to the back: the idle list stays in order of waiting time
      ConnList::unlink(conn_);
      list.push_back(conn_);
    }
  }
  void arm(Phase p, Clock::duration d) { arm_at(p, Clock::now() + d); }
  bool interrupted() const { return conn_.expired || conn_.killed; }
  bool admit();

  void close_now() {
    error_code ec;
    sock().close(ec);
  }
  asio::awaitable<void> close_gracefully();
  void call_handler();
  // A read the handler can answer without waiting (Handler::answer_at_once), on this thread.
  bool answer_at_once();
  template <class Call>
  bool run_handler(Call&& call);
  void set_error(const Problem& problem);
  asio::awaitable<bool> respond(bool keep_alive, Clock::time_point t0);
  // Runs call_handler() on `pool` (a write: Handler::handle_write, whose answer may come later
  // from another thread) and resumes this coroutine on its own thread once the answer is
  // complete; false when the pool's queue was full (nothing ran).
  asio::awaitable<bool> call_handler_on(WorkPool& pool, bool write = false);
  void set_busy(std::string_view message);
  void release_big_buffers();

  Worker& w_;
  Core& core_;
  const ServerOptions& opt_;
  Stream stream_;
  std::string remote_;
  Conn conn_;
  boost::beast::flat_buffer buf_;
  std::optional<detail::RequestParser> parser_;
  api::Request req_;
  api::Response res_;
  std::string head_;
  bool id_ready_ = false;   // req_.request_id belongs to the current request
  std::size_t served_ = 0;  // requests begun on this connection
};

// At this thread's share of the connection cap, the connection that has waited longest for a
// request is closed to make room for this one; when none waits (all have a request in progress),
// this one is closed instead.
template <class Stream>
bool Session<Stream>::admit() {
  if (w_.open() <= w_.max_open) return true;
  Conn* oldest = w_.idle.front();
  const bool refuse = oldest == nullptr || oldest == &conn_;
  if (refuse) {
    ConnList::unlink(conn_);
    conn_.killed = true;
  } else {
    Worker::kill(*oldest);
  }
  core_.note_at_cap(refuse);
  return !refuse;
}

template <class Stream>
asio::awaitable<void> Session<Stream>::run() {
  if (!admit()) {
    close_now();
    co_return;
  }
  error_code ec;
  sock().set_option(tcp::no_delay(true), ec);

  if constexpr (kTls) {
    arm(Phase::handshake, opt_.read_timeout);
    auto [hec] = co_await stream_.async_handshake(asio::ssl::stream_base::server, kTuple);
    if (hec || interrupted()) {
      close_now();
      co_return;
    }
  }

  for (;;) {
    // Idle: wait for the first byte of the next request (unless one is already buffered).
    if (buf_.size() == 0) {
      if (core_.stopping.load(std::memory_order_relaxed)) {
        close_now();
        co_return;
      }
      release_big_buffers();
      // A connection that has not sent its first request yet gets the short first-byte time-out
      // (a client that opens connections and sends nothing holds descriptors at no cost to itself).
      arm(Phase::idle,
          served_ == 0 ? std::min(opt_.first_byte_timeout, opt_.idle_timeout) : opt_.idle_timeout);
      auto [rec, n] = co_await stream_.async_read_some(buf_.prepare(kReadChunk), kTuple);
      if (rec || interrupted()) {  // peer closed, idle timeout or shutdown
        close_now();
        co_return;
      }
      buf_.commit(n);
    }

    // Reading: the whole request must arrive within read_timeout of its first byte.
    const auto t0 = Clock::now();
    arm_at(Phase::reading, t0 + opt_.read_timeout);
    ++served_;
    parser_.emplace(req_, opt_.max_header_bytes, opt_.max_body_bytes);
    BodyReservation body_memory(core_.body_bytes, opt_.max_body_memory);
    bool over_budget = false;
    id_ready_ = false;
    error_code perr;
    bool header_checked = false;
    bool timed_out = false;
    bool gone = false;
    for (;;) {
      if (buf_.size() != 0) {
        const std::size_t used = parser_->feed(buf_.data(), perr);
        buf_.consume(used);
        const bool more = perr == bhttp::error::need_more;
        if (more) {
          perr = {};
        } else if (perr || parser_->is_done()) {
          break;
        }
        if (!header_checked && parser_->is_header_done()) {
          header_checked = true;
          const std::size_t body =
              parser_->chunked() ? opt_.max_body_bytes : parser_->content_length().value_or(0);
          if (body != 0 && !body_memory.reserve(body)) {
            over_budget = true;
            break;
          }
          if (parser_->expect_continue() && buf_.size() == 0) {
            auto [wec, wn] = co_await asio::async_write(stream_, asio::buffer(kContinue), kTuple);
            if (conn_.expired) {
              timed_out = true;
              break;
            }
            if (wec) {
              gone = true;
              break;
            }
          }
        }
        if (!more && used != 0 && buf_.size() != 0) continue;
      }
      auto [rec, n] = co_await stream_.async_read_some(buf_.prepare(kReadChunk), kTuple);
      if (conn_.expired) {
        timed_out = true;
        break;
      }
      if (rec) {  // EOF or reset mid-request: nobody to answer
        gone = true;
        break;
      }
      buf_.commit(n);
    }

    if (gone) {
      close_now();
      co_return;
    }
    if (timed_out) {
      // A 408 is attempted on plain TCP; on TLS the cancelled read leaves the record layer in an
      // unknown state, so the connection is just closed.
      if constexpr (!kTls) {
        set_error(Problem(
            408, "RequestTimeout",
            fmt::format("Request not received within {} seconds", opt_.read_timeout.count())));
        if (co_await respond(false, t0)) co_await close_gracefully();
      }
      close_now();
      co_return;
    }
    if (over_budget) {
      // The body was not read: the connection cannot be reused (its bytes are still coming).
      set_busy("Too many request bodies are being received at once; retry shortly");
      if (co_await respond(false, t0)) co_await close_gracefully();
      close_now();
      co_return;
    }
    if (perr) {
      set_error(detail::parse_problem(perr, opt_.max_header_bytes, opt_.max_body_bytes,
                                      parser_->refusal()));
      if (co_await respond(false, t0)) co_await close_gracefully();
      close_now();
      co_return;
    }

    // Handling: synchronous on this thread (the handler is thread-safe and does not block long).
    parser_->finish();
    if (!parser_->has_request_id()) w_.ids.next(req_.request_id);
    id_ready_ = true;
    req_.remote_addr.assign(remote_);
    req_.tls = kTls;
    // No deadline while handling: a handler on a worker pool has its own (queue wait, database
    // lock wait), and the sweeper must not cut the connection meanwhile.
    arm_at(Phase::handling, Clock::time_point::max());
    switch (core_.handler.lane(req_)) {
      case api::Lane::inline_work:
        call_handler();
        break;
      case api::Lane::read:
        if (answer_at_once()) break;
        if (!co_await call_handler_on(*core_.read_pool))
          set_busy("Too many requests are waiting to be read; retry shortly");
        break;
      case api::Lane::write:
        if (!co_await call_handler_on(*core_.write_pool, /*write=*/true))
          set_busy("Too many writes are waiting; retry shortly");
        break;
    }

    // Handled: the body's share goes back before the answer, so a client that has its answer can
    // count on the room.
    body_memory.release();
    const bool keep = parser_->keep_alive() && !core_.stopping.load(std::memory_order_relaxed);
    if (!co_await respond(keep, t0)) {
      close_now();
      co_return;
    }
    if (!keep) {
      // Lingering only matters when unread input (pipelined requests) could turn the close into a
      // reset that destroys the response in flight; otherwise a plain close (FIN) is enough.
      if (buf_.size() != 0 || sock().available(ec) != 0) co_await close_gracefully();
      close_now();
      co_return;
    }
  }
}

template <class Stream>
void Session<Stream>::call_handler() {
  run_handler([this] {
    core_.handler.handle(req_, res_);
    return true;
  });
}

template <class Stream>
bool Session<Stream>::answer_at_once() {
  return run_handler([this] { return core_.handler.answer_at_once(req_, res_); });
}

// Calls `call` on a fresh response; a handler that throws (a bug: handlers answer their own
// errors) is logged and answered 500.
template <class Stream>
template <class Call>
bool Session<Stream>::run_handler(Call&& call) {
  res_.status = 200;
  res_.content_type.assign("application/json");
  res_.headers.clear();
  res_.body.clear();
  const char* failure = nullptr;
  std::string what;
  try {
    return call();
  } catch (const std::exception& e) {
    failure = "exception";
    what = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  std::string target;
  detail::append_log_target(target, req_.target, 512);
  // Logged by set_problem(), answered without the detail.
  set_error(internal(fmt::format("handler failed on {} {}: {}{}", req_.method, target, failure,
                                 what.empty() ? std::string() : ": " + what)));
  return true;
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::call_handler_on(WorkPool& pool, bool write) {
  auto ex = w_.ioc.get_executor();
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(bool)>(
      [this, &pool, ex, write](auto handler) {
        // Shared: the job may be refused (then the handler is completed here) or run elsewhere.
        auto done = std::make_shared<decltype(handler)>(std::move(handler));
        auto finish = [done, ex](bool ran) {
          asio::post(ex, [done, ran]() mutable { std::move (*done)(ran); });
        };
        const bool queued = pool.try_post([this, finish, write](bool expired) {
          if (expired) {
            set_busy("The request waited too long for a worker; retry shortly");
          } else if (write) {
            // Nothing of this session is touched after handle_write() handed the answer on: by
            // then the coroutine may be on to the next request.
            bool handed_on = false;
            run_handler([&] {
              core_.handler.handle_write(req_, res_, [finish] { finish(true); });
              handed_on = true;
              return true;
            });
            if (handed_on) return;
          } else {
            call_handler();
          }
          finish(true);
        });
        if (!queued) finish(false);
      },
      asio::use_awaitable);
}

template <class Stream>
void Session<Stream>::set_busy(std::string_view message) {
  set_error(busy(std::string(message), 1));
}

template <class Stream>
void Session<Stream>::set_error(const Problem& problem) {
  if (!id_ready_) {  // failed before the request was complete: a fresh id unless the client sent
                     // one
    if (!parser_ || !parser_->has_request_id()) w_.ids.next(req_.request_id);
    id_ready_ = true;
  }
  res_.headers.clear();
  api::set_problem(res_, problem, req_.request_id);
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::respond(bool keep_alive, Clock::time_point t0) {
  const unsigned status = res_.status;
  const bool bodiless_status = status < 200 || status == 204 || status == 304;
  const bool send_body = !bodiless_status && req_.method != "HEAD";
  for (const auto& h : res_.headers) {
    if (!detail::sendable_header(h.name, h.value)) {
      spdlog::warn("dropping response header '{}' (request {}): reserved or not sendable",
                   h.name.size() > 64 ? h.name.substr(0, 64) : h.name, req_.request_id);
      std::erase_if(res_.headers,
                    [](const api::Header& x) { return !detail::sendable_header(x.name, x.value); });
      break;
    }
  }
  bool ct_ok = res_.content_type.find_first_of("\r\n") == std::string::npos;

  detail::ResponseHead h;
  h.status = status;
  h.content_type = (bodiless_status || !ct_ok) ? std::string_view() : res_.content_type;
  h.request_id = req_.request_id;
  h.date = w_.date.get();
  h.content_length = bodiless_status ? 0 : res_.body.size();
  h.close = !keep_alive;
  h.keep_alive_header =
      keep_alive && parser_ && parser_->is_header_done() && parser_->version() < 11;
  h.extra = &res_.headers;
  head_.clear();
  detail::append_response_head(head_, h);

  arm(Phase::writing, opt_.write_timeout);
  error_code wec;
  std::size_t wn = 0;
  if constexpr (kTls) {
    // One TLS record stream: asio's ssl::stream writes only the first buffer of a sequence per
    // call.
    if (send_body) head_ += res_.body;
    std::tie(wec, wn) = co_await asio::async_write(stream_, asio::buffer(head_), kTuple);
  } else {
    std::array<asio::const_buffer, 2> bufs{
        asio::buffer(head_), send_body ? asio::buffer(res_.body) : asio::const_buffer()};
    std::tie(wec, wn) = co_await asio::async_write(stream_, bufs, kTuple);
  }
  const bool ok = !wec && !conn_.expired;
  if (opt_.access_log) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
    w_.log.line(remote_, req_.method, req_.target, status, wn, elapsed, req_.request_id);
  }
  co_return ok;
}

// Half-close, then read and discard what the client still sends (bounded in time and bytes) so that
// closing with unread input does not turn into a reset that destroys the response in flight.
template <class Stream>
asio::awaitable<void> Session<Stream>::close_gracefully() {
  arm(Phase::closing, kLingerTime);
  error_code ec;
  sock().shutdown(tcp::socket::shutdown_send, ec);
  if (!ec) {
    std::size_t drained = 0;
    while (drained < kLingerBytes) {
      buf_.clear();
      auto [rec, n] = co_await sock().async_read_some(buf_.prepare(kReadChunk), kTuple);
      if (rec || conn_.expired) break;
      drained += n;
    }
  }
  sock().close(ec);
}

template <class Stream>
void Session<Stream>::release_big_buffers() {
  if (buf_.capacity() > kKeepCapacity) buf_.shrink_to_fit();
  if (req_.body.capacity() > kKeepCapacity) std::string().swap(req_.body);
  if (res_.body.capacity() > kKeepCapacity) std::string().swap(res_.body);
  if (head_.capacity() > kKeepCapacity) std::string().swap(head_);
}

// ---------------------------------------------------------------------------------------------------

std::string peer_address(const tcp::socket& s) {
  error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec) return "-";
  auto a = ep.address();
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  }
  return a.to_string();
}

template <class Stream>
asio::awaitable<void> serve_connection(Worker& w, Stream stream, std::string remote) {
  Session<Stream> session(w, std::move(stream), std::move(remote));
  co_await session.run();
}

tcp::endpoint resolve_endpoint(std::string host, uint16_t port) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host == "*") host = "0.0.0.0";
  error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (!ec) return {addr, port};
  asio::io_context tmp;
  tcp::resolver resolver(tmp);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    throw std::runtime_error(fmt::format("cannot resolve listen address '{}': {}", host,
                                         ec ? ec.message() : "no addresses"));
  }
  return results.begin()->endpoint();
}

std::string ssl_error_text(const error_code& ec) {
  std::string s = ec.message();
  if (ec.category() == asio::error::get_ssl_category()) {
    const char* reason = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
    if (reason != nullptr && s.find(reason) == std::string::npos)
      s += std::string(" (") + reason + ")";
  }
  return s;
}

Core::Core(ServerOptions options, api::Handler& h) : opt(std::move(options)), handler(h) {
  unsigned n = opt.threads != 0 ? opt.threads : std::thread::hardware_concurrency();
  if (n == 0) n = 1;
  workers_.reserve(n);
  for (unsigned i = 0; i < n; ++i) workers_.push_back(std::make_unique<Worker>(*this, i));
  // Each I/O thread gets an equal share (connections are handed out round-robin), so the threads
  // never need to agree on a count.
  max_connections = opt.max_connections != 0 ? opt.max_connections : default_max_connections();
  for (auto& w : workers_) w->max_open = std::max<std::size_t>(1, max_connections / n);
}

void Core::note_at_cap(bool refused) {
  (refused ? refused_ : shed_).fetch_add(1, std::memory_order_relaxed);
  const Clock::rep now = Clock::now().time_since_epoch().count();
  Clock::rep last = cap_logged_at_.load(std::memory_order_relaxed);
  const Clock::rep minute =
      std::chrono::duration_cast<Clock::duration>(std::chrono::minutes(1)).count();
  if (last != std::numeric_limits<Clock::rep>::min() && now - last < minute) return;
  if (!cap_logged_at_.compare_exchange_strong(last, now)) return;
  spdlog::warn(
      "at the connection limit ({}, --max-connections): so far {} idle connection(s) closed to "
      "make "
      "room and {} new one(s) refused (all busy); logged at most once a minute",
      max_connections, shed_.load(std::memory_order_relaxed),
      refused_.load(std::memory_order_relaxed));
}

Core::~Core() {
  // Queued jobs still refer to sessions, which live in the workers' io_contexts.
  if (read_pool) read_pool->stop();
  if (write_pool) write_pool->stop();
}

void Core::setup_tls() {
  const auto& cert = opt.tls_cert_file;
  const auto& key = opt.tls_key_file;
  if (cert.empty() && key.empty()) return;
  if (cert.empty() || key.empty()) {
    throw std::runtime_error("TLS needs both a certificate file and a key file");
  }
  for (const auto* f : {&cert, &key}) {
    if (::access(f->c_str(), R_OK) != 0) {
      throw std::runtime_error(fmt::format("cannot read TLS {} file '{}': {}",
                                           f == &cert ? "certificate" : "key", *f,
                                           std::strerror(errno)));
    }
  }
  ssl_.emplace(asio::ssl::context::tls_server);
  auto& ctx = *ssl_;
  try {
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use |
                    asio::ssl::context::no_compression);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    error_code ec;
    ctx.use_certificate_chain_file(cert, ec);
    if (ec) {
      throw std::runtime_error(
          fmt::format("cannot load TLS certificate '{}': {}", cert, ssl_error_text(ec)));
    }
    ctx.use_private_key_file(key, asio::ssl::context::pem, ec);
    if (ec) {
      throw std::runtime_error(
          fmt::format("cannot load TLS private key '{}': {}", key, ssl_error_text(ec)));
    }
    if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
      throw std::runtime_error(
          fmt::format("TLS private key '{}' does not match certificate '{}'", key, cert));
    }
  } catch (...) {
    ssl_.reset();
    throw;
  }
}

void Core::listen() {
  if (listening_) return;
  setup_tls();
  const tcp::endpoint ep = resolve_endpoint(opt.host, opt.port);
  acceptor_.emplace(workers_[0]->ioc);
  error_code ec;
  auto fail = [&](const char* what) {
    acceptor_.reset();
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{}: {} ({})", opt.host, opt.port, ec.message(), what));
  };
  acceptor_->open(ep.protocol(), ec);
  if (ec) fail("socket");
  acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) fail("SO_REUSEADDR");
  acceptor_->bind(ep, ec);
  if (ec) fail("bind");
  acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  port_ = acceptor_->local_endpoint(ec).port();
  listening_ = true;
}

template <class Socket>
void Core::start_session(Worker& w, Socket socket) {
  std::string remote = peer_address(socket);
  auto done = [](std::exception_ptr e) { log_exception("connection failed", e); };
  if (ssl_) {
    using TlsStream = asio::ssl::stream<tcp::socket>;
    asio::co_spawn(
        w.ioc,
        serve_connection<TlsStream>(w, TlsStream(std::move(socket), *ssl_), std::move(remote)),
        done);
  } else {
    asio::co_spawn(w.ioc, serve_connection<tcp::socket>(w, std::move(socket), std::move(remote)),
                   done);
  }
}

asio::awaitable<void> Core::accept_loop() {
  asio::steady_timer backoff(workers_[0]->ioc);
  for (;;) {
    Worker& w = *workers_[next_worker_++ % workers_.size()];
    auto [ec, peer] = co_await acceptor_->async_accept(w.ioc, kTuple);
    if (ec) {
      if (stopping.load() || ec == asio::error::operation_aborted || !acceptor_->is_open()) {
        co_return;
      }
      spdlog::warn("accept failed: {}", ec.message());
      // Out of descriptors and the like: back off instead of spinning.
      backoff.expires_after(std::chrono::milliseconds(100));
      co_await backoff.async_wait(kTuple);
      continue;
    }
    start_session(w, tcp::socket(std::move(peer)));
  }
}

asio::awaitable<void> Core::sweep(Worker& w) {
  asio::steady_timer timer(w.ioc);
  for (;;) {
    timer.expires_after(kSweepInterval);
    auto [ec] = co_await timer.async_wait(kTuple);
    if (ec) co_return;
    const auto now = Clock::now();
    auto expire = [now](Conn& c) {
      if (!c.expired && c.deadline <= now) {
        c.expired = true;
        c.cancel();
      }
    };
    w.idle.for_each(expire);
    w.busy.for_each(expire);
    w.date.refresh();
    w.log.flush();
  }
}

void Core::begin_shutdown() {
  if (stopping.exchange(true)) return;
  spdlog::info("shutting down");
  error_code ec;
  if (acceptor_) acceptor_->close(ec);
  for (auto& wp : workers_) {
    Worker* w = wp.get();
    asio::post(w->ioc, [w] {
      while (Conn* c = w->idle.front()) Worker::kill(*c);
    });
  }
  asio::co_spawn(workers_[0]->ioc, drain(), asio::detached);
}

asio::awaitable<void> Core::drain() {
  const auto deadline = Clock::now() + opt.shutdown_grace;
  asio::steady_timer timer(workers_[0]->ioc);
  while (live.load() > 0 && Clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(kTuple);
  }
  if (long n = live.load(); n > 0) {
    spdlog::warn("{} connection(s) still open after the {} s grace period; closing them", n,
                 opt.shutdown_grace.count());
  }
  force_stop();
}

void Core::force_stop() {
  for (auto& w : workers_) w->ioc.stop();
}

void Core::wait_signal() {
  signals_->async_wait([this](const error_code& ec, int sig) {
    if (ec) return;
    if (stopping.load()) {
      spdlog::warn("{} again: stopping now", sig == SIGINT ? "SIGINT" : "SIGTERM");
      force_stop();
      return;
    }
    spdlog::info("{} received", sig == SIGINT ? "SIGINT" : "SIGTERM");
    begin_shutdown();
    wait_signal();
  });
}

void Core::run_worker(Worker& w) {
  for (;;) {
    try {
      w.ioc.run();
      break;
    } catch (const std::exception& e) {
      spdlog::error("I/O thread: {}", e.what());
    }
  }
  w.log.flush();
}

void Core::run() {
  if (ran_) throw std::logic_error("sqlacc::http::Server::run() called twice");
  listen();
  ran_ = true;
  ::signal(SIGPIPE, SIG_IGN);  // a closed stderr pipe must not kill the server

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  read_pool = std::make_unique<WorkPool>(
      "read", opt.read_workers != 0 ? opt.read_workers : std::max(4u, 2 * cores), opt.read_queue,
      opt.read_queue_wait);
  write_pool =
      std::make_unique<WorkPool>("write", opt.write_workers != 0 ? opt.write_workers : cores,
                                 opt.write_queue, opt.write_queue_wait);

  auto& ioc0 = workers_[0]->ioc;
  signals_.emplace(ioc0, SIGINT, SIGTERM);
  wait_signal();
  asio::co_spawn(ioc0, accept_loop(),
                 [](std::exception_ptr e) { log_exception("acceptor failed", e); });
  for (auto& w : workers_) asio::co_spawn(w->ioc, sweep(*w), asio::detached);

  std::vector<std::thread> threads;
  threads.reserve(workers_.size() - 1);
  for (std::size_t i = 1; i < workers_.size(); ++i) {
    threads.emplace_back([this, w = workers_[i].get()] { run_worker(*w); });
  }
  run_worker(*workers_[0]);
  for (auto& t : threads) t.join();
  read_pool->stop();  // what is still queued runs; its completions are dropped with the contexts
  write_pool->stop();
  error_code ec;
  signals_->cancel(ec);
  signals_.reset();
  spdlog::info("stopped");
}

void Core::stop() {
  asio::post(workers_[0]->ioc, [this] { begin_shutdown(); });
}

}  // namespace

// ---------------------------------------------------------------------------------------------------

std::size_t default_max_connections() {
  rlimit rl{};
  std::size_t fds = 1024;
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    fds =
        rl.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : static_cast<std::size_t>(rl.rlim_cur);
  }
  // The rest of the process needs descriptors too: database files and connections (--db-pool per
  // company), the log, TLS files, the listening socket.
  if (fds <= 256) return std::max<std::size_t>(1, fds / 2);
  return fds - std::max<std::size_t>(128, fds / 8);
}

struct Server::Impl {
  Impl(ServerOptions o, api::Handler& h) : core(std::move(o), h) {}
  Core core;
};

Server::Server(ServerOptions options, api::Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}
Server::~Server() = default;
void Server::listen() { impl_->core.listen(); }
uint16_t Server::port() const { return impl_->core.port(); }
void Server::run() { impl_->core.run(); }
void Server::stop() { impl_->core.stop(); }

}  // namespace sqlacc::http
