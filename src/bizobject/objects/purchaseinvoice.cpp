// Purchase Invoice (PH_PI): a trade document (trade_document.h) mirroring the sales invoice. Dr
// each line's purchase account and the tax, Cr the supplier's control account; the items enter
// their locations (as for an invoice not received through a GR).
#include "bizobject/objects/objects.h"
#include "bizobject/objects/trade_document.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next PI-", "supplier", "400-A0001");
constexpr AmountSpec kAmounts = trade_amounts("itemcode>stockgroup>purchase", "610-000",
                                              kPurchaseItemDefaults, "currencycode>buyingrate");
constexpr ledger::GlRule kGl[] = {
    {Dr, LineAccount, LineAmount, PerLine},
    {Dr, LineTaxAccount, LineTax, PerLine},
    {Cr, ControlAccount, DocTotalInclTax, Document},
};
constexpr ledger::StockRule kStock[] = {{In, LineLocation}};
constexpr PostingSpec kPosting = trade_posting("PI", {kGl, kStock}, true);
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
    .amounts = &kAmounts,
    .party_fill = &kPartyFill,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
