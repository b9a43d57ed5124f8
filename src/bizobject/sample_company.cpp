// The sample company of `sqlacc init --sample`: a small Malaysian trading company shaped like the
// one SQL Account ships. Loaded through Engine::create, so it obeys exactly the rules clients do.
//
// Tax codes follow Malaysian SST as SQL Account names them: ST-10 / ST-5 sales tax 10% / 5%,
// SV-8 / SV-6 service tax 8% / 6%, ST-E exempt (0%); all post to 420-000 SST PAYABLE.
// `----` is the placeholder code ("none/default") for agent, area, currency (the base currency,
// MYR), project and location, as in SQL Account.
#include <optional>
#include <stdexcept>
#include <string_view>

#include "bizobject/engine.h"

namespace sqlacc::bizobject {
namespace {

struct SampleRecord {
  std::string_view resource;
  std::string_view json;
};

// Parents before children, accounts before what references them.
constexpr SampleRecord kSample[] = {
    // ---- Chart of accounts
    {"account", R"j({"code":"100-000","description":"CAPITAL","acctype":"CP"})j"},
    {"account", R"j({"code":"150-000","description":"RETAINED EARNINGS","acctype":"RE"})j"},
    {"account", R"j({"code":"200-000","description":"FIXED ASSETS","acctype":"FA"})j"},
    {"account",
     R"j({"code":"200-100","parent":"200-000","description":"OFFICE EQUIPMENT","acctype":"FA"})j"},
    {"account",
     R"j({"code":"200-105","parent":"200-000","description":"ACCUM. DEPRN. - OFFICE EQUIPMENT","acctype":"FA","specialacctype":"AD"})j"},
    {"account",
     R"j({"code":"200-200","parent":"200-000","description":"MOTOR VEHICLES","acctype":"FA"})j"},
    {"account",
     R"j({"code":"200-205","parent":"200-000","description":"ACCUM. DEPRN. - MOTOR VEHICLES","acctype":"FA","specialacctype":"AD"})j"},
    {"account",
     R"j({"code":"300-000","description":"TRADE DEBTORS","acctype":"CA","specialacctype":"DC"})j"},
    {"account",
     R"j({"code":"310-000","description":"CASH IN HAND","acctype":"CA","specialacctype":"CH"})j"},
    {"account", R"j({"code":"320-000","description":"CASH AT BANK","acctype":"CA"})j"},
    {"account",
     R"j({"code":"320-001","parent":"320-000","description":"MAYBANK","acctype":"CA","specialacctype":"BA"})j"},
    {"account",
     R"j({"code":"320-002","parent":"320-000","description":"PUBLIC BANK","acctype":"CA","specialacctype":"BA"})j"},
    {"account",
     R"j({"code":"330-000","description":"STOCK","acctype":"CA","specialacctype":"BS"})j"},
    {"account", R"j({"code":"340-000","description":"SST RECEIVABLE","acctype":"CA"})j"},
    {"account",
     R"j({"code":"400-000","description":"TRADE CREDITORS","acctype":"CL","specialacctype":"CC"})j"},
    {"account", R"j({"code":"410-000","description":"ACCRUALS","acctype":"CL"})j"},
    {"account", R"j({"code":"420-000","description":"SST PAYABLE","acctype":"CL"})j"},
    {"account", R"j({"code":"500-000","description":"SALES","acctype":"SA"})j"},
    {"account", R"j({"code":"510-000","description":"SALES RETURNS","acctype":"SL"})j"},
    {"account", R"j({"code":"520-000","description":"CASH SALES","acctype":"SA"})j"},
    {"account",
     R"j({"code":"530-000","description":"REALISED GAIN ON FOREIGN EXCHANGE","acctype":"OI"})j"},
    {"account", R"j({"code":"600-000","description":"COST OF GOODS SOLD","acctype":"CO"})j"},
    {"account",
     R"j({"code":"610-000","parent":"600-000","description":"PURCHASES","acctype":"CO"})j"},
    {"account",
     R"j({"code":"620-000","parent":"600-000","description":"PURCHASE RETURNS","acctype":"CO"})j"},
    {"account", R"j({"code":"900-000","description":"EXPENSES","acctype":"EP"})j"},
    {"account",
     R"j({"code":"900-001","parent":"900-000","description":"SALARIES","acctype":"EP"})j"},
    {"account", R"j({"code":"900-002","parent":"900-000","description":"RENTAL","acctype":"EP"})j"},
    {"account",
     R"j({"code":"900-003","parent":"900-000","description":"UTILITIES","acctype":"EP"})j"},
    {"account",
     R"j({"code":"900-004","parent":"900-000","description":"DEPRECIATION","acctype":"EP"})j"},
    {"account",
     R"j({"code":"900-005","parent":"900-000","description":"BANK CHARGES","acctype":"EP"})j"},
    {"account",
     R"j({"code":"950-000","description":"REALISED LOSS ON FOREIGN EXCHANGE","acctype":"EP"})j"},
    // ---- SST tax codes
    {"tax",
     R"j({"code":"ST-10","description":"SALES TAX 10%","taxtype":1,"taxrate":"10","taxaccount":"420-000","outputtax":true})j"},
    {"tax",
     R"j({"code":"ST-5","description":"SALES TAX 5%","taxtype":1,"taxrate":"5","taxaccount":"420-000","outputtax":true})j"},
    {"tax",
     R"j({"code":"ST-E","description":"SALES TAX EXEMPTED","taxtype":1,"taxrate":"0","taxaccount":"420-000","outputtax":true})j"},
    {"tax",
     R"j({"code":"SV-8","description":"SERVICE TAX 8%","taxtype":2,"taxrate":"8","taxaccount":"420-000","outputtax":true})j"},
    {"tax",
     R"j({"code":"SV-6","description":"SERVICE TAX 6%","taxtype":2,"taxrate":"6","taxaccount":"420-000","outputtax":true})j"},
    // ---- Terms
    {"terms", R"j({"code":"C.O.D.","description":"CASH ON DELIVERY","termtype":"A","termday":0})j"},
    {"terms", R"j({"code":"30 Days","description":"30 DAYS","termtype":"A","termday":30})j"},
    {"terms", R"j({"code":"60 Days","description":"60 DAYS","termtype":"A","termday":60})j"},
    {"terms", R"j({"code":"90 Days","description":"90 DAYS","termtype":"A","termday":90})j"},
    // ---- Areas and agents
    {"area", R"j({"code":"----","description":"----"})j"},
    {"area", R"j({"code":"KL","description":"KUALA LUMPUR"})j"},
    {"area", R"j({"code":"PJ","description":"PETALING JAYA"})j"},
    {"area", R"j({"code":"PG","description":"PENANG"})j"},
    {"area", R"j({"code":"JB","description":"JOHOR BAHRU"})j"},
    {"agent", R"j({"code":"----","description":"----"})j"},
    {"agent", R"j({"code":"ALI","description":"ALI BIN ABU"})j"},
    {"agent", R"j({"code":"LIM","description":"LIM AH KOW"})j"},
    {"agent", R"j({"code":"KUMAR","description":"KUMAR A/L MUTHU"})j"},
    {"agent", R"j({"code":"SITI","description":"SITI AMINAH"})j"},
    // ---- Currencies: ---- is the base currency (MYR)
    {"currency",
     R"j({"code":"----","description":"RINGGIT MALAYSIA","symbol":"RM","isocode":"MYR","buyingrate":"1","sellingrate":"1"})j"},
    {"currency",
     R"j({"code":"USD","description":"US DOLLAR","symbol":"US$","isocode":"USD","buyingrate":"4.45","sellingrate":"4.50","fcgainaccount":"530-000","fclossaccount":"950-000"})j"},
    {"currency",
     R"j({"code":"SGD","description":"SINGAPORE DOLLAR","symbol":"S$","isocode":"SGD","buyingrate":"3.30","sellingrate":"3.35","fcgainaccount":"530-000","fclossaccount":"950-000"})j"},
    // ---- Projects
    {"project", R"j({"code":"----","description":"----"})j"},
    {"project",
     R"j({"code":"RENO-KL","description":"KL SHOWROOM RENOVATION","projectvalue":"250000.00","projectcost":"180000.00"})j"},
    {"project",
     R"j({"code":"EXPO-2025","description":"TRADE EXPO 2025","projectvalue":"40000.00"})j"},
    // ---- Locations
    {"location",
     R"j({"code":"----","description":"MAIN LOCATION","address1":"NO. 1, JALAN SS 2/1","city":"PETALING JAYA","postcode":"47300","state":"SELANGOR","country":"MY"})j"},
    {"location",
     R"j({"code":"KL","description":"KUALA LUMPUR WAREHOUSE","address1":"LOT 8, JALAN KUCHAI LAMA","city":"KUALA LUMPUR","postcode":"58200","state":"WILAYAH PERSEKUTUAN","country":"MY","attention":"MR. TAN"})j"},
    // ---- Stock groups
    {"stockgroup",
     R"j({"code":"DEFAULT","description":"DEFAULT","sales":"500-000","salesreturned":"510-000","cashsales":"520-000","purchase":"610-000","cashpurchase":"610-000","purchasereturned":"620-000","balancestock":"330-000","costingmethod":1})j"},
    {"stockgroup",
     R"j({"code":"SERVICE","description":"SERVICES (NON-STOCK)","sales":"500-000","salesreturned":"510-000","cashsales":"520-000","purchase":"610-000","cashpurchase":"610-000","purchasereturned":"620-000","costingmethod":0})j"},
    // ---- Customers (control account 300-000) with a billing branch
    {"customer",
     R"j({"code":"300-A0001","companyname":"ABC TRADING SDN BHD","area":"KL","agent":"ALI","creditterm":"30 Days","creditlimit":"50000","brn":"201901000001","tin":"C20000000010","sdsbranch":[{"branchtype":"B","branchname":"BILLING","address1":"NO. 12, JALAN AMPANG","city":"KUALA LUMPUR","postcode":"50450","state":"WILAYAH PERSEKUTUAN","country":"MY","attention":"MS. WONG","phone1":"03-2161 0001","email":"accounts@abctrading.example"}]})j"},
    {"customer",
     R"j({"code":"300-B0001","companyname":"BESTMART ENTERPRISE","area":"PJ","agent":"LIM","creditterm":"60 Days","sdsbranch":[{"branchtype":"B","branchname":"BILLING","address1":"23, JALAN SS 15/4","city":"SUBANG JAYA","postcode":"47500","state":"SELANGOR","country":"MY","phone1":"03-5631 2222"},{"branchtype":"D","branchname":"DELIVERY","address1":"LOT 5, JALAN PERMATA 2","city":"KLANG","postcode":"41050","state":"SELANGOR","country":"MY"}]})j"},
    {"customer",
     R"j({"code":"300-C0001","companyname":"CASH CUSTOMER","creditterm":"C.O.D.","creditlimit":"0","sdsbranch":[{"branchtype":"B","branchname":"BILLING","country":"MY"}]})j"},
    // ---- Suppliers (control account 400-000)
    {"supplier",
     R"j({"code":"400-A0001","companyname":"ALPHA SUPPLIES SDN BHD","area":"PG","creditterm":"30 Days","sdsbranch":[{"branchtype":"B","branchname":"BILLING","address1":"88, LEBUH PANTAI","city":"GEORGE TOWN","postcode":"10300","state":"PULAU PINANG","country":"MY","phone1":"04-261 3333"}]})j"},
    {"supplier",
     R"j({"code":"400-B0001","companyname":"BINTANG IMPORT EXPORT","area":"JB","creditterm":"60 Days","currencycode":"USD","sdsbranch":[{"branchtype":"B","branchname":"BILLING","address1":"12, JALAN WONG AH FOOK","city":"JOHOR BAHRU","postcode":"80000","state":"JOHOR","country":"MY"}]})j"},
    // ---- Stock items (the last one a service, not stock-controlled)
    {"stockitem",
     R"j({"code":"ANT","description":"ANTENNA","stockgroup":"DEFAULT","sltax":"ST-10","refcost":"20.00","refprice":"35.00","sdsuom":[{"uom":"UNIT","rate":"1","refcost":"20.00","refprice":"35.00","isbase":true},{"uom":"BOX","rate":"10","refcost":"200.00","refprice":"330.00"}]})j"},
    {"stockitem",
     R"j({"code":"BOX","description":"CARTON BOX","stockgroup":"DEFAULT","sltax":"ST-5","uom":"PCS","refcost":"1.20","refprice":"2.50"})j"},
    {"stockitem",
     R"j({"code":"CABLE","description":"COAXIAL CABLE","stockgroup":"DEFAULT","sltax":"ST-10","uom":"METER","refcost":"0.80","refprice":"1.50","reorderlevel":"100"})j"},
    {"stockitem",
     R"j({"code":"INSTALL","description":"INSTALLATION SERVICE","stockgroup":"SERVICE","stockcontrol":false,"itemtype":"S","sltax":"SV-8","uom":"JOB","refprice":"150.00"})j"},
};

}  // namespace

void load_sample_company(const Engine& engine, store::Connection& conn, std::int64_t now) {
  store::WriteScope scope(conn);
  for (const SampleRecord& r : kSample) {
    const ObjectSpec* spec = engine.find(r.resource);
    if (!spec) throw std::logic_error("sample company: unknown resource");
    engine.create(conn, *spec, r.json, now);
  }
  scope.commit();
}

}  // namespace sqlacc::bizobject
