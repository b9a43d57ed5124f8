// Extra Delivery Order (sqlacc: SL_XD): goods delivered that will not be invoiced (samples,
// replacements, free goods): stock out, no GL. It takes no rows from other documents and no
// document takes its rows (the original does not document it; README, posting table).
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next XD-", "customer", "300-A0001");
constexpr PostingSpec kPosting = trade_posting("XD", {{}, kStockOut}, false);
constexpr PrintLayout kLayout = quantity_layout("DELIVERY ORDER", "Deliver To");
constexpr PrintTemplate kPrint[] = {{"Sales Extra DO 1", &kLayout}};

}  // namespace

constexpr ObjectSpec extra_delivery_order{
    .resource = "extradeliveryorder",
    .title = "Extra Delivery Order",
    .table = "sl_xd",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Extra delivery orders: goods out that are not invoiced; stock out, no GL, no transfers",
    .docno_prefix = "XD-",
    .posting = &kPosting,
    .amounts = &kSalesAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
