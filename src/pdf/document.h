#pragma once
// A neutral printable business document (invoice, receipt, voucher, ...): plain data, all values
// already text. The renderer (pdf/render.h) lays it out; it never does arithmetic on the values.
#include <string>
#include <utility>
#include <vector>

namespace sqlacc::pdf {

struct Column {
  std::string label;
  bool numeric = false;  // right-aligned (header and cells)
  double weight = 1.0;   // share of the table width (> 0; anything else counts as 1)
};

// The paper: the original's "Half" templates print on half an A4 sheet, i.e. A5 landscape (the
// same width as A4 portrait, half its height).
enum class PageSize { A4Portrait, A5Landscape };

struct Document {
  std::string title;                       // "INVOICE", "OFFICIAL RECEIPT", ...
  std::vector<std::string> company_lines;  // company name first (bold), then reg no, address, ...
  std::string party_heading;               // "Bill To", "Received From", "" = no party block
  std::vector<std::string> party_lines;    // party name first (bold), then address lines
  std::vector<std::pair<std::string, std::string>> info;    // "No." -> "IV-00001", "Date", ...
  std::vector<Column> columns;                              // no columns = no table
  std::vector<std::vector<std::string>> rows;               // one cell per column (extra ignored)
  std::vector<std::pair<std::string, std::string>> totals;  // right-aligned block after the table
  bool grand_total = true;  // the last total is the grand total (bold, ruled); false: all alike
  std::string note;  // printed left of the totals (description, amount in words); may be empty
  bool cancelled = false;  // "CANCELLED" under the title and across every page
  PageSize page = PageSize::A4Portrait;
};

}  // namespace sqlacc::pdf
