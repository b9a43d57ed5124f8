// Cash Purchase (PH_CP): a purchase invoice paid at once (cash_document.h), mirroring cash sales.
// Dr each line's account (the item's stock group's cash purchase account, else 610-000) and the
// tax, Cr the bank or cash account (p_paymentmethod); the items enter their locations. No
// control-account line: nothing is owed to the supplier.
#include "bizobject/objects/cash_document.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace cash;

constexpr auto kFields = with_fields(
    trade_fields("Document number; empty: the next CP-", "supplier", "400-A0001"), kPaymentFields);
constexpr AmountSpec kAmounts =
    cash_amounts(trade_amounts("itemcode>stockgroup>cashpurchase", "610-000", kPurchaseItemDefaults,
                               "currencycode>buyingrate"));
constexpr ledger::GlRule kGl[] = {
    {Dr, LineAccount, LineAmount, PerLine},
    {Dr, LineTaxAccount, LineTax, PerLine},
    {Cr, PaymentAccount, DocTotalInclTax, Document},
};
constexpr PostingSpec kPosting = cash_posting("CP", {kGl, kStockIn}, true);
constexpr PrintLayout kLayout = cash_layout("CASH PURCHASE", "Supplier");
constexpr PrintTemplate kPrint[] = {{"Purchase Cash Purchase 1", &kLayout}};

}  // namespace

constexpr ObjectSpec cash_purchase{
    .resource = "cashpurchase",
    .title = "Cash Purchase",
    .table = "ph_cp",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc =
        "Cash purchases (PH_CP): Dr purchases per line / Dr tax / Cr bank or cash "
        "(p_paymentmethod)",
    .docno_prefix = "CP-",
    .posting = &kPosting,
    .amounts = &kAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
