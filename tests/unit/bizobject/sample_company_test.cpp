#include <gtest/gtest.h>

#include <map>

#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

class SampleCompanyTest : public SampleDbTest {};

TEST_F(SampleCompanyTest, HasTheExpectedMasters) {
  EXPECT_EQ(count("account"), 31);
  EXPECT_EQ(count("tax"), 5);
  EXPECT_EQ(count("terms"), 4);
  EXPECT_EQ(count("agent"), 5);
  EXPECT_EQ(count("area"), 5);
  EXPECT_EQ(count("currency"), 3);
  EXPECT_EQ(count("project"), 3);
  EXPECT_EQ(count("location"), 2);
  EXPECT_EQ(count("stockgroup"), 2);
  for (std::string_view resource : {"agent", "area", "currency", "project", "location"})
    EXPECT_NO_THROW(get(resource, "----")) << resource;
  EXPECT_EQ(get("currency", "----").at("data").at(0).at("isocode"), "MYR");
  for (std::string_view code : {"ST-10", "ST-5", "ST-E", "SV-8", "SV-6"})
    EXPECT_EQ(get("tax", code).at("data").at(0).at("taxaccount"), "420-000") << code;
  EXPECT_EQ(get("tax", "ST-E").at("data").at(0).at("taxrate"), "0.00");
  EXPECT_EQ(get("account", "300-000").at("data").at(0).at("specialacctype"), "DC");
  EXPECT_EQ(get("account", "400-000").at("data").at(0).at("specialacctype"), "CC");
  EXPECT_EQ(get("stockgroup", "DEFAULT").at("data").at(0).at("balancestock"), "330-000");
}

TEST_F(SampleCompanyTest, EveryReferenceResolves) {
  int checked = 0;
  for (const ObjectSpec* s : engine_.objects()) {
    json::value all = list(s->resource, {{"limit", "1000"}});
    for (const auto& row : all.at("data").as_array()) {
      for (const FieldSpec& f : s->fields) {
        if (f.references.empty()) continue;
        std::string value(row.at(f.name).as_string());
        if (value.empty()) continue;
        json::value target = get(f.references, value);
        EXPECT_EQ(target.at("data").at(0).at("code").as_string(), value)
            << s->resource << "." << f.name;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 30);
}

TEST_F(SampleCompanyTest, AccountTypesMatchTheirRanges) {
  json::value all = list("account", {{"limit", "1000"}});
  for (const auto& row : all.at("data").as_array()) {
    std::string code(row.at("code").as_string());
    std::string type(row.at("acctype").as_string());
    static const std::map<char, std::string> kByGroup = {
        {'2', "FA"}, {'3', "CA"}, {'4', "CL"}, {'6', "CO"}, {'9', "EP"}};
    auto it = kByGroup.find(code[0]);
    if (it != kByGroup.end()) {
      EXPECT_EQ(type, it->second) << code;
    }
  }
}

TEST_F(SampleCompanyTest, LoadingTwiceIsRefusedAndAtomic) {
  std::int64_t accounts = count("account");
  expect_problem([&] { load_sample(); }, 409);
  EXPECT_EQ(count("account"), accounts);
  EXPECT_EQ(count("agent"), 5);
}

}  // namespace
}  // namespace sqlacc::bizobject::testing

namespace sqlacc::bizobject::testing {
namespace {

class SampleCompanyLoadTest : public DbTest {};

TEST_F(SampleCompanyLoadTest, AFailureHalfWayRollsEverythingBack) {
  create("agent", R"({"code":"SITI","description":"already here"})");  // agents load late
  expect_problem([&] { load_sample(); }, 409);
  EXPECT_EQ(count("account"), 0);
  EXPECT_EQ(count("tax"), 0);
  EXPECT_EQ(count("agent"), 1);
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
