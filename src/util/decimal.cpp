#include "util/decimal.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>
#include <system_error>

namespace sqlacc {
namespace {

using i128 = __int128;

constexpr std::int64_t kPow10[] = {1,
                                   10,
                                   100,
                                   1000,
                                   10000,
                                   100000,
                                   1000000,
                                   10000000,
                                   100000000,
                                   1000000000,
                                   10000000000,
                                   100000000000,
                                   1000000000000,
                                   10000000000000,
                                   100000000000000,
                                   1000000000000000,
                                   10000000000000000,
                                   100000000000000000,
                                   1000000000000000000};

void check_scale(int scale) {
  if (scale < 0 || scale > Decimal::kMaxScale)
    throw std::domain_error("decimal scale out of range");
}

bool fits(i128 v) {
  return v >= std::numeric_limits<std::int64_t>::min() &&
         v <= std::numeric_limits<std::int64_t>::max();
}

std::int64_t narrow_or_throw(i128 v) {
  if (!fits(v)) throw std::overflow_error("decimal overflow");
  return static_cast<std::int64_t>(v);
}

// Divides by 10^n rounding half away from zero (n >= 0, may exceed 18).
i128 div_round(i128 v, int n) {
  if (n == 0) return v;
  if (n > 36) return 0;
  i128 d = 1;
  for (int i = 0; i < n; ++i) d *= 10;
  i128 q = v / d;
  i128 r = v % d;
  if (r < 0) r = -r;
  if (r * 2 >= d) q += (v < 0) ? -1 : 1;
  return q;
}

std::optional<Decimal> fail(DecimalError* error, DecimalError why) {
  if (error) *error = why;
  return std::nullopt;
}

}  // namespace

Decimal Decimal::from_units(std::int64_t units, int scale) {
  check_scale(scale);
  return Decimal(units, scale);
}

std::optional<Decimal> Decimal::from_int(std::int64_t value, int scale) {
  check_scale(scale);
  i128 v = static_cast<i128>(value) * kPow10[scale];
  if (!fits(v)) return std::nullopt;
  return Decimal(static_cast<std::int64_t>(v), scale);
}

std::optional<Decimal> Decimal::parse(std::string_view s, int scale, DecimalError* error) {
  check_scale(scale);
  if (error) *error = DecimalError::None;
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  // Accumulate the magnitude as units at `scale`; i128 cannot overflow before we check each digit.
  constexpr i128 kLimit = static_cast<i128>(std::numeric_limits<std::int64_t>::max()) + 1;
  i128 units = 0;
  bool overflow = false;
  std::size_t int_digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++int_digits) {
    units = units * 10 + (s[i] - '0');
    if (units > kLimit) {
      overflow = true;
      units = kLimit + 1;  // stay bounded; keep validating the syntax
    }
  }
  if (int_digits == 0) return fail(error, DecimalError::Syntax);
  int frac_digits = 0;
  bool lost = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t start = i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (frac_digits < scale) {
        units = units * 10 + (s[i] - '0');  // at most `scale` (<= 18) multiplications in all
        ++frac_digits;
      } else if (s[i] != '0') {
        lost = true;
      }
    }
    if (i == start) return fail(error, DecimalError::Syntax);
  }
  if (i != s.size()) return fail(error, DecimalError::Syntax);
  if (lost) return fail(error, DecimalError::Precision);
  for (; frac_digits < scale; ++frac_digits) units *= 10;
  if (negative) units = -units;
  if (overflow || !fits(units)) return fail(error, DecimalError::Overflow);
  return Decimal(static_cast<std::int64_t>(units), scale);
}

std::optional<Decimal> Decimal::from_double(double value, int scale, DecimalError* error) {
  check_scale(scale);
  if (error) *error = DecimalError::None;
  if (value != value || value == std::numeric_limits<double>::infinity() ||
      value == -std::numeric_limits<double>::infinity())
    return fail(error, DecimalError::Syntax);
  // Shortest round-trip scientific form: [-]d[.ddd]e[+-]xx
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  if (ec != std::errc()) return fail(error, DecimalError::Syntax);
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  std::size_t e = text.find('e');
  std::string_view mantissa = text.substr(0, e);
  int exponent = 0;
  std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(),
                  exponent);
  bool negative = !mantissa.empty() && mantissa[0] == '-';
  if (negative) mantissa.remove_prefix(1);
  std::string digits;
  for (char c : mantissa)
    if (c != '.') digits += c;
  // value = 0.digits... * 10^(exponent + 1): rebuild plain text "[-]int.frac".
  int point = exponent + 1;  // digits before the decimal point
  std::string plain = negative ? "-" : "";
  if (point <= 0) {
    plain += "0.";
    plain.append(static_cast<std::size_t>(-point), '0');
    plain += digits;
  } else if (static_cast<std::size_t>(point) >= digits.size()) {
    if (point > 40) return fail(error, DecimalError::Overflow);
    plain += digits;
    plain.append(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    plain += digits.substr(0, static_cast<std::size_t>(point));
    plain += '.';
    plain += digits.substr(static_cast<std::size_t>(point));
  }
  return parse(plain, scale, error);
}

