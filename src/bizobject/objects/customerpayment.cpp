// Customer Payment (AR_PM): Dr the bank or cash account paid into, Cr the customer's control
// account; knock-off rows settle the customer's open invoices and debit notes.
#include "bizobject/objects/fields.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace fields;
using F = PrintFormat;
using R = TotalRule;

constexpr FieldSpec kFields[] = {
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
    kProjectRef,
    {.name = "paymentmethod",
     .width = 10,
     .required = true,
     .references = "account",
     .example = "320-000",
     .doc = "GL code of the bank or cash account paid into (specialacctype BA or CH)"},
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
constexpr DatasetSpec kDatasets[] = {
    {.name = "sdsknockoff",
     .fields = kKnockOffRows,
     .doc = "Invoices and debit notes this payment settles",
     .example = "[]"},
};
constexpr AmountSpec kAmounts{.lines = "sdsknockoff",
                              .amount = {},
                              .currency = "currencycode",
                              .party_currency = "code>currencycode",
                              .default_rate = "currencycode>buyingrate",
                              .currencyrate = "currencyrate",
                              .docamt = "docamt",
                              .localdocamt = "localdocamt",
                              .docamt_entered = true,
                              .unapplied = "unappliedamt"};

constexpr ledger::GlRule kGl[] = {
    {Dr, PaymentAccount, DocAmount, Document},
    {Cr, ControlAccount, DocAmount, Document},
};
constexpr PostingSpec kPosting{.doctype = "PM",
                               .rules = {kGl, {}},
                               .lines = "sdsknockoff",
                               .account = {},
                               .party = "code",
                               .control_account = "code>controlaccount",
                               .payment_account = "paymentmethod",
                               .doc_amount = "localdocamt",
                               .knockoffs = "sdsknockoff",
                               .party_balance = "outstanding"};
constexpr std::string_view kPartyFields[] = {"companyname", "area", "agent", "currencycode"};
constexpr PartyFillSpec kPartyFill{.fields = kPartyFields};

constexpr InfoSpec kInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
    {"Account", "code"},
    {"Payment Method", "paymentmethod"},
    {"Cheque No.", "chequenumber"},
};
constexpr ColumnSpec kColumns[] = {
    {"#", "No.", false, 0.45},
    {"doctype", "Type", false, 0.8},
    {"docno", "Doc No.", false, 1.6},
    {"koamt", "Amount Paid", true, 1.4, F::Amount},
};
constexpr TotalSpec kTotals[] = {
    {"Knocked Off", R::DetailSum, "koamt"},
    {"Unapplied", R::Master, "unappliedamt"},
    {"Total Received ({cur})", R::Grand, "docamt"},
};
constexpr PrintLayout kLayout{"OFFICIAL RECEIPT", "Received From", kInfo, "sdsknockoff",
                              kColumns,           kTotals,         true,  true};
constexpr PrintTemplate kPrint[] = {
    {"GL Official Receipt - Detail - Full (with other CNnOR info)", &kLayout},
    {"Official Receipt 1", &kLayout},
};

}  // namespace

constexpr ObjectSpec customer_payment{
    .resource = "customerpayment",
    .title = "Customer Payment",
    .table = "ar_pm",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kDatasets,
    .doc = "Customer payments (AR_PM): Dr bank / Cr customer control; knock-offs settle invoices",
    .docno_prefix = "OR-",
    .posting = &kPosting,
    .amounts = &kAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
