// A TCP relay that adds a fixed delay in each direction: the stand-in for a network round trip
// between the nodes and PostgreSQL where the kernel has no netem qdisc (bench/run_backends.sh,
// configs *net). Every chunk read from one side is written to the other no earlier than the time
// it was read plus the delay, in order; the end of a stream (FIN) is forwarded the same way.
// One thread, epoll; epoll_pwait2 waits until the earliest due chunk with a nanosecond timeout
// (epoll_wait's is in milliseconds), which saves the two system calls per chunk of a timerfd;
// TCP_NODELAY on both sides so the kernel adds no wait of its own. Needs Linux >= 5.11.
//
// Usage: delay_proxy --listen HOST:PORT --target HOST:PORT --delay-us N
//   PORT 0 takes a free port. Once it accepts connections it prints
//     delay_proxy: listening on HOST:PORT -> TARGET, N us each way
//   SIGTERM or SIGINT: closes everything, prints the connections and bytes relayed, exits 0.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadSize = 64 * 1024;
constexpr std::size_t kMaxQueued = 1024 * 1024;  // per direction; then stop reading that side

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

class Fd {  // owns a file descriptor; closing it also removes it from the epoll set
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

struct Chunk {
  Clock::time_point due;
  std::string bytes;  // empty: the sender closed its side; forward the end of stream
};

// One direction of a connection: what was read from one socket waits here until due.
struct Pipe {
  std::deque<Chunk> queue;
  std::size_t sent = 0;    // bytes of queue.front() already written
  std::size_t queued = 0;  // bytes waiting, for back-pressure
  bool eof_read = false;   // the source closed its side: read no more
  bool eof_sent = false;   // that end of stream was forwarded (shutdown SHUT_WR)
  bool blocked = false;    // the destination's send buffer is full: wait for EPOLLOUT
};

enum Side { kClient = 0, kServer = 1 };
Side other(Side s) { return s == kClient ? kServer : kClient; }

enum class Watch { kNotYet, kWatched, kRemoved };  // a socket's place in the epoll set

struct Connection {
  Fd fd[2];
  Pipe pipe[2];  // pipe[s]: bytes read from side s, written to the other side
  bool connecting = true;
  Watch watch[2] = {Watch::kNotYet, Watch::kNotYet};
  std::uint32_t interest[2] = {0, 0};  // the epoll mask registered while kWatched
};

struct Due {  // a pipe with a chunk due then; the delay is fixed, so arrival order is due order
  Clock::time_point due;
  std::uint64_t id;
  Side from;
};

struct Endpoint {
  sockaddr_storage addr{};
  socklen_t len = 0;
};

Endpoint resolve(const std::string& host_port, bool passive) {
  auto colon = host_port.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("expected HOST:PORT, got " + host_port);
  std::string host = host_port.substr(0, colon), port = host_port.substr(colon + 1);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = passive ? AI_PASSIVE : 0;
  addrinfo* res = nullptr;
  if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0)
    throw std::runtime_error(host_port + ": " + gai_strerror(rc));
  Endpoint e;
  std::memcpy(&e.addr, res->ai_addr, res->ai_addrlen);
  e.len = res->ai_addrlen;
  freeaddrinfo(res);
  return e;
}

std::string to_text(const sockaddr_storage& a) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (a.ss_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a);
  inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
  return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6->sin6_port));
}

void no_delay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