void Decimal::append(std::string& out, std::int64_t units, int scale) {
  char buf[48];
  char* p = buf + sizeof buf;
  // Magnitude as unsigned so that INT64_MIN formats correctly.
  std::uint64_t mag =
      units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  int written = 0;
  do {
    *--p = static_cast<char>('0' + mag % 10);
    mag /= 10;
    ++written;
    if (written == scale) *--p = '.';
  } while (mag != 0 || written <= scale);
  if (*p == '.') *--p = '0';
  if (units < 0) *--p = '-';
  out.append(p, static_cast<std::size_t>(buf + sizeof buf - p));
}

std::string Decimal::to_string() const {
  std::string s;
  append(s, units_, scale_);
  return s;
}

Decimal Decimal::rescaled(int scale) const {
  check_scale(scale);
  if (scale >= scale_) {
    return Decimal(narrow_or_throw(static_cast<i128>(units_) * kPow10[scale - scale_]), scale);
  }
  std::int64_t d = kPow10[scale_ - scale];
  if (units_ % d != 0) throw std::domain_error("decimal rescale would lose digits");
  return Decimal(units_ / d, scale);
}

Decimal Decimal::rounded(int scale) const {
  check_scale(scale);
  if (scale >= scale_) return rescaled(scale);
  return Decimal(narrow_or_throw(div_round(units_, scale_ - scale)), scale);
}

Decimal Decimal::multiply(const Decimal& other, int result_scale) const {
  check_scale(result_scale);
  // The exact product has scale_ + other.scale_ decimals; |units| < 2^126 fits in i128.
  i128 product = static_cast<i128>(units_) * other.units_;
  int exact_scale = scale_ + other.scale_;
  if (result_scale >= exact_scale) {
    i128 v = product;
    for (int i = exact_scale; i < result_scale; ++i) {
      v *= 10;
      if (!fits(v)) throw std::overflow_error("decimal overflow");
    }
    return Decimal(narrow_or_throw(v), result_scale);
  }
  return Decimal(narrow_or_throw(div_round(product, exact_scale - result_scale)), result_scale);
}

Decimal Decimal::multiply_divide(const Decimal& num, const Decimal& den, int result_scale) const {
  check_scale(result_scale);
  if (den.units_ == 0) throw std::domain_error("decimal division by zero");
  i128 n = static_cast<i128>(units_) * num.units_;
  i128 d = den.units_;
  // value = n / 10^(scale_ + num.scale_) and den = d / 10^den.scale_: bring both to result_scale.
  for (int shift = den.scale_ + result_scale - scale_ - num.scale_; shift != 0;) {
    i128& v = shift > 0 ? n : d;
    if (__builtin_mul_overflow(v, static_cast<i128>(10), &v))
      throw std::overflow_error("decimal overflow");
    shift += shift > 0 ? -1 : 1;
  }
  const bool negative = (n < 0) != (d < 0);
  const i128 an = n < 0 ? -n : n;
  const i128 ad = d < 0 ? -d : d;
  i128 q = an / ad;
  if ((an % ad) * 2 >= ad) ++q;
  return Decimal(narrow_or_throw(negative ? -q : q), result_scale);
}

Decimal operator+(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  i128 x = static_cast<i128>(a.units_) * kPow10[scale - a.scale_];
  i128 y = static_cast<i128>(b.units_) * kPow10[scale - b.scale_];
  return Decimal(narrow_or_throw(x + y), scale);
}

Decimal operator-(const Decimal& a, const Decimal& b) { return a + (-b); }

Decimal Decimal::operator-() const {
  return Decimal(narrow_or_throw(-static_cast<i128>(units_)), scale_);
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  i128 x = static_cast<i128>(a.units_) * kPow10[scale - a.scale_];
  i128 y = static_cast<i128>(b.units_) * kPow10[scale - b.scale_];
  return x < y ? std::strong_ordering::less
               : (x > y ? std::strong_ordering::greater : std::strong_ordering::equal);
}

}  // namespace sqlacc
