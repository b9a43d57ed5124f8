#pragma once
// The audit trail of user and key events, in the company database. Rows are written by the keys
// functions in the same transaction as the change they describe. No secret, password or session
// token is ever written here (access keys are identifiers, like AWS access key ids, and are
// logged).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace sqlacc::keys {

// Action names written by this module.
namespace action {
inline constexpr std::string_view kUserAdd = "user.add";
inline constexpr std::string_view kUserDelete = "user.delete";
inline constexpr std::string_view kUserPassword = "user.password";
inline constexpr std::string_view kUserName = "user.name";
inline constexpr std::string_view kKeyGenerate = "apikey.generate";
inline constexpr std::string_view kKeyRevoke = "apikey.revoke";
inline constexpr std::string_view kLoginOk = "login.ok";
inline constexpr std::string_view kLoginRefused = "login.refused";
inline constexpr std::string_view kLoginFailed = "login.failed";
inline constexpr std::string_view kLogout = "logout";
}  // namespace action

struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;  // Unix seconds
  std::string actor;    // who did it: a user code, "cli", ...
  std::string action;   // one of keys::action
  std::string subject;  // the user code acted upon (empty when unknown)
  std::string detail;   // free text, never secret
};

// Appends one row. Call inside the caller's transaction; the caller must never pass secrets.
void write_audit(store::Connection& conn, std::int64_t at, std::string_view actor,
                 std::string_view action, std::string_view subject, std::string_view detail = {});

// Newest first, at most `limit` rows.
std::vector<AuditEntry> list_audit(store::Connection& conn, std::size_t limit = 100);

}  // namespace sqlacc::keys
