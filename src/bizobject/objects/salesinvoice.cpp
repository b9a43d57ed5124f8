// Sales Invoice (SL_IV): a trade document (trade_document.h). Dr the customer's control account
// with the total, Cr each line's sales account and the tax account; the items leave their
// locations (as SQL Account does for an invoice not delivered through a DO, the only kind sqlacc
// has). Rows may be transferred from sales orders.
#include "bizobject/objects/objects.h"
#include "bizobject/objects/trade_document.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next IV-", "customer", "300-A0001");
constexpr ledger::GlRule kGl[] = {
    {Dr, ControlAccount, DocTotalInclTax, Document},
    {Cr, LineAccount, LineAmount, PerLine},
    {Cr, LineTaxAccount, LineTax, PerLine},
};
constexpr ledger::StockRule kStock[] = {{Out, LineLocation}};
constexpr PostingSpec kPosting = trade_posting("IV", {kGl, kStock}, false);
constexpr std::string_view kFromSalesOrder[] = {"SO"};
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
    .transfer_from = kFromSalesOrder,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
