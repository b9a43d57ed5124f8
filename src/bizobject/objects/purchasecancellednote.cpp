// Purchase Cancel Note (sqlacc: PH_PC): cancels what is no longer to come of a purchase order.
// Its rows come from order rows and count in their transferredqty, so the order shows nothing
// outstanding for them; it posts nothing and moves no stock.
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next PC-", "supplier", "400-A0001");
constexpr PostingSpec kPosting = no_posting("PC");
constexpr std::string_view kFrom[] = {"PO"};
constexpr PrintLayout kLayout = quantity_layout("PURCHASE CANCEL NOTE", "Supplier");
constexpr PrintTemplate kPrint[] = {{"Purchase Cancel Note 1", &kLayout}};

}  // namespace

constexpr ObjectSpec purchase_cancelled_note{
    .resource = "purchasecancellednote",
    .title = "Purchase Cancel Note",
    .table = "ph_pc",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Purchase cancel notes: cancel purchase orders' outstanding quantities; post nothing",
    .docno_prefix = "PC-",
    .posting = &kPosting,
    .amounts = &kPurchaseAmounts,
    .party_fill = &kPartyFill,
    .transfer_from = kFrom,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
