// The master-data business objects, as data. No code here: the Engine does the rest.
// Field lists follow the original (reference/sqlacc-api.md §7); widths are the unicode build's
// character counts where known, otherwise generous. Example values feed the Postman collection
// and must pass validation against the sample company (sample_company.cpp).
#include "bizobject/spec.h"

namespace sqlacc::bizobject {
namespace {

using enum FieldType;

// Shared fields.
constexpr FieldSpec kIsActive{
    .name = "isactive", .type = Bool, .default_value = "true", .example = "true"};
constexpr FieldSpec kLastModified{
    .name = "lastmodified",
    .type = Int,
    .read_only = true,
    .doc = "Unix seconds of the last create/update; filter lastmodified=N means at or after N"};
constexpr FieldSpec kAutoKey{.name = "autokey",
                             .type = Int,
                             .read_only = true,
                             .doc = "Internal integer key; usable in the path instead of the code"};

constexpr FieldSpec code(int width, std::string_view example) {
  return {.name = "code", .width = width, .required = true, .key = true, .example = example};
}
constexpr FieldSpec text(std::string_view name, int width, std::string_view example = {},
                         bool required = false) {
  return {.name = name, .width = width, .required = required, .example = example};
}
constexpr FieldSpec account_ref(std::string_view name, std::string_view example = {}) {
  return {.name = name, .width = 10, .references = "account", .example = example};
}
constexpr FieldSpec description(std::string_view example) {
  return text("description", 200, example, true);
}

// ---- Agent, Area ------------------------------------------------------------------------------
constexpr FieldSpec kAgentFields[] = {
    code(10, "PM-AGENT"),
    description("Postman Agent"),
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kAgent{.resource = "agent",
                            .title = "Agent",
                            .table = "agent",
                            .fields = kAgentFields,
                            .doc = "Sales agents"};

constexpr FieldSpec kAreaFields[] = {
    code(10, "PM-AREA"),
    description("Postman Area"),
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kArea{.resource = "area",
                           .title = "Area",
                           .table = "area",
                           .fields = kAreaFields,
                           .doc = "Sales areas"};

// ---- Terms ------------------------------------------------------------------------------------
constexpr FieldSpec kTermsFields[] = {
    code(10, "PM-TERMS"),
    description("Postman 45 Days"),
    {.name = "termtype",
     .width = 1,
     .default_value = "A",
     .example = "A",
     .doc = "Term type code as SQL Account stores it"},
    {.name = "termday", .type = Int, .default_value = "0", .example = "45"},
    {.name = "termmonth", .type = Int, .default_value = "0", .example = "0"},
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kTerms{.resource = "terms",
                            .title = "Terms",
                            .table = "terms",
                            .fields = kTermsFields,
                            .doc = "Credit terms"};

// ---- Currency ---------------------------------------------------------------------------------
constexpr FieldSpec kCurrencyFields[] = {
    code(10, "PM-CUR"),
    description("Postman Dollar"),
    text("symbol", 10, "P$"),
    text("isocode", 3, "PMD"),
    {.name = "buyingrate", .type = Decimal, .scale = 8, .default_value = "1", .example = "4.25"},
    {.name = "sellingrate", .type = Decimal, .scale = 8, .default_value = "1", .example = "4.35"},
    account_ref("fcgainaccount", "530-000"),
    account_ref("fclossaccount", "950-000"),
    {.name = "color", .type = Int, .default_value = "0", .example = "0"},
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kCurrency{.resource = "currency",
                               .title = "Currency",
                               .table = "currency",
                               .fields = kCurrencyFields,
                               .doc = "Currencies; code ---- is the base (home) currency"};

// ---- Project ----------------------------------------------------------------------------------
constexpr FieldSpec kProjectFields[] = {
    code(20, "PM-PROJECT"),
    description("Postman Project"),
    text("description2", 200),
    {.name = "projectvalue",
     .type = Decimal,
     .scale = 2,
     .default_value = "0",
     .example = "150000.00"},
    {.name = "projectcost",
     .type = Decimal,
     .scale = 2,
     .default_value = "0",
     .example = "98000.50"},
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kProject{.resource = "project",
                              .title = "Project",
                              .table = "project",
                              .fields = kProjectFields,
                              .doc = "Projects (cost centres); code ---- is the default"};

// ---- Location ---------------------------------------------------------------------------------
constexpr FieldSpec kLocationFields[] = {
    code(20, "PM-LOC"),
    description("Postman Warehouse"),
    text("description2", 200),
    text("address1", 60, "Lot 1, Jalan Postman"),
    text("address2", 60, "Taman Ujian"),
    text("address3", 60),
    text("address4", 60),
    text("postcode", 10, "47300"),
    text("city", 50, "Petaling Jaya"),
    text("state", 50, "Selangor"),
    text("country", 50, "MY"),
    text("attention", 70, "Store Keeper"),
    text("phone1", 200, "03-7800 0000"),
    text("phone2", 200),
    text("fax1", 200),
    text("fax2", 200),
    text("email", 200, "store@example.com"),
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kLocation{.resource = "location",
                               .title = "Location",
                               .table = "location",
                               .fields = kLocationFields,
                               .doc = "Stock locations; code ---- is the main location"};

// ---- Stock group ------------------------------------------------------------------------------
constexpr FieldSpec kStockGroupFields[] = {
    code(20, "PM-STOCKGROUP"),
    description("Postman Stock Group"),
    account_ref("sales", "500-000"),
    account_ref("salesreturned", "510-000"),
    account_ref("cashsales", "520-000"),
    account_ref("purchase", "610-000"),
    account_ref("cashpurchase", "610-000"),
    account_ref("purchasereturned", "620-000"),
    account_ref("balancestock", "330-000"),
    {.name = "costingmethod",
     .type = Int,
     .default_value = "1",
     .example = "1",
     .doc = "Costing method number as in SQL Account"},
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kStockGroup{.resource = "stockgroup",
                                 .title = "Stock Group",
                                 .table = "stockgroup",
                                 .fields = kStockGroupFields,
                                 .doc = "Stock groups and their default GL accounts"};

// ---- Account (chart of accounts) --------------------------------------------------------------
// CP capital, CA current assets, CL current liabilities, FA fixed assets, EP expenses,
// CO cost of goods sold, SA sales, OI other income, SL sales adjustments, RE retained earnings,
// OA other assets.
constexpr std::string_view kAccTypes[] = {"CP", "CA", "CL", "FA", "EP", "CO",
                                          "SA", "OI", "SL", "RE", "OA"};
// DC debtor control, CC creditor control, BA bank, CH cash, BS balance stock,
// AD accumulated depreciation. Empty = none.
constexpr std::string_view kSpecialAccTypes[] = {"DC", "CC", "BA", "CH", "BS", "AD"};

constexpr FieldSpec kAccountFields[] = {
    code(10, "PM-ACCOUNT"),
    {.name = "parent",
     .width = 10,
     .references = "account",
     .example = "900-000",
     .doc = "Code of the parent account, or empty for a top-level account"},
    description("Postman Expenses"),
    text("description2", 200),
    {.name = "acctype", .width = 2, .required = true, .example = "EP", .choices = kAccTypes},
    {.name = "specialacctype", .width = 2, .choices = kSpecialAccTypes},
    {.name = "tax", .width = 10, .references = "tax", .doc = "Default tax code"},
    {.name = "cashflowtype", .type = Int, .default_value = "0", .example = "0"},
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kAccount{.resource = "account",
                              .title = "Account",
                              .table = "account",
                              .fields = kAccountFields,
                              .doc = "GL chart of accounts"};

// ---- Tax (keyed by AUTOKEY in the original; the code works in the path too) -------------------
constexpr FieldSpec kTaxFields[] = {
    kAutoKey,
    code(10, "PM-TAX"),
    description("Postman Service Tax 8%"),
    {.name = "taxtype",
     .type = Int,
     .default_value = "0",
     .example = "2",
     .doc = "0 other, 1 sales tax, 2 service tax (sqlacc's numbering)"},
    {.name = "taxrate",
     .type = Decimal,
     .scale = 2,
     .default_value = "0",
     .example = "8",
     .doc = "Percent: 6 means 6%"},
    account_ref("taxaccount", "420-000"),
    account_ref("taxreturnaccount"),
    {.name = "inputtax", .type = Bool, .default_value = "false", .example = "false"},
    {.name = "outputtax", .type = Bool, .default_value = "false", .example = "true"},
    {.name = "taxinclusive", .type = Bool, .default_value = "false", .example = "false"},
    {.name = "isdefault", .type = Bool, .default_value = "false", .example = "false"},
    kIsActive,
    kLastModified,
};
constexpr ObjectSpec kTax{.resource = "tax",
                          .title = "Tax",
                          .table = "tax",
                          .key_kind = KeyKind::AutoKey,
                          .fields = kTaxFields,
                          .doc = "Tax codes (SST)"};

constexpr const ObjectSpec* kBuiltins[] = {
    &kAgent, &kArea, &kTerms, &kCurrency, &kProject, &kLocation, &kStockGroup, &kAccount, &kTax};

}  // namespace

std::span<const ObjectSpec* const> builtin_objects() { return kBuiltins; }

}  // namespace sqlacc::bizobject
