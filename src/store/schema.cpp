#include "store/schema.h"

#include "store/company_profile.h"

namespace sqlacc::store {

void register_schema(SchemaRegistry& registry) {
  if (!registry.add_module("store")) return;
  registry.table(company_profile_table("store"));
  registry.step({"store",
                 1,
                 "baseline: the schema the sync creates (objects, ledger, keys, company profile)",
                 {}});
}

}  // namespace sqlacc::store
