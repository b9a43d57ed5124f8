#include "api/print_layouts.h"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "util/decimal.h"
#include "util/text.h"

namespace sqlacc::api {

namespace json = boost::json;

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

namespace {

using F = PrintFormat;
using R = TotalRule;

// ---- the layout table ----

constexpr InfoSpec kTradeInfo[] = {
    {"No.", "docno"},   {"Date", "docdate", F::Date}, {"Account", "code"},
    {"Terms", "terms"}, {"Agent", "agent"},           {"Currency", "currencycode", F::Currency},
};
constexpr ColumnSpec kTradeColumns[] = {
    {"#", "No.", false, 0.45},
    {"itemcode", "Item Code", false, 1.15},
    {"description", "Description", false, 3.0},
    {"qty", "Qty", true, 0.75, F::Quantity},
    {"uom", "UOM", false, 0.65},
    {"unitprice", "Unit Price", true, 1.0, F::Price},
    {"disc", "Disc", true, 0.7, F::Amount},
    {"tax", "Tax", false, 0.75},
    {"taxamt", "Tax Amt", true, 0.9, F::Amount},
    {"amount", "Amount", true, 1.1, F::Amount},
};
constexpr TotalSpec kTradeTotals[] = {
    {"Subtotal", R::DetailSum, "amount"},
    {"SST", R::DetailSum, "taxamt"},
    {"Total ({cur})", R::Grand, "docamt"},
};

constexpr InfoSpec kReceiptInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
    {"Account", "code"},
    {"Payment Method", "paymentmethod"},
    {"Cheque No.", "chequenumber"},
};
constexpr ColumnSpec kReceiptColumns[] = {
    {"#", "No.", false, 0.45},
    {"doctype", "Type", false, 0.8},
    {"docno", "Doc No.", false, 1.6},
    {"koamt", "Amount Paid", true, 1.4, F::Amount},
};
constexpr TotalSpec kReceiptTotals[] = {
    {"Knocked Off", R::DetailSum, "koamt"},
    {"Unapplied", R::Master, "unappliedamt"},
    {"Total Received ({cur})", R::Grand, "docamt"},
};

constexpr InfoSpec kJournalInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
    {"Journal", "journal"},
};
constexpr ColumnSpec kJournalColumns[] = {
    {"#", "No.", false, 0.45},
    {"code", "Account", false, 1.3},
    {"description", "Description", false, 3.6},
    {"dr", "Debit", true, 1.3, F::Amount},
    {"cr", "Credit", true, 1.3, F::Amount},
};
constexpr TotalSpec kJournalTotals[] = {
    {"Total Debit", R::DetailSum, "dr"},
    {"Total Credit", R::DetailSum, "cr"},
};

constexpr InfoSpec kPaymentVoucherInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
    {"Payment Method", "paymentmethod"},
    {"Cheque No.", "chequenumber"},
};
constexpr ColumnSpec kPaymentVoucherColumns[] = {
    {"#", "No.", false, 0.45},
    {"code", "Account", false, 1.3},
    {"description", "Description", false, 3.4},
    {"tax", "Tax", false, 0.8},
    {"taxamt", "Tax Amt", true, 1.0, F::Amount},
    {"amount", "Amount", true, 1.2, F::Amount},
};
constexpr TotalSpec kPaymentVoucherTotals[] = {
    {"Subtotal", R::DetailSum, "amount"},
    {"Tax", R::DetailSum, "taxamt"},
    {"Total ({cur})", R::Grand, "docamt"},
};

