#include "keys/login.h"

#include <sodium.h>

#include "keys/audit.h"
#include "keys/detail.h"
#include "keys/users.h"
#include "util/text.h"

namespace sqlacc::keys {
namespace {

constexpr std::size_t kTokenBytes = 32;

// A real argon2id hash with the same parameters, of a random password nobody knows.
const std::string& dummy_hash() {
  static const std::string hash = [] {
    std::string pw = detail::random_hex(32);
    std::string h = hash_password(pw);
    sodium_memzero(pw.data(), pw.size());
    return h;
  }();
  return hash;
}

struct UserAuth {
  std::optional<std::string> password_hash;
  bool has_api_key = false;
};

std::optional<UserAuth> read_user_auth(store::Connection& conn, std::string_view code) {
  store::Cursor st(conn.prepare(
      "SELECT u.password_hash, (SELECT COUNT(*) FROM api_key k WHERE k.user_code = u.code AND "
      "k.revoked_at IS NULL) FROM app_user u WHERE u.code = ?"));
  st->bind_text(1, code);
  if (!st->step()) return std::nullopt;
  UserAuth a;
  if (!st->is_null(0)) a.password_hash.emplace(st->get_text(0));
  a.has_api_key = st->get_int(1) > 0;
  return a;
}

LoginResult fail(store::Connection& conn, std::int64_t now, std::string_view code,
                 std::string_view detail) {
  store::Transaction tx(conn);
  // An unknown user's name is not recorded: people type passwords into the user field.
  write_audit(conn, now, code.empty() ? std::string_view("-") : code, action::kLoginFailed, code,
              detail);
  tx.commit();
  LoginResult r;
  r.outcome = LoginOutcome::BadCredentials;
  r.message = kBadCredentialsMessage;
  return r;
}

}  // namespace

LoginResult login(store::Connection& conn, std::string_view username, std::string_view password,
                  std::int64_t now) {
  detail::ensure_sodium();
  const std::string& dummy = dummy_hash();  // computed before any lookup: same cost on all paths
  const std::string code = text::to_upper(username);
  std::optional<UserAuth> auth;
  if (is_valid_user_code(code)) auth = read_user_auth(conn, code);

  const bool real_hash = auth && auth->password_hash && password.size() <= kMaxPasswordLength;
  const bool password_ok = verify_password(real_hash ? *auth->password_hash : dummy, password);

  if (!auth) return fail(conn, now, {}, "unknown user");
  if (auth->has_api_key) {
    store::Transaction tx(conn);
    write_audit(conn, now, code, action::kLoginRefused, code, "user holds an API key");
    tx.commit();
    LoginResult r;
    r.outcome = LoginOutcome::ApiUserRefused;
    r.message = kApiUserRefusedMessage;
    r.user_code = code;
    return r;
  }
  if (!auth->password_hash) return fail(conn, now, code, "user has no password");
  if (!real_hash || !password_ok) return fail(conn, now, code, "wrong password");

  // Upgrade the stored hash if the parameters changed since it was made (outside the transaction).
  std::optional<std::string> rehash;
  if (crypto_pwhash_str_needs_rehash(auth->password_hash->c_str(),
                                     crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                     crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    rehash = hash_password(password);
  }

  LoginResult r;
  r.outcome = LoginOutcome::Ok;
  r.user_code = code;
  r.expires_at = now + kSessionLifetimeSeconds;
  r.token = detail::random_hex(kTokenBytes);
  const std::string token_hash = detail::hash_token(r.token);

  store::Transaction tx(conn);
  {
    store::Cursor st(conn.prepare("DELETE FROM admin_session WHERE expires_at <= ?"));
    st->bind_int(1, now);
    st->step();
  }
  {
    store::Cursor st(
        conn.prepare("INSERT INTO admin_session (token_hash, user_code, created_at, expires_at) "
                     "VALUES (?, ?, ?, ?)"));
    st->bind_text(1, token_hash);
    st->bind_text(2, code);
    st->bind_int(3, now);
    st->bind_int(4, r.expires_at);
    st->step();
  }
  if (rehash) {
    store::Cursor st(conn.prepare("UPDATE app_user SET password_hash = ? WHERE code = ?"));
    st->bind_text(1, *rehash);
    st->bind_text(2, code);
    st->step();
  }
  write_audit(conn, now, code, action::kLoginOk, code, "session started");
  tx.commit();
  return r;
}

std::optional<std::string> session_user(store::Connection& conn, std::string_view token,
                                        std::int64_t now) {
  if (!detail::is_lower_hex(token, 2 * kTokenBytes)) return std::nullopt;
  const std::string token_hash = detail::hash_token(token);
  store::Cursor st(conn.prepare(
      "SELECT s.user_code FROM admin_session s JOIN app_user u ON u.code = s.user_code "
      "WHERE s.token_hash = ? AND s.expires_at > ?"));
  st->bind_text(1, token_hash);
  st->bind_int(2, now);
  if (!st->step()) return std::nullopt;
  return std::string(st->get_text(0));
}

bool logout(store::Connection& conn, std::string_view token, std::int64_t now) {
  if (!detail::is_lower_hex(token, 2 * kTokenBytes)) return false;
  const std::string token_hash = detail::hash_token(token);
  store::Transaction tx(conn);
  std::optional<std::string> user;
  {
    store::Cursor st(conn.prepare("SELECT user_code FROM admin_session WHERE token_hash = ?"));
    st->bind_text(1, token_hash);
    if (st->step()) user.emplace(st->get_text(0));
  }
  if (!user) return false;
  {
    store::Cursor st(conn.prepare("DELETE FROM admin_session WHERE token_hash = ?"));
    st->bind_text(1, token_hash);
    st->step();
  }
  write_audit(conn, now, *user, action::kLogout, *user, "session ended");
  tx.commit();
  return true;
}

}  // namespace sqlacc::keys
