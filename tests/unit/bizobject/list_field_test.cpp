// List fields (a list of small objects inside a record or a row, stored as canonical JSON in one
// column) and input-only fields (accepted, type-checked, then neither stored nor returned): what
// they accept, what they refuse with the field named, and what reaches the table.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>
#include <string>

#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

constexpr FieldSpec kPartItems[] = {
    {.name = "sn", .width = 5, .required = true, .key = true, .example = "A1"},
    {.name = "n", .type = FieldType::Int, .default_value = "1"},
    {.name = "w", .type = FieldType::Decimal, .scale = 2, .default_value = "0"},
    {.name = "ok", .type = FieldType::Bool, .default_value = "true"},
    {.name = "on", .type = FieldType::Date},
};
constexpr FieldSpec kRowFields[] = {
    {.name = "label", .width = 20},
    {.name = "parts", .type = FieldType::List, .width = 3, .items = kPartItems},
    {.name = "dockey", .type = FieldType::Int, .input_only = true},
};
constexpr DatasetSpec kKitDatasets[] = {{.name = "sdsrows", .fields = kRowFields}};
constexpr FieldSpec kKitFields[] = {
    {.name = "code", .width = 10, .required = true, .key = true, .example = "K1"},
    {.name = "parts", .type = FieldType::List, .items = kPartItems},
    {.name = "changed", .type = FieldType::Bool, .input_only = true},
    {.name = "nextno", .width = 4, .input_only = true},
    {.name = "lastmodified", .type = FieldType::Int, .read_only = true},
};
constexpr ObjectSpec kKit{.resource = "kit",
                          .title = "Kit",
                          .table = "kit",
                          .fields = kKitFields,
                          .datasets = kKitDatasets};
constexpr const ObjectSpec* kKitSpecs[] = {&kKit};

class ListFieldTest : public ::testing::Test {
 protected:
  void SetUp() override { engine.ensure_tables(conn); }
  json::value create(std::string_view body) {
    return json::parse(json_text(engine.create(conn, kKit, body, kNow)));
  }
  json::value update(std::string_view key, std::string_view body) {
    return json::parse(json_text(engine.update(conn, kKit, key, body, kNow)));
  }
  json::value get(std::string_view key) {
    return json::parse(json_text(engine.get(conn, kKit, key)));
  }
  Problem fails(std::string_view body, std::string_view field) {
    return expect_problem([&] { create(body); }, 400, field);
  }
  std::int64_t rows(std::string_view table) {
    store::Statement& st = conn.prepare(fmt::format("SELECT COUNT(*) FROM \"{}\"", table));
    st.step();
    const std::int64_t n = st.get_int(0);
    st.reset();
    return n;
  }
  std::set<std::string> columns(std::string_view table) {
    std::set<std::string> out;
    store::Statement& st = conn.prepare(fmt::format("PRAGMA table_info(\"{}\")", table));
    while (st.step()) out.emplace(st.get_text(1));
    st.reset();
    return out;
  }
  TempDir dir;
  store::SqliteConnection conn{dir.path() / "k.db"};
  Engine engine{kKitSpecs};
};

TEST_F(ListFieldTest, AListIsStoredCanonicalAndReturnedAsAnArray) {
  // Members in any order and letter case; left-out ones take their defaults; the answer lists every
  // member in declared order, typed as record fields are.
  json::value k = create(
      R"({"code":"K1","parts":[{"N":2,"sn":"a1","w":1.5},{"sn":"B2","on":"2026-01-31","ok":false}]})");
  const char* canonical =
      R"([{"sn":"a1","n":2,"w":"1.50","ok":true,"on":null},{"sn":"B2","n":1,"w":"0.00","ok":false,"on":"2026-01-31"}])";
  EXPECT_EQ(json::serialize(k.at("data").at(0).at("parts")), canonical);
  EXPECT_EQ(json::serialize(get("K1").at("data").at(0).at("parts")), canonical);
  // The column holds that text.
  store::Statement& st = conn.prepare("SELECT \"parts\" FROM \"kit\"");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.get_text(0), canonical);
  st.reset();
  // Left out or null: an empty list.
  EXPECT_EQ(json::serialize(create(R"({"code":"K2"})").at("data").at(0).at("parts")), "[]");
  EXPECT_EQ(json::serialize(create(R"({"code":"K3","parts":null})").at("data").at(0).at("parts")),
            "[]");
  // An update replaces the whole list.
  EXPECT_EQ(
      json::serialize(update("K1", R"({"parts":[{"sn":"c3"}]})").at("data").at(0).at("parts")),
      R"([{"sn":"c3","n":1,"w":"0.00","ok":true,"on":null}])");
}

TEST_F(ListFieldTest, AListRefusesWhatItsItemsDoNotDeclare) {
  fails(R"({"code":"K1","parts":{"sn":"a"}})", "parts");
  fails(R"({"code":"K1","parts":"a"})", "parts");
  fails(R"({"code":"K1","parts":["a"]})", "parts[0]");
  fails(R"({"code":"K1","parts":[{"sn":"a"},{"sn":"b","colour":"red"}]})", "parts[1].colour");
  fails(R"({"code":"K1","parts":[{"n":1}]})", "parts[0].sn");                // required
  fails(R"({"code":"K1","parts":[{"sn":""}]})", "parts[0].sn");              // and not empty
  fails(R"({"code":"K1","parts":[{"sn":"abcdef"}]})", "parts[0].sn");        // width 5
  fails(R"({"code":"K1","parts":[{"sn":"a","n":"2"}]})", "parts[0].n");      // a JSON integer
  fails(R"({"code":"K1","parts":[{"sn":"a","w":"1.005"}]})", "parts[0].w");  // scale 2
  fails(R"({"code":"K1","parts":[{"sn":"a","on":"2026-02-30"}]})", "parts[0].on");
  Problem dup = fails(R"({"code":"K1","parts":[{"sn":"x"},{"sn":"y"},{"sn":"X"}]})", "parts[2].sn");
  EXPECT_NE(std::string(dup.what()).find("'X' appears twice (also in parts[0])"), std::string::npos)
      << dup.what();
  EXPECT_EQ(rows("kit"), 0);
}

