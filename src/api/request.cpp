#include "api/request.h"

#include "util/problem.h"
#include "util/text.h"

namespace sqlacc::api {

const std::string* Request::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (text::iequals(h.name, name)) {
      return &h.value;
    }
  }
  return nullptr;
}

std::string Request::base_url() const {
  const std::string* host = header("Host");
  return std::string(tls ? "https://" : "http://") + (host ? *host : "127.0.0.1");
}

void require_json_content_type(const Request& request) {
  const std::string* ct = request.header("Content-Type");
  auto refuse = [&](std::string_view why) {
    // Quoted as printable ASCII (a header may carry any byte), at most 100 characters.
    std::string sent;
    if (ct)
      for (char c : std::string_view(*ct).substr(0, 100)) sent += (c >= 0x20 && c < 0x7f) ? c : '?';
    throw Problem(415, problem_code::kUnsupportedMediaType,
                  (ct ? "Content-Type '" + sent + "'" : std::string("No Content-Type")) + " " +
                      std::string(why) + ": send the body as 'application/json'",
                  "Content-Type");
  };
  if (!ct) refuse("was sent");
  std::string_view rest = *ct;
  const std::size_t semi = rest.find(';');
  if (!text::iequals(text::trim(rest.substr(0, semi)), "application/json"))
    refuse("is not supported");
  rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
  while (!rest.empty()) {  // parameters: only charset means anything, and it must be UTF-8
    const std::size_t next = rest.find(';');
    const std::string_view param = text::trim(rest.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos || !text::iequals(text::trim(param.substr(0, eq)), "charset"))
      continue;
    std::string_view charset = text::trim(param.substr(eq + 1));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"')
      charset = charset.substr(1, charset.size() - 2);
    if (!text::iequals(charset, "utf-8") && !text::iequals(charset, "utf8"))
      refuse("has a charset other than UTF-8");
  }
}

}  // namespace sqlacc::api
