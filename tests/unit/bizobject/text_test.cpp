#include "bizobject/text.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sqlacc::bizobject {
namespace {

TEST(JsonEscape, EscapesWhatJsonRequires) {
  EXPECT_EQ(json_escape("plain"), "plain");
  EXPECT_EQ(json_escape("a\"b"), "a\\\"b");
  EXPECT_EQ(json_escape("a\\b"), "a\\\\b");
  EXPECT_EQ(json_escape("l1\nl2\r\t"), "l1\\nl2\\r\\t");
  EXPECT_EQ(json_escape("\b\f"), "\\b\\f");
  EXPECT_EQ(json_escape(std::string("\x01\x1f", 2)), "\\u0001\\u001f");
  EXPECT_EQ(json_escape(std::string("a\0b", 3)), "a\\u0000b");
  EXPECT_EQ(json_escape("Kuala Lumpur 吉隆坡 é"), "Kuala Lumpur 吉隆坡 é");
  EXPECT_EQ(json_escape("/<>'"), "/<>'");
  EXPECT_EQ(json_escape(""), "");
}

TEST(JsonEscape, RoundTripsEveryByteThroughAJsonParser) {
  std::string all;
  for (int c = 1; c < 0x80; ++c) all += static_cast<char>(c);
  all += "ü€😀";
  std::string doc;
  append_json_string(doc, all);
  EXPECT_EQ(boost::json::parse(doc).as_string(), all);
}

TEST(Text, CaseHelpers) {
  EXPECT_TRUE(iequals("Agent", "aGENT"));
  EXPECT_FALSE(iequals("agent", "agents"));
  EXPECT_EQ(to_lower("DocNo"), "docno");
  EXPECT_EQ(to_upper("300-a0001"), "300-A0001");
}

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
