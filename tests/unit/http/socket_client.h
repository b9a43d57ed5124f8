#pragma once
// A deliberately plain HTTP/1.1 client over a POSIX socket for the server tests: it writes exactly
// the bytes a test gives it (half requests, pipelined requests, garbage) and reads responses back
// one at a time, so the tests see what a client on the wire sees and nothing of the server's
// insides.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sqlacc::http::test {

struct WireResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // The first header of that (lower-case) name, or nullopt.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n == name) return v;
    }
    return std::nullopt;
  }
};

class SocketClient {
 public:
  // Connects to 127.0.0.1:port; reads give up after `read_limit` (a test fails rather than hangs).
  explicit SocketClient(std::uint16_t port,
                        std::chrono::milliseconds read_limit = std::chrono::seconds(5)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(read_limit.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((read_limit.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      const int e = errno;
      ::close(fd_);
      throw std::runtime_error(std::string("connect: ") + std::strerror(e));
    }
  }
  ~SocketClient() { ::close(fd_); }
  SocketClient(const SocketClient&) = delete;
  SocketClient& operator=(const SocketClient&) = delete;

  // Writes all of `bytes` in one go (one send call as far as the kernel allows).
  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error(std::string("send: ") + std::strerror(errno));
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // Reads exactly `n` bytes and returns them ("" on close or time-out).
  std::string read_exactly(std::size_t n) {
    while (buf_.size() < n && fill()) {
    }
    if (buf_.size() < n) return {};
    std::string out = buf_.substr(0, n);
    buf_.erase(0, n);
    return out;
  }

  // Reads one response. `head_request`: the response to a HEAD, whose Content-Length announces a
  // body that is not sent. Fails the test (and returns status 0) on close or time-out.
  WireResponse read_response(bool head_request = false) {
    WireResponse r;
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        ADD_FAILURE() << "connection closed or timed out before a response head; got: " << buf_;
        return r;
      }
    }
    const std::string head = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
      ADD_FAILURE() << "bad status line: " << status_line;
      return r;
    }
    r.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line =
          head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      r.headers.emplace_back(std::move(name), line.substr(v));
    }
    const bool bodiless = head_request || r.status < 200 || r.status == 204 || r.status == 304;
    const auto length = r.header("content-length");
    if (!bodiless && length) {
      r.body = read_exactly(std::stoul(*length));
      if (r.body.size() != std::stoul(*length)) ADD_FAILURE() << "short body: " << r.body;
    }
    return r;
  }

  // True when the server closed the connection (EOF or reset) within the read limit, with no
  // further bytes sent.
  bool closed_by_peer() {
    if (!buf_.empty()) return false;
    char c;
    for (;;) {
      const ssize_t n = ::recv(fd_, &c, 1, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        buf_.push_back(c);
        return false;
      }
      return n == 0 || errno == ECONNRESET;
    }
  }

  // True when the server has sent something (or closed) within `wait`, without consuming it.
  bool readable_within(std::chrono::milliseconds wait) {
    if (!buf_.empty()) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) > 0;
  }

 private:
  bool fill() {
    char chunk[16 * 1024];
    for (;;) {
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      buf_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
  }

  int fd_ = -1;
  std::string buf_;
};

}  // namespace sqlacc::http::test
