// The master-data business objects, as data: one family file (they share one shape and no posting,
// transfers or printed forms). No code here: the Engine does the rest.
// Per-object rules that fields cannot express are small hooks (ObjectSpec::hook), also here.
// Field lists follow the original (reference/sqlacc-api.md §7); widths are the unicode build's
// character counts where known, otherwise generous. Example values feed the Postman collection
// and must pass validation against the sample company.
//
// The sample company of `sqlacc init --sample` (ObjectSpec::samples, beside each spec): a small
// Malaysian trading company shaped like the one SQL Account ships. `----` is the placeholder code
// ("none/default") for agent, area, currency (the base currency, MYR), project and location, as
// in SQL Account. Tests and case files rely on this data (tests/cases/README.md): change it only
// with them.
#include <fmt/format.h>

#include <array>
#include <vector>

#include "bizobject/object_info.h"
#include "bizobject/objects/fields.h"
#include "bizobject/objects/objects.h"
#include "bizobject/spec.h"
#include "bizobject/text.h"
#include "util/problem.h"

namespace sqlacc::bizobject {
namespace {

using namespace fields;

// ---- Agent, Area ------------------------------------------------------------------------------
constexpr FieldSpec kAgentFields[] = {
    code(10, "PM-AGENT"),
    description("Postman Agent"),
    kIsActive,
    kLastModified,
};
constexpr std::string_view kAgentSamples[] = {
    R"j({"code":"----","description":"----"})j",
    R"j({"code":"ALI","description":"ALI BIN ABU"})j",
    R"j({"code":"LIM","description":"LIM AH KOW"})j",
    R"j({"code":"KUMAR","description":"KUMAR A/L MUTHU"})j",
    R"j({"code":"SITI","description":"SITI AMINAH"})j",
};
constexpr ObjectSpec kAgent{.resource = "agent",
                            .title = "Agent",
                            .table = "agent",
                            .fields = kAgentFields,
                            .doc = "Sales agents",
                            .samples = kAgentSamples};

constexpr FieldSpec kAreaFields[] = {
    code(10, "PM-AREA"),
    description("Postman Area"),
    kIsActive,
    kLastModified,
};
constexpr std::string_view kAreaSamples[] = {
    R"j({"code":"----","description":"----"})j",
    R"j({"code":"KL","description":"KUALA LUMPUR"})j",
    R"j({"code":"PJ","description":"PETALING JAYA"})j",
    R"j({"code":"PG","description":"PENANG"})j",
    R"j({"code":"JB","description":"JOHOR BAHRU"})j",
};
constexpr ObjectSpec kArea{.resource = "area",
                           .title = "Area",
                           .table = "area",
                           .fields = kAreaFields,
                           .doc = "Sales areas",
                           .samples = kAreaSamples};

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
constexpr std::string_view kTermsSamples[] = {
    R"j({"code":"C.O.D.","description":"CASH ON DELIVERY","termtype":"A","termday":0})j",
    R"j({"code":"30 Days","description":"30 DAYS","termtype":"A","termday":30})j",
    R"j({"code":"60 Days","description":"60 DAYS","termtype":"A","termday":60})j",
    R"j({"code":"90 Days","description":"90 DAYS","termtype":"A","termday":90})j",
};
constexpr ObjectSpec kTerms{.resource = "terms",
                            .title = "Terms",
                            .table = "terms",
                            .fields = kTermsFields,
                            .doc = "Credit terms",
                            .samples = kTermsSamples};

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
// Sample currencies: ---- is the base currency (MYR).
constexpr std::string_view kCurrencySamples[] = {
    R"j({"code":"----","description":"RINGGIT MALAYSIA","symbol":"RM","isocode":"MYR","buyingrate":"1","sellingrate":"1"})j",
    R"j({"code":"USD","description":"US DOLLAR","symbol":"US$","isocode":"USD","buyingrate":"4.45","sellingrate":"4.50","fcgainaccount":"530-000","fclossaccount":"950-000"})j",
    R"j({"code":"SGD","description":"SINGAPORE DOLLAR","symbol":"S$","isocode":"SGD","buyingrate":"3.30","sellingrate":"3.35","fcgainaccount":"530-000","fclossaccount":"950-000"})j",
};
constexpr ObjectSpec kCurrency{.resource = "currency",
                               .title = "Currency",
                               .table = "currency",
                               .fields = kCurrencyFields,
                               .doc = "Currencies; code ---- is the base (home) currency",
                               .samples = kCurrencySamples};

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
constexpr std::string_view kProjectSamples[] = {
    R"j({"code":"----","description":"----"})j",
    R"j({"code":"RENO-KL","description":"KL SHOWROOM RENOVATION","projectvalue":"250000.00","projectcost":"180000.00"})j",
    R"j({"code":"EXPO-2025","description":"TRADE EXPO 2025","projectvalue":"40000.00"})j",
};
constexpr ObjectSpec kProject{.resource = "project",
                              .title = "Project",
                              .table = "project",
                              .fields = kProjectFields,
                              .doc = "Projects (cost centres); code ---- is the default",
                              .samples = kProjectSamples};

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
constexpr std::string_view kLocationSamples[] = {
    R"j({"code":"----","description":"MAIN LOCATION","address1":"NO. 1, JALAN SS 2/1","city":"PETALING JAYA","postcode":"47300","state":"SELANGOR","country":"MY"})j",
    R"j({"code":"KL","description":"KUALA LUMPUR WAREHOUSE","address1":"LOT 8, JALAN KUCHAI LAMA","city":"KUALA LUMPUR","postcode":"58200","state":"WILAYAH PERSEKUTUAN","country":"MY","attention":"MR. TAN"})j",
};
constexpr ObjectSpec kLocation{.resource = "location",
                               .title = "Location",
                               .table = "location",
                               .fields = kLocationFields,
                               .doc = "Stock locations; code ---- is the main location",
                               .samples = kLocationSamples};

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
constexpr std::string_view kStockGroupSamples[] = {
    R"j({"code":"DEFAULT","description":"DEFAULT","sales":"500-000","salesreturned":"510-000","cashsales":"520-000","purchase":"610-000","cashpurchase":"610-000","purchasereturned":"620-000","balancestock":"330-000","costingmethod":1})j",
    R"j({"code":"SERVICE","description":"SERVICES (NON-STOCK)","sales":"500-000","salesreturned":"510-000","cashsales":"520-000","purchase":"610-000","cashpurchase":"610-000","purchasereturned":"620-000","costingmethod":0})j",
};
constexpr ObjectSpec kStockGroup{.resource = "stockgroup",
                                 .title = "Stock Group",
                                 .table = "stockgroup",
                                 .fields = kStockGroupFields,
                                 .doc = "Stock groups and their default GL accounts",
                                 .samples = kStockGroupSamples};

// ---- Account (chart of accounts) --------------------------------------------------------------
// CP capital, CA current assets, CL current liabilities, FA fixed assets, EP expenses,
// CO cost of goods sold, SA sales, OI other income, SL sales adjustments, RE retained earnings,
// OA other assets.
constexpr std::string_view kAccTypes[] = {"CP", "CA", "CL", "FA", "EP", "CO",
                                          "SA", "OI", "SL", "RE", "OA"};
// DC debtor control, CC creditor control, BA bank, CH cash, BS balance stock,
// AD accumulated depreciation. Empty = none. Documents rely on them (documents.h): a payment
// method must be BA or CH; no document line may post to a DC or CC account (nor to one a
// customer or supplier names as its controlaccount).
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
// Sample chart of accounts: a parent before its children.
constexpr std::string_view kAccountSamples[] = {
    R"j({"code":"100-000","description":"CAPITAL","acctype":"CP"})j",
    R"j({"code":"150-000","description":"RETAINED EARNINGS","acctype":"RE"})j",
    R"j({"code":"200-000","description":"FIXED ASSETS","acctype":"FA"})j",
    R"j({"code":"200-100","parent":"200-000","description":"OFFICE EQUIPMENT","acctype":"FA"})j",
    R"j({"code":"200-105","parent":"200-000","description":"ACCUM. DEPRN. - OFFICE EQUIPMENT","acctype":"FA","specialacctype":"AD"})j",
    R"j({"code":"200-200","parent":"200-000","description":"MOTOR VEHICLES","acctype":"FA"})j",
    R"j({"code":"200-205","parent":"200-000","description":"ACCUM. DEPRN. - MOTOR VEHICLES","acctype":"FA","specialacctype":"AD"})j",
    R"j({"code":"300-000","description":"TRADE DEBTORS","acctype":"CA","specialacctype":"DC"})j",
    R"j({"code":"310-000","description":"CASH IN HAND","acctype":"CA","specialacctype":"CH"})j",
    R"j({"code":"320-000","description":"CASH AT BANK","acctype":"CA","specialacctype":"BA"})j",
    R"j({"code":"320-001","parent":"320-000","description":"MAYBANK","acctype":"CA","specialacctype":"BA"})j",
    R"j({"code":"320-002","parent":"320-000","description":"PUBLIC BANK","acctype":"CA","specialacctype":"BA"})j",
    R"j({"code":"330-000","description":"STOCK","acctype":"CA","specialacctype":"BS"})j",
    R"j({"code":"340-000","description":"SST RECEIVABLE","acctype":"CA"})j",
    R"j({"code":"400-000","description":"TRADE CREDITORS","acctype":"CL","specialacctype":"CC"})j",
    R"j({"code":"410-000","description":"ACCRUALS","acctype":"CL"})j",
    R"j({"code":"420-000","description":"SST PAYABLE","acctype":"CL"})j",
    R"j({"code":"500-000","description":"SALES","acctype":"SA"})j",
    R"j({"code":"510-000","description":"SALES RETURNS","acctype":"SL"})j",
    R"j({"code":"520-000","description":"CASH SALES","acctype":"SA"})j",
    R"j({"code":"530-000","description":"REALISED GAIN ON FOREIGN EXCHANGE","acctype":"OI"})j",
    R"j({"code":"600-000","description":"COST OF GOODS SOLD","acctype":"CO"})j",
    R"j({"code":"610-000","parent":"600-000","description":"PURCHASES","acctype":"CO"})j",
    R"j({"code":"620-000","parent":"600-000","description":"PURCHASE RETURNS","acctype":"CO"})j",
    R"j({"code":"900-000","description":"EXPENSES","acctype":"EP"})j",
    R"j({"code":"900-001","parent":"900-000","description":"SALARIES","acctype":"EP"})j",
    R"j({"code":"900-002","parent":"900-000","description":"RENTAL","acctype":"EP"})j",
    R"j({"code":"900-003","parent":"900-000","description":"UTILITIES","acctype":"EP"})j",
    R"j({"code":"900-004","parent":"900-000","description":"DEPRECIATION","acctype":"EP"})j",
    R"j({"code":"900-005","parent":"900-000","description":"BANK CHARGES","acctype":"EP"})j",
    R"j({"code":"950-000","description":"REALISED LOSS ON FOREIGN EXCHANGE","acctype":"EP"})j",
};
constexpr ObjectSpec kAccount{.resource = "account",
                              .title = "Account",
                              .table = "account",
                              .fields = kAccountFields,
                              .doc = "GL chart of accounts",
                              .samples = kAccountSamples};

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
// Sample SST tax codes, as SQL Account names them: ST-10 / ST-5 sales tax 10% / 5%, SV-8 / SV-6
// service tax 8% / 6%, ST-E exempt (0%); all post to 420-000 SST PAYABLE.
constexpr std::string_view kTaxSamples[] = {
    R"j({"code":"ST-10","description":"SALES TAX 10%","taxtype":1,"taxrate":"10","taxaccount":"420-000","outputtax":true})j",
    R"j({"code":"ST-5","description":"SALES TAX 5%","taxtype":1,"taxrate":"5","taxaccount":"420-000","outputtax":true})j",
    R"j({"code":"ST-E","description":"SALES TAX EXEMPTED","taxtype":1,"taxrate":"0","taxaccount":"420-000","outputtax":true})j",
    R"j({"code":"SV-8","description":"SERVICE TAX 8%","taxtype":2,"taxrate":"8","taxaccount":"420-000","outputtax":true})j",
    R"j({"code":"SV-6","description":"SERVICE TAX 6%","taxtype":2,"taxrate":"6","taxaccount":"420-000","outputtax":true})j",
};
constexpr ObjectSpec kTax{.resource = "tax",
                          .title = "Tax",
                          .table = "tax",
                          .key_kind = KeyKind::AutoKey,
                          .fields = kTaxFields,
                          .doc = "Tax codes (SST)",
                          .samples = kTaxSamples};

// ---- Shipper (keyed by AUTOKEY like tax; the code works in the path too) ----------------------
// Who carries the goods: documents name one in `shipper` ("----": none, the default).
constexpr FieldSpec kShipperFields[] = {
    kAutoKey,
    code(10, "PM-SHIP"),
    description("Postman Courier"),
    text("address1", 60, "Lot 3, Jalan Kurier"),
    text("address2", 60),
    text("address3", 60),
    text("address4", 60),
    text("postcode", 10, "40150"),
    text("city", 50, "Shah Alam"),
    text("state", 50, "Selangor"),
    text("country", 50, "MY"),
    text("attention", 70),
    text("phone1", 200, "03-5510 0000"),
    text("fax1", 200),
    account_ref("account"),
    text("remark1", 200),
    text("remark2", 200),
    {.name = "isdefault", .type = Bool, .default_value = "false", .example = "false"},
    kIsActive,
    kLastModified,
};
constexpr std::string_view kShipperSamples[] = {
    R"j({"code":"----","description":"----","isdefault":true})j",
    R"j({"code":"GDEX","description":"GD EXPRESS SDN BHD","address1":"NO. 19, JALAN TANDANG","city":"PETALING JAYA","postcode":"46050","state":"SELANGOR","country":"MY","phone1":"03-7787 2222"})j",
    R"j({"code":"OWN","description":"OWN TRANSPORT"})j",
};
constexpr ObjectSpec kShipper{.resource = "shipper",
                              .title = "Shipper",
                              .table = "shipper",
                              .key_kind = KeyKind::AutoKey,
                              .fields = kShipperFields,
                              .doc = "Shippers (carriers) documents name; code ---- is none",
                              .samples = kShipperSamples};

// ---- Customer and Supplier (one field list; they differ in the control account) ---------------
constexpr std::string_view kBranchTypes[] = {"B", "D"};  // billing, delivery
constexpr std::string_view kPartyStatus[] = {"A", "I", "S", "P", "N"};

constexpr auto party_fields(std::string_view code_example, std::string_view control_account,
                            std::string_view company_example) {
  return std::to_array<FieldSpec>({
      code(10, code_example),
      {.name = "controlaccount",
       .width = 10,
       .references = "account",
       .default_value = control_account,
       .example = control_account,
       .doc = "GL control account (debtor / creditor control); no document line may post to it",
       .indexed = true},  // posting looks up whether an account is one (documents.h)
      text("companyname", 100, company_example, true),
      text("companyname2", 100),
      {.name = "companycategory", .width = 20, .default_value = "----"},
      {.name = "area", .width = 10, .references = "area", .default_value = "----", .example = "KL"},
      {.name = "agent",
       .width = 10,
       .references = "agent",
       .default_value = "----",
       .example = "ALI"},
      text("biznature", 100),
      {.name = "creditterm",
       .width = 10,
       .references = "terms",
       .example = "30 Days",
       .doc = "Credit terms code"},
      {.name = "creditlimit",
       .type = Decimal,
       .scale = 2,
       .default_value = "30000",
       .example = "50000.00"},
      {.name = "overduelimit", .type = Decimal, .scale = 2, .default_value = "0"},
      {.name = "statementtype", .width = 1, .default_value = "O"},
      {.name = "currencycode",
       .width = 10,
       .references = "currency",
       .default_value = "----",
       .example = "----"},
      {.name = "outstanding",
       .type = Decimal,
       .scale = 2,
       .read_only = true,
       .doc = "Outstanding balance (read-only; 0.00 until documents exist)"},
      {.name = "allowexceedcreditlimit", .type = Bool, .default_value = "false"},
      {.name = "addpdctocrlimit", .type = Bool, .default_value = "false"},
      {.name = "agingon", .width = 1, .default_value = "I"},
      text("pricetag", 20),
      {.name = "creationdate", .type = Date},
      {.name = "taxexpdate", .type = Date},
      {.name = "tax", .width = 10, .references = "tax", .doc = "Default tax code"},
      text("taxexemptno", 50),
      text("brn", 30, "202401012345"),
      text("brn2", 30),
      text("gstno", 25),
      text("salestaxno", 25),
      text("servicetaxno", 25),
      text("tin", 14, "C12345678901"),
      {.name = "idtype", .type = Int, .default_value = "0"},
      text("idno", 20),
      text("tourismno", 20),
      text("sic", 10),
      {.name = "submissiontype", .type = Int, .default_value = "0"},
      text("irbm_classification", 3),
      text("inforequest_uuid", 50),
      text("peppolid", 50),
      text("businessunit", 50),
      text("taxarea", 50),
      text("attachments", 0),
      text("remark", 200, "Created by Postman"),
      text("note", 0),
      {.name = "status",
       .width = 1,
       .default_value = "A",
       .example = "A",
       .choices = kPartyStatus,
       .doc = "A active, I inactive, S suspended, P prospect, N pending"},
      kLastModified,
  });
}

constexpr FieldSpec kBranchFields[] = {
    {.name = "branchtype",
     .width = 1,
     .default_value = "B",
     .example = "B",
     .choices = kBranchTypes,
     .doc = "B billing, D delivery"},
    text("branchname", 100, "BILLING"),
    text("address1", 60, "No. 1, Jalan Postman"),
    text("address2", 60, "Taman Ujian"),
    text("address3", 60),
    text("address4", 60),
    text("postcode", 10, "47300"),
    text("city", 50, "Petaling Jaya"),
    text("state", 50, "Selangor"),
    text("country", 50, "MY"),
    text("geocoordinate", 50),
    text("attention", 70, "Accounts Department"),
    text("phone1", 200, "03-7800 1111"),
    text("phone2", 200),
    text("mobile", 200),
    text("fax1", 200),
    text("fax2", 200),
    text("email", 200, "accounts@example.com"),
};
constexpr FieldSpec kCreditControlFields[] = {
    text("doctype", 10),
    {.name = "controltype", .type = Int, .default_value = "0"},
    text("suspendmsg", 200),
};
constexpr FieldSpec kBankAccFields[] = {
    text("bank", 50), text("accno", 50), text("accname", 100), text("idtype", 10),
    text("id", 50),   kIsActive,         text("giro", 0),      text("ref", 50),
};
constexpr FieldSpec kTariffFields[] = {
    text("tariff", 20),
    {.name = "tax", .width = 10, .references = "tax"},
    {.name = "rowver", .type = Int, .default_value = "0"},
};
// Stored in <table>_<name>: customer_sdsbranch, supplier_sdsbranch, ...
constexpr DatasetSpec kPartyDatasets[] = {
    {.name = "sdsbranch", .fields = kBranchFields, .doc = "Billing and delivery addresses"},
    {.name = "sdscreditcontrol", .fields = kCreditControlFields},
    {.name = "sdsbankacc", .fields = kBankAccFields},
    {.name = "sdstariff", .fields = kTariffFields},
};

constexpr auto kCustomerFields = party_fields("PM-CUST", "300-000", "POSTMAN CUSTOMER SDN BHD");
// Sample customers (control account 300-000), each with a billing branch.
constexpr std::string_view kCustomerSamples[] = {
    R"j({"code":"300-A0001","companyname":"ABC TRADING SDN BHD","area":"KL","agent":"ALI","creditterm":"30 Days","creditlimit":"50000","brn":"201901000001","tin":"C20000000010","sdsbranch":[{"branchtype":"B","branchname":"BILLING","address1":"NO. 12, JALAN AMPANG","city":"KUALA LUMPUR","postcode":"50450","state":"WILAYAH PERSEKUTUAN","country":"MY","attention":"MS. WONG","phone1":"03-2161 0001","email":"accounts@abctrading.example"}]})j",
    R"j({"code":"300-B0001","companyname":"BESTMART ENTERPRISE","area":"PJ","agent":"LIM","creditterm":"60 Days","sdsbranch":[{"branchtype":"B","branchname":"BILLING","address1":"23, JALAN SS 15/4","city":"SUBANG JAYA","postcode":"47500","state":"SELANGOR","country":"MY","phone1":"03-5631 2222"},{"branchtype":"D","branchname":"DELIVERY","address1":"LOT 5, JALAN PERMATA 2","city":"KLANG","postcode":"41050","state":"SELANGOR","country":"MY"}]})j",
    R"j({"code":"300-C0001","companyname":"CASH CUSTOMER","creditterm":"C.O.D.","creditlimit":"0","sdsbranch":[{"branchtype":"B","branchname":"BILLING","country":"MY"}]})j",
};
constexpr ObjectSpec kCustomer{.resource = "customer",
                               .title = "Customer",
                               .table = "customer",
                               .fields = kCustomerFields,
                               .datasets = kPartyDatasets,
                               .doc = "Customers (debtors) with branches",
                               .samples = kCustomerSamples};
constexpr auto kSupplierFields = party_fields("PM-SUPP", "400-000", "POSTMAN SUPPLIER SDN BHD");
// Sample suppliers (control account 400-000).
constexpr std::string_view kSupplierSamples[] = {
    R"j({"code":"400-A0001","companyname":"ALPHA SUPPLIES SDN BHD","area":"PG","creditterm":"30 Days","sdsbranch":[{"branchtype":"B","branchname":"BILLING","address1":"88, LEBUH PANTAI","city":"GEORGE TOWN","postcode":"10300","state":"PULAU PINANG","country":"MY","phone1":"04-261 3333"}]})j",
    R"j({"code":"400-B0001","companyname":"BINTANG IMPORT EXPORT","area":"JB","creditterm":"60 Days","currencycode":"USD","sdsbranch":[{"branchtype":"B","branchname":"BILLING","address1":"12, JALAN WONG AH FOOK","city":"JOHOR BAHRU","postcode":"80000","state":"JOHOR","country":"MY"}]})j",
};
constexpr ObjectSpec kSupplier{.resource = "supplier",
                               .title = "Supplier",
                               .table = "supplier",
                               .fields = kSupplierFields,
                               .datasets = kPartyDatasets,
                               .doc = "Suppliers (creditors) with branches",
                               .samples = kSupplierSamples};

// ---- Stock item (keyed by DOCKEY in the original; the code works in the path too) -------------
// Prices and costs have 2 decimals (refcost, refprice); quantities and UOM rates 4.
constexpr FieldSpec kStockItemFields[] = {
    {.name = "dockey",
     .type = Int,
     .read_only = true,
     .doc = "Internal integer key; usable in the path instead of the code"},
    code(30, "PM-ITEM"),
    text("description", 200, "Postman Widget"),
    text("description2", 200),
    {.name = "stockgroup",
     .width = 20,
     .references = "stockgroup",
     .default_value = "DEFAULT",
     .example = "DEFAULT"},
    {.name = "stockcontrol", .type = Bool, .default_value = "true", .example = "true"},
    {.name = "costingmethod", .type = Int, .default_value = "1", .example = "1"},
    {.name = "serialnumber", .type = Bool, .default_value = "false"},
    text("remark1", 200),
    text("remark2", 200),
    {.name = "minqty", .type = Decimal, .scale = 4, .default_value = "0"},
    {.name = "maxqty", .type = Decimal, .scale = 4, .default_value = "0"},
    {.name = "reorderlevel", .type = Decimal, .scale = 4, .default_value = "0", .example = "10"},
    {.name = "reorderqty", .type = Decimal, .scale = 4, .default_value = "0", .example = "50"},
    text("shelf", 20),
    text("itemtype", 1),
    {.name = "leadtime", .type = Int, .default_value = "0"},
    {.name = "uom",
     .width = 10,
     .default_value = "UNIT",
     .doc = "Base UOM; without sdsuom on create, the one base sdsuom row is made from it"},
    {.name = "sltax", .width = 10, .references = "tax", .doc = "Sales tax code"},
    {.name = "phtax", .width = 10, .references = "tax", .doc = "Purchase tax code"},
    text("tariff", 20),
    text("irbm_classification", 3, "022"),
    text("barcode", 60, "9555000000017"),
    {.name = "refcost", .type = Decimal, .scale = 2, .default_value = "0", .example = "10.00"},
    {.name = "refprice", .type = Decimal, .scale = 2, .default_value = "0", .example = "15.90"},
    kIsActive,
    {.name = "balsqty",
     .type = Decimal,
     .scale = 4,
     .read_only = true,
     .doc = "Balance quantity (read-only; 0 until stock documents exist)"},
    kLastModified,
};
constexpr FieldSpec kUomFields[] = {
    {.name = "uom", .width = 10, .required = true, .example = "UNIT"},
    {.name = "rate",
     .type = Decimal,
     .scale = 4,
     .default_value = "1",
     .example = "1",
     .doc = "Base units in one of this UOM; > 0, 1 for the base row"},
    {.name = "refcost", .type = Decimal, .scale = 2, .default_value = "0", .example = "10.00"},
    {.name = "refprice", .type = Decimal, .scale = 2, .default_value = "0", .example = "15.90"},
    {.name = "isbase", .type = Bool, .default_value = "false", .example = "true"},
};
constexpr DatasetSpec kStockItemDatasets[] = {
    {.name = "sdsuom", .fields = kUomFields, .doc = "Units of measure; exactly one base row"},
};

// The names stock_item_rules uses (ObjectSpec::hook_names), in the order of StockItemName.
constexpr std::string_view kStockItemHookNames[] = {
    "uom",         "refcost",       "refprice",       "sdsuom",         "sdsuom.uom",
    "sdsuom.rate", "sdsuom.isbase", "sdsuom.refcost", "sdsuom.refprice"};
enum StockItemName : std::size_t {
  kUom,
  kRefCost,
  kRefPrice,
  kSdsUom,
  kUnitUom,
  kUnitRate,
  kUnitIsBase,
  kUnitRefCost,
  kUnitRefPrice,
  kStockItemNameCount
};
static_assert(std::size(kStockItemHookNames) == kStockItemNameCount);

// The UOM rules: every rate > 0, UOMs unique, exactly one base row with rate 1 (the master's
// `uom` follows it); a create without sdsuom gets one base row from `uom`.
void stock_item_rules(RecordEdit& e) {
  const std::size_t uom = e.hook_index(kUom);
  const std::size_t ds = e.hook_index(kSdsUom);
  const DatasetInfo& d = e.info.datasets[ds];
  DatasetEdit& rows = e.datasets[ds];
  const std::size_t f_uom = e.hook_index(kUnitUom);
  const std::size_t f_rate = e.hook_index(kUnitRate);
  const std::size_t f_base = e.hook_index(kUnitIsBase);
  const std::int64_t one = 10000;  // rate 1 at scale 4
  if (!rows.given) {
    if (e.creating) {
      if (e.row[uom].s.empty())
        throw validation_error("uom", "Field 'uom' is required when sdsuom is not given");
      DatasetRowEdit r;
      r.cells = d.defaults;
      r.given.assign(d.field_count(), true);
      r.seq = 1;
      r.cells[f_uom].s = e.row[uom].s;
      r.cells[f_rate].i = one;
      r.cells[f_base].i = 1;
      r.cells[e.hook_index(kUnitRefCost)].i = e.row[e.hook_index(kRefCost)].i;
      r.cells[e.hook_index(kUnitRefPrice)].i = e.row[e.hook_index(kRefPrice)].i;
      rows.given = true;
      rows.rows.push_back(std::move(r));
    } else if (e.given[uom] && !iequals(e.row[uom].s, e.stored->at(uom).s)) {
      throw validation_error("uom",
                             "Field 'uom' (the base UOM) changes through the base row of sdsuom");
    } else {
      e.row[uom].s = e.stored->at(uom).s;
    }
    return;
  }
  if (rows.rows.empty())
    throw validation_error("sdsuom", "Field 'sdsuom' needs exactly one row with isbase true");
  int base = -1;
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    const Row& r = rows.rows[i].cells;
    if (r[f_rate].i <= 0)
      throw validation_error(fmt::format("sdsuom[{}].rate", i),
                             fmt::format("Field 'sdsuom[{}].rate' must be greater than 0", i));
    for (std::size_t j = 0; j < i; ++j)
      if (iequals(rows.rows[j].cells[f_uom].s, r[f_uom].s))
        throw validation_error(
            fmt::format("sdsuom[{}].uom", i),
            fmt::format("Field 'sdsuom[{}].uom': UOM '{}' appears twice", i, r[f_uom].s));
    if (!r[f_base].i) continue;
    if (base >= 0)
      throw validation_error(
          fmt::format("sdsuom[{}].isbase", i),
          fmt::format("Field 'sdsuom[{}].isbase': only one row can be the base UOM", i));
    base = static_cast<int>(i);
    if (r[f_rate].i != one)
      throw validation_error(fmt::format("sdsuom[{}].rate", i),
                             fmt::format("Field 'sdsuom[{}].rate' must be 1 on the base row", i));
  }
  if (base < 0)
    throw validation_error("sdsuom", "Field 'sdsuom' needs exactly one row with isbase true");
  e.row[uom].s = rows.rows[static_cast<std::size_t>(base)].cells[f_uom].s;
}

// Sample stock items, the last one a service (not stock-controlled).
constexpr std::string_view kStockItemSamples[] = {
    R"j({"code":"ANT","description":"ANTENNA","stockgroup":"DEFAULT","sltax":"ST-10","refcost":"20.00","refprice":"35.00","sdsuom":[{"uom":"UNIT","rate":"1","refcost":"20.00","refprice":"35.00","isbase":true},{"uom":"BOX","rate":"10","refcost":"200.00","refprice":"330.00"}]})j",
    R"j({"code":"BOX","description":"CARTON BOX","stockgroup":"DEFAULT","sltax":"ST-5","uom":"PCS","refcost":"1.20","refprice":"2.50"})j",
    R"j({"code":"CABLE","description":"COAXIAL CABLE","stockgroup":"DEFAULT","sltax":"ST-10","uom":"METER","refcost":"0.80","refprice":"1.50","reorderlevel":"100"})j",
    R"j({"code":"INSTALL","description":"INSTALLATION SERVICE","stockgroup":"SERVICE","stockcontrol":false,"itemtype":"S","sltax":"SV-8","uom":"JOB","refprice":"150.00"})j",
};
constexpr ObjectSpec kStockItem{.resource = "stockitem",
                                .title = "Stock Item",
                                .table = "stockitem",
                                .key_kind = KeyKind::AutoKey,
                                .fields = kStockItemFields,
                                .datasets = kStockItemDatasets,
                                .doc = "Stock items with their units of measure",
                                .hook = stock_item_rules,
                                .hook_names = kStockItemHookNames,
                                .samples = kStockItemSamples};

constexpr const ObjectSpec* kMasters[] = {
    &kAgent,   &kArea, &kTerms,   &kCurrency, &kProject,  &kLocation, &kStockGroup,
    &kAccount, &kTax,  &kShipper, &kCustomer, &kSupplier, &kStockItem};

}  // namespace

namespace objects {
std::span<const ObjectSpec* const> masters() { return kMasters; }
}  // namespace objects

}  // namespace sqlacc::bizobject
