#pragma once
// A row's discount (AmountSpec::disc): "10%", "5" or terms joined by '+', "10%+5", applied in
// turn: a percentage of what is left, or an amount. Pure: no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/decimal.h"

namespace sqlacc::bizobject {

struct DiscountTerm {
  Decimal value;         // >= 0: percent at scale 4, amount at scale 2
  bool percent = false;  //
};

// The terms of a discount expression; an empty (or all-blank) one has none. nullopt when it is not
// `term ('+' term)*` with each term a non-negative decimal (2 places; 4 with a trailing '%'),
// blanks allowed around terms: "10%+", "+5", "10%%", "-5", "1e2" are refused.
std::optional<std::vector<DiscountTerm>> parse_discount(std::string_view expr);

// The canonical text of terms: "10.0000%+5.00" (parse_discount reads it back to the same terms).
std::string discount_text(const std::vector<DiscountTerm>& terms);

// `gross` (rounded to 2 places) less the discount, term by term, each percentage rounded half away
// from zero to 2 places. Throws a 400 Problem naming `path` when the expression does not parse, or
// when, at any term, it takes a non-negative amount below zero (or a negative one above zero).
Decimal apply_discount(const Decimal& gross, std::string_view expr, const std::string& path);

}  // namespace sqlacc::bizobject
