// Purchase Debit Note (PH_PD, doctype "PD"): the supplier's debit note to us, charging more for
// what it invoiced; posts like a purchase invoice (Dr purchases / Dr tax / Cr supplier control)
// and is one more bill of the supplier. No stock moves (a price adjustment, as the sales DN).
#include "bizobject/objects/objects.h"
#include "bizobject/objects/trade_document.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next PD-", "supplier", "400-A0001");
constexpr PostingSpec kPosting =
    trade_posting("PD", {kControlCreditedGl, {}}, true);  // no stock moves
constexpr PrintLayout kLayout = layout("PURCHASE DEBIT NOTE", "Supplier");
constexpr PrintTemplate kPrint[] = {{"Purchase Debit Note 1", &kLayout}};

}  // namespace

constexpr ObjectSpec purchase_debit_note{
    .resource = "purchasedebitnote",
    .title = "Purchase Debit Note",
    .table = "ph_pd",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Purchase debit notes (PH_PD): Dr purchases per line / Dr tax / Cr supplier control",
    .docno_prefix = "PD-",
    .posting = &kPosting,
    .amounts = &kPurchaseAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
