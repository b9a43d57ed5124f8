#pragma once
// Every node of a company must hold the same master key: a node with another one cannot open the
// stored secrets, and every signed request to it would fail as if the key had been revoked. So the
// company database keeps a check value of the key that encrypts its secrets (a keyed BLAKE2b of a
// constant: it reveals nothing about the key), recorded by the first node, and `serve` refuses to
// start with a different key, saying so.
#include "keys/master_key.h"
#include "store/connection.h"

namespace sqlacc::keys {

// Records the check value when the company has none (in the same transaction: two nodes starting
// together record one), after checking that the key opens a stored secret if there is one. Throws
// Forbidden when the recorded value, or the stored secret, is of another key.
void check_master_key(store::Connection& conn, const MasterKey& key, std::string_view company);

}  // namespace sqlacc::keys
