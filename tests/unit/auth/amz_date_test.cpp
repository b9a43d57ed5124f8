#include "auth/amz_date.h"

#include <gtest/gtest.h>

namespace sqlacc::auth {
namespace {

TEST(AmzDate, ParsesAndFormatsRoundTrip) {
  const auto t = parse_amz_date("20150830T123600Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->time_since_epoch().count(), 1440938160);
  const auto f = format_amz_date(*t);
  EXPECT_EQ(std::string_view(f.data(), f.size()), "20150830T123600Z");
  // Sub-second parts are truncated.
  const auto g = format_amz_date(*t + std::chrono::milliseconds(999));
  EXPECT_EQ(std::string_view(g.data(), g.size()), "20150830T123600Z");
}

TEST(AmzDate, RejectsLooseForms) {
  for (const char* bad :
       {"", "20150830T123600", "20150830T123600z", "2015-08-30T12:36:00Z", "20150830 123600Z",
        "20151330T123600Z", "20150230T123600Z", "20150830T243600Z", "20150830T126000Z",
        "20150830T123660Z", "2015083OT123600Z", "+0150830T123600Z", "20150830T123600ZZ"}) {
    EXPECT_FALSE(parse_amz_date(bad)) << bad;
  }
  EXPECT_TRUE(parse_amz_date("20240229T000000Z"));  // leap day
  EXPECT_FALSE(parse_amz_date("20230229T000000Z"));
}

TEST(AmzDate, YearsOutsideTheRangeAreRefused) {
  // 1970..9999: a difference of two parsed dates (or of one and a clock reading floored to
  // seconds) fits in int64 seconds; a date past 2262 does not fit in int64 nanoseconds.
  EXPECT_FALSE(parse_amz_date("19691231T235959Z"));
  EXPECT_FALSE(parse_amz_date("00000101T000000Z"));
  EXPECT_FALSE(is_scope_date("19691231"));
  ASSERT_TRUE(parse_amz_date("19700101T000000Z"));
  EXPECT_EQ(parse_amz_date("19700101T000000Z")->time_since_epoch().count(), 0);
  ASSERT_TRUE(parse_amz_date("99991231T235959Z"));
  EXPECT_EQ(parse_amz_date("99991231T235959Z")->time_since_epoch().count(), 253402300799);
  EXPECT_TRUE(parse_amz_date("55340403T045013Z"));  // parses; the time check refuses it
}

TEST(AmzDate, ScopeDate) {
  EXPECT_TRUE(is_scope_date("20150830"));
  EXPECT_FALSE(is_scope_date("2015083"));
  EXPECT_FALSE(is_scope_date("20150832"));
  EXPECT_FALSE(is_scope_date("2015-830"));
}

}  // namespace
}  // namespace sqlacc::auth
