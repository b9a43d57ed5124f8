#include "api/request.h"

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

}  // namespace sqlacc::api
