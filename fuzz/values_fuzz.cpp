// Fuzzes the value parsers of input validation: exact decimals (util/decimal.h), calendar dates
// (bizobject/text.h) and discount expressions (bizobject/discount.h). Invariants: every accepted
// text round-trips (text -> value -> canonical text -> the same value and text); a discount never
// leaves more than the amount nor less than zero, and fails only with a 400 naming the field.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "bizobject/discount.h"
#include "bizobject/text.h"
#include "fuzz_support.h"
#include "util/decimal.h"
#include "util/problem.h"

using namespace sqlacc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int scale = data[0] % (Decimal::kMaxScale + 1);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  // Decimals: the canonical text has exactly `scale` decimals and reads back to itself.
  if (auto d = Decimal::parse(text, scale)) {
    const std::string s = d->to_string();
    const auto again = Decimal::parse(s, scale);
    FUZZ_CHECK(again && *again == *d && again->units() == d->units());
    FUZZ_CHECK(again->to_string() == s);
  }

  // Dates: a valid one is YYYY-MM-DD of a real day; its pieces rebuild it.
  if (bizobject::is_valid_date(text)) {
    const int y = std::stoi(std::string(text.substr(0, 4)));
    const int m = std::stoi(std::string(text.substr(5, 2)));
    const int dd = std::stoi(std::string(text.substr(8, 2)));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
    FUZZ_CHECK(std::string_view(buf) == text);
  }

  // Discounts: canonical text is a fixed point; the amount left is within [0, gross].
  const auto terms = bizobject::parse_discount(text);
  if (terms) {
    const std::string canonical = bizobject::discount_text(*terms);
    const auto again = bizobject::parse_discount(canonical);
    FUZZ_CHECK(again && again->size() == terms->size());
    for (std::size_t i = 0; i < terms->size(); ++i)
      FUZZ_CHECK((*again)[i].percent == (*terms)[i].percent &&
                 (*again)[i].value == (*terms)[i].value && !(*terms)[i].value.is_negative());
    FUZZ_CHECK(bizobject::discount_text(*again) == canonical);
  }
  // A gross amount from the first byte too: 0.00 .. 2.55 and 10^k multiples.
  const Decimal gross =
      Decimal::from_units(static_cast<std::int64_t>(data[0]) * (data[0] % 2 ? 1 : 1000000000LL), 2);
  try {
    const Decimal left = bizobject::apply_discount(gross, text, "disc");
    FUZZ_CHECK(terms.has_value());
    FUZZ_CHECK(!left.is_negative());
    FUZZ_CHECK(left <= gross);
  } catch (const Problem& p) {
    FUZZ_CHECK(p.status == 400 && p.field == "disc");
  }
  return 0;
}
