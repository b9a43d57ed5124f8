#include "http/wire.h"

#include <fmt/format.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <random>

#include "api/problem.h"
#include "util/text.h"

namespace sqlacc::http::detail {

namespace {

bool id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void append_uint(std::string& out, std::uint64_t v) {
  fmt::format_int f(v);
  out.append(f.data(), f.size());
}

constexpr char kHex[] = "0123456789abcdef";

using text::hex_value;

// Case-insensitive compare of a percent-encoded query parameter name with a plain lower-case name.
bool query_name_is(std::string_view encoded, std::string_view want) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < encoded.size(); ++i, ++j) {
    char c = encoded[i];
    if (c == '%' && i + 2 < encoded.size()) {
      int hi = hex_value(encoded[i + 1]);
      int lo = hex_value(encoded[i + 2]);
      if (hi >= 0 && lo >= 0) {
        c = static_cast<char>(hi * 16 + lo);
        i += 2;
      }
    }
    if (j >= want.size()) return false;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != want[j]) return false;
  }
  return j == want.size();
}

bool secret_query_name(std::string_view name) {
  return query_name_is(name, "x-amz-signature") || query_name_is(name, "x-amz-credential") ||
         query_name_is(name, "x-amz-security-token");
}

void append_log_escaped(std::string& out, std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
}

}  // namespace

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!id_char(c)) return false;
  }
  return true;
}

RequestIdGenerator::RequestIdGenerator(std::uint64_t salt) {
  std::random_device rd;
  std::uint64_t seed = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  seed ^= static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  counter_ = splitmix64(seed ^ splitmix64(salt));
}

void RequestIdGenerator::next(std::string& out) {
  std::uint64_t v = splitmix64(counter_++);
  out.resize(16);
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[v & 15];
    v >>= 4;
  }
}

bool sendable_header(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!text::is_token_char(c)) return false;
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  static constexpr std::string_view kOwned[] = {"content-length", "transfer-encoding", "connection",
                                                "content-type",   "x-request-id",      "server",
                                                "date",           "keep-alive"};
  for (auto owned : kOwned) {
    if (text::iequals(name, owned)) return false;
  }
  return true;
}

void DateCache::refresh() {
  std::time_t now = std::time(nullptr);
  if (now == last_) return;
  last_ = now;
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buf_, sizeof buf_, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

void append_response_head(std::string& out, const ResponseHead& h) {
  out += "HTTP/1.1 ";
  append_uint(out, h.status);
  out += ' ';
  out += api::status_title(h.status);
  out += "\r\nServer: sqlacc\r\nDate: ";
  out += h.date;
  if (!h.content_type.empty()) {
    out += "\r\nContent-Type: ";
    out += h.content_type;
  }
  // 1xx, 204 and 304 carry no body and (for 1xx/204) must not carry Content-Length.
  if (h.status >= 200 && h.status != 204 && h.status != 304) {
    out += "\r\nContent-Length: ";
    append_uint(out, h.content_length);
  }
  out += "\r\nX-Request-Id: ";
  out += h.request_id;
  if (h.extra != nullptr) {
    for (const auto& x : *h.extra) {
      out += "\r\n";
      out += x.name;
      out += ": ";
      out += x.value;
    }
  }
  if (h.close) {
    out += "\r\nConnection: close";
  } else if (h.keep_alive_header) {
    out += "\r\nConnection: keep-alive";
  }
  out += "\r\n\r\n";
}

void append_log_target(std::string& out, std::string_view target, std::size_t max_len) {
  const std::size_t start = out.size();
  auto q = target.find('?');
  append_log_escaped(out, target.substr(0, q));
  if (q != std::string_view::npos) {
    out += '?';
    std::string_view query = target.substr(q + 1);
    bool first = true;
    while (true) {
      auto amp = query.find('&');
      std::string_view param = query.substr(0, amp);
      if (!first) out += '&';
      first = false;
      auto eq = param.find('=');
      std::string_view name = param.substr(0, eq);
      if (eq != std::string_view::npos && secret_query_name(name)) {
        append_log_escaped(out, name);
        out += "=REDACTED";
      } else {
        append_log_escaped(out, param);
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  if (out.size() - start > max_len) {
    out.resize(start + max_len);
    out += "...";
  }
}

AccessLog::AccessLog(int fd, std::size_t flush_at) : fd_(fd), flush_at_(flush_at) {
  buf_.reserve(flush_at_ + 4096);
}

AccessLog::~AccessLog() { flush(); }

void AccessLog::append_time_prefix() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = time_point_cast<seconds>(now);
  std::time_t t = system_clock::to_time_t(secs);
  if (t != prefix_sec_) {
    prefix_sec_ = t;
    std::tm tm{};
    localtime_r(&t, &tm);
    prefix_len_ = std::strftime(prefix_, sizeof prefix_, "[%Y-%m-%d %H:%M:%S.", &tm);
  }
  buf_.append(prefix_, prefix_len_);
  auto ms = static_cast<unsigned>(duration_cast<milliseconds>(now - secs).count());
  char tail[4] = {static_cast<char>('0' + ms / 100), static_cast<char>('0' + ms / 10 % 10),
                  static_cast<char>('0' + ms % 10), ']'};
  buf_.append(tail, 4);
}

void AccessLog::line(std::string_view remote, std::string_view method, std::string_view target,
                     unsigned status, std::size_t bytes, std::chrono::microseconds elapsed,
                     std::string_view request_id) {
  append_time_prefix();
  buf_ += " [access] ";
  buf_ += remote.empty() ? std::string_view("-") : remote;
  buf_ += " \"";
  if (method.empty()) {
    buf_ += "-";
  } else {
    append_log_escaped(buf_, method);
    buf_ += ' ';
    append_log_target(buf_, target);
  }
  buf_ += "\" ";
  append_uint(buf_, status);
  buf_ += ' ';
  append_uint(buf_, bytes);
  buf_ += ' ';
  append_uint(buf_, static_cast<std::uint64_t>(elapsed.count()));
  buf_ += "us id=";
  buf_ += request_id;
  buf_ += '\n';
  if (buf_.size() >= flush_at_) flush();
}

void AccessLog::flush() {
  std::size_t off = 0;
  const std::size_t n = buf_.size();
  while (off < n) {
    // Line-aligned chunks of at most PIPE_BUF bytes: atomic on pipes, so threads never interleave.
    std::size_t len = n - off;
    if (len > PIPE_BUF) {
      auto nl = buf_.rfind('\n', off + PIPE_BUF - 1);
      len = (nl != std::string::npos && nl >= off) ? nl + 1 - off : PIPE_BUF;
    }
    ssize_t w = ::write(fd_, buf_.data() + off, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      break;  // EAGAIN / EPIPE / closed stderr: drop the rest rather than block or spin
    }
    off += static_cast<std::size_t>(w);
  }
  buf_.clear();
}

}  // namespace sqlacc::http::detail
