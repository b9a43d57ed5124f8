#include "util/decimal.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <stdexcept>

namespace sqlacc {
namespace {

std::string fmt(std::string_view text, int scale) {
  DecimalError err = DecimalError::None;
  auto d = Decimal::parse(text, scale, &err);
  if (!d) return "error " + std::to_string(static_cast<int>(err));
  return d->to_string();
}

DecimalError why(std::string_view text, int scale) {
  DecimalError err = DecimalError::None;
  EXPECT_FALSE(Decimal::parse(text, scale, &err).has_value()) << text;
  return err;
}

TEST(Decimal, ParsesAndFormatsAtTheScale) {
  EXPECT_EQ(fmt("0", 2), "0.00");
  EXPECT_EQ(fmt("1", 2), "1.00");
  EXPECT_EQ(fmt("1.5", 2), "1.50");
  EXPECT_EQ(fmt("-1.5", 2), "-1.50");
  EXPECT_EQ(fmt("+3", 2), "3.00");
  EXPECT_EQ(fmt("007.10", 2), "7.10");
  EXPECT_EQ(fmt("-0", 2), "0.00");
  EXPECT_EQ(fmt("-0.05", 2), "-0.05");
  EXPECT_EQ(fmt("12345", 0), "12345");
  EXPECT_EQ(fmt("4.45", 8), "4.45000000");
  EXPECT_EQ(fmt("0.000000000000000001", 18), "0.000000000000000001");
  EXPECT_EQ(Decimal::parse("150.25", 2)->units(), 15025);
  EXPECT_EQ(Decimal::parse("150.25", 2)->scale(), 2);
}

TEST(Decimal, TrailingZerosPastTheScaleAreExact) {
  EXPECT_EQ(fmt("1.500", 2), "1.50");
  EXPECT_EQ(fmt("1.0000000", 0), "1");
}

TEST(Decimal, RefusesLostDigitsInsteadOfRounding) {
  EXPECT_EQ(why("1.005", 2), DecimalError::Precision);
  EXPECT_EQ(why("0.001", 2), DecimalError::Precision);
  EXPECT_EQ(why("1.5", 0), DecimalError::Precision);
  EXPECT_EQ(why("1.0001", 3), DecimalError::Precision);
}

TEST(Decimal, RefusesBadSyntax) {
  for (std::string_view bad : {"", "-", "+", ".5", "1.", "1e5", " 1", "1 ", "1,000", "--1", "+-1",
                               "0x10", "1.2.3", "abc", "１", "NaN", "inf", "1.-5"})
    EXPECT_EQ(why(bad, 2), DecimalError::Syntax) << bad;
}

TEST(Decimal, RefusesOverflow) {
  EXPECT_EQ(fmt("92233720368547758.07", 2), "92233720368547758.07");  // INT64_MAX units
  EXPECT_EQ(why("92233720368547758.08", 2), DecimalError::Overflow);
  EXPECT_EQ(fmt("-92233720368547758.08", 2), "-92233720368547758.08");  // INT64_MIN units
  EXPECT_EQ(why("-92233720368547758.09", 2), DecimalError::Overflow);
  EXPECT_EQ(fmt("9223372036854775807", 0), "9223372036854775807");
  EXPECT_EQ(why("9223372036854775808", 0), DecimalError::Overflow);
  EXPECT_EQ(why("99999999999999999999999999999999999999999999", 2), DecimalError::Overflow);
  EXPECT_EQ(why("10", 18), DecimalError::Overflow);
  EXPECT_EQ(fmt("9.223372036854775807", 18), "9.223372036854775807");
}

TEST(Decimal, OverflowWinsOverSyntaxOnlyWhenTheTextIsANumber) {
  EXPECT_EQ(why("99999999999999999999999x", 2), DecimalError::Syntax);
}

TEST(Decimal, FormatsExtremes) {
  EXPECT_EQ(Decimal::from_units(std::numeric_limits<std::int64_t>::min(), 2).to_string(),
            "-92233720368547758.08");
  EXPECT_EQ(Decimal::from_units(std::numeric_limits<std::int64_t>::max(), 0).to_string(),
            "9223372036854775807");
  EXPECT_EQ(Decimal::from_units(5, 18).to_string(), "0.000000000000000005");
  EXPECT_EQ(Decimal::from_units(-5, 3).to_string(), "-0.005");
  EXPECT_EQ(Decimal::from_units(1234, 2).to_string(), "12.34");
  EXPECT_EQ(Decimal().to_string(), "0");
  EXPECT_THROW(Decimal::from_units(1, 19), std::domain_error);
  EXPECT_THROW(Decimal::from_units(1, -1), std::domain_error);
}

TEST(Decimal, RoundTripsRandomValues) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 20000; ++i) {
    auto units = static_cast<std::int64_t>(rng());
    int scale = static_cast<int>(rng() % 19);
    Decimal d = Decimal::from_units(units, scale);
    auto back = Decimal::parse(d.to_string(), scale);
    ASSERT_TRUE(back) << d.to_string();
    ASSERT_EQ(back->units(), units) << d.to_string();
  }
}

