// Sales Debit Note (SL_DN): charges a customer more; Dr customer control / Cr sales / Cr tax. An
// open item of the customer like an invoice (a payment's sdsknockoff row {"doctype":"DN"} settles
// it). No stock moves: SQL Account's debit note adjusts a price already invoiced.
#include "bizobject/objects/objects.h"
#include "bizobject/objects/trade_document.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace trade;

constexpr auto kFields =
    trade_fields("Document number; empty: the next DN-", "customer", "300-A0001");
constexpr PostingSpec kPosting =
    trade_posting("DN", {kControlDebitedGl, {}}, false);  // no stock moves
constexpr PrintLayout kLayout = layout("DEBIT NOTE", "Bill To");
constexpr PrintTemplate kPrint[] = {{"Sales Debit Note 1", &kLayout}};

}  // namespace

constexpr ObjectSpec sales_debit_note{.resource = "salesdebitnote",
                                      .title = "Sales Debit Note",
                                      .table = "sl_dn",
                                      .key_kind = KeyKind::AutoKey,
                                      .fields = kFields,
                                      .datasets = kTradeDatasets,
                                      .doc = "Sales debit notes (SL_DN)",
                                      .docno_prefix = "DN-",
                                      .posting = &kPosting,
                                      .amounts = &kSalesAmounts,
                                      .party_fill = &kPartyFill,
                                      .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
