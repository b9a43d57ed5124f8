#include "store/company_profile.h"

#include <array>

namespace sqlacc::store {
namespace {

// Column order shared by load and save, so the two cannot drift apart.
constexpr std::array kColumns = {"companyname", "regno",    "tin",      "sstno",    "address1",
                                 "address2",    "address3", "address4", "postcode", "city",
                                 "state",       "country",  "phone1",   "email",    "basecurrency"};

std::array<std::string*, kColumns.size()> fields(CompanyProfile& p) {
  return {&p.companyname, &p.regno,    &p.tin,      &p.sstno,    &p.address1,
          &p.address2,    &p.address3, &p.address4, &p.postcode, &p.city,
          &p.state,       &p.country,  &p.phone1,   &p.email,    &p.basecurrency};
}

std::string column_list() {
  std::string s;
  for (auto* c : kColumns) {
    if (!s.empty()) s += ",";
    s += c;
  }
  return s;
}

}  // namespace

TableDecl company_profile_table(std::string_view module) {
  TableDecl t{std::string(module),
              "company_profile",
              {{"id", "id INTEGER PRIMARY KEY CHECK (id = 1)"}},
              ""};
  for (auto* col : kColumns)
    t.columns.push_back({col, std::string(col) + " TEXT NOT NULL DEFAULT ''"});
  t.columns.push_back({"created_at", "created_at INTEGER NOT NULL DEFAULT 0"});
  return t;
}

CompanyProfile load_company_profile(Connection& c) {
  static const std::string sql =
      "SELECT " + column_list() + ", created_at FROM company_profile WHERE id = 1";
  CompanyProfile p;
  auto& st = c.prepare(sql);
  if (st.step()) {
    auto f = fields(p);
    for (std::size_t i = 0; i < f.size(); ++i)
      *f[i] = std::string(st.get_text(static_cast<int>(i)));
    p.created_at = st.get_int(static_cast<int>(f.size()));
  }
  st.reset();
  return p;
}

void save_company_profile(Connection& c, const CompanyProfile& profile) {
  static const std::string sql = [] {
    std::string s = "INSERT INTO company_profile (id," + column_list() + ",created_at) VALUES (1";
    for (std::size_t i = 0; i <= kColumns.size(); ++i) s += ",?";
    s += ") ON CONFLICT (id) DO UPDATE SET ";
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      s += std::string(i ? "," : "") + kColumns[i] + "=excluded." + kColumns[i];
    }
    return s;
  }();
  CompanyProfile p = profile;
  auto& st = c.prepare(sql);
  auto f = fields(p);
  for (std::size_t i = 0; i < f.size(); ++i) st.bind_text(static_cast<int>(i + 1), *f[i]);
  st.bind_int(static_cast<int>(f.size() + 1), p.created_at);
  st.step();
}

}  // namespace sqlacc::store
