#include "bizobject/discount.h"

#include <fmt/format.h>

#include <stdexcept>

#include "util/problem.h"

namespace sqlacc::bizobject {
namespace {

constexpr int kMoney = 2;
constexpr int kPercent = 4;

std::string_view blanks_trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::vector<DiscountTerm>> parse_discount(std::string_view expr) {
  std::vector<DiscountTerm> terms;
  if (blanks_trimmed(expr).empty()) return terms;
  for (;;) {
    const std::size_t plus = expr.find('+');
    std::string_view term = blanks_trimmed(expr.substr(0, plus));
    const bool percent = !term.empty() && term.back() == '%';
    if (percent) term.remove_suffix(1);
    // A term is digits: Decimal::parse alone would take a sign ("-5", "+5").
    if (term.empty() || term.front() < '0' || term.front() > '9') return std::nullopt;
    const std::optional<Decimal> value = Decimal::parse(term, percent ? kPercent : kMoney);
    if (!value) return std::nullopt;
    terms.push_back({*value, percent});
    if (plus == std::string_view::npos) return terms;
    expr.remove_prefix(plus + 1);  // a '+' must be followed by a term: "10%+" is refused
  }
}

std::string discount_text(const std::vector<DiscountTerm>& terms) {
  std::string s;
  for (const DiscountTerm& t : terms) {
    if (!s.empty()) s += '+';
    t.value.append_to(s);
    if (t.percent) s += '%';
  }
  return s;
}

Decimal apply_discount(const Decimal& gross, std::string_view expr, const std::string& path) {
  const std::optional<std::vector<DiscountTerm>> terms = parse_discount(expr);
  if (!terms)
    throw validation_error(
        path,
        fmt::format("Field '{}': discount '{}' is not like '10%', '5' or '10%+5'", path, expr));
  Decimal amount = gross.rounded(kMoney);
  const Decimal hundred = *Decimal::from_int(100, 0);
  // Term by term the amount moves towards zero and never past it: a later percentage of a negative
  // remainder would otherwise turn "5025+265%" of 0.49 into 8290.44.
  const bool negative = gross.is_negative();
  try {
    for (const DiscountTerm& t : *terms) {
      amount -= t.percent ? amount.multiply_divide(t.value, hundred, kMoney) : t.value;
      if (negative ? amount.units() > 0 : amount.is_negative())
        throw validation_error(
            path, fmt::format("Field '{}': discount '{}' is more than the amount {}", path, expr,
                              gross.rounded(kMoney).to_string()));
    }
  } catch (const std::overflow_error&) {
    throw validation_error(path,
                           fmt::format("Field '{}': discount '{}' is out of range", path, expr));
  }
  return amount;
}

}  // namespace sqlacc::bizobject
