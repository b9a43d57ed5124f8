#pragma once
// Helpers shared by the auth unit tests: a pinned clock, a request that owns its strings, and a
// parser for the raw-request files of the AWS SigV4 test suite.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/amz_date.h"
#include "auth/types.h"

namespace sqlacc::auth::test {

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point t) : t_(t) {}
  std::chrono::system_clock::time_point now() const override { return t_; }
  void set(std::chrono::system_clock::time_point t) { t_ = t; }

 private:
  std::chrono::system_clock::time_point t_;
};

inline std::chrono::system_clock::time_point at(std::string_view amz_date) {
  const auto t = parse_amz_date(amz_date);
  if (!t) throw std::runtime_error("bad test date " + std::string(amz_date));
  return *t;
}

// A request that owns its bytes; view() gives the RequestView the verifier takes.
struct OwnedRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  RequestView view() {
    views_.clear();
    for (const auto& [n, v] : headers) views_.push_back({n, v});
    return {method, target, views_, body};
  }
  void add(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  std::string* find(std::string_view name) {
    for (auto& [n, v] : headers) {
      if (n.size() == name.size() &&
          std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return &v;
      }
    }
    return nullptr;
  }
  void remove(std::string_view name) {
    std::erase_if(headers, [&](const auto& h) {
      return h.first.size() == name.size() &&
             std::equal(h.first.begin(), h.first.end(), name.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
             });
    });
  }

 private:
  std::vector<HeaderView> views_;
};

inline std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string strip_trailing_newlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// Parses the suite's request files: "METHOD target[ HTTP/1.1]" (the target may contain raw
// spaces), "Name:value" lines (an obs-fold continuation line, starting with SP/HT, is joined to the
// previous value with one space, as RFC 9112 tells a recipient to), a blank line, then the body.
// '\n' or "\r\n" line ends.
inline OwnedRequest parse_request_file(std::string_view text) {
  OwnedRequest r;
  r.headers.clear();
  auto next_line = [&](std::string_view& rest) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  std::string_view rest = text;
  std::string_view line = next_line(rest);
  const std::size_t sp = line.find(' ');
  r.method = std::string(line.substr(0, sp));
  std::string_view target = sp == std::string_view::npos ? "" : line.substr(sp + 1);
  const std::size_t last = target.rfind(' ');
  if (last != std::string_view::npos && target.substr(last + 1).starts_with("HTTP/")) {
    target = target.substr(0, last);
  }
  r.target = std::string(target);
  while (!rest.empty()) {
    const std::string_view before = rest;
    line = next_line(rest);
    if (line.empty()) break;  // end of headers; the rest is the body
    if ((line.front() == ' ' || line.front() == '\t') && !r.headers.empty()) {
      r.headers.back().second += ' ';
      r.headers.back().second += std::string(line);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      rest = before;
      break;
    }
    r.add(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
  }
  r.body = std::string(rest);
  return r;
}

// The string value of "key" in a flat-enough JSON text (the suite's context.json), or "".
inline std::string json_string(std::string_view json, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  std::size_t pos = json.find(quoted);
  if (pos == std::string_view::npos) return {};
  pos = json.find(':', pos + quoted.size());
  if (pos == std::string_view::npos) return {};
  pos = json.find_first_not_of(" \t\r\n", pos + 1);
  if (pos == std::string_view::npos) return {};
  if (json[pos] == '"') {
    const std::size_t end = json.find('"', pos + 1);
    return std::string(json.substr(pos + 1, end - pos - 1));
  }
  const std::size_t end = json.find_first_of(",}\r\n", pos);
  std::string raw(json.substr(pos, end - pos));
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.pop_back();
  return raw;
}

// "2015-08-30T12:36:00Z" -> time point.
inline std::chrono::system_clock::time_point iso_time(std::string iso) {
  std::string basic;
  for (const char c : iso) {
    if (c != '-' && c != ':') basic.push_back(c);
  }
  return at(basic);
}

// The shared folder is fixed at build time (SQLACC_SHARED_DIR); the environment variable of the
// same name overrides it at run time (e.g. to check the skip path: SQLACC_SHARED_DIR=/nonexistent).
inline std::filesystem::path suite_dir() {
  const char* env = std::getenv("SQLACC_SHARED_DIR");
  return std::filesystem::path(env && *env ? env : SQLACC_SHARED_DIR) / "sigv4-testsuite";
}

}  // namespace sqlacc::auth::test
