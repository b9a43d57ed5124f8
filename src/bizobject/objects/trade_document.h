#pragma once
// The shape sales orders, sales invoices and purchase invoices share (SL_SO, SL_IV, PH_PI): master
// fields, item lines, party defaults, computed amounts, how they post and how they print. Each of
// the three files (salesorder.cpp, salesinvoice.cpp, purchaseinvoice.cpp) picks its party,
// accounts, rules and titles.
#include <array>
#include <span>
#include <string_view>

#include "bizobject/objects/fields.h"
#include "bizobject/print_layout.h"
#include "bizobject/spec.h"

namespace sqlacc::bizobject::objects::trade {

using namespace fields;

// E-invoice timestamps (MyInvois, UTC): ISO 8601 text as the original returns it (e.g.
// "2026-01-15T08:30:00Z"), kept as given: they are set by the e-invoice portal, never computed
// here, and ISO text sorts and compares in time order, so the eiv_utc filter works on the text.
constexpr FieldSpec eiv_time(std::string_view name) {
  return {.name = name, .width = 30, .doc = "UTC timestamp, ISO 8601 text; stored as given"};
}
inline constexpr FieldSpec kEivUtc = [] {
  FieldSpec f = eiv_time("eiv_utc");
  f.indexed = true;  // the original's star query filters on it
  return f;
}();
constexpr auto trade_fields(std::string_view docno_doc, std::string_view party,
                            std::string_view party_example) {
  return std::to_array<FieldSpec>({
      kDocKey,
      docno(docno_doc),
      text("docnoex", 40),
      kDocDate,
      kPostDate,
      {.name = "taxdate", .type = Date},
      kEivUtc,
      eiv_time("eiv_received_utc"),
      eiv_time("eiv_validated_utc"),
      {.name = "code",
       .width = 10,
       .required = true,
       .references = party,
       .example = party_example,
       .doc = "Customer or supplier code; its name and billing address fill the fields left out",
       .indexed = true},
      text("companyname", 100),
      text("address1", 60),
      text("address2", 60),
      text("address3", 60),
      text("address4", 60),
      text("postcode", 10),
      text("city", 50),
      text("state", 50),
      text("country", 50),
      text("phone1", 200),
      text("mobile", 200),
      text("fax1", 200),
      text("attention", 70),
      ref("area", "area", 10, "----"),
      ref("agent", "agent", 10, "----"),
      kProjectRef,
      ref("terms", "terms", 10, {}, "30 Days"),
      text("description", 300, "Postman document"),
      kCurrencyCode,
      kCurrencyRate,
      {.name = "shipper",
       .width = 10,
       .references = "shipper",
       .default_value = "----",
       .doc = "Shipper code; \"----\" (the default) is none",
       .default_is_none = true},
      text("docref1", 40),
      text("docref2", 40),
      text("docref3", 40),
      text("docref4", 40),
      text("tin", 14),
      money("docamt", "Total including tax (computed; a different value sent is a 400)"),
      money("localdocamt", "Total in local currency (computed)"),
      money("d_amount", "Deposit / paid amount shown on the document; stored as given"),
      kCancelled,
      {.name = "status", .type = Int, .default_value = "0"},
      text("validity", 200),
      text("deliveryterm", 200),
      text("cc", 200),
      // Delivery address: the party's delivery branch fills what the body leaves out.
      text("branchname", 100),
      text("daddress1", 60),
      text("daddress2", 60),
      text("daddress3", 60),
      text("daddress4", 60),
      text("dpostcode", 10),
      text("dcity", 50),
      text("dstate", 50),
      text("dcountry", 50),
      text("dattention", 70),
      text("dphone1", 200),
      text("dmobile", 200),
      text("dfax1", 200),
      // Tax registration (the party's fill what the body leaves out) and e-invoice (MyInvois,
      // Peppol) fields: kept and returned as given; sqlacc submits nothing.
      text("taxexemptno", 50),
      text("salestaxno", 25),
      text("servicetaxno", 25),
      {.name = "idtype", .type = Int, .default_value = "0"},
      text("idno", 20),
      text("tourismno", 20),
      text("sic", 10),
      text("incoterms", 10),
      {.name = "submissiontype", .type = Int, .default_value = "0"},
      {.name = "irbm_status", .type = Int, .default_value = "0"},
      text("irbm_internalid", 50),
      text("irbm_uuid", 50),
      text("irbm_longid", 100),
      text("eivrequest_uuid", 50),
      text("peppol_uuid", 50),
      text("peppol_docuuid", 50),
      text("businessunit", 50),
      text("attachments", 0),
      {.name = "transferable", .type = Bool, .default_value = "true"},
      text("note", 0),
      text("approvestate", 20),
      kUpdateCount,
      {.name = "printcount", .type = Int, .default_value = "0"},
      {.name = "docnosetkey",
       .type = Int,
       .default_value = "0",
       .doc = "The SDK's document number set; stored as given (sqlacc numbers by docno_series)"},
      {.name = "im_scan_autokey", .type = Int, .default_value = "0"},
      kLastModified,
      // The SDK's flags a client sends back (the Postman sample does): accepted, then ignored.
      {.name = "changed", .type = Bool, .input_only = true},
      {.name = "nextdocno", .width = 20, .input_only = true},
  });
}
// A row's serial numbers: each unit's serial once.
inline constexpr FieldSpec kSerialNumberItems[] = {
    {.name = "serialnumber", .width = 50, .required = true, .key = true, .example = "SN-0001"},
};
inline constexpr FieldSpec kTradeLines[] = {
    {.name = "styleid", .width = 5},
    {.name = "number", .width = 5},
    ref("itemcode", "stockitem", 30, {}, "ANT"),
    ref("location", "location", 20, "----"),
    text("batch", 30),
    kProjectRef,
    text("description", 200, "Antenna"),
    text("description2", 200),
    text("description3", 0),
    text("permitno", 20),
    {.name = "qty",
     .type = Decimal,
     .scale = 4,
     .default_value = "0",
     .example = "2",
     .doc = "Quantity; on a transferred row 0 or left out takes what is outstanding"},
    {.name = "uom", .width = 10, .doc = "Unit of measure; empty: the item's base UOM"},
    {.name = "rate",
     .type = Decimal,
     .scale = 4,
     .default_value = "1",
     .doc = "Base units in one UOM (computed from the item)"},
    {.name = "sqty", .type = Decimal, .scale = 4, .default_value = "0", .doc = "Stored as given"},
    {.name = "suomqty",
     .type = Decimal,
     .scale = 4,
     .default_value = "0",
     .doc = "Stored as given"},
    {.name = "unitprice", .type = Decimal, .scale = 8, .default_value = "0", .example = "35.00"},
    {.name = "disc", .width = 20, .doc = "Discount: '10%', '5' or '10%+5', applied in turn"},
    ref("tax", "tax", 10, {}, "ST-10"),
    text("tariff", 20),
    text("taxexemptionreason", 300),
    text("irbm_classification", 3),
    {.name = "taxrate", .width = 20, .doc = "The tax code's rate as text, e.g. '10%' (computed)"},
    {.name = "taxinclusive",
     .type = Bool,
     .default_value = "false",
     .doc = "true: unitprice includes the tax"},
    money("taxamt", "Tax, rounded to 2 decimals per line (computed)"),
    money("localtaxamt"),
    text("exempted_taxrate", 20),
    money("exempted_taxamt", "Tax exempted on this line (e-invoice); stored as given"),
    money("taxableamt", "Amount the tax applies to (e-invoice); stored as given"),
    money("amount", "qty x unitprice - discount, excluding tax (computed)"),
    money("localamount"),
    money("amountwithtax"),
    {.name = "account",
     .width = 10,
     .references = "account",
     .doc = "GL account; empty: the item's stock group's, else the default. No control account "
            "(DC, CC or a party's controlaccount)"},
    {.name = "deliverydate", .type = Date},
    {.name = "fromdoctype", .width = 2, .doc = "Transfer: the source document type, e.g. SO"},
    {.name = "fromdockey", .type = Int, .default_value = "0"},
    {.name = "fromdtlkey", .type = Int, .default_value = "0"},
    {.name = "transferable", .type = Bool, .default_value = "true"},
    {.name = "transferredqty",
     .type = Decimal,
     .scale = 4,
     .read_only = true,
     .doc = "Quantity later documents transferred from this row (sqlacc)"},
    text("remark1", 200),
    text("remark2", 200),
    text("companyitemcode", 30),
    money("initialpurchasecost"),
    {.name = "printable", .type = Bool, .default_value = "true"},
    {.name = "sdsserialnumber",
     .type = List,
     .example = R"j([{"serialnumber": "SN-0001"}, {"serialnumber": "SN-0002"}])j",
     .doc = "The units' serial numbers: [{\"serialnumber\": \"...\"}], each once per row",
     .items = kSerialNumberItems},
    // The SDK's flags a client sends back: accepted, then ignored.
    {.name = "dockey", .type = Int, .input_only = true},
    {.name = "changed", .type = Bool, .input_only = true},
};
inline constexpr DatasetSpec kTradeDatasets[] = {
    {.name = "sdsdocdetail", .fields = kTradeLines, .doc = "Item lines"},
};
inline constexpr std::string_view kPartyMasterFields[] = {
    "companyname", "area",           "agent",       "tin",    "currencycode", "terms=creditterm",
    "salestaxno",  "servicetaxno",   "taxexemptno", "idtype", "idno",         "tourismno",
    "sic",         "submissiontype", "businessunit"};
inline constexpr std::string_view kPartyAddressFields[] = {
    "address1", "address2", "address3", "address4", "postcode", "city",
    "state",    "country",  "phone1",   "mobile",   "fax1",     "attention"};
inline constexpr std::string_view kPartyDeliveryFields[] = {
    "branchname",         "daddress1=address1",   "daddress2=address2", "daddress3=address3",
    "daddress4=address4", "dpostcode=postcode",   "dcity=city",         "dstate=state",
    "dcountry=country",   "dattention=attention", "dphone1=phone1",     "dmobile=mobile",
    "dfax1=fax1"};
inline constexpr PartyFillSpec kPartyFill{.fields = kPartyMasterFields,
                                          .address_dataset = "sdsbranch",
                                          .address_fields = kPartyAddressFields,
                                          .delivery_row = "branchtype=D",
                                          .delivery_fields = kPartyDeliveryFields};
inline constexpr std::string_view kSalesItemDefaults[] = {"description", "tax=sltax"};
inline constexpr std::string_view kPurchaseItemDefaults[] = {"description", "tax=phtax"};
constexpr AmountSpec trade_amounts(std::string_view item_account, std::string_view default_account,
                                   std::span<const std::string_view> item_defaults,
                                   std::string_view default_rate) {
  return {.qty = "qty",
          .price = "unitprice",
          .disc = "disc",
          .tax = "tax",
          .taxinclusive = "taxinclusive",
          .taxrate = "taxrate",
          .taxamt = "taxamt",
          .amount = "amount",
          .localamount = "localamount",
          .localtaxamt = "localtaxamt",
          .amountwithtax = "amountwithtax",
          .account = "account",
          .item_account = item_account,
          .default_account = default_account,
          .item = "itemcode",
          .uom = "uom",
          .uom_rate = "rate",
          .item_defaults = item_defaults,
          .currency = "currencycode",
          .party_currency = "code>currencycode",
          .default_rate = default_rate,
          .currencyrate = "currencyrate",
          .docamt = "docamt",
          .localdocamt = "localdocamt"};
}
constexpr PostingSpec trade_posting(std::string_view doctype, ledger::PostingRules rules,
                                    bool credit_party) {
  return {.doctype = doctype,
          .rules = rules,
          .lines = "sdsdocdetail",
          .account = "account",
          .amount = "localamount",
          .tax = "localtaxamt",
          .tax_account = "tax>taxaccount",
          .item = "itemcode",
          .location = "location",
          .qty = "qty",
          .qty_rate = "rate",
          .stock_control = "itemcode>stockcontrol",
          .party = "code",
          .control_account = "code>controlaccount",
          .doc_amount = "localdocamt",
          .party_balance = "outstanding",
          .item_balance = "balsqty",
          .credit_party = credit_party};
}

// Sales orders and invoices compute alike: sales accounts, the item's sales tax, selling rates.
inline constexpr AmountSpec kSalesAmounts = trade_amounts(
    "itemcode>stockgroup>sales", "500-000", kSalesItemDefaults, "currencycode>sellingrate");
// Purchase documents compute alike: purchase accounts, the item's purchase tax, buying rates.
inline constexpr AmountSpec kPurchaseAmounts = trade_amounts(
    "itemcode>stockgroup>purchase", "610-000", kPurchaseItemDefaults, "currencycode>buyingrate");

// The party's control account debited with the total, the lines' accounts and tax credited: the
// customer owes more (invoice, debit note).
inline constexpr ledger::GlRule kControlDebitedGl[] = {
    {Dr, ControlAccount, DocTotalInclTax, Document},
    {Cr, LineAccount, LineAmount, PerLine},
    {Cr, LineTaxAccount, LineTax, PerLine},
};
// The lines' accounts and tax debited, the party's control account credited with the total: we
// owe the supplier more (purchase invoice, purchase debit note), or the customer less (credit
// note).
inline constexpr ledger::GlRule kControlCreditedGl[] = {
    {Dr, LineAccount, LineAmount, PerLine},
    {Dr, LineTaxAccount, LineTax, PerLine},
    {Cr, ControlAccount, DocTotalInclTax, Document},
};
inline constexpr ledger::StockRule kStockOut[] = {{Out, LineLocation}};
inline constexpr ledger::StockRule kStockIn[] = {{In, LineLocation}};

// ---- Printed form ----
using F = PrintFormat;
using R = TotalRule;
inline constexpr InfoSpec kTradeInfo[] = {
    {"No.", "docno"},   {"Date", "docdate", F::Date}, {"Account", "code"},
    {"Terms", "terms"}, {"Agent", "agent"},           {"Currency", "currencycode", F::Currency},
};
inline constexpr ColumnSpec kTradeColumns[] = {
    {"#", "No.", false, 0.45},
    {"itemcode", "Item Code", false, 1.15},
    {"description", "Description", false, 3.0},
    {"qty", "Qty", true, 0.75, F::Quantity},
    {"uom", "UOM", false, 0.65},
    {"unitprice", "Unit Price", true, 1.0, F::Price},
    {"disc", "Disc", true, 0.7, F::Amount},
    {"tax", "Tax", false, 0.75},
    {"taxamt", "Tax Amt", true, 0.9, F::Amount},
    {"amount", "Amount", true, 1.1, F::Amount},
};
inline constexpr TotalSpec kTradeTotals[] = {
    {"Subtotal", R::DetailSum, "amount"},
    {"SST", R::DetailSum, "taxamt"},
    {"Total ({cur})", R::Grand, "docamt"},
};

constexpr PrintLayout layout(std::string_view title, std::string_view party_heading) {
  return {title,         party_heading, kTradeInfo, "sdsdocdetail",
          kTradeColumns, kTradeTotals,  true,       true};
}

}  // namespace sqlacc::bizobject::objects::trade
