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

namespace sqlacc::bizobject::testing {
namespace {

// Two objects that may reference each other: "child" is registered first, but its samples
// reference "parent" (one in a dataset row), so the parent's samples must be loaded first.
constexpr FieldSpec kParentFields[] = {
    {.name = "code", .required = true, .key = true, .example = "P"},
    {.name = "child", .references = "child"},  // unused by the samples below: no dependency
    {.name = "lastmodified", .type = FieldType::Int, .read_only = true}};
constexpr FieldSpec kChildFields[] = {
    {.name = "code", .required = true, .key = true, .example = "C"},
    {.name = "parent", .references = "parent"},
    {.name = "lastmodified", .type = FieldType::Int, .read_only = true}};
constexpr FieldSpec kRowFields[] = {{.name = "parent", .references = "parent"}};
constexpr DatasetSpec kChildRows[] = {{.name = "sdsrow", .fields = kRowFields}};
constexpr std::string_view kParentSamples[] = {R"({"code":"P1"})", R"({"code":"P2"})"};
constexpr std::string_view kChildSamples[] = {R"({"code":"C1","parent":"P1"})",
                                              R"({"code":"C2","sdsrow":[{"parent":"P2"}]})"};
constexpr std::string_view kCyclicParentSamples[] = {R"({"code":"P1","child":"C1"})"};
constexpr ObjectSpec kChild{.resource = "child",
                            .title = "Child",
                            .table = "child",
                            .fields = kChildFields,
                            .datasets = kChildRows,
                            .samples = kChildSamples};
constexpr ObjectSpec kParent{.resource = "parent",
                             .title = "Parent",
                             .table = "parent",
                             .fields = kParentFields,
                             .samples = kParentSamples};
constexpr ObjectSpec kCyclicParent{.resource = "parent",
                                   .title = "Parent",
                                   .table = "parent",
                                   .fields = kParentFields,
                                   .samples = kCyclicParentSamples};

TEST(SampleLoadOrder, ReferencedObjectsAreLoadedFirst) {
  TempDir dir;
  store::SqliteConnection conn(dir.path() / "company.db");
  const ObjectSpec* specs[] = {&kChild, &kParent};
  Engine engine(specs);
  engine.ensure_tables(conn);
  load_sample_company(engine, conn, kNow);
  EXPECT_EQ(
      boost::json::parse(json_text(engine.get(conn, kChild, "C1"))).at("data").at(0).at("parent"),
      "P1");
  EXPECT_EQ(boost::json::parse(json_text(engine.get(conn, kChild, "C2")))
                .at("data")
                .at(0)
                .at("sdsrow")
                .at(0)
                .at("parent"),
            "P2");
}

TEST(SampleLoadOrder, SamplesReferencingEachOtherAreRefused) {
  TempDir dir;
  store::SqliteConnection conn(dir.path() / "company.db");
  const ObjectSpec* specs[] = {&kChild, &kCyclicParent};
  Engine engine(specs);
  engine.ensure_tables(conn);
  EXPECT_THROW(load_sample_company(engine, conn, kNow), std::logic_error);
  EXPECT_EQ(
      boost::json::parse(json_text(engine.list(conn, kChild, {}))).at("data").as_array().size(),
      0u);
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
