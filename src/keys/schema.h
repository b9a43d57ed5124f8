#pragma once
#include "store/connection.h"
#include "store/schema_registry.h"

namespace sqlacc::keys {

// Module "keys": app_user, api_key, key_counter, admin_session, master_key_check, audit_log.
void register_schema(store::SchemaRegistry& registry);

// Brings a database to the keys module's schema alone (store::migrate with a registry of this
// module): for tests and tools that use keys without the rest of a company.
void ensure_schema(store::Connection& conn);

}  // namespace sqlacc::keys
