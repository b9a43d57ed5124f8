#include "keys/schema.h"

#include "store/migrations.h"

namespace sqlacc::keys {

// Portable DDL (SQLite and PostgreSQL); `INTEGER PRIMARY KEY` (audit_log.id) is SQLite's
// auto-assigned rowid, which the PostgreSQL adapter maps to an identity column. Times are Unix
// seconds. Secrets are never stored in plain text: api_key holds the secretbox nonce and
// ciphertext (hex), admin_session only a BLAKE2b hash of the token.
void register_schema(store::SchemaRegistry& r) {
  constexpr std::string_view m = "keys";
  if (!r.add_module(m)) return;
  r.table(store::table_of(
      m, "app_user",
      {"code TEXT NOT NULL PRIMARY KEY", "name TEXT NOT NULL", "password_hash TEXT NULL",
       "created_at BIGINT NOT NULL", "updated_at BIGINT NOT NULL"}));
  r.table(store::table_of(
      m, "api_key",
      {"access_key TEXT NOT NULL PRIMARY KEY", "user_code TEXT NOT NULL",
       "key_version BIGINT NOT NULL UNIQUE", "secret_nonce TEXT NOT NULL",
       "secret_cipher TEXT NOT NULL", "created_at BIGINT NOT NULL", "created_by TEXT NOT NULL",
       "revoked_at BIGINT NULL", "revoked_by TEXT NULL"}));
  r.index({std::string(m), "api_key_one_active",
           "CREATE UNIQUE INDEX IF NOT EXISTS api_key_one_active ON api_key (user_code) "
           "WHERE revoked_at IS NULL"});
  r.table(store::table_of(m, "key_counter",
                          {"name TEXT NOT NULL PRIMARY KEY", "value BIGINT NOT NULL"}));
  r.table(store::table_of(m, "admin_session",
                          {"token_hash TEXT NOT NULL PRIMARY KEY", "user_code TEXT NOT NULL",
                           "created_at BIGINT NOT NULL", "expires_at BIGINT NOT NULL"}));
  r.index({std::string(m), "admin_session_user",
           "CREATE INDEX IF NOT EXISTS admin_session_user ON admin_session (user_code)"});
  r.table(store::table_of(m, "master_key_check",
                          {"id INTEGER PRIMARY KEY CHECK (id = 1)", "digest TEXT NOT NULL"}));
  r.table(
      store::table_of(m, "audit_log",
                      {"id INTEGER PRIMARY KEY", "at BIGINT NOT NULL", "actor TEXT NOT NULL",
                       "action TEXT NOT NULL", "subject TEXT NOT NULL", "detail TEXT NOT NULL"}));
}

void ensure_schema(store::Connection& conn) {
  store::SchemaRegistry r;
  register_schema(r);
  store::migrate(conn, r);
}

}  // namespace sqlacc::keys
