// Goods Received (PH_GR): the goods enter their locations; nothing posts to the GL until the
// purchase invoice, which takes the GR's rows and then moves no stock (purchaseinvoice.cpp,
// stock_moved_by). Rows may come from purchase orders; purchase returns take them too.
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next GR-", "supplier", "400-A0001");
constexpr PostingSpec kPosting = trade_posting("GR", {{}, kStockIn}, true);
constexpr std::string_view kFrom[] = {"PO"};
constexpr PrintLayout kLayout = quantity_layout("GOODS RECEIVED NOTE", "Supplier");
// The original files its "Goods Return Note (Simple)" form under this report type: it prints the
// same rows (the stem rule cannot find it: it has no number).
constexpr PrintTemplate kPrint[] = {{"Purchase Goods Received 1", &kLayout},
                                    {"Purchase Goods Return Note (Simple)", &kLayout}};

}  // namespace

constexpr ObjectSpec goods_received{.resource = "goodsreceived",
                                    .title = "Goods Received",
                                    .table = "ph_gr",
                                    .key_kind = KeyKind::AutoKey,
                                    .fields = kFields,
                                    .datasets = kTradeDatasets,
                                    .doc =
                                        "Goods received notes (PH_GR): stock in, no GL; rows from "
                                        "POs, transferred to invoices and returns",
                                    .docno_prefix = "GR-",
                                    .posting = &kPosting,
                                    .amounts = &kPurchaseAmounts,
                                    .party_fill = &kPartyFill,
                                    .transfer_from = kFrom,
                                    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
