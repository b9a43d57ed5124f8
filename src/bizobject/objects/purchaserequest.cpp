// Purchase Request (PH_PQ): what is to be bought, from whom; posts nothing. Purchase orders take
// its rows (purchaseorder.cpp).
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next PQ-", "supplier", "400-A0001");
constexpr PostingSpec kPosting = no_posting("PQ");
constexpr PrintLayout kLayout = layout("PURCHASE REQUEST", "Supplier");
constexpr PrintTemplate kPrint[] = {{"Purchase Request 1", &kLayout}};

}  // namespace

constexpr ObjectSpec purchase_request{
    .resource = "purchaserequest",
    .title = "Purchase Request",
    .table = "ph_pq",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Purchase requests (PH_PQ): post nothing; transferred to purchase orders",
    .docno_prefix = "PQ-",
    .posting = &kPosting,
    .amounts = &kPurchaseAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
