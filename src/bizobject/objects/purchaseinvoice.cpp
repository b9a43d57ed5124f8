// Purchase Invoice (PH_PI): a trade document (trade_document.h) mirroring the sales invoice. Dr
// each line's purchase account and the tax, Cr the supplier's control account; the items enter
// their locations, except on rows taken from a goods received note: the GR moved them
// (stock_moved_by). Rows may be transferred from purchase orders and goods received notes.
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next PI-", "supplier", "400-A0001");
constexpr std::string_view kFrom[] = {"PO", "GR"};
constexpr std::string_view kReceived[] = {"GR"};
constexpr PostingSpec kPosting =
    stock_moved_by(trade_posting("PI", {kControlCreditedGl, kStockIn}, true), kReceived);
constexpr PrintLayout kLayout = layout("PURCHASE INVOICE", "Supplier");
constexpr PrintTemplate kPrint[] = {{"Purchase Invoice 8 (SST 1)", &kLayout}};

}  // namespace

constexpr ObjectSpec purchase_invoice{
    .resource = "purchaseinvoice",
    .title = "Purchase Invoice",
    .table = "ph_pi",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Purchase invoices (PH_PI): Dr purchases per line / Dr tax / Cr supplier control",
    .docno_prefix = "PI-",
    .posting = &kPosting,
    .amounts = &kPurchaseAmounts,
    .party_fill = &kPartyFill,
    .transfer_from = kFrom,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
