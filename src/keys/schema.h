#pragma once
#include "store/connection.h"

namespace sqlacc::keys {

// Creates the keys module's tables in a company database if they are missing: app_user, api_key,
// key_counter, admin_session, audit_log. Idempotent, never drops or alters anything else, so it can
// run from a ConnectionPool on-open hook next to the business-object schema. Runs in its own
// transaction unless the connection is already inside one.
void ensure_schema(store::Connection& conn);

}  // namespace sqlacc::keys
