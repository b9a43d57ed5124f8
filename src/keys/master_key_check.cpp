#include "keys/master_key_check.h"

#include <fmt/format.h>
#include <sodium.h>

#include <string>

#include "keys/api_keys.h"
#include "util/problem.h"

namespace sqlacc::keys {
namespace {

std::string check_value(const MasterKey& key) {
  static constexpr std::string_view kConstant = "sqlacc master key check v1";
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(kConstant.data()),
                     kConstant.size(), key.data(), MasterKey::kSize);
  char hex[2 * sizeof out + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

Problem other_key(const MasterKey& key, std::string_view company) {
  return forbidden(
      fmt::format("the master key from {} is not the one that encrypts the API secrets of company "
                  "'{}': every node of a company needs the same master key (the same {} or the "
                  "same master.key)",
                  key.origin(), company, MasterKey::kEnvVar));
}

}  // namespace

void check_master_key(store::Connection& conn, const MasterKey& key, std::string_view company) {
  const std::string mine = check_value(key);
  store::Transaction tx(conn);
  {
    store::Cursor st(conn, "SELECT digest FROM master_key_check WHERE id = 1");
    if (st->step()) {
      if (st->get_text(0) != mine) throw other_key(key, company);
      return;  // the transaction wrote nothing
    }
  }
  // No check value yet (a database from before the check): the key must open the secrets there are.
  std::string stored_key;
  {
    store::Cursor st(conn, "SELECT access_key FROM api_key WHERE revoked_at IS NULL LIMIT 1");
    if (st->step()) stored_key = std::string(st->get_text(0));
  }
  if (!stored_key.empty() && !lookup(conn, key, stored_key)) throw other_key(key, company);
  store::Cursor ins(conn, "INSERT INTO master_key_check (id, digest) VALUES (1, ?)");
  ins->bind_text(1, mine);
  ins->step();
  tx.commit();
}

}  // namespace sqlacc::keys
