#include "keys/users.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "keys/audit.h"
#include "keys/detail.h"
#include "util/problem.h"
#include "util/text.h"

namespace sqlacc::keys {
namespace {

void validate_password(std::string_view password) {
  if (password.empty()) throw validation_error({}, "the password must not be empty");
  if (password.size() > kMaxPasswordLength) {
    throw validation_error(
        {}, fmt::format("the password must be at most {} bytes", kMaxPasswordLength));
  }
}

UserInfo read_user(store::Statement& st) {
  UserInfo u;
  u.code = st.get_text(0);
  u.name = st.get_text(1);
  u.has_password = st.get_int(2) != 0;
  u.created_at = st.get_int(3);
  u.updated_at = st.get_int(4);
  if (!st.is_null(5)) {
    u.has_api_key = true;
    u.key_created_at = st.get_int(5);
  }
  return u;
}

constexpr std::string_view kListUsers =
    "SELECT u.code, u.name, CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END, u.created_at, "
    "u.updated_at, k.created_at FROM app_user u "
    "LEFT JOIN api_key k ON k.user_code = u.code AND k.revoked_at IS NULL ORDER BY u.code";
constexpr std::string_view kFindUser =
    "SELECT u.code, u.name, CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END, u.created_at, "
    "u.updated_at, k.created_at FROM app_user u "
    "LEFT JOIN api_key k ON k.user_code = u.code AND k.revoked_at IS NULL WHERE u.code = ?";

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

std::string validate_user_name(std::string_view name, std::string_view code) {
  if (name.empty()) return std::string(code);
  if (name.size() > kMaxUserNameLength) {
    throw validation_error(
        {}, fmt::format("the user name must be at most {} bytes", kMaxUserNameLength));
  }
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      throw validation_error({}, "the user name must not contain control characters");
    }
  }
  return std::string(name);
}

bool is_valid_user_code(std::string_view code) {
  if (code.empty() || code.size() > kMaxUserCodeLength) return false;
  for (char c : code) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string normalize_user_code(std::string_view code) {
  std::string out = text::to_upper(code);
  if (!is_valid_user_code(out)) {
    // Echo the input only when it is short and printable (a mistyped code, not pasted garbage).
    std::string shown = out.size() <= 2 * kMaxUserCodeLength && printable_ascii(out)
                            ? fmt::format(" '{}'", out)
                            : std::string();
    throw validation_error(
        {}, fmt::format("invalid user code{}: use 1 to {} letters, digits, '_' or '-'", shown,
                        kMaxUserCodeLength));
  }
  return out;
}

std::string hash_password(std::string_view password) {
  detail::ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing failed (out of memory)");
  }
  return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password) {
  detail::ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string add_user(store::Connection& conn, std::string_view code, std::string_view name,
                     std::optional<std::string_view> password, std::string_view actor,
                     std::int64_t now) {
  std::string c = normalize_user_code(code);
  std::string n = validate_user_name(name, c);
  std::optional<std::string> hash;
  if (password) {
    validate_password(*password);
    hash = hash_password(*password);  // slow: outside the write transaction
  }
  store::Transaction tx(conn);
  {
    store::Cursor st(
        conn.prepare("INSERT INTO app_user (code, name, password_hash, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?)"));
    st->bind_text(1, c);
    st->bind_text(2, n);
    if (hash) {
      st->bind_text(3, *hash);
    } else {
      st->bind_null(3);
    }
    st->bind_int(4, now);
    st->bind_int(5, now);
    try {
      st->step();
    } catch (const Problem& e) {
      if (e.is(problem_code::kUniqueViolation)) {
        throw conflict(fmt::format("user '{}' already exists", c));
      }
      throw;
    }
  }
  write_audit(conn, now, actor, action::kUserAdd, c,
              hash ? "added with a password" : "added without a password");
  tx.commit();
  return c;
}

std::vector<UserInfo> list_users(store::Connection& conn) {
  std::vector<UserInfo> out;
  store::Cursor st(conn.prepare(kListUsers));
  while (st->step()) out.push_back(read_user(*st));
  return out;
}

std::optional<UserInfo> find_user(store::Connection& conn, std::string_view code) {
  std::string c = text::to_upper(code);
  if (!is_valid_user_code(c)) return std::nullopt;
  store::Cursor st(conn.prepare(kFindUser));
  st->bind_text(1, c);
  if (!st->step()) return std::nullopt;
  return read_user(*st);
}

void set_password(store::Connection& conn, std::string_view code,
                  std::optional<std::string_view> password, std::string_view actor,
                  std::int64_t now) {
  std::string c = normalize_user_code(code);
  std::optional<std::string> hash;
  if (password) {
    validate_password(*password);
    hash = hash_password(*password);
  }
  store::Transaction tx(conn);
  {
    store::Cursor st(
        conn.prepare("UPDATE app_user SET password_hash = ?, updated_at = ? WHERE code = ?"));
    if (hash) {
      st->bind_text(1, *hash);
    } else {
      st->bind_null(1);
    }
    st->bind_int(2, now);
    st->bind_text(3, c);
    st->step();
  }
  if (conn.changes() == 0) {
    throw not_found(fmt::format("user '{}' does not exist", c));
  }
  detail::delete_sessions(conn, c);
  write_audit(conn, now, actor, action::kUserPassword, c,
              hash ? "password set" : "password cleared");
  tx.commit();
}

void set_user_name(store::Connection& conn, std::string_view code, std::string_view name,
                   std::string_view actor, std::int64_t now) {
  const std::string c = normalize_user_code(code);
  const std::string n = validate_user_name(name, c);
  store::Transaction tx(conn);
  {
    store::Cursor st(conn.prepare("UPDATE app_user SET name = ?, updated_at = ? WHERE code = ?"));
    st->bind_text(1, n);
    st->bind_int(2, now);
    st->bind_text(3, c);
    st->step();
  }
  if (conn.changes() == 0) {
    throw not_found(fmt::format("user '{}' does not exist", c));
  }
  write_audit(conn, now, actor, action::kUserName, c, "name changed");
  tx.commit();
}

void delete_user(store::Connection& conn, std::string_view code, std::string_view actor,
                 std::int64_t now) {
  std::string c = normalize_user_code(code);
  store::Transaction tx(conn);
  if (!detail::user_exists(conn, c)) {
    throw not_found(fmt::format("user '{}' does not exist", c));
  }
  detail::revoke_active_key(conn, c, actor, now, "user deleted");
  detail::delete_sessions(conn, c);
  {
    store::Cursor st(conn.prepare("DELETE FROM app_user WHERE code = ?"));
    st->bind_text(1, c);
    st->step();
  }
  write_audit(conn, now, actor, action::kUserDelete, c, "user deleted");
  tx.commit();
}

}  // namespace sqlacc::keys
