// Discount expressions (discount.h): what parses, the canonical text, and the amount left.
#include "bizobject/discount.h"

#include <gtest/gtest.h>

#include "util/problem.h"

namespace sqlacc::bizobject {
namespace {

Decimal money(std::string_view s) { return *Decimal::parse(s, 2); }

TEST(Discount, TermsAndTheirCanonicalText) {
  const auto text = [](std::string_view e) {
    auto t = parse_discount(e);
    return t ? discount_text(*t) : std::string("(refused)");
  };
  EXPECT_EQ(text(""), "");
  EXPECT_EQ(text("  "), "");
  EXPECT_EQ(text("10%"), "10.0000%");
  EXPECT_EQ(text("5"), "5.00");
  EXPECT_EQ(text(" 10% + 5 "), "10.0000%+5.00");
  EXPECT_EQ(text("12.5%+2.5%+1"), "12.5000%+2.5000%+1.00");
  for (std::string_view bad : {"10%+", "+10%", "10%++5", "-5", "+5", "5%%", "%", "1e2", "abc",
                               "5.001", "1.00001%", "10 %", "5+ ", "99999999999999999999"})
    EXPECT_EQ(text(bad), "(refused)") << bad;
  // The canonical text reads back to the same terms.
  for (std::string_view e : {"10%", " 10% + 5 ", "0.5%+0%+3"}) {
    const std::string once = text(e);
    EXPECT_EQ(text(once), once) << e;
  }
}

TEST(Discount, AppliedInTurnNeverBelowZero) {
  EXPECT_EQ(apply_discount(money("70.00"), "10%+5", "disc"), money("58.00"));
  EXPECT_EQ(apply_discount(money("70.00"), "", "disc"), money("70.00"));
  EXPECT_EQ(apply_discount(money("0.05"), "50%", "disc"), money("0.02"));  // 0.025 -> 0.03 off
  EXPECT_EQ(apply_discount(money("10.00"), "100%", "disc"), money("0.00"));
  EXPECT_EQ(apply_discount(money("10.00"), "10", "disc"), money("0.00"));
  try {
    apply_discount(money("10.00"), "10.01", "sdsdocdetail[0].disc");
    FAIL() << "a discount above the amount was taken";
  } catch (const Problem& p) {
    EXPECT_EQ(p.status, 400u);
    EXPECT_EQ(p.field, "sdsdocdetail[0].disc");
  }
  EXPECT_THROW(apply_discount(money("10.00"), "10%+", "disc"), Problem);
  // Found by fuzz_values: past zero, a later percentage turned the amount positive again.
  EXPECT_THROW(apply_discount(money("0.49"), "0%+5025+265%", "disc"), Problem);
  EXPECT_THROW(apply_discount(money("10.00"), "11+200%", "disc"), Problem);
  EXPECT_THROW(apply_discount(money("10.00"), "99999999999999999%", "disc"), Problem);
}

}  // namespace
}  // namespace sqlacc::bizobject
