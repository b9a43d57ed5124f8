// List filters, paging and order.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "bizobject/query.h"
#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

class FilterTest : public SampleDbTest {
 protected:
  std::vector<std::string> codes(std::string_view resource, const Params& p) {
    std::vector<std::string> out;
    json::value page = list(resource, p);
    for (const auto& r : page.at("data").as_array()) out.emplace_back(r.at("code").as_string());
    return out;
  }
  std::int64_t total(std::string_view resource, const Params& p) {
    return list(resource, p).at("pagination").at("total").as_int64();
  }
  using V = std::vector<std::string>;
};

TEST_F(FilterTest, NamesAndTextValuesIgnoreCase) {
  EXPECT_EQ(codes("agent", {{"CODE", "ali"}}), V{"ALI"});
  EXPECT_EQ(codes("agent", {{"Description", "siti aminah"}}), V{"SITI"});
  EXPECT_EQ(codes("agent", {{"code", "ALIS"}}), V{});
}

TEST_F(FilterTest, WildcardsUseLike) {
  EXPECT_EQ(codes("account", {{"code", "32*"}}), (V{"320-000", "320-001", "320-002"}));
  EXPECT_EQ(codes("account", {{"description", "*bank*"}}),
            (V{"320-000", "320-001", "320-002", "900-005"}));
  EXPECT_EQ(codes("account", {{"description", "*EARNINGS"}}), V{"150-000"});
  EXPECT_EQ(total("account", {{"code", "*"}}), 31);
}

TEST_F(FilterTest, LikeMetacharactersAreLiteral) {
  create("area", R"({"code":"A%B","description":"percent"})");
  create("area", R"({"code":"AXB","description":"x"})");
  create("area", R"({"code":"A_B","description":"underscore"})");
  create("area", R"({"code":"A\\B","description":"backslash"})");
  EXPECT_EQ(codes("area", {{"code", "A%*"}}), V{"A%B"});
  EXPECT_EQ(codes("area", {{"code", "A_*"}}), V{"A_B"});
  EXPECT_EQ(codes("area", {{"code", "A\\*"}}), V{"A\\B"});
  EXPECT_EQ(codes("area", {{"code", "A%B"}}), V{"A%B"});  // no '*': plain equality
  // Byte order of the upper-cased code: percent < X < backslash < underscore
  EXPECT_EQ(codes("area", {{"code", "A*B"}}), (V{"A%B", "AXB", "A\\B", "A_B"}));
}

// Found by fuzz_query: a stray '&' ("?code=ALI&") was a 400 naming no field; it is ignored now,
// and a value without a name is a 400 naming the empty name.
TEST_F(FilterTest, EmptyParameterNames) {
  EXPECT_EQ(codes("agent", {{"code", "ALI"}, {"", ""}}), V{"ALI"});
  expect_problem([&] { list("agent", {{"", "5"}}); }, 400, R"("")");
}

TEST_F(FilterTest, RangesAreInclusiveAndMayBeOpen) {
  EXPECT_EQ(codes("account", {{"code", "310-000~320-001"}}), (V{"310-000", "320-000", "320-001"}));
  EXPECT_EQ(codes("account", {{"code", "900-004~"}}), (V{"900-004", "900-005", "950-000"}));
  EXPECT_EQ(codes("account", {{"code", "~150-000"}}), (V{"100-000", "150-000"}));
  EXPECT_EQ(codes("terms", {{"termday", "30~60"}}), (V{"30 Days", "60 Days"}));
  EXPECT_EQ(codes("tax", {{"taxrate", "5~8"}}), (V{"ST-5", "SV-6", "SV-8"}));
  expect_problem([&] { list("account", {{"code", "~"}}); }, 400, "code");
}

TEST_F(FilterTest, ValuesAreParsedByType) {
  EXPECT_EQ(codes("terms", {{"termday", "30"}}), V{"30 Days"});
  EXPECT_EQ(codes("tax", {{"taxrate", "8"}}), V{"SV-8"});
  EXPECT_EQ(codes("tax", {{"taxrate", "8.00"}}), V{"SV-8"});
  EXPECT_EQ(codes("tax", {{"taxrate", "10"}, {"outputtax", "true"}}), V{"ST-10"});
  update("agent", "LIM", R"({"isactive":false})");
  EXPECT_EQ(codes("agent", {{"isactive", "false"}}), V{"LIM"});
  EXPECT_EQ(codes("agent", {{"isactive", "0"}}), V{"LIM"});
  EXPECT_EQ(total("agent", {{"isactive", "TRUE"}}), 4);
  expect_problem([&] { list("terms", {{"termday", "thirty"}}); }, 400, "termday");
  expect_problem([&] { list("tax", {{"taxrate", "8.001"}}); }, 400, "taxrate");
  expect_problem([&] { list("agent", {{"isactive", "yes"}}); }, 400, "isactive");
  expect_problem([&] { list("terms", {{"termday", "3*"}}); }, 400, "termday");
}

TEST_F(FilterTest, LastModifiedMeansAtOrAfter) {
  update("agent", "KUMAR", R"({"description":"K"})", kNow + 100);
  update("area", "PG", R"({"description":"P"})", kNow + 200);
  EXPECT_EQ(codes("agent", {{"lastmodified", std::to_string(kNow + 1)}}), V{"KUMAR"});
  EXPECT_EQ(total("agent", {{"lastmodified", std::to_string(kNow)}}), 5);
  EXPECT_EQ(codes("agent", {{"lastmodified", std::to_string(kNow + 101)}}), V{});
  EXPECT_EQ(codes("area",
                  {{"lastmodified", std::to_string(kNow + 1) + "~" + std::to_string(kNow + 300)}}),
            V{"PG"});
  EXPECT_EQ(total("area", {{"lastmodified", "~" + std::to_string(kNow)}}), 4);
}