TEST(Decimal, FromIntChecksOverflow) {
  EXPECT_EQ(Decimal::from_int(5, 2)->to_string(), "5.00");
  EXPECT_EQ(Decimal::from_int(-5, 0)->to_string(), "-5");
  EXPECT_FALSE(Decimal::from_int(std::numeric_limits<std::int64_t>::max(), 1));
}

TEST(Decimal, FromDoubleUsesTheShortestText) {
  DecimalError err;
  EXPECT_EQ(Decimal::from_double(1.25, 2)->to_string(), "1.25");
  EXPECT_EQ(Decimal::from_double(0.1, 2)->to_string(), "0.10");
  EXPECT_EQ(Decimal::from_double(-3.5, 2)->to_string(), "-3.50");
  EXPECT_EQ(Decimal::from_double(10.0, 2)->to_string(), "10.00");
  EXPECT_EQ(Decimal::from_double(1e-7, 8)->to_string(), "0.00000010");
  EXPECT_EQ(Decimal::from_double(123456789.12, 2)->to_string(), "123456789.12");
  EXPECT_EQ(Decimal::from_double(1e15, 2)->to_string(), "1000000000000000.00");
  EXPECT_FALSE(Decimal::from_double(1.005, 2, &err));
  EXPECT_EQ(err, DecimalError::Precision);
  EXPECT_FALSE(Decimal::from_double(1e20, 2, &err));
  EXPECT_EQ(err, DecimalError::Overflow);
  EXPECT_FALSE(Decimal::from_double(1e300, 2, &err));
  EXPECT_EQ(err, DecimalError::Overflow);
  EXPECT_FALSE(Decimal::from_double(std::numeric_limits<double>::quiet_NaN(), 2, &err));
  EXPECT_EQ(err, DecimalError::Syntax);
  EXPECT_FALSE(Decimal::from_double(std::numeric_limits<double>::infinity(), 2, &err));
  EXPECT_EQ(Decimal::from_double(0.0, 2)->to_string(), "0.00");
  EXPECT_EQ(Decimal::from_double(-0.0, 2)->to_string(), "0.00");
}

TEST(Decimal, AddsAndSubtractsAtTheWiderScale) {
  Decimal a = *Decimal::parse("1.5", 1), b = *Decimal::parse("0.25", 2);
  EXPECT_EQ((a + b).to_string(), "1.75");
  EXPECT_EQ((a - b).to_string(), "1.25");
  EXPECT_EQ((b - a).to_string(), "-1.25");
  EXPECT_EQ((-a).to_string(), "-1.5");
  Decimal c = a;
  c += b;
  c -= *Decimal::parse("2", 0);
  EXPECT_EQ(c.to_string(), "-0.25");
  Decimal max = Decimal::from_units(std::numeric_limits<std::int64_t>::max(), 2);
  EXPECT_THROW(max + Decimal::from_units(1, 2), std::overflow_error);
  EXPECT_THROW(-Decimal::from_units(std::numeric_limits<std::int64_t>::min(), 2),
               std::overflow_error);
}

TEST(Decimal, ComparesValuesAcrossScales) {
  EXPECT_EQ(*Decimal::parse("1.5", 1), *Decimal::parse("1.50", 2));
  EXPECT_LT(*Decimal::parse("1.49", 2), *Decimal::parse("1.5", 1));
  EXPECT_GT(*Decimal::parse("-1", 0), *Decimal::parse("-1.01", 2));
  EXPECT_TRUE(Decimal::parse("0", 4)->is_zero());
  EXPECT_TRUE(Decimal::parse("-0.01", 2)->is_negative());
}

