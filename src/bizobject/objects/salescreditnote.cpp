// Sales Credit Note (SL_CN): goods returned or an allowance. Dr each line's account (the item's
// stock group's sales returns account, else 510-000 SALES RETURNS) and the tax, Cr the customer's
// control account with the total; the items come back into their locations. Its sdsknockoff rows
// settle the customer's invoices and debit notes as a payment's do (never beyond the credit note's
// total, nor an invoice's outstanding); what is not knocked off stays the customer's credit
// (unappliedamt). Rows may come from invoice rows (fromdoctype "IV"): the invoice row counts the
// quantity returned in its transferredqty, and no more than was invoiced can be returned.
#include "bizobject/objects/objects.h"
#include "bizobject/objects/trade_document.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr FieldSpec kOwnFields[] = {
    money("unappliedamt", "docamt less the knock-offs: the customer's credit left (computed)"),
};
constexpr auto kFields = with_fields(
    trade_fields("Document number; empty: the next CN-", "customer", "300-A0001"), kOwnFields);
constexpr DatasetSpec kDatasets[] = {
    kTradeDatasets[0],
    {.name = "sdsknockoff",
     .fields = kKnockOffRows,
     .doc = "Invoices and debit notes this credit note settles",
     .example = "[]"},
};
constexpr AmountSpec kAmounts = [] {
  AmountSpec a = trade_amounts("itemcode>stockgroup>salesreturned", "510-000", kSalesItemDefaults,
                               "currencycode>sellingrate");
  a.unapplied = "unappliedamt";
  return a;
}();
constexpr PostingSpec kPosting = [] {
  PostingSpec p = trade_posting("CN", {kControlCreditedGl, kStockIn}, false);
  p.knockoffs = "sdsknockoff";
  return p;
}();
constexpr std::string_view kFromInvoice[] = {"IV"};
constexpr PrintLayout kLayout = layout("CREDIT NOTE", "Bill To");
constexpr PrintTemplate kPrint[] = {{"Sales Credit Note 1", &kLayout}};

}  // namespace

constexpr ObjectSpec sales_credit_note{
    .resource = "salescreditnote",
    .title = "Sales Credit Note",
    .table = "sl_cn",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kDatasets,
    .doc =
        "Sales credit notes (SL_CN): Dr sales returns per line / Dr tax / Cr customer control; "
        "goods back in; knock-offs settle invoices",
    .docno_prefix = "CN-",
    .posting = &kPosting,
    .amounts = &kAmounts,
    .party_fill = &kPartyFill,
    .transfer_from = kFromInvoice,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
