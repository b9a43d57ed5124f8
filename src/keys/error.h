#pragma once
// The one exception type of the keys module. `kind` tells the CLI and the API layer which status to
// answer with (404 / 409 / 400 / 403). Messages never contain a secret, a password or a session
// token.
#include <stdexcept>
#include <string>

namespace sqlacc::keys {

enum class ErrorKind {
  NotFound,   // 404: unknown user, no active key
  Conflict,   // 409: duplicate user code
  Invalid,    // 400: malformed user code / name / password, malformed master key
  Forbidden,  // 403: master key file readable by group/other
};

class KeyError : public std::runtime_error {
 public:
  KeyError(ErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace sqlacc::keys
