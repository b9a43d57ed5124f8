// The documents, as data: journal entry, sales order, sales invoice, purchase invoice, customer
// payment, payment voucher, stock received, stock transfer. How each computes, posts and
// transfers is in its AmountSpec / PostingSpec / transfer_from (spec.h); the code that runs them is
// generic (documents.cpp). Field names and widths follow the original (sqlacc-api.md §7.4-§7.8);
// examples must pass validation against the sample company (sample_company.cpp).
#include <fmt/format.h>

#include <array>

#include "bizobject/field_helpers.h"
#include "bizobject/object_info.h"
#include "bizobject/problem.h"
#include "bizobject/spec.h"
#include "bizobject/text.h"

namespace sqlacc::bizobject {
namespace {

using namespace fields;

// ---- Fields every document has --------------------------------------------------------------
constexpr FieldSpec kDocKey{
    .name = "dockey",
    .type = Int,
    .read_only = true,
    .doc = "Internal integer key; usable in the path instead of the document number"};
constexpr FieldSpec docno(std::string_view prefix_doc) {
  return {.name = "docno", .width = 20, .key = true, .doc = prefix_doc};
}
constexpr FieldSpec kDocDate{
    .name = "docdate", .type = Date, .required = true, .example = "2026-01-15", .indexed = true};
constexpr FieldSpec kPostDate{.name = "postdate",
                              .type = Date,
                              .doc = "Posting date; empty: the document date",
                              .indexed = true};
constexpr FieldSpec kCurrencyCode{
    .name = "currencycode", .width = 6, .references = "currency", .default_value = "----"};
constexpr FieldSpec kCurrencyRate{.name = "currencyrate",
                                  .type = Decimal,
                                  .scale = 8,
                                  .default_value = "1",
                                  .doc = "Local currency per unit of the document currency"};
constexpr FieldSpec kCancelled{.name = "cancelled",
                               .type = Bool,
                               .default_value = "false",
                               .doc = "true: the document stays but its postings are reversed"};
constexpr FieldSpec kUpdateCount{
    .name = "updatecount",
    .type = Int,
    .default_value = "0",
    .doc = "Optimistic lock: 0 on create; an update must send the stored value + 1"};
constexpr FieldSpec money(std::string_view name, std::string_view doc = {},
                          std::string_view example = {}) {
  return {.name = name,
          .type = Decimal,
          .scale = 2,
          .default_value = "0",
          .example = example,
          .doc = doc};
}
constexpr FieldSpec ref(std::string_view name, std::string_view resource, int width,
                        std::string_view default_value = {}, std::string_view example = {}) {
  return {.name = name,
          .width = width,
          .references = resource,
          .default_value = default_value,
          .example = example};
}
constexpr FieldSpec kProject = ref("project", "project", 20, "----");
constexpr std::string_view kJournals[] = {"GENERAL", "BANK", "CASH"};

// ---- Journal Entry (GL_JE) -------------------------------------------------------------------
constexpr FieldSpec kJournalEntryFields[] = {
    kDocKey,
    docno("JV-"),
    kDocDate,
    kPostDate,
    text("description", 200, "Postman Journal"),
    {.name = "journal",
     .width = 10,
     .default_value = "GENERAL",
     .example = "GENERAL",
     .choices = kJournals},
    kCurrencyCode,
    kCurrencyRate,
    kCancelled,
    kUpdateCount,
    kLastModified,
};
constexpr FieldSpec kJournalEntryLines[] = {
    {.name = "code", .width = 10, .required = true, .references = "account", .example = "900-002"},
    text("description", 200),
    {.name = "project", .width = 20, .references = "project", .default_value = "----"},
    {.name = "dr", .type = Decimal, .scale = 2, .default_value = "0"},
    {.name = "cr", .type = Decimal, .scale = 2, .default_value = "0"},
};
constexpr DatasetSpec kJournalEntryDatasets[] = {
    {.name = "sdsdocdetail",
     .fields = kJournalEntryLines,
     .doc = "Journal lines: exactly one of dr/cr non-zero per row; total dr = total cr",
     .example = R"([{"dtlkey":-1,"code":"900-002","description":"Rental","dr":"100.00","cr":"0"},)"
                R"({"dtlkey":-1,"code":"320-000","description":"Rental","dr":"0","cr":"100.00"}])"},
};
constexpr PostingSpec kJournalEntryPosting{
    .doctype = "JE", .lines = "sdsdocdetail", .dr = "dr", .cr = "cr"};
constexpr ObjectSpec kJournalEntry{.resource = "journalentry",
                                   .title = "Journal Entry",
                                   .table = "gl_je",
                                   .key_kind = KeyKind::AutoKey,
                                   .fields = kJournalEntryFields,
                                   .datasets = kJournalEntryDatasets,
                                   .doc = "General ledger journal entries (GL_JE)",
                                   .docno_prefix = "JV-",
                                   .posting = &kJournalEntryPosting};

// ---- Sales order, sales invoice, purchase invoice: one shape (SL_SO, SL_IV, PH_PI) ------------
constexpr auto trade_fields(std::string_view docno_doc, std::string_view party,
                            std::string_view party_example) {
  return std::to_array<FieldSpec>({
      kDocKey,
      docno(docno_doc),
      text("docnoex", 40),
      kDocDate,
      kPostDate,
      {.name = "taxdate", .type = Date},
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
      kProject,
      ref("terms", "terms", 10, {}, "30 Days"),
      text("description", 300, "Postman document"),
      kCurrencyCode,
      kCurrencyRate,
      text("docref1", 40),
      text("docref2", 40),
      text("tin", 14),
      money("docamt", "Total including tax (computed; a different value sent is a 400)"),
      money("localdocamt", "Total in local currency (computed)"),
      kCancelled,
      {.name = "transferable", .type = Bool, .default_value = "true"},
      text("note", 0),
      kUpdateCount,
      kLastModified,
  });
}
constexpr FieldSpec kTradeLines[] = {
    ref("itemcode", "stockitem", 30, {}, "ANT"),
    ref("location", "location", 20, "----"),
    text("batch", 30),
    kProject,
    text("description", 200, "Antenna"),
    text("description2", 200),
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
    {.name = "unitprice", .type = Decimal, .scale = 8, .default_value = "0", .example = "35.00"},
    {.name = "disc", .width = 20, .doc = "Discount: '10%', '5' or '10%+5', applied in turn"},
    ref("tax", "tax", 10, {}, "ST-10"),
    {.name = "taxrate", .width = 20, .doc = "The tax code's rate as text, e.g. '10%' (computed)"},
    {.name = "taxinclusive",
     .type = Bool,
     .default_value = "false",
     .doc = "true: unitprice includes the tax"},
    money("taxamt", "Tax, rounded to 2 decimals per line (computed)"),
    money("localtaxamt"),
    money("amount", "qty x unitprice - discount, excluding tax (computed)"),
    money("localamount"),
    money("amountwithtax"),
    ref("account", "account", 10, {}, {}),
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
    {.name = "printable", .type = Bool, .default_value = "true"},
};
constexpr DatasetSpec kTradeDatasets[] = {
    {.name = "sdsdocdetail", .fields = kTradeLines, .doc = "Item lines"},
};
constexpr std::string_view kPartyMasterFields[] = {
    "companyname", "area", "agent", "tin", "currencycode", "terms=creditterm"};
constexpr std::string_view kPartyAddressFields[] = {
    "address1", "address2", "address3", "address4", "postcode", "city",
    "state",    "country",  "phone1",   "mobile",   "fax1",     "attention"};
constexpr PartyFillSpec kPartyFill{.fields = kPartyMasterFields,
                                   .address_dataset = "sdsbranch",
                                   .address_fields = kPartyAddressFields};
constexpr std::string_view kSalesItemDefaults[] = {"description", "tax=sltax"};
constexpr std::string_view kPurchaseItemDefaults[] = {"description", "tax=phtax"};
constexpr std::string_view kStockItemDefaults[] = {"description"};
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
constexpr PostingSpec trade_posting(std::string_view doctype, bool credit_party) {
  return {.doctype = doctype,
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

constexpr auto kSalesOrderFields =
    trade_fields("Document number; empty: the next SO-", "customer", "300-A0001");
constexpr AmountSpec kSalesAmounts = trade_amounts("itemcode>stockgroup>sales", "500-000",
                                                   kSalesItemDefaults, "currencycode>sellingrate");
constexpr PostingSpec kSalesOrderPosting{.doctype = "SO", .lines = "sdsdocdetail", .party = "code"};
constexpr ObjectSpec kSalesOrder{
    .resource = "salesorder",
    .title = "Sales Order",
    .table = "sl_so",
    .key_kind = KeyKind::AutoKey,
    .fields = kSalesOrderFields,
    .datasets = kTradeDatasets,
    .doc = "Sales orders (SL_SO): post nothing; transferred to invoices",
    .docno_prefix = "SO-",
    .posting = &kSalesOrderPosting,
    .amounts = &kSalesAmounts,
    .party_fill = &kPartyFill};

constexpr auto kSalesInvoiceFields =
    trade_fields("Document number; empty: the next IV-", "customer", "300-A0001");
constexpr PostingSpec kSalesInvoicePosting = trade_posting("IV", false);
constexpr std::string_view kFromSalesOrder[] = {"SO"};
constexpr ObjectSpec kSalesInvoice{
    .resource = "salesinvoice",
    .title = "Sales Invoice",
    .table = "sl_iv",
    .key_kind = KeyKind::AutoKey,
    .fields = kSalesInvoiceFields,
    .datasets = kTradeDatasets,
    .doc = "Sales invoices (SL_IV): Dr customer control / Cr sales per line / Cr output tax",
    .docno_prefix = "IV-",
    .posting = &kSalesInvoicePosting,
    .amounts = &kSalesAmounts,
    .party_fill = &kPartyFill,
    .transfer_from = kFromSalesOrder};

constexpr auto kPurchaseInvoiceFields =
    trade_fields("Document number; empty: the next PI-", "supplier", "400-A0001");
constexpr AmountSpec kPurchaseAmounts = trade_amounts(
    "itemcode>stockgroup>purchase", "610-000", kPurchaseItemDefaults, "currencycode>buyingrate");
constexpr PostingSpec kPurchaseInvoicePosting = trade_posting("PI", true);
constexpr ObjectSpec kPurchaseInvoice{
    .resource = "purchaseinvoice",
    .title = "Purchase Invoice",
    .table = "ph_pi",
    .key_kind = KeyKind::AutoKey,
    .fields = kPurchaseInvoiceFields,
    .datasets = kTradeDatasets,
    .doc = "Purchase invoices (PH_PI): Dr purchases per line / Dr tax / Cr supplier control",
    .docno_prefix = "PI-",
    .posting = &kPurchaseInvoicePosting,
    .amounts = &kPurchaseAmounts,
    .party_fill = &kPartyFill};

// ---- Customer payment (AR_PM) with knock-off rows -------------------------------------------
constexpr FieldSpec kPaymentFields[] = {
    kDocKey,
    docno("Document number; empty: the next OR-"),
    {.name = "code",
     .width = 10,
     .required = true,
     .references = "customer",
     .example = "300-A0001",
     .indexed = true},
    text("companyname", 100),
    kDocDate,
    kPostDate,
    text("description", 300, "Payment for A/c"),
    ref("agent", "agent", 10, "----"),
    ref("area", "area", 10, "----"),
    kProject,
    {.name = "paymentmethod",
     .width = 10,
     .required = true,
     .references = "account",
     .example = "320-000",
     .doc = "GL code of the bank or cash account paid into"},
    {.name = "journal", .width = 10, .default_value = "BANK", .choices = kJournals},
    text("chequenumber", 20),
    kCurrencyCode,
    kCurrencyRate,
    money("docamt", "Amount received (> 0)", "100.00"),
    money("localdocamt", "In local currency (computed)"),
    money("unappliedamt", "docamt less the knock-offs (computed)"),
    kCancelled,
    kUpdateCount,
    kLastModified,
};
constexpr std::string_view kKnockOffTypes[] = {"IV"};
constexpr FieldSpec kKnockOffRows[] = {
    {.name = "doctype", .width = 2, .default_value = "IV", .choices = kKnockOffTypes},
    {.name = "docno", .width = 20, .doc = "Document paid; or give refdockey"},
    {.name = "refdockey", .type = Int, .default_value = "0", .doc = "dockey of the document paid"},
    money("koamt", "Amount applied to it (<= its outstanding)"),
    {.name = "knockoff",
     .type = Bool,
     .default_value = "true",
     .doc = "false: row kept, not applied"},
};
constexpr DatasetSpec kPaymentDatasets[] = {
    {.name = "sdsknockoff",
     .fields = kKnockOffRows,
     .doc = "Invoices this payment settles",
     .example = "[]"},
};
constexpr AmountSpec kPaymentAmounts{.lines = "sdsknockoff",
                                     .amount = {},
                                     .currency = "currencycode",
                                     .party_currency = "code>currencycode",
                                     .default_rate = "currencycode>buyingrate",
                                     .currencyrate = "currencyrate",
                                     .docamt = "docamt",
                                     .localdocamt = "localdocamt",
                                     .docamt_entered = true,
                                     .unapplied = "unappliedamt"};
constexpr PostingSpec kPaymentPosting{.doctype = "PM",
                                      .lines = "sdsknockoff",
                                      .account = {},
                                      .party = "code",
                                      .control_account = "code>controlaccount",
                                      .payment_account = "paymentmethod",
                                      .doc_amount = "localdocamt",
                                      .knockoffs = "sdsknockoff",
                                      .party_balance = "outstanding"};
constexpr std::string_view kPaymentPartyFields[] = {"companyname", "area", "agent", "currencycode"};
constexpr PartyFillSpec kPaymentPartyFill{.fields = kPaymentPartyFields};
constexpr ObjectSpec kCustomerPayment{
    .resource = "customerpayment",
    .title = "Customer Payment",
    .table = "ar_pm",
    .key_kind = KeyKind::AutoKey,
    .fields = kPaymentFields,
    .datasets = kPaymentDatasets,
    .doc = "Customer payments (AR_PM): Dr bank / Cr customer control; knock-offs settle invoices",
    .docno_prefix = "OR-",
    .posting = &kPaymentPosting,
    .amounts = &kPaymentAmounts,
    .party_fill = &kPaymentPartyFill};

// ---- Payment voucher (GL_PV) -------------------------------------------------------------------
constexpr FieldSpec kVoucherFields[] = {
    kDocKey,
    docno("Document number; empty: the next PV-"),
    kDocDate,
    kPostDate,
    text("description", 300, "Office rental"),
    {.name = "paymentmethod",
     .width = 10,
     .required = true,
     .references = "account",
     .example = "320-000",
     .doc = "GL code of the bank or cash account paid from"},
    {.name = "journal", .width = 10, .default_value = "BANK", .choices = kJournals},
    text("chequenumber", 20),
    kProject,
    kCurrencyCode,
    kCurrencyRate,
    money("docamt", "Total including tax (computed)"),
    money("localdocamt"),
    kCancelled,
    kUpdateCount,
    kLastModified,
};
constexpr FieldSpec kVoucherLines[] = {
    {.name = "code", .width = 10, .required = true, .references = "account", .example = "900-002"},
    text("description", 200, "Rental"),
    kProject,
    ref("tax", "tax", 10),
    {.name = "taxrate", .width = 20},
    money("taxamt", "Tax on amount (computed)"),
    money("localtaxamt"),
    money("amount", "Amount excluding tax", "1000.00"),
    money("localamount"),
};
constexpr DatasetSpec kVoucherDatasets[] = {
    {.name = "sdsdocdetail", .fields = kVoucherLines, .doc = "What is paid for"},
};
constexpr AmountSpec kVoucherAmounts{.tax = "tax",
                                     .taxrate = "taxrate",
                                     .taxamt = "taxamt",
                                     .amount = "amount",
                                     .localamount = "localamount",
                                     .localtaxamt = "localtaxamt",
                                     .currency = "currencycode",
                                     .default_rate = "currencycode>sellingrate",
                                     .currencyrate = "currencyrate",
                                     .docamt = "docamt",
                                     .localdocamt = "localdocamt"};
constexpr PostingSpec kVoucherPosting{.doctype = "PV",
                                      .lines = "sdsdocdetail",
                                      .account = "code",
                                      .amount = "localamount",
                                      .tax = "localtaxamt",
                                      .tax_account = "tax>taxaccount",
                                      .payment_account = "paymentmethod"};
constexpr ObjectSpec kPaymentVoucher{
    .resource = "paymentvoucher",
    .title = "Payment Voucher",
    .table = "gl_pv",
    .key_kind = KeyKind::AutoKey,
    .fields = kVoucherFields,
    .datasets = kVoucherDatasets,
    .doc = "GL payment vouchers (GL_PV): Dr each line account and tax / Cr the bank",
    .docno_prefix = "PV-",
    .posting = &kVoucherPosting,
    .amounts = &kVoucherAmounts};

// ---- Stock received (ST_RC) and stock transfer (ST_XF) -----------------------------------------
constexpr FieldSpec kStockReceivedFields[] = {
    kDocKey,
    docno("Document number; empty: the next RC-"),
    kDocDate,
    kPostDate,
    text("description", 300, "Goods received"),
    kProject,
    money("docamt", "Total cost (computed)"),
    kCancelled,
    kUpdateCount,
    kLastModified,
};
constexpr FieldSpec kStockReceivedLines[] = {
    {.name = "itemcode",
     .width = 30,
     .required = true,
     .references = "stockitem",
     .example = "ANT"},
    ref("location", "location", 20, "----"),
    text("batch", 30),
    text("description", 200),
    {.name = "qty", .type = Decimal, .scale = 4, .default_value = "0", .example = "10"},
    {.name = "uom", .width = 10, .doc = "Empty: the item's base UOM"},
    {.name = "rate", .type = Decimal, .scale = 4, .default_value = "1"},
    {.name = "unitcost", .type = Decimal, .scale = 8, .default_value = "0", .example = "20.00"},
    money("amount", "qty x unitcost (computed)"),
    kProject,
};
constexpr DatasetSpec kStockReceivedDatasets[] = {
    {.name = "sdsdocdetail", .fields = kStockReceivedLines, .doc = "Items received"},
};
constexpr AmountSpec kStockReceivedAmounts{.qty = "qty",
                                           .price = "unitcost",
                                           .amount = "amount",
                                           .item = "itemcode",
                                           .uom = "uom",
                                           .uom_rate = "rate",
                                           .item_defaults = kStockItemDefaults,
                                           .docamt = "docamt"};
constexpr PostingSpec kStockReceivedPosting{.doctype = "RC",
                                            .lines = "sdsdocdetail",
                                            .account = {},
                                            .item = "itemcode",
                                            .location = "location",
                                            .qty = "qty",
                                            .qty_rate = "rate",
                                            .item_balance = "balsqty"};
constexpr ObjectSpec kStockReceived{.resource = "stockreceived",
                                    .title = "Stock Received",
                                    .table = "st_rc",
                                    .key_kind = KeyKind::AutoKey,
                                    .fields = kStockReceivedFields,
                                    .datasets = kStockReceivedDatasets,
                                    .doc = "Stock received (ST_RC): quantities in, per location",
                                    .docno_prefix = "RC-",
                                    .posting = &kStockReceivedPosting,
                                    .amounts = &kStockReceivedAmounts};

constexpr FieldSpec kStockTransferFields[] = {
    kDocKey,
    docno("Document number; empty: the next XF-"),
    kDocDate,
    kPostDate,
    text("description", 300, "Move to KL"),
    kCancelled,
    kUpdateCount,
    kLastModified,
};
constexpr FieldSpec kStockTransferLines[] = {
    {.name = "itemcode",
     .width = 30,
     .required = true,
     .references = "stockitem",
     .example = "ANT"},
    ref("fromlocation", "location", 20, "----", "----"),
    ref("tolocation", "location", 20, "----", "KL"),
    text("batch", 30),
    text("description", 200),
    {.name = "qty", .type = Decimal, .scale = 4, .default_value = "0", .example = "2"},
    {.name = "uom", .width = 10, .doc = "Empty: the item's base UOM"},
    {.name = "rate", .type = Decimal, .scale = 4, .default_value = "1"},
};
constexpr DatasetSpec kStockTransferDatasets[] = {
    {.name = "sdsdocdetail", .fields = kStockTransferLines, .doc = "Items moved"},
};
constexpr AmountSpec kStockTransferAmounts{.amount = {},
                                           .item = "itemcode",
                                           .uom = "uom",
                                           .uom_rate = "rate",
                                           .item_defaults = kStockItemDefaults};
constexpr PostingSpec kStockTransferPosting{.doctype = "XF",
                                            .lines = "sdsdocdetail",
                                            .account = {},
                                            .item = "itemcode",
                                            .from_location = "fromlocation",
                                            .to_location = "tolocation",
                                            .qty = "qty",
                                            .qty_rate = "rate",
                                            .item_balance = "balsqty"};

// A row moves stock between two different locations.
void stock_transfer_rules(RecordEdit& e) {
  const std::size_t ds = e.dataset("sdsdocdetail");
  const DatasetInfo& d = e.info.datasets[ds];
  const auto from = static_cast<std::size_t>(d.find_field("fromlocation"));
  const auto to = static_cast<std::size_t>(d.find_field("tolocation"));
  std::size_t i = 0;
  for (const DatasetRowEdit& r : e.datasets[ds].rows) {
    if (iequals(r.cells[from].s, r.cells[to].s))
      throw validation_error(
          fmt::format("sdsdocdetail[{}].tolocation", i),
          fmt::format("Field 'sdsdocdetail[{}].tolocation' must differ from fromlocation '{}'", i,
                      r.cells[from].s));
    ++i;
  }
}

constexpr ObjectSpec kStockTransfer{
    .resource = "stocktransfer",
    .title = "Stock Transfer",
    .table = "st_xf",
    .key_kind = KeyKind::AutoKey,
    .fields = kStockTransferFields,
    .datasets = kStockTransferDatasets,
    .doc = "Stock transfers (ST_XF): quantities between locations, neutral overall",
    .hook = stock_transfer_rules,
    .docno_prefix = "XF-",
    .posting = &kStockTransferPosting,
    .amounts = &kStockTransferAmounts};

constexpr const ObjectSpec* kDocuments[] = {&kSalesOrder,      &kSalesInvoice, &kPurchaseInvoice,
                                            &kCustomerPayment, &kJournalEntry, &kPaymentVoucher,
                                            &kStockReceived,   &kStockTransfer};

}  // namespace

std::span<const ObjectSpec* const> document_objects() { return kDocuments; }

}  // namespace sqlacc::bizobject
