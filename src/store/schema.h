#pragma once
// The store module's own part of a company database (see store/schema_registry.h).
#include "store/schema_registry.h"

namespace sqlacc::store {

// Module "store": the company_profile table, and step 1, the mark of the first versioned release
// (its databases record version 1 for the schema every module had then).
void register_schema(SchemaRegistry& registry);

}  // namespace sqlacc::store