TEST(Decimal, RescalesExactlyAndRoundsHalfAwayFromZero) {
  EXPECT_EQ(Decimal::parse("1.50", 2)->rescaled(1).to_string(), "1.5");
  EXPECT_EQ(Decimal::parse("1.5", 1)->rescaled(4).to_string(), "1.5000");
  EXPECT_THROW(Decimal::parse("1.55", 2)->rescaled(1), std::domain_error);
  EXPECT_THROW(Decimal::parse("92233720368547758.07", 2)->rescaled(3), std::overflow_error);
  EXPECT_EQ(Decimal::parse("1.005", 3)->rounded(2).to_string(), "1.01");
  EXPECT_EQ(Decimal::parse("-1.005", 3)->rounded(2).to_string(), "-1.01");
  EXPECT_EQ(Decimal::parse("1.004", 3)->rounded(2).to_string(), "1.00");
  EXPECT_EQ(Decimal::parse("2.5", 1)->rounded(0).to_string(), "3");
  EXPECT_EQ(Decimal::parse("-2.5", 1)->rounded(0).to_string(), "-3");
  EXPECT_EQ(Decimal::parse("2.49", 2)->rounded(0).to_string(), "2");
}

TEST(Decimal, MultipliesWithRounding) {
  Decimal qty = *Decimal::parse("3", 4), price = *Decimal::parse("1.10", 2);
  EXPECT_EQ(qty.multiply(price, 2).to_string(), "3.30");
  Decimal third = *Decimal::parse("0.3333", 4);
  EXPECT_EQ(third.multiply(*Decimal::parse("3", 0), 2).to_string(), "1.00");
  EXPECT_EQ(Decimal::parse("0.125", 3)->multiply(*Decimal::parse("1", 0), 2).to_string(), "0.13");
  EXPECT_EQ(Decimal::parse("-0.125", 3)->multiply(*Decimal::parse("1", 0), 2).to_string(), "-0.13");
  // SST 8% on 19.99 = 1.5992 -> 1.60
  EXPECT_EQ(Decimal::parse("19.99", 2)->multiply(*Decimal::parse("0.08", 2), 2).to_string(),
            "1.60");
  EXPECT_EQ(Decimal::parse("2", 0)->multiply(*Decimal::parse("1.5", 1), 3).to_string(), "3.000");
  Decimal big = Decimal::from_units(std::numeric_limits<std::int64_t>::max() / 2, 0);
  EXPECT_THROW(big.multiply(*Decimal::parse("3", 0), 0), std::overflow_error);
  // The intermediate product may exceed 64 bits as long as the result fits.
  Decimal a = *Decimal::parse("1000000000.12345678", 8);
  EXPECT_EQ(a.multiply(*Decimal::parse("2.00000000", 8), 2).to_string(), "2000000000.25");
}

TEST(Decimal, MultipliesAndDividesWithOneRounding) {
  auto d = [](std::string_view t, int scale) { return *Decimal::parse(t, scale); };
  // Tax inside a tax-inclusive price: 108.00 × 8 / 108 = 8.00; 100.00 × 6 / 106 = 5.660... -> 5.66
  EXPECT_EQ(d("108.00", 2).multiply_divide(d("8", 2), d("108", 2), 2).to_string(), "8.00");
  EXPECT_EQ(d("100.00", 2).multiply_divide(d("6", 2), d("106", 2), 2).to_string(), "5.66");
  // Half away from zero on both signs: 0.05 × 1 / 2 = 0.025 -> 0.03 / -0.03.
  EXPECT_EQ(d("0.05", 2).multiply_divide(d("1", 0), d("2", 0), 2).to_string(), "0.03");
  EXPECT_EQ(d("-0.05", 2).multiply_divide(d("1", 0), d("2", 0), 2).to_string(), "-0.03");
  EXPECT_EQ(d("0.05", 2).multiply_divide(d("1", 0), d("-2", 0), 2).to_string(), "-0.03");
  // Scales on every side: 1 / 3 at scale 8; 2.5 × 0.1234 / 0.5 = 0.617.
  EXPECT_EQ(d("1", 0).multiply_divide(d("1", 0), d("3", 0), 8).to_string(), "0.33333333");
  EXPECT_EQ(d("2.5", 1).multiply_divide(d("0.1234", 4), d("0.5", 1), 3).to_string(), "0.617");
  EXPECT_THROW(d("1", 0).multiply_divide(d("1", 0), d("0", 2), 2), std::domain_error);
  Decimal big = Decimal::from_units(std::numeric_limits<std::int64_t>::max(), 0);
  EXPECT_THROW(big.multiply_divide(d("10", 0), d("1", 0), 0), std::overflow_error);
}

}  // namespace
}  // namespace sqlacc
