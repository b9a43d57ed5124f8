// Extra Goods Received (sqlacc: PH_XG): goods received that will not be invoiced (samples,
// replacements, free goods): stock in, no GL. It takes no rows from other documents and no
// document takes its rows (the original does not document it; README, posting table).
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next XG-", "supplier", "400-A0001");
constexpr PostingSpec kPosting = trade_posting("XG", {{}, kStockIn}, true);
constexpr PrintLayout kLayout = quantity_layout("GOODS RECEIVED NOTE", "Supplier");
constexpr PrintTemplate kPrint[] = {{"Purchase Extra GRN 1", &kLayout}};

}  // namespace

constexpr ObjectSpec extra_goods_received{
    .resource = "extragoodsreceived",
    .title = "Extra Goods Received",
    .table = "ph_xg",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc =
        "Extra goods received notes: goods in that are not invoiced; stock in, no GL, no transfers",
    .docno_prefix = "XG-",
    .posting = &kPosting,
    .amounts = &kPurchaseAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
