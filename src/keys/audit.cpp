#include "keys/audit.h"

#include <algorithm>
#include <cstdint>

#include "keys/detail.h"

namespace sqlacc::keys {

void write_audit(store::Connection& conn, std::int64_t at, std::string_view actor,
                 std::string_view action, std::string_view subject, std::string_view text) {
  store::Cursor st(conn.prepare(
      "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)"));
  st->bind_int(1, at);
  st->bind_text(2, actor);
  st->bind_text(3, action);
  st->bind_text(4, subject);
  st->bind_text(5, text);
  st->step();
}

std::vector<AuditEntry> list_audit(store::Connection& conn, std::size_t limit) {
  std::vector<AuditEntry> out;
  store::Cursor st(
      conn.prepare("SELECT id, at, actor, action, subject, detail FROM audit_log "
                   "ORDER BY id DESC LIMIT ?"));
  st->bind_int(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
  while (st->step()) {
    out.push_back(AuditEntry{st->get_int(0), st->get_int(1), std::string(st->get_text(2)),
                             std::string(st->get_text(3)), std::string(st->get_text(4)),
                             std::string(st->get_text(5))});
  }
  return out;
}

}  // namespace sqlacc::keys
