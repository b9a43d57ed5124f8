// Sales Order (SL_SO): a trade document (trade_document.h) that posts nothing. Its rows may come
// from quotations; delivery orders, invoices and cancel notes take them.
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next SO-", "customer", "300-A0001");
// No GL or stock rules: an order commits nothing until it is invoiced.
constexpr PostingSpec kPosting = no_posting("SO");
constexpr std::string_view kFrom[] = {"QT"};
constexpr PrintLayout kLayout = layout("SALES ORDER", "Customer");
constexpr PrintTemplate kPrint[] = {{"Sales Order 1 (SST 1)", &kLayout}};

}  // namespace

constexpr ObjectSpec sales_order{
    .resource = "salesorder",
    .title = "Sales Order",
    .table = "sl_so",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc =
        "Sales orders (SL_SO): post nothing; rows from quotations, transferred to DOs and "
        "invoices",
    .docno_prefix = "SO-",
    .posting = &kPosting,
    .amounts = &kSalesAmounts,
    .party_fill = &kPartyFill,
    .transfer_from = kFrom,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
