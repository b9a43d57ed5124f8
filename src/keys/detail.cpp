#include "keys/detail.h"

#include <fmt/format.h>
#include <sodium.h>

#include <stdexcept>

#include "keys/audit.h"

namespace sqlacc::keys::detail {

void ensure_sodium() {
  static const int rc = sodium_init();  // thread-safe static initialisation: runs once
  if (rc < 0) throw std::runtime_error("libsodium initialisation failed");
}

std::string to_hex(const unsigned char* bytes, std::size_t len) {
  std::string out(2 * len + 1, '\0');  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(out.data(), out.size(), bytes, len);
  out.resize(2 * len);
  return out;
}

std::string random_hex(std::size_t len) {
  ensure_sodium();
  unsigned char buf[64];
  if (len > sizeof buf) throw std::logic_error("random_hex: too long");
  randombytes_buf(buf, len);
  std::string out = to_hex(buf, len);
  sodium_memzero(buf, sizeof buf);
  return out;
}

bool from_hex(std::string_view hex, unsigned char* out, std::size_t out_len) {
  if (hex.size() != 2 * out_len) return false;
  std::size_t bin_len = 0;
  const char* end = nullptr;
  int rc = sodium_hex2bin(out, out_len, hex.data(), hex.size(), nullptr, &bin_len, &end);
  return rc == 0 && bin_len == out_len && end == hex.data() + hex.size();
}

bool is_lower_hex(std::string_view s, std::size_t len) {
  if (s.size() != len) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string hash_token(std::string_view token) {
  ensure_sodium();
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return to_hex(h, sizeof h);
}

std::optional<std::string> revoke_active_key(store::Connection& conn, std::string_view user_code,
                                             std::string_view actor, std::int64_t now,
                                             std::string_view reason) {
  std::optional<std::string> old;
  {
    store::Cursor st(
        conn.prepare("SELECT access_key FROM api_key WHERE user_code = ? AND revoked_at IS NULL"));
    st->bind_text(1, user_code);
    if (st->step()) old.emplace(st->get_text(0));
  }
  if (!old) return old;
  {
    store::Cursor st(
        conn.prepare("UPDATE api_key SET revoked_at = ?, revoked_by = ? "
                     "WHERE user_code = ? AND revoked_at IS NULL"));
    st->bind_int(1, now);
    st->bind_text(2, actor);
    st->bind_text(3, user_code);
    st->step();
  }
  write_audit(conn, now, actor, action::kKeyRevoke, user_code,
              fmt::format("access key {} revoked ({})", *old, reason));
  return old;
}

void delete_sessions(store::Connection& conn, std::string_view user_code) {
  store::Cursor st(conn.prepare("DELETE FROM admin_session WHERE user_code = ?"));
  st->bind_text(1, user_code);
  st->step();
}

bool user_exists(store::Connection& conn, std::string_view user_code) {
  store::Cursor st(conn.prepare("SELECT 1 FROM app_user WHERE code = ?"));
  st->bind_text(1, user_code);
  return st->step();
}

}  // namespace sqlacc::keys::detail
