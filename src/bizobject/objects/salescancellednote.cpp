// Sales Cancel Note (sqlacc: SL_CC): cancels what a customer no longer wants of a sales order.
// Its rows come from order rows and count in their transferredqty, so the order shows nothing
// outstanding for them; it posts nothing and moves no stock (nothing was delivered).
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next CC-", "customer", "300-A0001");
constexpr PostingSpec kPosting = no_posting("CC");
constexpr std::string_view kFrom[] = {"SO"};
constexpr PrintLayout kLayout = quantity_layout("SALES CANCEL NOTE", "Customer");
constexpr PrintTemplate kPrint[] = {{"Sales Cancel Note 1", &kLayout}};

}  // namespace

constexpr ObjectSpec sales_cancelled_note{
    .resource = "salescancellednote",
    .title = "Sales Cancel Note",
    .table = "sl_cc",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Sales cancel notes: cancel sales orders' outstanding quantities; post nothing",
    .docno_prefix = "CC-",
    .posting = &kPosting,
    .amounts = &kSalesAmounts,
    .party_fill = &kPartyFill,
    .transfer_from = kFrom,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