TEST_F(FilterTest, UnknownFilterFieldIsNamed) {
  Problem p = expect_problem([&] { list("agent", {{"colour", "red"}}); }, 400, "colour");
  EXPECT_NE(std::string(p.what()).find("colour"), std::string::npos);
  expect_problem(
      [&] {
        list("agent", {{"id", "1"}});
      },
      400, "id");  // the hidden row id is not a field
}

TEST_F(FilterTest, SeveralFiltersAreAnded) {
  EXPECT_EQ(codes("account", {{"acctype", "ca"}, {"specialacctype", "BA"}}),
            (V{"320-000", "320-001", "320-002"}));
  EXPECT_EQ(codes("account", {{"code", "3*"}, {"code", "~320-000"}}),
            (V{"300-000", "310-000", "320-000"}));
}

TEST_F(FilterTest, OffsetLimitCountAndTotal) {
  json::value page = list("account", {{"offset", "0"}, {"limit", "10"}});
  EXPECT_EQ(page.at("pagination"), json::parse(R"({"offset":0,"limit":10,"count":10,"total":31})"));
  page = list("account", {{"offset", "30"}, {"limit", "10"}});
  EXPECT_EQ(page.at("pagination"), json::parse(R"({"offset":30,"limit":10,"count":1,"total":31})"));
  page = list("account", {{"offset", "100"}});
  EXPECT_EQ(page.at("pagination"),
            json::parse(R"({"offset":100,"limit":50,"count":0,"total":31})"));
  page = list("account", {{"LIMIT", "1000"}, {"description", "*s*"}});
  EXPECT_EQ(page.at("pagination").at("limit").as_int64(), 1000);
  EXPECT_EQ(page.at("pagination").at("count").as_int64(),
            page.at("pagination").at("total").as_int64());
  EXPECT_EQ(list("account", {{"limit", "1"}}).at("data").as_array().size(), 1u);
}

TEST_F(FilterTest, PagingBoundsAreChecked) {
  for (const char* bad : {"0", "1001", "-1", "abc", "", "5x", "99999999999999999999"})
    expect_problem([&] { list("agent", {{"limit", bad}}); }, 400, "limit");
  for (const char* bad : {"-1", "x", "", "1.5"})
    expect_problem([&] { list("agent", {{"offset", bad}}); }, 400, "offset");
}

// SigV4's canonical query is sorted, so one signature covers both orders of a repeated parameter:
// offset and limit, where the last would win, may appear once only.
// Each filter is one term of the SQL; SQLite refuses more than 1000 (it was a 500).
TEST_F(FilterTest, FiltersAreBounded) {
  Params many;
  for (std::size_t i = 0; i < kMaxConditions; ++i) many.emplace_back("code", "A*");
  EXPECT_NO_THROW(list("agent", many));
  for (int i = 0; i < 1000; ++i) many.emplace_back("code", std::to_string(i));
  Problem p = expect_problem([&] { list("agent", many); }, 400, "code");
  EXPECT_NE(std::string(p.what()).find("64"), std::string::npos);
}

TEST_F(FilterTest, PagingParametersAppearOnce) {
  expect_problem([&] { list("agent", {{"limit", "1"}, {"limit", "1000"}}); }, 400, "limit");
  expect_problem([&] { list("agent", {{"offset", "0"}, {"OFFSET", "5"}}); }, 400, "offset");
}

TEST_F(FilterTest, OrderIsStableByCodeThenRowId) {
  std::vector<std::string> all = codes("account", {{"limit", "1000"}});
  ASSERT_EQ(all.size(), 31u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  std::vector<std::string> paged;
  for (int off = 0; off < 31; off += 7) {
    auto part = codes("account", {{"offset", std::to_string(off)}, {"limit", "7"}});
    paged.insert(paged.end(), part.begin(), part.end());
  }
  EXPECT_EQ(paged, all);
  // Case does not change the order: codes sort by their upper-case form.
  create("area", R"({"code":"kb","description":"x"})");
  EXPECT_EQ(codes("area", {}), (V{"----", "JB", "kb", "KL", "PG", "PJ"}));
}

TEST_F(FilterTest, FilterShapesAreCachedButValuesAreNot) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(codes("agent", {{"code", "ALI"}}), V{"ALI"});
    EXPECT_EQ(codes("agent", {{"code", "LIM"}}), V{"LIM"});
  }
  // Many distinct shapes (beyond the cache bound) still work.
  for (int i = 0; i < 300; ++i) {
    Params p;
    for (int b = 0; b < 9; ++b)
      if (i & (1 << b)) p.emplace_back(b % 2 ? "code" : "description", "*");
    p.emplace_back("limit", std::to_string(1 + i % 50));
    EXPECT_EQ(total("agent", p), 5);
  }
}

TEST_F(FilterTest, OneEngineServesManyThreadsEachWithItsOwnConnection) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      store::SqliteConnection mine(dir_.path() / "company.db");
      for (int i = 0; i < 100; ++i) {
        Params p{{"code", (i + t) % 2 ? "3*" : "~400-000"}, {"limit", std::to_string(1 + i % 7)}};
        if (i % 3 == 0) p.emplace_back("acctype", "CA");
        json::value page = json::parse(json_text(engine_.list(mine, spec("account"), p)));
        if (page.at("data").as_array().empty()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
