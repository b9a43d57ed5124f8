#include "util/text.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sqlacc::text {
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

TEST(Text, TokenCharsAreRfc9110Tchars) {
  for (char c : std::string_view("abcXYZ019!#$%&'*+-.^_`|~")) EXPECT_TRUE(is_token_char(c)) << c;
  for (char c : std::string_view(" \t\"(),/:;<=>?@[\\]{}")) EXPECT_FALSE(is_token_char(c)) << c;
}

TEST(Iequals, FoldsAsciiLettersOnly) {
  EXPECT_TRUE(iequals("X-Amz-Date", "x-amz-date"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("abc", "abcd"));
  EXPECT_FALSE(iequals("a-b", "a_b"));
  EXPECT_FALSE(iequals("\xc3\xa9", "\xc3\x89"));  // é and É: UTF-8 is compared byte for byte
  EXPECT_FALSE(iequals("@", "`"));                // the bytes just below 'A' and 'a'
}

TEST(Trim, RemovesAsciiWhiteSpaceAtBothEnds) {
  EXPECT_EQ(trim("  a b\t"), "a b");
  EXPECT_EQ(trim("\r\n x \r\n"), "x");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("\xc2\xa0x"), "\xc2\xa0x");  // a no-break space is not ASCII white space
}

TEST(HexValue, ReadsBothCasesAndRejectsTheRest) {
  EXPECT_EQ(hex_value('0'), 0);
  EXPECT_EQ(hex_value('9'), 9);
  EXPECT_EQ(hex_value('a'), 10);
  EXPECT_EQ(hex_value('F'), 15);
  for (char c : {'g', 'G', '/', ':', '@', '`', ' ', '\0'}) EXPECT_EQ(hex_value(c), -1) << c;
}

TEST(FindByName, IgnoresLetterCaseAndFindsTheFirst) {
  struct Named {
    std::string_view name;
  };
  const Named items[] = {{"code"}, {"CompanyName"}, {"companyname"}};
  EXPECT_EQ(find_by_name(std::span<const Named>(items), "CODE"), 0);
  EXPECT_EQ(find_by_name(std::span<const Named>(items), "companyNAME"), 1);
  EXPECT_EQ(find_by_name(std::span<const Named>(items), "missing"), -1);
  EXPECT_EQ(find_by_name(std::span<const Named>(), "code"), -1);
}

}  // namespace
}  // namespace sqlacc::text
