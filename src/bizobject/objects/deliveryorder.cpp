// Delivery Order (SL_DO): the goods leave their locations; nothing posts to the GL until the
// invoice, which takes the DO's rows and then moves no stock (salesinvoice.cpp, stock_moved_by).
// Rows may come from sales orders.
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next DO-", "customer", "300-A0001");
constexpr PostingSpec kPosting = trade_posting("DO", {{}, kStockOut}, false);
constexpr std::string_view kFrom[] = {"SO"};
constexpr PrintLayout kLayout = quantity_layout("DELIVERY ORDER", "Deliver To");
// The original files its "Goods Return Note (Simple)" form under this report type: it prints the
// same rows (the stem rule cannot find it: it has no number).
constexpr PrintTemplate kPrint[] = {{"Sales Delivery Order 1", &kLayout},
                                    {"Sales Goods Return Note (Simple)", &kLayout}};

}  // namespace

constexpr ObjectSpec delivery_order{.resource = "deliveryorder",
                                    .title = "Delivery Order",
                                    .table = "sl_do",
                                    .key_kind = KeyKind::AutoKey,
                                    .fields = kFields,
                                    .datasets = kTradeDatasets,
                                    .doc =
                                        "Delivery orders (SL_DO): stock out, no GL; rows from "
                                        "sales orders, transferred to invoices",
                                    .docno_prefix = "DO-",
                                    .posting = &kPosting,
                                    .amounts = &kSalesAmounts,
                                    .party_fill = &kPartyFill,
                                    .transfer_from = kFrom,
                                    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
