// Purchase Order (PH_PO): posts nothing. Its rows may come from purchase requests; goods
// received notes, purchase invoices and purchase cancel notes take them.
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next PO-", "supplier", "400-A0001");
constexpr PostingSpec kPosting = no_posting("PO");
constexpr std::string_view kFrom[] = {"PQ"};
constexpr PrintLayout kLayout = layout("PURCHASE ORDER", "Supplier");
constexpr PrintTemplate kPrint[] = {{"Purchase Order 1", &kLayout}};

}  // namespace

constexpr ObjectSpec purchase_order{.resource = "purchaseorder",
                                    .title = "Purchase Order",
                                    .table = "ph_po",
                                    .key_kind = KeyKind::AutoKey,
                                    .fields = kFields,
                                    .datasets = kTradeDatasets,
                                    .doc =
                                        "Purchase orders (PH_PO): post nothing; rows from "
                                        "requests, transferred to GRNs and invoices",
                                    .docno_prefix = "PO-",
                                    .posting = &kPosting,
                                    .amounts = &kPurchaseAmounts,
                                    .party_fill = &kPartyFill,
                                    .transfer_from = kFrom,
                                    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
