// Purchase Returned (sqlacc: PH_PR): goods sent back to the supplier: stock out, no GL (a
// purchase debit note settles the money). Rows come from goods received notes and count in the GR
// row's transferredqty: what was returned is no longer there to invoice.
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next PR-", "supplier", "400-A0001");
constexpr PostingSpec kPosting = trade_posting("PR", {{}, kStockOut}, true);
constexpr std::string_view kFrom[] = {"GR"};
constexpr PrintLayout kLayout = layout("PURCHASE RETURN", "Supplier");
constexpr PrintTemplate kPrint[] = {{"Purchase Return 1", &kLayout}};

}  // namespace

constexpr ObjectSpec purchase_returned{
    .resource = "purchasereturned",
    .title = "Purchase Returned",
    .table = "ph_pr",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Purchase returns (PH_PR): goods back to the supplier; stock out, no GL; rows from GRNs",
    .docno_prefix = "PR-",
    .posting = &kPosting,
    .amounts = &kPurchaseAmounts,
    .party_fill = &kPartyFill,
    .transfer_from = kFrom,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
