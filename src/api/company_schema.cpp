#include "api/company_schema.h"

#include "bizobject/engine.h"
#include "bizobject/template_aliases.h"
#include "keys/schema.h"
#include "ledger/schema.h"
#include "store/migrations.h"
#include "store/schema.h"

namespace sqlacc::api {

const store::SchemaRegistry& company_schema() {
  static const store::SchemaRegistry registry = [] {
    store::SchemaRegistry r;
    store::register_schema(r);
    bizobject::Engine::register_schema(r);
    ledger::register_schema(r);  // already there when an object posts; kept for a bare engine
    keys::register_schema(r);
    bizobject::register_template_alias_schema(r);
    return r;
  }();
  return registry;
}

void migrate_company(store::Connection& conn) { store::migrate(conn, company_schema()); }

}  // namespace sqlacc::api
