#pragma once
// What the documents of the sales and purchase transfer chains share beyond the trade shape
// (trade_document.h): how those that post nothing or move stock only post, and the printed form
// of a document that shows quantities, not prices. Quotations,
// orders, requests and cancel notes post nothing; delivery orders, goods received notes, purchase
// returns and the extra DO / GRN move stock and post nothing to the GL (the invoice does that):
// trade_posting with stock rules alone, {{}, kStockOut}.
#include <span>
#include <string_view>

#include "bizobject/objects/trade_document.h"

namespace sqlacc::bizobject::objects::trade {

// Posts nothing: a promise (quotation, order, request) or the cancelling of an order's
// outstanding rows (cancel note). The party is named so transfers check it.
constexpr PostingSpec no_posting(std::string_view doctype) {
  return {.doctype = doctype, .lines = "sdsdocdetail", .account = {}, .party = "code"};
}

// `posting` with rows transferred from `doctypes` moving no stock (PostingSpec::stock_moved_by).
constexpr PostingSpec stock_moved_by(PostingSpec posting,
                                     std::span<const std::string_view> doctypes) {
  posting.stock_moved_by = doctypes;
  return posting;
}

// A delivery note, goods received note or cancel note shows what moves (or is no longer owed),
// not what it costs: no prices, no totals.
inline constexpr ColumnSpec kQuantityColumns[] = {
    {"#", "No.", false, 0.45},
    {"itemcode", "Item Code", false, 1.4},
    {"description", "Description", false, 4.2},
    {"location", "Location", false, 1.0},
    {"qty", "Qty", true, 0.9, F::Quantity},
    {"uom", "UOM", false, 0.8},
};
constexpr PrintLayout quantity_layout(std::string_view title, std::string_view party_heading) {
  return {title, party_heading, kTradeInfo, "sdsdocdetail", kQuantityColumns, {}, false, false};
}

}  // namespace sqlacc::bizobject::objects::trade
