#include "bizobject/text.h"

#include <gtest/gtest.h>

namespace sqlacc::bizobject {
namespace {

TEST(Text, Utf8LengthCountsCodePoints) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("吉隆坡"), 3u);
  EXPECT_EQ(utf8_length("é😀"), 2u);
}

TEST(Text, DatesAreRealCalendarDates) {
  EXPECT_TRUE(is_valid_date("2025-01-31"));
  EXPECT_TRUE(is_valid_date("2024-02-29"));
  EXPECT_TRUE(is_valid_date("2000-02-29"));
  EXPECT_FALSE(is_valid_date("1900-02-29"));
  EXPECT_FALSE(is_valid_date("2023-02-29"));
  EXPECT_FALSE(is_valid_date("2025-04-31"));
  EXPECT_FALSE(is_valid_date("2025-13-01"));
  EXPECT_FALSE(is_valid_date("2025-00-10"));
  EXPECT_FALSE(is_valid_date("2025-01-00"));
  EXPECT_FALSE(is_valid_date("0000-01-01"));
  EXPECT_FALSE(is_valid_date("2025-1-01"));
  EXPECT_FALSE(is_valid_date("2025/01/01"));
  EXPECT_FALSE(is_valid_date("01/02/2025"));
  EXPECT_FALSE(is_valid_date("2025-01-01T00:00"));
  EXPECT_FALSE(is_valid_date(""));
}

}  // namespace
}  // namespace sqlacc::bizobject
