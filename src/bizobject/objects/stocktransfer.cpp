// Stock Transfer (ST_XF): quantities out of one location and into another; neutral overall, no GL.
#include <fmt/format.h>

#include "bizobject/object_info.h"
#include "bizobject/objects/fields.h"
#include "bizobject/objects/objects.h"
#include "bizobject/text.h"
#include "util/problem.h"

namespace sqlacc::bizobject::objects {
namespace {

using namespace fields;
using F = PrintFormat;

constexpr FieldSpec kFields[] = {
    kDocKey,
    docno("Document number; empty: the next XF-"),
    kDocDate,
    kPostDate,
    text("description", 300, "Move to KL"),
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
    ref("fromlocation", "location", 20, "----", "----"),
    ref("tolocation", "location", 20, "----", "KL"),
    text("batch", 30),
    text("description", 200),
    {.name = "qty", .type = Decimal, .scale = 4, .default_value = "0", .example = "2"},
    {.name = "uom", .width = 10, .doc = "Empty: the item's base UOM"},
    {.name = "rate", .type = Decimal, .scale = 4, .default_value = "1"},
};
constexpr DatasetSpec kDatasets[] = {
    {.name = "sdsdocdetail", .fields = kLines, .doc = "Items moved"},
};
constexpr AmountSpec kAmounts{.amount = {},
                              .item = "itemcode",
                              .uom = "uom",
                              .uom_rate = "rate",
                              .item_defaults = kStockItemDefaults};

constexpr ledger::StockRule kStock[] = {{Out, LineFromLocation}, {In, LineToLocation}};
constexpr PostingSpec kPosting{.doctype = "XF",
                               .rules = {{}, kStock},
                               .lines = "sdsdocdetail",
                               .account = {},
                               .item = "itemcode",
                               .from_location = "fromlocation",
                               .to_location = "tolocation",
                               .qty = "qty",
                               .qty_rate = "rate",
                               .item_balance = "balsqty"};

// The names stock_transfer_rules uses (ObjectSpec::hook_names): the rows, their two locations.
constexpr std::string_view kHookNames[] = {"sdsdocdetail", "sdsdocdetail.fromlocation",
                                           "sdsdocdetail.tolocation"};
enum : std::size_t { kRows, kFromLocation, kToLocation };

// A row moves stock between two different locations.
void stock_transfer_rules(RecordEdit& e) {
  const std::size_t ds = e.hook_index(kRows);
  const std::size_t from = e.hook_index(kFromLocation);
  const std::size_t to = e.hook_index(kToLocation);
  std::size_t i = 0;
  for (const DatasetRowEdit& r : e.datasets[ds].rows) {
    if (iequals(r.cells[from].s, r.cells[to].s))
      throw validation_error(
          fmt::format("sdsdocdetail[{}].tolocation", i),
          fmt::format("Field 'sdsdocdetail[{}].tolocation' must differ from fromlocation '{}'", i,
                      r.cells[from].s));
    ++i;
  }
}

constexpr InfoSpec kInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
};
constexpr ColumnSpec kColumns[] = {
    {"#", "No.", false, 0.45},
    {"itemcode", "Item Code", false, 1.15},
    {"description", "Description", false, 2.8},
    {"fromlocation", "From", false, 1.0},
    {"tolocation", "To", false, 1.0},
    {"qty", "Qty", true, 0.75, F::Quantity},
    {"uom", "UOM", false, 0.65},
};
constexpr PrintLayout kLayout{"STOCK TRANSFER", "", kInfo, "sdsdocdetail",
                              kColumns,         {}, true,  false};
constexpr PrintTemplate kPrint[] = {
    {"Stock Transfer (With Cost)", &kLayout},
    {"Stock Transfer", &kLayout},
};

}  // namespace

constexpr ObjectSpec stock_transfer{
    .resource = "stocktransfer",
    .title = "Stock Transfer",
    .table = "st_xf",
    .key_kind = KeyKind::AutoKey,
    .fields = kFields,
    .datasets = kDatasets,
    .doc = "Stock transfers (ST_XF): quantities between locations, neutral overall",
    .hook = stock_transfer_rules,
    .hook_names = kHookNames,
    .docno_prefix = "XF-",
    .posting = &kPosting,
    .amounts = &kAmounts,
    .print_templates = kPrint};

}  // namespace sqlacc::bizobject::objects