TEST_F(ListFieldTest, AListInARowIsNamedByItsPathAndHasItsWidthInObjects) {
  json::value k =
      create(R"({"code":"K1","sdsrows":[{"label":"r1","parts":[{"sn":"a"},{"sn":"b"}]},{}]})");
  const json::array& rows = k.at("data").at(0).at("sdsrows").as_array();
  EXPECT_EQ(rows.at(0).at("parts").as_array().size(), 2u);
  EXPECT_EQ(json::serialize(rows.at(1).at("parts")), "[]");
  // Another row may hold the same serial: uniqueness is per list.
  create(R"({"code":"K2","sdsrows":[{"parts":[{"sn":"a"}]},{"parts":[{"sn":"a"}]}]})");
  expect_problem(
      [&] { create(R"({"code":"K3","sdsrows":[{},{"parts":[{"sn":"a"},{"sn":"A"}]}]})"); }, 400,
      "sdsrows[1].parts[1].sn");
  Problem many = expect_problem(
      [&] {
        create(
            R"({"code":"K3","sdsrows":[{"parts":[{"sn":"a"},{"sn":"b"},{"sn":"c"},{"sn":"d"}]}]})");
      },
      400, "sdsrows[0].parts");
  EXPECT_NE(std::string(many.what()).find("at most 3"), std::string::npos) << many.what();
}

TEST_F(ListFieldTest, InputOnlyFieldsAreCheckedThenNeitherStoredNorReturned) {
  json::value k =
      create(R"({"code":"K1","changed":true,"nextno":"","sdsrows":[{"dockey":0,"label":"r1"}]})");
  const json::object& rec = k.at("data").at(0).as_object();
  EXPECT_FALSE(rec.contains("changed"));
  EXPECT_FALSE(rec.contains("nextno"));
  EXPECT_FALSE(rec.at("sdsrows").at(0).as_object().contains("dockey"));
  EXPECT_EQ(rec.at("sdsrows").at(0).at("label").as_string(), "r1");
  // No column for them.
  EXPECT_EQ(columns("kit"), (std::set<std::string>{"id", "code", "parts", "lastmodified"}));
  EXPECT_EQ(columns("kit_sdsrows"),
            (std::set<std::string>{"dtlkey", "parentid", "seq", "label", "parts"}));
  // A GET and an update that sends them back behave the same.
  const std::int64_t dtlkey = rec.at("sdsrows").at(0).at("dtlkey").as_int64();
  json::value u = update("K1", fmt::format(R"({{"changed":false,"sdsrows":[{{"dtlkey":{},)"
                                           R"("dockey":7,"label":"r2"}}]}})",
                                           dtlkey));
  EXPECT_EQ(u.at("data").at(0).at("sdsrows").at(0).at("label").as_string(), "r2");
  EXPECT_FALSE(get("K1").at("data").at(0).as_object().contains("changed"));
  // The type is still checked, and the width.
  fails(R"({"code":"K2","changed":"T"})", "changed");
  fails(R"({"code":"K2","nextno":"12345"})", "nextno");
  fails(R"({"code":"K2","sdsrows":[{"dockey":"1"}]})", "sdsrows[0].dockey");
  // Neither they nor a List are filters.
  expect_problem([&] { engine.list(conn, kKit, {{"changed", "true"}}); }, 400, "changed");
  expect_problem([&] { engine.list(conn, kKit, {{"parts", "[]"}}); }, 400, "parts");
}

TEST(ListFieldSpec, MalformedListsAndInputOnlyFieldsAreRefusedAtRegistration) {
  static constexpr FieldSpec kRef[] = {{.name = "sn", .references = "kit"}};
  static constexpr FieldSpec kNested[] = {
      {.name = "inner", .type = FieldType::List, .items = kPartItems}};
  auto one = [](std::span<const FieldSpec> extra) {
    std::vector<FieldSpec> fields{
        {.name = "code", .required = true, .key = true, .example = "K"},
        {.name = "lastmodified", .type = FieldType::Int, .read_only = true}};
    fields.insert(fields.end(), extra.begin(), extra.end());
    return fields;
  };
  const FieldSpec bad[] = {
      {.name = "parts", .type = FieldType::List},                    // no items
      {.name = "parts", .items = kPartItems},                        // items on a String
      {.name = "parts", .type = FieldType::List, .items = kRef},     // a reference inside
      {.name = "parts", .type = FieldType::List, .items = kNested},  // a list in a list
      {.name = "flag",
       .type = FieldType::Bool,
       .required = true,
       .example = "true",
       .input_only = true},                                           // required and ignored
      {.name = "flag", .width = 3, .key = true, .input_only = true},  // a key and ignored
  };
  for (const FieldSpec& f : bad) {
    std::vector<FieldSpec> fields = one(std::span(&f, 1));
    ObjectSpec s = kKit;
    s.fields = fields;
    s.datasets = {};
    const ObjectSpec* specs[] = {&s};
    EXPECT_THROW(Engine{specs}, std::invalid_argument) << f.name;
  }
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
