#pragma once
// The company's own particulars (what `GET /profile` returns and document headers will print).
#include <cstdint>
#include <string>

#include "store/connection.h"
#include "store/schema_registry.h"

namespace sqlacc::store {

struct CompanyProfile {
  std::string companyname;
  std::string regno;  // business registration number (BRN)
  std::string tin;    // tax identification number (e-invoicing)
  std::string sstno;
  std::string address1, address2, address3, address4;
  std::string postcode, city, state, country = "MY";
  std::string phone1, email;
  std::string basecurrency = "MYR";
  std::int64_t created_at = 0;
};

// The company_profile table, declared for the store module (store/schema.h).
TableDecl company_profile_table(std::string_view module);
CompanyProfile load_company_profile(Connection& c);  // empty profile if never saved
void save_company_profile(Connection& c, const CompanyProfile& p);

}  // namespace sqlacc::store