constexpr InfoSpec kStockInfo[] = {
    {"No.", "docno"},
    {"Date", "docdate", F::Date},
};
constexpr ColumnSpec kStockReceivedColumns[] = {
    {"#", "No.", false, 0.45},
    {"itemcode", "Item Code", false, 1.15},
    {"description", "Description", false, 2.8},
    {"location", "Location", false, 0.95},
    {"qty", "Qty", true, 0.75, F::Quantity},
    {"uom", "UOM", false, 0.65},
    {"unitcost", "Unit Cost", true, 1.0, F::Price},
    {"amount", "Amount", true, 1.1, F::Amount},
};
constexpr TotalSpec kStockReceivedTotals[] = {
    {"Total ({cur})", R::DetailSum, "amount"},
};
constexpr ColumnSpec kStockTransferColumns[] = {
    {"#", "No.", false, 0.45},
    {"itemcode", "Item Code", false, 1.15},
    {"description", "Description", false, 2.8},
    {"fromlocation", "From", false, 1.0},
    {"tolocation", "To", false, 1.0},
    {"qty", "Qty", true, 0.75, F::Quantity},
    {"uom", "UOM", false, 0.65},
};

constexpr PrintLayout kSalesInvoice{"INVOICE",     "Bill To",    kTradeInfo, "sdsdocdetail",
                                    kTradeColumns, kTradeTotals, true,       true};
constexpr PrintLayout kSalesOrder{"SALES ORDER", "Customer",   kTradeInfo, "sdsdocdetail",
                                  kTradeColumns, kTradeTotals, true,       true};
constexpr PrintLayout kPurchaseInvoice{"PURCHASE INVOICE", "Supplier",   kTradeInfo, "sdsdocdetail",
                                       kTradeColumns,      kTradeTotals, true,       true};
constexpr PrintLayout kOfficialReceipt{
    "OFFICIAL RECEIPT", "Received From", kReceiptInfo, "sdsknockoff",
    kReceiptColumns,    kReceiptTotals,  true,         true};
constexpr PrintLayout kJournalVoucher{
    "JOURNAL VOUCHER", "",    kJournalInfo, "sdsdocdetail", kJournalColumns,
    kJournalTotals,    false, false};
constexpr PrintLayout kPaymentVoucher{"PAYMENT VOUCHER",
                                      "",
                                      kPaymentVoucherInfo,
                                      "sdsdocdetail",
                                      kPaymentVoucherColumns,
                                      kPaymentVoucherTotals,
                                      true,
                                      true};
constexpr PrintLayout kStockReceived{
    "STOCK RECEIVED",     "",   kStockInfo, "sdsdocdetail", kStockReceivedColumns,
    kStockReceivedTotals, true, false};
constexpr PrintLayout kStockTransfer{"STOCK TRANSFER",      "", kStockInfo, "sdsdocdetail",
                                     kStockTransferColumns, {}, true,       false};

// The original's template names; per resource in display order, the default first.
constexpr PrintTemplate kTemplates[] = {
    {"Sales Invoice 8 (SST 1)", "salesinvoice", &kSalesInvoice},
    {"Sales Invoice 7 (SST 1)", "salesinvoice", &kSalesInvoice},
    {"Sales Invoice 1 (MyInvois Request)", "salesinvoice", &kSalesInvoice},
    {"Sales Order 1 (SST 1)", "salesorder", &kSalesOrder},
    {"Purchase Invoice 8 (SST 1)", "purchaseinvoice", &kPurchaseInvoice},
    {"GL Official Receipt - Detail - Full (with other CNnOR info)", "customerpayment",
     &kOfficialReceipt},
    {"Official Receipt 1", "customerpayment", &kOfficialReceipt},
    {"GL Journal Voucher - Half (SST)", "journalentry", &kJournalVoucher},
    {"GL Payment Voucher - Detail - Half (SST)", "paymentvoucher", &kPaymentVoucher},
    {"Stock Received - Location", "stockreceived", &kStockReceived},
    {"Stock Transfer (With Cost)", "stocktransfer", &kStockTransfer},
    {"Stock Transfer", "stocktransfer", &kStockTransfer},
};

// ---- reading the record ----

using text::trim;

