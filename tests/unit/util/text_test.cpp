#include "util/text.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdint>
#include <string>
#include <vector>

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

TEST(Utf8, ValidSequencesAreRecognised) {
  for (const char* ok : {"", "abc", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                         "\xF4\x8F\xBF\xBF" /* U+10FFFF */, "\xED\x9F\xBF" /* U+D7FF */,
                         "\xEE\x80\x80" /* U+E000 */, "\xC2\x80", "\xEF\xBF\xBD"}) {
    EXPECT_TRUE(valid_utf8(ok)) << ok;
    EXPECT_EQ(to_valid_utf8(ok), ok);
    EXPECT_EQ(json_escape(ok), ok);
  }
  EXPECT_TRUE(valid_utf8(std::string("a\0b", 3)));
}

TEST(Utf8, IllFormedSequencesAreRejected) {
  for (const char* bad :
       {"\xFF", "\xFE", "\x80", "\xBF", "\xC0\x80" /* overlong NUL */, "\xC1\xBF",
        "\xE0\x80\x80" /* overlong */, "\xE0\x9F\xBF", "\xED\xA0\x80" /* surrogate */,
        "\xED\xBF\xBF", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80" /* above U+10FFFF */,
        "\xF5\x80\x80\x80", "\xE2\x82" /* cut short */, "\xF0\x9F\x98", "\xC3", "a\xC3(b"}) {
    EXPECT_FALSE(valid_utf8(bad)) << testing::PrintToString(std::string(bad));
    EXPECT_TRUE(valid_utf8(to_valid_utf8(bad)));
    EXPECT_TRUE(valid_utf8(json_escape(bad)));
  }
}

TEST(Utf8, MaximalSubpartsBecomeOneReplacementEach) {
  const std::string r = "\xEF\xBF\xBD";
  // Unicode 15, §3.9, Table 3-8.
  EXPECT_EQ(to_valid_utf8("a\xF1\x80\x80\xE1\x80\xC2"
                          "b\x80"
                          "c\x80\xBF"
                          "d"),
            "a" + r + r + r + "b" + r + "c" + r + r + "d");
  EXPECT_EQ(to_valid_utf8("\xE2\x82"
                          "A"),
            r + "A");
  EXPECT_EQ(to_valid_utf8("\xF0\x80\x80"), r + r + r);  // F0 80: not a possible start
  EXPECT_EQ(to_valid_utf8("\xED\xA0\x80"), r + r + r);
  EXPECT_EQ(to_valid_utf8("\xC3(\xC3\xA9"), r + "(\xC3\xA9");
  EXPECT_EQ(to_valid_utf8("\xFF\xFE"), r + r);
  // The JSON writer does the same inside its escaping.
  EXPECT_EQ(json_escape("\xFF\"\xE2\x82\n\xC3\xA9"), r + "\\\"" + r + "\\n\xC3\xA9");
}

TEST(Utf8, NextCodePointDecodesOrRefuses) {
  auto decode = [](std::string_view s) {
    std::vector<std::int32_t> out;
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t before = i;
      const std::int32_t cp = next_code_point(s, i);
      out.push_back(cp);
      if (cp < 0) {
        EXPECT_EQ(i, before);
        break;
      }
    }
    return out;
  };
  EXPECT_EQ(decode("A\xC3\xA9\xE2\x80\xAE\xF0\x9F\x98\x80"),
            (std::vector<std::int32_t>{'A', 0xE9, 0x202E, 0x1F600}));
  EXPECT_EQ(decode("\xC0\xAF"), (std::vector<std::int32_t>{-1}));          // overlong '/'
  EXPECT_EQ(decode("\xED\xA0\x80"), (std::vector<std::int32_t>{-1}));      // surrogate
  EXPECT_EQ(decode("\xF4\x90\x80\x80"), (std::vector<std::int32_t>{-1}));  // above U+10FFFF
  EXPECT_EQ(decode("x\xE2\x80"), (std::vector<std::int32_t>{'x', -1}));    // truncated
}

TEST(Utf8, AgreesWithBoostJsonsValidatingParser) {
  // Every string of one or two bytes, and pseudo-random ones of three to five: valid_utf8() says
  // what a strict parser accepts, and whatever json_escape() writes, that parser reads.
  std::vector<std::string> inputs;
  for (int a = 0; a < 256; ++a) {
    inputs.emplace_back(1, static_cast<char>(a));
    for (int b = 0; b < 256; ++b) inputs.push_back({static_cast<char>(a), static_cast<char>(b)});
  }
  std::uint32_t x = 12345;
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    const int len = 3 + i % 3;
    for (int k = 0; k < len; ++k) {
      x = x * 1664525u + 1013904223u;
      const auto byte = static_cast<unsigned char>(x >> 24);
      s += static_cast<char>(k == 0 ? (0xE0 | (byte & 0x1F)) : (byte < 0x40 ? byte + 0x40 : byte));
    }
    inputs.push_back(std::move(s));
  }
  for (const std::string& s : inputs) {
    std::string doc;
    append_json_string(doc, s);
    boost::system::error_code ec;
    const auto v = boost::json::parse(doc, ec);
    ASSERT_FALSE(ec) << testing::PrintToString(s);
    std::string raw = "\"";
    for (char c : s)
      raw += (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\') ? 'x' : c;
    raw += '"';
    boost::json::parse(raw, ec);
    EXPECT_EQ(valid_utf8(s), !ec) << testing::PrintToString(s);
    if (valid_utf8(s)) {
      EXPECT_EQ(v.as_string(), s);
    }
  }
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
