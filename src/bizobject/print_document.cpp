// Fills a printed form (print_layout.h) from a record as Engine::get returns it. Generic: it knows
// no object; the layouts are data in the objects' specs.
#include "bizobject/print_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>
#include <string>

#include "util/decimal.h"
#include "util/text.h"

namespace sqlacc::bizobject {

namespace {

// ---- reading the record ----

// The cells of a record or of a dataset row with their fields, read by the field indexes a
// PrintedForm resolved (-1: the object has no such field).
struct Fields {
  std::span<const FieldSpec> specs;
  const Row& cells;

  // The cell of field `i` and its spec; nullptr for -1 (or a row without that cell).
  const Cell* find(int i, const FieldSpec*& spec) const {
    if (i < 0 || static_cast<std::size_t>(i) >= cells.size()) return nullptr;
    spec = &specs[static_cast<std::size_t>(i)];
    return &cells[static_cast<std::size_t>(i)];
  }
};

// A field as its JSON value reads: strings as they are, numbers in their shortest form, decimals at
// the field's scale, bools "true"/"false", unset dates and absent fields empty.
std::string field_text(const Fields& r, int field) {
  const FieldSpec* f = nullptr;
  const Cell* c = r.find(field, f);
  if (!c) return {};
  switch (f->type) {
    case FieldType::String:
    case FieldType::List:  // its JSON text
      return c->s;
    case FieldType::Int:
      return std::to_string(c->i);
    case FieldType::Decimal: {
      std::string out;
      Decimal::append(out, c->i, f->scale);
      return out;
    }
    case FieldType::Bool:
      return c->i ? "true" : "false";
    case FieldType::Date:
      return c->null ? std::string() : c->s;
  }
  return {};
}

// Numbers and bools: not zero; text: "true", "t", "y", "yes" or "1" in any case.
bool truthy(const Fields& r, int key) {
  const FieldSpec* f = nullptr;
  const Cell* c = r.find(key, f);
  if (!c) return false;
  if (f->type == FieldType::Bool || f->type == FieldType::Int) return c->i != 0;
  std::string t = field_text(r, key);
  std::string_view s = text::trim(t);
  return text::iequals(s, "true") || text::iequals(s, "t") || text::iequals(s, "y") ||
         text::iequals(s, "yes") || s == "1";
}

// An exact decimal with at least `min_scale` places (more if the text has them); nullopt if the
// text is not a plain decimal.
std::optional<Decimal> decimal_of(std::string_view s, int min_scale) {
  s = text::trim(s);
  if (s.empty()) return std::nullopt;
  int scale = min_scale;
  if (auto dot = s.find('.'); dot != std::string_view::npos)
    scale = std::max(scale, static_cast<int>(s.size() - dot - 1));
  if (scale > Decimal::kMaxScale) return std::nullopt;
  return Decimal::parse(s, scale);
}

// A field as an exact decimal with at least `min_scale` places: a Decimal field as it is stored,
// any other field's text parsed (decimal_of); nullopt if it is none.
std::optional<Decimal> decimal_field(const Fields& r, int field, int min_scale) {
  const FieldSpec* f = nullptr;
  const Cell* c = r.find(field, f);
  if (!c || f->type != FieldType::Decimal) return decimal_of(field_text(r, field), min_scale);
  try {
    return Decimal::from_units(c->i, f->scale).rescaled(std::max(min_scale, f->scale));
  } catch (const std::exception&) {
    return std::nullopt;
  }
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
  std::string_view t = text::trim(s);
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
  s = text::trim(s);
  if (s.size() >= 10 && is_digits(s.substr(0, 4)) && s[4] == '-' && is_digits(s.substr(5, 2)) &&
      s[7] == '-' && is_digits(s.substr(8, 2)) && (s.size() == 10 || s[10] == 'T' || s[10] == ' '))
    return fmt::format("{}/{}/{}", s.substr(8, 2), s.substr(5, 2), s.substr(0, 4));
  return std::string(s);
}

std::string currency_of(const PrintedForm& form, const Fields& record,
                        const store::CompanyProfile& company) {
  std::string code(text::trim(field_text(record, form.currencycode)));
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
      std::string_view t = text::trim(s);
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
    if (n % 10) {  // two appends, not '"-" + std::string': GCC 12 -O3 false -Wrestrict (105329)
      t += '-';
      t += kOnes[n % 10];
    }
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
    if (!text::trim(line).empty()) lines.push_back(std::move(line));
  };
  if (!c.regno.empty()) add_line("Reg. No.: " + c.regno);
  for (const auto* a : {&c.address1, &c.address2, &c.address3, &c.address4}) add_line(*a);
  add_line(std::string(text::trim(c.postcode + " " + c.city)));
  add_line(c.state);
  std::string contact;
  if (!c.phone1.empty()) contact = "Tel: " + c.phone1;
  if (!c.email.empty()) contact += (contact.empty() ? "" : "   ") + ("Email: " + c.email);
  add_line(contact);
  if (!c.sstno.empty()) add_line("SST No.: " + c.sstno);
  if (!c.tin.empty()) add_line("TIN: " + c.tin);
  return lines;
}

std::vector<std::string> party_lines(const PrintedForm& form, const Fields& r,
                                     const store::CompanyProfile& company) {
  std::vector<std::string> lines;
  const auto add_line = [&](std::string line) {
    if (!text::trim(line).empty()) lines.push_back(std::move(line));
  };
  add_line(field_text(r, form.companyname));
  for (int key : form.address) add_line(field_text(r, key));
  add_line(std::string(text::trim(field_text(r, form.postcode) + " " + field_text(r, form.city))));
  add_line(field_text(r, form.state));
  std::string country(text::trim(field_text(r, form.country)));
  if (!country.empty() && !text::iequals(country, company.country)) add_line(country);
  if (std::string phone = field_text(r, form.phone1); !text::trim(phone).empty())
    add_line("Tel: " + phone);
  if (std::string attn = field_text(r, form.attention); !text::trim(attn).empty())
    add_line("Attn: " + attn);
  return lines;
}

}  // namespace

