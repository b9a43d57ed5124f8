#pragma once
// Exact decimal money: a signed 64-bit count of units of 10^-scale. Never a double.
// Parsing and formatting are exact; anything that would lose a digit or overflow is refused
// (parse returns nullopt with a reason; arithmetic throws std::overflow_error / std::domain_error).
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sqlacc {

enum class DecimalError {
  None,
  Syntax,     // not [+-]digits[.digits]
  Precision,  // more significant decimal places than the scale allows ("1.005" at scale 2)
  Overflow,   // does not fit in int64 units at this scale
};

class Decimal {
 public:
  static constexpr int kMaxScale = 18;

  constexpr Decimal() = default;  // 0 at scale 0

  // units * 10^-scale. Throws std::domain_error if scale is outside 0..kMaxScale.
  static Decimal from_units(std::int64_t units, int scale);
  // An integer at the given scale (5 at scale 2 is 5.00); nullopt on overflow.
  static std::optional<Decimal> from_int(std::int64_t value, int scale);
  // Strict text: optional sign, at least one digit, optional '.' followed by at least one digit.
  // No spaces, exponents, thousands separators. Extra trailing zeros past the scale are fine
  // ("1.500" at scale 2); extra non-zero digits are a Precision error, never a rounding.
  static std::optional<Decimal> parse(std::string_view text, int scale,
                                      DecimalError* error = nullptr);
  // A JSON number that arrived as a double: read back through its shortest round-trip text
  // (1.005 -> "1.005"), so it is exact for literals of up to 15 significant digits.
  static std::optional<Decimal> from_double(double value, int scale, DecimalError* error = nullptr);

  std::int64_t units() const { return units_; }
  int scale() const { return scale_; }
  bool is_zero() const { return units_ == 0; }
  bool is_negative() const { return units_ < 0; }

  // Always exactly `scale` decimals: 1.5 at scale 2 -> "1.50"; scale 0 -> "15".
  std::string to_string() const;
  void append_to(std::string& out) const { append(out, units_, scale_); }
  static void append(std::string& out, std::int64_t units, int scale);

  // Same value at another scale. Throws std::domain_error if a non-zero digit would be lost,
  // std::overflow_error if it does not fit.
  Decimal rescaled(int scale) const;
  // Rounded half away from zero to `scale` (may also widen). Throws std::overflow_error.
  Decimal rounded(int scale) const;
  // Product rounded half away from zero to result_scale. Throws std::overflow_error.
  Decimal multiply(const Decimal& other, int result_scale) const;
  // this × num / den, exact until one final rounding half away from zero to result_scale
  // (tax included in a price: amount × rate / (100 + rate)). Throws std::domain_error when den is
  // zero, std::overflow_error.
  Decimal multiply_divide(const Decimal& num, const Decimal& den, int result_scale) const;

  // Sum/difference at the larger of the two scales. Throw std::overflow_error.
  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  Decimal operator-() const;
  Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
  Decimal& operator-=(const Decimal& b) { return *this = *this - b; }

  // Compares values, whatever the scales (1.5 == 1.50).
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }

 private:
  constexpr Decimal(std::int64_t units, int scale) : units_(units), scale_(scale) {}
  std::int64_t units_ = 0;
  int scale_ = 0;
};

}  // namespace sqlacc
