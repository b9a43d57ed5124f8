#pragma once
// A printed form as data: what a document's PDF shows (title, party block, info fields, the
// columns of one detail dataset, totals). Each business object lists its forms in its spec
// (ObjectSpec::print_templates, under the original's Report Designer names); the generic code
// that fills a form from a record is print_document.h, and every field name here is checked
// against the object's fields once, when the spec is registered.
#include <span>
#include <string_view>

namespace sqlacc::bizobject {

// How a field's text is printed.
enum class PrintFormat {
  Text,      // as it is
  Date,      // "YYYY-MM-DD" -> "DD/MM/YYYY" (anything else as it is)
  Amount,    // decimal text with thousands separators ("1234.50" -> "1,234.50")
  Currency,  // currency code; "----" or empty = the company's base currency
  Quantity,  // an Amount without trailing zeros: "2.0000" -> "2", "2.5000" -> "2.5"
  Price,     // an Amount with at least 2 decimals: "35.00000000" -> "35.00", "0.12345" as is
};

struct InfoSpec {
  std::string_view label;
  std::string_view field;  // of the master record
  PrintFormat format = PrintFormat::Text;
};

struct ColumnSpec {
  std::string_view field;  // of a detail row; "#" = the row's number (1, 2, ...)
  std::string_view label;
  bool numeric = false;
  double weight = 1.0;
  PrintFormat format = PrintFormat::Text;
};

enum class TotalRule {
  DetailSum,  // sum of `field` over the detail rows
  Master,     // the master record's `field`
  Grand,      // the master's `field`; if absent or empty, the sum of the totals above
};

struct TotalSpec {
  std::string_view label;  // "{cur}" is replaced by the document's currency code
  TotalRule rule;
  std::string_view field;
  int min_scale = 2;  // decimals printed at least ("155.5" -> "155.50")
};

struct PrintLayout {
  std::string_view title;
  std::string_view party_heading;  // "" = no party block; else the record's name and address
  std::span<const InfoSpec> info;
  std::string_view detail;  // the sub-dataset holding the rows
  std::span<const ColumnSpec> columns;
  std::span<const TotalSpec> totals;
  bool grand_total = true;       // the last total is the grand total
  bool amount_in_words = false;  // the note ends with the grand total in words
};

// A form under one of the original's Report Designer template names (what clients send in
// `Content-Type: application/pdf;template=...`); several names may share one layout.
struct PrintTemplate {
  std::string_view name;  // "Sales Invoice 8 (SST 1)"
  const PrintLayout* layout;
};

}  // namespace sqlacc::bizobject
