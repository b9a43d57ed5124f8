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

}  // namespace sqlacc::api
