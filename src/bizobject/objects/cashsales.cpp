// Cash Sales (SL_CS): an invoice paid at once (cash_document.h). Dr the bank or cash account
// (p_paymentmethod) with the total, Cr each line's account (the item's stock group's cash sales
// account, else 520-000 CASH SALES) and the tax account; the items leave their locations. No
// control-account line: the customer owes nothing, so its outstanding does not move.
#include "bizobject/objects/cash_document.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace cash;

constexpr auto kFields = with_fields(
    trade_fields("Document number; empty: the next CS-", "customer", "300-A0001"), kPaymentFields);
constexpr AmountSpec kAmounts = cash_amounts(trade_amounts(
    "itemcode>stockgroup>cashsales", "520-000", kSalesItemDefaults, "currencycode>sellingrate"));
constexpr ledger::GlRule kGl[] = {
    {Dr, PaymentAccount, DocTotalInclTax, Document},
    {Cr, LineAccount, LineAmount, PerLine},
    {Cr, LineTaxAccount, LineTax, PerLine},
};
constexpr PostingSpec kPosting = cash_posting("CS", {kGl, kStockOut}, false);
constexpr PrintLayout kLayout = cash_layout("CASH SALES", "Bill To");
constexpr PrintTemplate kPrint[] = {
    {"Sales Cash Sales 1", &kLayout},
    {"Cash Sales", &kLayout},
};

}  // namespace

constexpr ObjectSpec cash_sales{
    .resource = "cashsales",
    .title = "Cash Sales",
    .table = "sl_cs",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc =
        "Cash sales (SL_CS): Dr bank or cash (p_paymentmethod) / Cr cash sales per line / Cr "
        "output tax",
    .docno_prefix = "CS-",
    .posting = &kPosting,
    .amounts = &kAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
