// Sales Quotation (SL_QT): an offer; posts nothing. Orders and invoices take its rows
// (salesorder.cpp, salesinvoice.cpp).
#include "bizobject/objects/chain_documents.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next QT-", "customer", "300-A0001");
constexpr PostingSpec kPosting = no_posting("QT");
constexpr PrintLayout kLayout = layout("QUOTATION", "Customer");
constexpr PrintTemplate kPrint[] = {{"Sales Quotation 1", &kLayout}};

}  // namespace

constexpr ObjectSpec sales_quotation{
    .resource = "salesquotation",
    .title = "Sales Quotation",
    .table = "sl_qt",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kTradeDatasets,
    .doc = "Sales quotations (SL_QT): post nothing; transferred to orders and invoices",
    .docno_prefix = "QT-",
    .posting = &kPosting,
    .amounts = &kSalesAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
