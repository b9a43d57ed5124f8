// Stock Received (ST_RC): quantities into their locations. No GL yet: valuing stock needs a cost
// and a costing method the ledger's neutral form does not carry; {Dr stock / Cr adjustment} is
// two GL rules here once it does.
#include "bizobject/objects/fields.h"
#include "bizobject/objects/objects.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace fields;
using F = PrintFormat;
using R = TotalRule;

constexpr FieldSpec kFields[] = {
    kDocKey,
    docno("Document number; empty: the next RC-"),
    kDocDate,
    kPostDate,
    text("description", 300, "Goods received"),
    kProjectRef,
    money("docamt", "Total cost (computed)"),
    kCancelled,
    kUpdateCount,
    kLastModified,
};
constexpr FieldSpec kLines[] = {
    {.name = "itemcode",
     .width = 30,
     .required = true,
     .references = "stockitem",
     .example = "ANT"},
    ref("location", "location", 20, "----"),
    text("batch", 30),
    text("description", 200),
    {.name = "qty", .type = Decimal, .scale = 4, .default_value = "0", .example = "10"},
    {.name = "uom", .width = 10, .doc = "Empty: the item's base UOM"},
    {.name = "rate", .type = Decimal, .scale = 4, .default_value = "1"},
    {.name = "unitcost", .type = Decimal, .scale = 8, .default_value = "0", .example = "20.00"},
    money("amount", "qty x unitcost (computed)"),
    kProjectRef,
};
constexpr DatasetSpec kDatasets[] = {
    {.name = "sdsdocdetail", .fields = kLines, .doc = "Items received"},
};
constexpr AmountSpec kAmounts{.qty = "qty",
                              .price = "unitcost",
                              .amount = "amount",
                              .item = "itemcode",
                              .uom = "uom",
                              .uom_rate = "rate",
                              .item_defaults = kStockItemDefaults,
                              .docamt = "docamt"};

constexpr ledger::StockRule kStock[] = {{In, LineLocation}};
constexpr PostingSpec kPosting{.doctype = "RC",
                               .rules = {{}, kStock},
                               .lines = "sdsdocdetail",
                               .account = {},
                               .item = "itemcode",
                               .location = "location",
                               .qty = "qty",
                               .qty_rate = "rate",
                               .item_balance = "balsqty"};

constexpr InfoSpec kInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
};
constexpr ColumnSpec kColumns[] = {
    {"#", "No.", false, 0.45},
    {"itemcode", "Item Code", false, 1.15},
    {"description", "Description", false, 2.8},
    {"location", "Location", false, 0.95},
    {"qty", "Qty", true, 0.75, F::Quantity},
    {"uom", "UOM", false, 0.65},
    {"unitcost", "Unit Cost", true, 1.0, F::Price},
    {"amount", "Amount", true, 1.1, F::Amount},
};
constexpr TotalSpec kTotals[] = {
    {"Total ({cur})", R::DetailSum, "amount"},
};
constexpr PrintLayout kLayout{"STOCK RECEIVED", "",      kInfo, "sdsdocdetail",
                              kColumns,         kTotals, true,  false};
constexpr PrintTemplate kPrint[] = {{"Stock Received - Location", &kLayout}};

}  // namespace

constexpr ObjectSpec stock_received{.resource = "stockreceived",
                                    .title = "Stock Received",
                                    .table = "st_rc",
                                    .key_kind = KeyKind::AutoKey,
                                    .fields = kFields,
                                    .datasets = kDatasets,
                                    .doc = "Stock received (ST_RC): quantities in, per location",
                                    .docno_prefix = "RC-",
                                    .posting = &kPosting,
                                    .amounts = &kAmounts,
                                    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