class Proxy {
 public:
  Proxy(const Endpoint& listen_at, const Endpoint& target, std::chrono::microseconds delay)
      : target_(target), delay_(delay) {
    listener_ = Fd(socket(listen_at.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (listener_.get() < 0) fail("socket");
    int one = 1;
    setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listener_.get(), reinterpret_cast<const sockaddr*>(&listen_at.addr), listen_at.len))
      fail("bind");
    if (listen(listener_.get(), SOMAXCONN)) fail("listen");
    epoll_ = Fd(epoll_create1(EPOLL_CLOEXEC));
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, nullptr);
    signals_ = Fd(signalfd(-1, &stop, SFD_NONBLOCK | SFD_CLOEXEC));
    if (epoll_.get() < 0 || signals_.get() < 0) fail("epoll_create1/signalfd");
    watch(listener_.get(), EPOLL_CTL_ADD, EPOLLIN, kListenerToken);
    watch(signals_.get(), EPOLL_CTL_ADD, EPOLLIN, kSignalToken);
  }

  std::string address() const {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&a), &len);
    return to_text(a);
  }

  void run() {
    epoll_event events[64];
    while (!stopping_) {
      timespec wait{};
      if (!due_.empty()) {
        auto ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(due_.front().due - Clock::now());
        if (ns.count() < 0) ns = {};
        wait.tv_sec = static_cast<time_t>(ns.count() / 1000000000);
        wait.tv_nsec = static_cast<long>(ns.count() % 1000000000);
      }
      int n = epoll_pwait2(epoll_.get(), events, 64, due_.empty() ? nullptr : &wait, nullptr);
      if (n < 0 && errno != EINTR) fail("epoll_pwait2");
      now_ = Clock::now();
      for (int i = 0; i < n; ++i) dispatch(events[i].data.u64, events[i].events);
      deliver_due();
    }
    std::fprintf(stderr, "delay_proxy: %llu connections, %llu bytes to the target, %llu back\n",
                 static_cast<unsigned long long>(accepted_),
                 static_cast<unsigned long long>(bytes_[kClient]),
                 static_cast<unsigned long long>(bytes_[kServer]));
  }

 private:
  // epoll tokens: id << 1 | side for connections (ids from 2), the fixed ones below.
  static constexpr std::uint64_t kListenerToken = 0, kSignalToken = 2;

  void watch(int fd, int op, std::uint32_t mask, std::uint64_t token) {
    epoll_event ev{};
    ev.events = mask;
    ev.data.u64 = token;
    if (epoll_ctl(epoll_.get(), op, fd, &ev)) fail("epoll_ctl");
  }

  void dispatch(std::uint64_t token, std::uint32_t events) {
    if (token == kListenerToken) return accept_all();
    if (token == kSignalToken) {
      stopping_ = true;
      return;
    }
    std::uint64_t id = token >> 1;
    auto side = static_cast<Side>(token & 1);
    auto it = connections_.find(id);
    if (it == connections_.end()) return;  // closed earlier in this batch
    Connection& c = it->second;
    // An error, or a hang-up of a socket whose end of stream was read while data still has to go
    // to it (a reset): nothing more can be delivered.
    bool ok = !(events & EPOLLERR) &&
              !((events & EPOLLHUP) && c.pipe[side].eof_read && !c.pipe[other(side)].eof_sent);
    if (ok && side == kServer && c.connecting && (events & EPOLLOUT)) ok = finish_connect(c);
    if (ok && (events & EPOLLOUT) && !c.connecting) {
      c.pipe[other(side)].blocked = false;  // the pipe that writes to this side
      ok = flush(c, other(side));
    }
    if (ok && (events & (EPOLLIN | EPOLLHUP))) ok = read_from(c, id, side, events);
    if (!ok) return drop(id);
    update(c, id);
  }

  void accept_all() {
    for (;;) {
      Fd client(accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
      if (client.get() < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
        if (errno == EMFILE || errno == ENFILE) return;  // try again on the next event
        continue;                                        // the client went away before accept
      }
      Fd server(socket(target_.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
      if (server.get() < 0) continue;
      no_delay(client.get());
      no_delay(server.get());
      if (connect(server.get(), reinterpret_cast<const sockaddr*>(&target_.addr), target_.len) &&
          errno != EINPROGRESS)
        continue;  // refused at once: dropping the client tells it so
      std::uint64_t id = next_id_++;
      Connection& c = connections_[id];
      c.fd[kClient] = std::move(client);
      c.fd[kServer] = std::move(server);
      ++accepted_;
      update(c, id);
    }
  }

  bool finish_connect(Connection& c) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c.fd[kServer].get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return false;
    c.connecting = false;
    return flush(c, kClient);  // what the client sent meanwhile, if due
  }

  bool read_from(Connection& c, std::uint64_t id, Side side, std::uint32_t events) {
    Pipe& p = c.pipe[side];
    if (p.eof_read) return true;
    // Back-pressure stops reads, but a hang-up must still be read to learn how it ended.
    if (p.queued >= kMaxQueued && !(events & EPOLLHUP)) return true;
    ssize_t n = read(c.fd[side].get(), buffer_, sizeof buffer_);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    if (n == 0) p.eof_read = true;
    auto size = static_cast<std::size_t>(n);
    p.queued += size;
    bytes_[side] += size;
    Clock::time_point due = now_ + delay_;
    p.queue.push_back(Chunk{due, std::string(buffer_, size)});
    due_.push_back(Due{due, id, side});
    return true;
  }

  // Writes the chunks of pipe[from] that are due, in order, until the destination is full.
  bool flush(Connection& c, Side from) {
    Pipe& p = c.pipe[from];
    int to = c.fd[other(from)].get();
    if (c.connecting && from == kClient) return true;
    while (!p.blocked && !p.queue.empty() && p.queue.front().due <= now_) {
      Chunk& chunk = p.queue.front();
      if (chunk.bytes.empty()) {
        shutdown(to, SHUT_WR);
        p.eof_sent = true;
        p.queue.pop_front();
        continue;
      }
      ssize_t n = send(to, chunk.bytes.data() + p.sent, chunk.bytes.size() - p.sent, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
        p.blocked = true;
        break;
      }
      p.sent += static_cast<std::size_t>(n);
      if (p.sent == chunk.bytes.size()) {
        p.queued -= chunk.bytes.size();
        p.sent = 0;
        p.queue.pop_front();
      }
    }
    return true;
  }

  // Registers what each socket of c waits for now; closes c once both directions have ended.
  void update(Connection& c, std::uint64_t id) {
    if (c.pipe[kClient].eof_sent && c.pipe[kServer].eof_sent) return drop(id);
    for (Side s : {kClient, kServer}) {
      if (c.watch[s] == Watch::kRemoved) continue;
      const Pipe& from = c.pipe[s];
      const Pipe& into = c.pipe[other(s)];
      std::uint32_t mask = 0;
      if (!from.eof_read && from.queued < kMaxQueued) mask |= EPOLLIN;
      if (into.blocked || (s == kServer && c.connecting)) mask |= EPOLLOUT;
      // A socket that neither reads nor writes any more would report its hang-up forever.
      if (from.eof_read && into.eof_sent) {
        if (c.watch[s] == Watch::kWatched)
          epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, c.fd[s].get(), nullptr);
        c.watch[s] = Watch::kRemoved;
        continue;
      }
      if (c.watch[s] == Watch::kWatched && mask == c.interest[s]) continue;
      watch(c.fd[s].get(), c.watch[s] == Watch::kWatched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, mask,
            id << 1 | s);
      c.watch[s] = Watch::kWatched;
      c.interest[s] = mask;
    }
  }

  void drop(std::uint64_t id) { connections_.erase(id); }  // closes both sockets

  void deliver_due() {
    while (!due_.empty() && due_.front().due <= now_) {
      Due d = due_.front();
      due_.pop_front();
      auto it = connections_.find(d.id);
      if (it == connections_.end()) continue;
      if (!flush(it->second, d.from)) {
        drop(d.id);
        continue;
      }
      update(it->second, d.id);
    }
  }

  Endpoint target_;
  std::chrono::microseconds delay_;
  Fd listener_, epoll_, signals_;
  std::unordered_map<std::uint64_t, Connection> connections_;
  std::deque<Due> due_;
  Clock::time_point now_ = Clock::now();
  std::uint64_t next_id_ = 2, accepted_ = 0, bytes_[2] = {0, 0};
  bool stopping_ = false;
  char buffer_[kReadSize];
};

int usage() {
  std::fprintf(stderr, "usage: delay_proxy --listen HOST:PORT --target HOST:PORT --delay-us N\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen_at, target;
  long delay_us = -1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view opt = argv[i];
    if (opt == "--listen")
      listen_at = argv[i + 1];
    else if (opt == "--target")
      target = argv[i + 1];
    else if (opt == "--delay-us")
      delay_us = std::strtol(argv[i + 1], nullptr, 10);
    else
      return usage();
  }
  if (argc % 2 == 0 || listen_at.empty() || target.empty() || delay_us < 0) return usage();
  try {
    // The kernel may end a wait up to the thread's timer slack late (50 us by default): ask for
    // the least, so the delay added is the one asked for.
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    Proxy proxy(resolve(listen_at, true), resolve(target, false),
                std::chrono::microseconds(delay_us));
    std::printf("delay_proxy: listening on %s -> %s, %ld us each way\n", proxy.address().c_str(),
                target.c_str(), delay_us);
    std::fflush(stdout);
    proxy.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "delay_proxy: %s\n", e.what());
    return 1;
  }
  return 0;
}
