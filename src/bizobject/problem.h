#pragma once
// The one exception the engine throws for a client error. The api layer turns it into the JSON
// error body (RFC 9457 problem details that also carry `message`, which existing clients read).
#include <stdexcept>
#include <string>
#include <utility>

namespace sqlacc::bizobject {

class Problem : public std::runtime_error {
 public:
  Problem(unsigned status, std::string code, const std::string& message, std::string field = {})
      : std::runtime_error(message),
        status(status),
        code(std::move(code)),
        field(std::move(field)) {}

  const char* message() const noexcept { return what(); }

  unsigned status;   // 400, 404, 409
  std::string code;  // "ValidationError", "InvalidJson", "InvalidParameter", "NotFound", "Conflict"
  std::string field;  // the offending field or query parameter, or empty
};

inline Problem validation_error(const std::string& field, const std::string& message) {
  return Problem(400, "ValidationError", message, field);
}

}  // namespace sqlacc::bizobject
