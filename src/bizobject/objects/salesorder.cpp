// Sales Order (SL_SO): a trade document (trade_document.h) that posts nothing; invoices transfer
// its rows (salesinvoice.cpp).
#include "bizobject/objects/objects.h"
#include "bizobject/objects/trade_document.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next SO-", "customer", "300-A0001");
// No GL or stock rules: an order commits nothing until it is invoiced.
constexpr PostingSpec kPosting{
    .doctype = "SO", .lines = "sdsdocdetail", .account = {}, .party = "code"};
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
    .doc = "Sales orders (SL_SO): post nothing; transferred to invoices",
    .docno_prefix = "SO-",
    .posting = &kPosting,
    .amounts = &kSalesAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
