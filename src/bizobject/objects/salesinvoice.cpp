// Sales Invoice (SL_IV): a trade document (trade_document.h). Dr the customer's control account
// with the total, Cr each line's sales account and the tax account; the items leave their
// locations, except on rows taken from a delivery order: the DO moved them (stock_moved_by). Rows
// may be transferred from quotations, sales orders and delivery orders.
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next IV-", "customer", "300-A0001");
constexpr std::string_view kFrom[] = {"QT", "SO", "DO"};
constexpr std::string_view kDelivered[] = {"DO"};
constexpr PostingSpec kPosting =
    stock_moved_by(trade_posting("IV", {kControlDebitedGl, kStockOut}, false), kDelivered);
constexpr PrintLayout kLayout = layout("INVOICE", "Bill To");
// "Sales Invoice <n>..." (print_templates.h) and the two built-in names of another shape.
constexpr PrintTemplate kPrint[] = {
    {"Sales Invoice 8 (SST 1)", &kLayout},
    {"1. This is Custom Format For Sales Invoice (FR3)", &kLayout},
    {"1. This is Custom Format For Sales Invoice (RTM)", &kLayout},
};

}  // namespace

constexpr ObjectSpec sales_invoice{
    .resource = "salesinvoice",
    .title = "Sales Invoice",
    .table = "sl_iv",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Sales invoices (SL_IV): Dr customer control / Cr sales per line / Cr output tax",
    .docno_prefix = "IV-",
    .posting = &kPosting,
    .amounts = &kSalesAmounts,
    .party_fill = &kPartyFill,
    .transfer_from = kFrom,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
