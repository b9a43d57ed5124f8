// Payment Voucher (GL_PV): Dr each line's account and its tax, Cr the bank or cash account paid
// from.
#include "bizobject/objects/fields.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace fields;
using F = PrintFormat;
using R = TotalRule;

constexpr FieldSpec kFields[] = {
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
     .doc = "GL code of the bank or cash account paid from (specialacctype BA or CH)"},
    {.name = "journal", .width = 10, .default_value = "BANK", .choices = kJournals},
    text("chequenumber", 20),
    kProjectRef,
    kCurrencyCode,
    kCurrencyRate,
    money("docamt", "Total including tax (computed)"),
    money("localdocamt"),
    kCancelled,
    kUpdateCount,
    kLastModified,
};
constexpr FieldSpec kLines[] = {
    {.name = "code", .width = 10, .required = true, .references = "account", .example = "900-002"},
    text("description", 200, "Rental"),
    kProjectRef,
    ref("tax", "tax", 10),
    {.name = "taxrate", .width = 20},
    money("taxamt", "Tax on amount (computed)"),
    money("localtaxamt"),
    money("amount", "Amount excluding tax", "1000.00"),
    money("localamount"),
};
constexpr DatasetSpec kDatasets[] = {
    {.name = "sdsdocdetail",
     .fields = kLines,
     .doc = "What is paid for; code: no control account (DC, CC or a party's controlaccount)"},
};
constexpr AmountSpec kAmounts{.tax = "tax",
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

constexpr ledger::GlRule kGl[] = {
    {Dr, LineAccount, LineAmount, PerLine},
    {Dr, LineTaxAccount, LineTax, PerLine},
    {Cr, PaymentAccount, DocTotalInclTax, Document},
};
constexpr PostingSpec kPosting{.doctype = "PV",
                               .rules = {kGl, {}},
                               .lines = "sdsdocdetail",
                               .account = "code",
                               .amount = "localamount",
                               .tax = "localtaxamt",
                               .tax_account = "tax>taxaccount",
                               .payment_account = "paymentmethod"};

constexpr InfoSpec kInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
    {"Payment Method", "paymentmethod"},
    {"Cheque No.", "chequenumber"},
};
constexpr ColumnSpec kColumns[] = {
    {"#", "No.", false, 0.45},
    {"code", "Account", false, 1.3},
    {"description", "Description", false, 3.4},
    {"tax", "Tax", false, 0.8},
    {"taxamt", "Tax Amt", true, 1.0, F::Amount},
    {"amount", "Amount", true, 1.2, F::Amount},
};
constexpr TotalSpec kTotals[] = {
    {"Subtotal", R::DetailSum, "amount"},
    {"Tax", R::DetailSum, "taxamt"},
    {"Total ({cur})", R::Grand, "docamt"},
};
constexpr PrintLayout kLayout{"PAYMENT VOUCHER", "",      kInfo, "sdsdocdetail",
                              kColumns,          kTotals, true,  true};
constexpr PrintTemplate kPrint[] = {{"GL Payment Voucher - Detail - Half (SST)", &kLayout}};

}  // namespace

constexpr ObjectSpec payment_voucher{
    .resource = "paymentvoucher",
    .title = "Payment Voucher",
    .table = "gl_pv",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kDatasets,
    .doc = "GL payment vouchers (GL_PV): Dr each line account and tax / Cr the bank",
    .docno_prefix = "PV-",
    .posting = &kPosting,
    .amounts = &kAmounts,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