PrintedForm compile_printed_form(const PrintLayout& layout, const ObjectSpec& spec) {
  PrintedForm form;
  form.layout = &layout;
  form.spec = &spec;
  const auto master = [&](std::string_view name) { return text::find_by_name(spec.fields, name); };
  form.detail = text::find_by_name(spec.datasets, layout.detail);
  const std::span<const FieldSpec> row_fields =
      form.detail >= 0 ? spec.datasets[static_cast<std::size_t>(form.detail)].fields
                       : std::span<const FieldSpec>{};
  for (const auto& i : layout.info) form.info.push_back(master(i.field));
  for (const auto& c : layout.columns)
    form.columns.push_back(c.field == "#" ? -1 : text::find_by_name(row_fields, c.field));
  const AmountSpec* a = spec.amounts;
  for (const auto& c : layout.columns) {
    bool adjustment = false;
    if (a && text::iequals(a->lines, layout.detail))
      for (std::string_view f : {a->disc, a->tax, a->taxinclusive, a->taxrate, a->taxamt,
                                 a->localtaxamt, a->amountwithtax})
        adjustment = adjustment || (!f.empty() && text::iequals(f, c.field));
    form.detail_only.push_back(adjustment);
  }
  for (const auto& t : layout.totals)
    form.totals.push_back(t.rule == TotalRule::DetailSum ? text::find_by_name(row_fields, t.field)
                                                         : master(t.field));
  form.companyname = master("companyname");
  const char* const address[] = {"address1", "address2", "address3", "address4"};
  for (std::size_t k = 0; k < 4; ++k) form.address[k] = master(address[k]);
  form.postcode = master("postcode");
  form.city = master("city");
  form.state = master("state");
  form.country = master("country");
  form.phone1 = master("phone1");
  form.attention = master("attention");
  form.currencycode = master("currencycode");
  form.cancelled = master("cancelled");
  form.description = master("description");
  if (const int d = master("docno");
      d >= 0 && spec.fields[static_cast<std::size_t>(d)].type == FieldType::String)
    form.docno = d;
  return form;
}