// A field as text: strings as they are, numbers in their shortest form, null/absent/structures
// empty.
std::string field_text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return {};
  switch (v->kind()) {
    case json::kind::string:
      return std::string(v->get_string());
    case json::kind::int64:
      return std::to_string(v->get_int64());
    case json::kind::uint64:
      return std::to_string(v->get_uint64());
    case json::kind::double_:
      return fmt::format("{}", v->get_double());
    case json::kind::bool_:
      return v->get_bool() ? "true" : "false";
    default:
      return {};
  }
}

bool truthy(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return false;
  if (v->is_bool()) return v->get_bool();
  if (v->is_int64()) return v->get_int64() != 0;
  if (v->is_uint64()) return v->get_uint64() != 0;
  if (v->is_double()) return v->get_double() != 0;
  if (v->is_string()) {
    std::string_view s = trim(v->get_string());
    return text::iequals(s, "true") || text::iequals(s, "t") || text::iequals(s, "y") ||
           text::iequals(s, "yes") || s == "1";
  }
  return false;
}

// An exact decimal with at least `min_scale` places (more if the text has them); nullopt if the
// text is not a plain decimal.
std::optional<Decimal> decimal_of(std::string_view s, int min_scale) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  int scale = min_scale;
  if (auto dot = s.find('.'); dot != std::string_view::npos)
    scale = std::max(scale, static_cast<int>(s.size() - dot - 1));
  if (scale > Decimal::kMaxScale) return std::nullopt;
  return Decimal::parse(s, scale);
}

