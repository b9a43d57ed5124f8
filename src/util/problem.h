#pragma once
// The one error type of the whole service. Every layer throws a Problem for what its caller must be
// told (a bad field, an unknown record, a conflict, a busy or unreachable database); the api turns
// it into the HTTP answer in one place (api/problem.cpp: status, JSON problem body, Retry-After)
// and the CLI prints what(). Anything else that escapes is a bug: 500, no detail sent.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace sqlacc {

// The codes clients read (the problem body's "code"): they never change. Codes used by one room
// only (the console's NotLoggedIn, CsrfTokenInvalid, ...) are written where they are thrown.
namespace problem_code {
inline constexpr std::string_view kValidationError = "ValidationError";
inline constexpr std::string_view kInvalidJson = "InvalidJson";
inline constexpr std::string_view kInvalidParameter = "InvalidParameter";
inline constexpr std::string_view kInvalidRequestTarget = "InvalidRequestTarget";
inline constexpr std::string_view kNotFound = "NotFound";
inline constexpr std::string_view kMethodNotAllowed = "MethodNotAllowed";
inline constexpr std::string_view kUnsupportedMediaType = "UnsupportedMediaType";  // 415
inline constexpr std::string_view kConflict = "Conflict";
inline constexpr std::string_view kForbidden = "Forbidden";
inline constexpr std::string_view kUnbalanced = "Unbalanced";      // the ledger: Dr <> Cr
inline constexpr std::string_view kPostingError = "PostingError";  // the ledger: cannot post
inline constexpr std::string_view kServiceBusy = "ServiceBusy";    // 503: retry
inline constexpr std::string_view kDatabaseUnavailable = "DatabaseUnavailable";  // 503: retry
inline constexpr std::string_view kInternalError = "InternalError";              // 500
// A duplicate key in the database (status 500 unless the caller knows better: the engine and the
// users turn it into 409 Conflict). Never sent: a 500 always answers InternalError.
inline constexpr std::string_view kUniqueViolation = "UniqueViolation";
}  // namespace problem_code

// Problem::field of a member or parameter whose name is empty (`{"":1}`, `?=5`): a field is named.
inline constexpr std::string_view kEmptyName = "\"\"";

class Problem : public std::runtime_error {
 public:
  Problem(unsigned status, std::string_view code, const std::string& message,
          std::string field = {})
      : std::runtime_error(message), status(status), code(code), field(std::move(field)) {}

  bool is(std::string_view c) const { return code == c; }

  unsigned status;      // the HTTP status: 400, 404, 409, 503, ...
  std::string code;     // a problem_code, or a room's own
  std::string field;    // the offending field or query parameter, or empty
  int retry_after = 0;  // seconds the client should wait before retrying (503, 429); 0: none
  // Set when what() is for the server's log and the CLI only (a database failure: driver text,
  // SQL): the client reads this instead. A 500 never shows its message (api/problem.cpp).
  std::string client_message;
};

inline Problem validation_error(std::string field, const std::string& message) {
  return Problem(400, problem_code::kValidationError, message, std::move(field));
}
inline Problem not_found(const std::string& message) {
  return Problem(404, problem_code::kNotFound, message);
}
inline Problem conflict(const std::string& message) {
  return Problem(409, problem_code::kConflict, message);
}
inline Problem forbidden(const std::string& message) {
  return Problem(403, problem_code::kForbidden, message);
}
inline Problem busy(const std::string& message, int retry_after) {
  Problem p(503, problem_code::kServiceBusy, message);
  p.retry_after = retry_after;
  return p;
}
inline Problem unavailable(const std::string& message, int retry_after) {
  Problem p(503, problem_code::kDatabaseUnavailable, message);
  p.retry_after = retry_after;
  return p;
}
// A failure that is the service's own fault: logged with its message, answered without it.
inline Problem internal(const std::string& message) {
  return Problem(500, problem_code::kInternalError, message);
}

}  // namespace sqlacc