pdf::Document build_print_document(const PrintLayout& layout, const ObjectSpec& spec,
                                   const Record& r, const store::CompanyProfile& company,
                                   PrintVariant variant) {
  return build_print_document(compile_printed_form(layout, spec), r, company, variant);
}

pdf::Document build_print_document(const PrintedForm& form, const Record& r,
                                   const store::CompanyProfile& company, PrintVariant variant) {
  const PrintLayout& layout = *form.layout;
  const Fields record{form.spec->fields, r.row};
  const std::string currency = currency_of(form, record, company);
  pdf::Document doc;
  doc.title = layout.title;
  doc.company_lines = company_lines(company);
  doc.party_heading = layout.party_heading;
  if (!layout.party_heading.empty()) doc.party_lines = party_lines(form, record, company);
  for (std::size_t k = 0; k < layout.info.size(); ++k)
    doc.info.emplace_back(
        std::string(layout.info[k].label),
        formatted(field_text(record, form.info[k]), layout.info[k].format, currency));
  doc.cancelled = truthy(record, form.cancelled);
  doc.grand_total = layout.grand_total;
  doc.page = variant.half_page ? pdf::PageSize::A5Landscape : pdf::PageSize::A4Portrait;
  const auto column_shown = [&](std::size_t column) {
    return !(variant.simple && form.detail_only[column]);
  };

  // The detail rows (none when the record was read without its datasets).
  const DatasetRows* detail = nullptr;
  if (form.detail >= 0 && static_cast<std::size_t>(form.detail) < r.datasets.size())
    detail = &r.datasets[static_cast<std::size_t>(form.detail)];
  static const std::vector<DatasetRow> kNoRows;
  const std::vector<DatasetRow>& rows = detail ? detail->rows : kNoRows;
  const std::span<const FieldSpec> row_fields =
      detail ? detail->spec->fields : std::span<const FieldSpec>{};

  for (std::size_t k = 0; k < layout.columns.size(); ++k)
    if (column_shown(k))
      doc.columns.push_back({std::string(layout.columns[k].label), layout.columns[k].numeric,
                             layout.columns[k].weight});
  std::size_t number = 0;
  for (const DatasetRow& row : rows) {
    const Fields fields{row_fields, row.cells};
    ++number;
    std::vector<std::string> cells;
    for (std::size_t k = 0; k < layout.columns.size(); ++k) {
      if (!column_shown(k)) continue;
      const ColumnSpec& c = layout.columns[k];
      cells.push_back(c.field == "#"
                          ? std::to_string(number)
                          : formatted(field_text(fields, form.columns[k]), c.format, currency));
    }
    doc.rows.push_back(std::move(cells));
  }

  std::optional<Decimal> running;  // the sum of the totals so far (for a Grand fallback)
  bool running_ok = true;
  std::optional<Decimal> grand;
  for (std::size_t k = 0; k < layout.totals.size(); ++k) {
    const TotalSpec& t = layout.totals[k];
    std::optional<Decimal> value;
    std::string shown;
    switch (t.rule) {
      case TotalRule::DetailSum: {
        value = Decimal::from_units(0, t.min_scale);
        for (const DatasetRow& row : rows) {
          auto d = decimal_field(Fields{row_fields, row.cells}, form.totals[k], t.min_scale);
          if (d && value) value = add(value, *d);
        }
        break;
      }
      case TotalRule::Master:
      case TotalRule::Grand: {
        std::string raw = field_text(record, form.totals[k]);
        value = decimal_field(record, form.totals[k], t.min_scale);
        if (!value && t.rule == TotalRule::Grand && text::trim(raw).empty() && running_ok &&
            running)
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

  doc.note = std::string(text::trim(field_text(record, form.description)));
  if (layout.amount_in_words && grand) {
    std::string words = amount_in_words(*grand, currency);
    if (!words.empty()) doc.note += (doc.note.empty() ? "" : "\n") + words;
  }
  return doc;
}

}  // namespace sqlacc::bizobject