std::optional<Decimal> add(const std::optional<Decimal>& a, const Decimal& b) {
  try {
    return a ? *a + b : b;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "1234567.50" -> "1,234,567.50"; text that is not a plain decimal is left as it is.
std::string with_separators(std::string_view s) {
  std::string_view t = trim(s);
  std::string_view sign;
  if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
    sign = t.substr(0, 1);
    t.remove_prefix(1);
  }
  const auto dot = t.find('.');
  std::string_view whole = t.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : t.substr(dot);
  if (!is_digits(whole) || (dot != std::string_view::npos && !is_digits(frac.substr(1))))
    return std::string(s);
  std::string out(sign == "-" ? "-" : "");
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  out += frac;
  return out;
}

// Drops trailing zeros after the point of a plain decimal, keeping at least `keep` decimals.
std::string trimmed_zeros(std::string s, std::size_t keep) {
  const std::size_t dot = s.find('.');
  if (dot == std::string::npos || !is_digits(std::string_view(s).substr(dot + 1))) return s;
  while (s.size() > dot + 1 + keep && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string date_text(std::string_view s) {
  s = trim(s);
  if (s.size() >= 10 && is_digits(s.substr(0, 4)) && s[4] == '-' && is_digits(s.substr(5, 2)) &&
      s[7] == '-' && is_digits(s.substr(8, 2)) && (s.size() == 10 || s[10] == 'T' || s[10] == ' '))
    return fmt::format("{}/{}/{}", s.substr(8, 2), s.substr(5, 2), s.substr(0, 4));
  return std::string(s);
}

std::string currency_of(const json::object& record, const store::CompanyProfile& company) {
  std::string code(trim(field_text(record, "currencycode")));
  if (code.empty() || code == "----")
    code = company.basecurrency.empty() ? "MYR" : company.basecurrency;
  return code;
}

std::string formatted(std::string s, PrintFormat format, const std::string& currency) {
  switch (format) {
    case PrintFormat::Date:
      return date_text(s);
    case PrintFormat::Amount:
      return with_separators(s);
    case PrintFormat::Quantity:
      return with_separators(trimmed_zeros(s, 0));
    case PrintFormat::Price:
      return with_separators(trimmed_zeros(s, 2));
    case PrintFormat::Currency: {
      std::string_view t = trim(s);
      return t.empty() || t == "----" ? currency : std::string(t);
    }
    case PrintFormat::Text:
      break;
  }
  return s;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// ---- amount in words ----

constexpr std::array<std::string_view, 20> kOnes = {
    "ZERO",     "ONE",     "TWO",     "THREE",     "FOUR",     "FIVE",    "SIX",
    "SEVEN",    "EIGHT",   "NINE",    "TEN",       "ELEVEN",   "TWELVE",  "THIRTEEN",
    "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN", "EIGHTEEN", "NINETEEN"};
constexpr std::array<std::string_view, 10> kTens = {
    "", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"};
constexpr std::array<std::string_view, 7> kGroups = {
    "", "THOUSAND", "MILLION", "BILLION", "TRILLION", "QUADRILLION", "QUINTILLION"};

void append_word(std::string& out, std::string_view w) {
  if (!out.empty()) out += ' ';
  out += w;
}

void append_below_thousand(std::string& out, int n) {
  if (n >= 100) {
    append_word(out, kOnes[n / 100]);
    append_word(out, "HUNDRED");
    n %= 100;
  }
  if (n >= 20) {
    std::string t(kTens[n / 10]);
    if (n % 10) t += "-" + std::string(kOnes[n % 10]);
    append_word(out, t);
  } else if (n > 0) {
    append_word(out, kOnes[n]);
  }
}

std::string number_words(std::uint64_t n) {
  if (n == 0) return "ZERO";
  int groups[7] = {};
  int count = 0;
  while (n > 0 && count < 7) {
    groups[count++] = static_cast<int>(n % 1000);
    n /= 1000;
  }
  std::string out;
  for (int g = count - 1; g >= 0; --g) {
    if (groups[g] == 0) continue;
    append_below_thousand(out, groups[g]);
    if (g > 0) append_word(out, kGroups[g]);
  }
  return out;
}

// "RINGGIT MALAYSIA ONE HUNDRED SIXTY-ONE AND CENTS FIFTY ONLY"; empty for negative amounts.
std::string amount_in_words(const Decimal& amount, const std::string& currency) {
  if (amount.is_negative()) return {};
  Decimal cents;
  try {
    cents = amount.rounded(2);
  } catch (const std::exception&) {
    return {};
  }
  const auto units = static_cast<std::uint64_t>(cents.units());
  const std::string name = text::iequals(currency, "MYR") ? "RINGGIT MALAYSIA" : currency;
  std::string out = name + " " + number_words(units / 100);
  if (units % 100) out += " AND CENTS " + number_words(units % 100);
  return out + " ONLY";
}

// ---- the parts of the document ----

std::vector<std::string> company_lines(const store::CompanyProfile& c) {
  std::vector<std::string> lines{c.companyname};
  const auto add_line = [&](std::string line) {
    if (!trim(line).empty()) lines.push_back(std::move(line));
  };
  if (!c.regno.empty()) add_line("Reg. No.: " + c.regno);
  for (const auto* a : {&c.address1, &c.address2, &c.address3, &c.address4}) add_line(*a);
  add_line(std::string(trim(c.postcode + " " + c.city)));
  add_line(c.state);
  std::string contact;
  if (!c.phone1.empty()) contact = "Tel: " + c.phone1;
  if (!c.email.empty()) contact += (contact.empty() ? "" : "   ") + ("Email: " + c.email);
  add_line(contact);
  if (!c.sstno.empty()) add_line("SST No.: " + c.sstno);
  if (!c.tin.empty()) add_line("TIN: " + c.tin);
  return lines;
}

std::vector<std::string> party_lines(const json::object& r, const store::CompanyProfile& company) {
  std::vector<std::string> lines;
  const auto add_line = [&](std::string line) {
    if (!trim(line).empty()) lines.push_back(std::move(line));
  };
  add_line(field_text(r, "companyname"));
  for (auto key : {"address1", "address2", "address3", "address4"}) add_line(field_text(r, key));
  add_line(std::string(trim(field_text(r, "postcode") + " " + field_text(r, "city"))));
  add_line(field_text(r, "state"));
  std::string country(trim(field_text(r, "country")));
  if (!country.empty() && !text::iequals(country, company.country)) add_line(country);
  if (std::string phone = field_text(r, "phone1"); !trim(phone).empty()) add_line("Tel: " + phone);
  if (std::string attn = field_text(r, "attention"); !trim(attn).empty()) add_line("Attn: " + attn);
  return lines;
}

}  // namespace

std::vector<std::string_view> print_template_names(std::string_view resource) {
  std::vector<std::string_view> names;
  resource = trim(resource);
  for (const auto& t : kTemplates)
    if (text::iequals(t.resource, resource)) names.push_back(t.name);
  return names;
}

const PrintTemplate* find_print_template(std::string_view resource, std::string_view name) {
  resource = trim(resource);
  name = trim(name);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
    name = trim(name.substr(1, name.size() - 2));
  for (const auto& t : kTemplates)
    if (text::iequals(t.resource, resource) && (name.empty() || text::iequals(t.name, name)))
      return &t;
  return nullptr;
}

pdf::Document build_print_document(const PrintTemplate& tmpl, const json::object& record,
                                   const store::CompanyProfile& company) {
  const PrintLayout& layout = *tmpl.layout;
  const std::string currency = currency_of(record, company);
  pdf::Document doc;
  doc.title = layout.title;
  doc.company_lines = company_lines(company);
  doc.party_heading = layout.party_heading;
  if (!layout.party_heading.empty()) doc.party_lines = party_lines(record, company);
  for (const auto& i : layout.info)
    doc.info.emplace_back(std::string(i.label),
                          formatted(field_text(record, i.field), i.format, currency));
  doc.cancelled = truthy(record, "cancelled");
  doc.grand_total = layout.grand_total;

  static const json::array kNoRows;
  const json::value* detail = record.if_contains(layout.detail);
  const json::array& rows = detail && detail->is_array() ? detail->get_array() : kNoRows;

  for (const auto& c : layout.columns)
    doc.columns.push_back({std::string(c.label), c.numeric, c.weight});
  std::size_t number = 0;
  for (const auto& row : rows) {
    static const json::object kEmptyRow;
    const json::object& r = row.is_object() ? row.get_object() : kEmptyRow;
    ++number;
    std::vector<std::string> cells;
    for (const auto& c : layout.columns)
      cells.push_back(c.field == "#" ? std::to_string(number)
                                     : formatted(field_text(r, c.field), c.format, currency));
    doc.rows.push_back(std::move(cells));
  }

  std::optional<Decimal> running;  // the sum of the totals so far (for a Grand fallback)
  bool running_ok = true;
  std::optional<Decimal> grand;
  for (const auto& t : layout.totals) {
    std::optional<Decimal> value;
    std::string shown;
    switch (t.rule) {
      case TotalRule::DetailSum: {
        value = Decimal::from_units(0, t.min_scale);
        for (const auto& row : rows) {
          if (!row.is_object()) continue;
          auto d = decimal_of(field_text(row.get_object(), t.field), t.min_scale);
          if (d && value) value = add(value, *d);
        }
        break;
      }
      case TotalRule::Master:
      case TotalRule::Grand: {
        std::string raw = field_text(record, t.field);
        value = decimal_of(raw, t.min_scale);
        if (!value && t.rule == TotalRule::Grand && trim(raw).empty() && running_ok && running)
          value = running;
        if (!value) shown = with_separators(raw);
        break;
      }
    }
    if (value) {
      shown = with_separators(value->to_string());
      running = add(running, *value);
      if (!running) running_ok = false;
    } else {
      running_ok = false;
    }
    if (t.rule == TotalRule::Grand) grand = value;
    doc.totals.emplace_back(replace_all(std::string(t.label), "{cur}", currency), shown);
  }

  doc.note = std::string(trim(field_text(record, "description")));
  if (layout.amount_in_words && grand) {
    std::string words = amount_in_words(*grand, currency);
    if (!words.empty()) doc.note += (doc.note.empty() ? "" : "\n") + words;
  }
  return doc;
}

}  // namespace sqlacc::api
