#include "keys/api_keys.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cstring>

#include "keys/audit.h"
#include "keys/detail.h"
#include "keys/users.h"
#include "store/data_dir.h"
#include "util/problem.h"

namespace sqlacc::keys {
namespace {

constexpr std::size_t kSecretBytes = kSecretKeyLength / 2;
constexpr std::size_t kMaxPlain = kSecretBytes + kMaxAccessKeyLength;
constexpr std::size_t kMaxCipher = crypto_secretbox_MACBYTES + kMaxPlain;
static_assert(MasterKey::kSize == crypto_secretbox_KEYBYTES);

constexpr std::string_view kLookup =
    "SELECT user_code, key_version, secret_nonce, secret_cipher FROM api_key "
    "WHERE access_key = ? AND revoked_at IS NULL";

// Opens a stored secret into `plain` (kSecretBytes bytes on success); false if it does not open
// under this master key or was not sealed for this access key.
bool open_secret(const MasterKey& master, std::string_view access_key, std::string_view nonce_hex,
                 std::string_view cipher_hex, detail::Wiped<kMaxPlain>& plain) {
  if (access_key.size() > kMaxAccessKeyLength) return false;
  const std::size_t plain_len = kSecretBytes + access_key.size();
  const std::size_t cipher_len = crypto_secretbox_MACBYTES + plain_len;
  unsigned char nonce[crypto_secretbox_NONCEBYTES];
  unsigned char cipher[kMaxCipher];
  if (!detail::from_hex(nonce_hex, nonce, sizeof nonce)) return false;
  if (!detail::from_hex(cipher_hex, cipher, cipher_len)) return false;
  if (crypto_secretbox_open_easy(plain.bytes, cipher, cipher_len, nonce, master.data()) != 0) {
    return false;
  }
  return std::memcmp(plain.bytes + kSecretBytes, access_key.data(), access_key.size()) == 0;
}

std::uint64_t next_key_version(store::Connection& conn) {
  {
    store::Cursor st(
        conn.prepare("UPDATE key_counter SET value = value + 1 WHERE name = 'api_key_version'"));
    st->step();
  }
  if (conn.changes() == 0) {
    // First key of this company (or a counter lost by hand): continue above any stored version.
    store::Cursor st(
        conn.prepare("INSERT INTO key_counter (name, value) "
                     "SELECT 'api_key_version', COALESCE(MAX(key_version), 0) + 1 FROM api_key"));
    st->step();
  }
  store::Cursor st(conn.prepare("SELECT value FROM key_counter WHERE name = 'api_key_version'"));
  st->step();
  return static_cast<std::uint64_t>(st->get_int(0));
}

}  // namespace

GeneratedKey generate_key(store::Connection& conn, const MasterKey& master,
                          std::string_view company, std::string_view user_code,
                          std::string_view actor, std::int64_t now) {
  detail::ensure_sodium();
  if (!store::is_valid_company_id(company)) {
    throw validation_error({}, fmt::format("invalid company id '{}'", company));
  }
  GeneratedKey out;
  out.user_code = normalize_user_code(user_code);
  out.created_at = now;
  out.access_key =
      fmt::format("{}.{}/{}", detail::random_hex(kAccessKeyIdLength / 2), company, out.user_code);

  // Seal secret || access key.
  detail::Wiped<kMaxPlain> plain;
  const std::size_t plain_len = kSecretBytes + out.access_key.size();
  randombytes_buf(plain.bytes, kSecretBytes);
  std::memcpy(plain.bytes + kSecretBytes, out.access_key.data(), out.access_key.size());
  unsigned char nonce[crypto_secretbox_NONCEBYTES];
  randombytes_buf(nonce, sizeof nonce);
  unsigned char cipher[kMaxCipher];
  crypto_secretbox_easy(cipher, plain.bytes, plain_len, nonce, master.data());
  const std::string nonce_hex = detail::to_hex(nonce, sizeof nonce);
  const std::string cipher_hex = detail::to_hex(cipher, crypto_secretbox_MACBYTES + plain_len);

  store::Transaction tx(conn);
  if (!detail::user_exists(conn, out.user_code)) {
    throw not_found(fmt::format("user '{}' does not exist", out.user_code));
  }
  out.revoked_access_key =
      detail::revoke_active_key(conn, out.user_code, actor, now, "replaced by a new key");
  out.key_version = next_key_version(conn);
  {
    store::Cursor st(conn.prepare(
        "INSERT INTO api_key (access_key, user_code, key_version, secret_nonce, secret_cipher, "
        "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    st->bind_text(1, out.access_key);
    st->bind_text(2, out.user_code);
    st->bind_int(3, static_cast<std::int64_t>(out.key_version));
    st->bind_text(4, nonce_hex);
    st->bind_text(5, cipher_hex);
    st->bind_int(6, now);
    st->bind_text(7, actor);
    st->step();
  }
  // Holding a key ends password login, so end the user's console sessions too.
  detail::delete_sessions(conn, out.user_code);
  write_audit(conn, now, actor, action::kKeyGenerate, out.user_code,
              fmt::format("access key {} generated (version {})", out.access_key, out.key_version));
  tx.commit();

  out.secret_key = detail::to_hex(plain.bytes, kSecretBytes);  // only after the commit succeeded
  return out;
}

void revoke_key(store::Connection& conn, std::string_view user_code, std::string_view actor,
                std::int64_t now) {
  std::string code = normalize_user_code(user_code);
  store::Transaction tx(conn);
  if (!detail::user_exists(conn, code)) {
    throw not_found(fmt::format("user '{}' does not exist", code));
  }
  if (!detail::revoke_active_key(conn, code, actor, now, "revoked")) {
    throw not_found(fmt::format("user '{}' has no active API key", code));
  }
  tx.commit();
}

std::optional<KeyRecord> lookup(store::Connection& conn, const MasterKey& master,
                                std::string_view access_key) {
  if (access_key.empty() || access_key.size() > kMaxAccessKeyLength) return std::nullopt;
  store::Cursor st(conn.prepare(kLookup));
  st->bind_text(1, access_key);
  if (!st->step()) return std::nullopt;
  detail::Wiped<kMaxPlain> plain;
  if (!open_secret(master, access_key, st->get_text(2), st->get_text(3), plain)) {
    return std::nullopt;
  }
  std::optional<KeyRecord> out(std::in_place);
  out->user_code = st->get_text(0);
  out->key_version = static_cast<std::uint64_t>(st->get_int(1));
  out->secret = detail::to_hex(plain.bytes, kSecretBytes);
  return out;
}

std::optional<ActiveKey> active_key(store::Connection& conn, std::string_view user_code) {
  const std::string code = normalize_user_code(user_code);
  store::Cursor st(
      conn.prepare("SELECT access_key, key_version, created_at, created_by FROM api_key "
                   "WHERE user_code = ? AND revoked_at IS NULL"));
  st->bind_text(1, code);
  if (!st->step()) return std::nullopt;
  return ActiveKey{std::string(st->get_text(0)), static_cast<std::uint64_t>(st->get_int(1)),
                   st->get_int(2), std::string(st->get_text(3))};
}

std::optional<AccessKeyParts> parse_access_key(std::string_view ak) {
  if (ak.size() > kMaxAccessKeyLength) return std::nullopt;
  const std::size_t dot = ak.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::size_t slash = ak.find('/', dot + 1);
  if (slash == std::string_view::npos) return std::nullopt;
  AccessKeyParts parts{ak.substr(0, dot), ak.substr(dot + 1, slash - dot - 1),
                       ak.substr(slash + 1)};
  if (!detail::is_lower_hex(parts.id, kAccessKeyIdLength)) return std::nullopt;
  if (!store::is_valid_company_id(parts.company)) return std::nullopt;
  if (!is_valid_user_code(parts.user)) return std::nullopt;
  return parts;
}

std::optional<std::string> company_of_access_key(std::string_view access_key) {
  auto parts = parse_access_key(access_key);
  if (!parts) return std::nullopt;
  return std::string(parts->company);
}

std::optional<std::string> user_of_access_key(std::string_view access_key) {
  auto parts = parse_access_key(access_key);
  if (!parts) return std::nullopt;
  return std::string(parts->user);
}

MasterKeyCheck check_master_key(store::Connection& conn, const MasterKey& master) {
  store::Cursor st(conn.prepare(
      "SELECT access_key, secret_nonce, secret_cipher FROM api_key WHERE revoked_at IS NULL "
      "ORDER BY key_version DESC LIMIT 1"));
  if (!st->step()) return MasterKeyCheck::NoKeys;
  detail::Wiped<kMaxPlain> plain;
  return open_secret(master, st->get_text(0), st->get_text(1), st->get_text(2), plain)
             ? MasterKeyCheck::Ok
             : MasterKeyCheck::Mismatch;
}

}  // namespace sqlacc::keys
