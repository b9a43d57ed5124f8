// User-defined fields (bizobject/udf.h): declarations are checked, per company (one engine serves
// every company), values typed like built-in fields, stored only when not the default, filtered,
// erased with their record.
#include "bizobject/udf.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

class UdfTest : public SampleDbTest {
 protected:
  void declare(store::Connection& c, std::string_view object, std::string_view name,
               std::string_view type, int width = -1, int scale = -1) {
    udf::add(c, udf::make_declaration(engine_, object, name, type, width, scale));
  }
  void declare(std::string_view object, std::string_view name, std::string_view type,
               int width = -1, int scale = -1) {
    declare(conn(), object, name, type, width, scale);
  }
  Problem bad_declaration(std::string_view object, std::string_view name, std::string_view type,
                          int width, int scale, std::string_view field) {
    return expect_problem([&] { udf::make_declaration(engine_, object, name, type, width, scale); },
                          400, field);
  }
};

TEST_F(UdfTest, DeclarationsAreChecked) {
  const udf::Declaration d =
      udf::make_declaration(engine_, "StockItem", "udf_colour_2", "string", -1, -1);
  EXPECT_EQ(d.object, "stockitem");
  EXPECT_EQ(d.width, udf::kDefaultWidth);
  EXPECT_EQ(udf::make_declaration(engine_, "customer", "udf_x", "decimal", -1, -1).scale, 2);
  EXPECT_EQ(udf::make_declaration(engine_, "customer", "udf_x", "decimal", -1, 0).scale, 0);
  EXPECT_EQ(udf::make_declaration(engine_, "customer", std::string(30, 'x').replace(0, 4, "udf_"),
                                  "int", -1, -1)
                .name.size(),
            30u);
  bad_declaration("customer", std::string(31, 'x').replace(0, 4, "udf_"), "int", -1, -1, "name");
  for (std::string_view name : {"colour", "udf_", "UDF_X", "udf_Colour", "udf-x", "udf_é", "udf x"})
    bad_declaration("customer", name, "string", -1, -1, "name");
  bad_declaration("nosuchobject", "udf_x", "string", -1, -1, "object");
  bad_declaration("customer", "udf_x", "varchar", -1, -1, "type");
  bad_declaration("customer", "udf_x", "int", 10, -1, "width");
  bad_declaration("customer", "udf_x", "string", -1, 2, "scale");
  bad_declaration("customer", "udf_x", "string", 0, -1, "width");
  bad_declaration("customer", "udf_x", "string", udf::kMaxWidth + 1, -1, "width");
  bad_declaration("customer", "udf_x", "decimal", -1, udf::kMaxScale + 1, "scale");
}

TEST_F(UdfTest, DuplicatesAndTheLimitPerObject) {
  declare("agent", "udf_a", "string");
  expect_problem([&] { declare("agent", "udf_a", "int"); }, 409, "name");
  for (std::size_t i = 1; i < udf::kMaxPerObject; ++i)
    declare("agent", "udf_n" + std::to_string(i), "bool");
  expect_problem([&] { declare("agent", "udf_more", "bool"); }, 400, "name");
  declare("area", "udf_more", "bool");  // the limit is per object
}

TEST_F(UdfTest, ValuesAreTypedStoredAndReturned) {
  declare("agent", "udf_s", "string", 5);
  declare("agent", "udf_i", "int");
  declare("agent", "udf_d", "decimal", -1, 3);
  declare("agent", "udf_b", "bool");
  declare("agent", "udf_t", "date");
  json::value r = create(
      "agent",
      R"({"code":"U1","description":"u","udf_s":"abc","udf_i":-4,"udf_d":2.5,"udf_b":true,"udf_t":"2026-02-28"})");
  const json::object& a = r.at("data").at(0).as_object();
  EXPECT_EQ(a.at("udf_s"), "abc");
  EXPECT_EQ(a.at("udf_i"), -4);
  EXPECT_EQ(a.at("udf_d"), "2.500");
  EXPECT_EQ(a.at("udf_b"), true);
  EXPECT_EQ(a.at("udf_t"), "2026-02-28");
  EXPECT_EQ(count("udf_value"), 5);
  // Back to the defaults: nothing stored, the defaults read back.
  r = update("agent", "U1", R"({"udf_s":"","udf_i":0,"udf_d":null,"udf_b":false,"udf_t":""})");
  EXPECT_EQ(count("udf_value"), 0);
  const json::object& b = r.at("data").at(0).as_object();
  EXPECT_EQ(b.at("udf_s"), "");
  EXPECT_EQ(b.at("udf_d"), "0.000");
  EXPECT_TRUE(b.at("udf_t").is_null());
  // Typed as built-in fields are: 400 naming the field.
  for (std::string_view body :
       {R"({"udf_s":"abcdef"})", R"({"udf_s":1})", R"({"udf_i":"1"})", R"({"udf_i":1.5})",
        R"({"udf_d":"1.0005"})", R"({"udf_b":"true"})", R"({"udf_t":"2026-02-30"})"}) {
    Problem p = expect_problem([&] { update("agent", "U1", body); }, 400);
    EXPECT_EQ(p.field.substr(0, 4), "udf_") << body;
  }
}

TEST_F(UdfTest, UndeclaredNamesSayHowToDeclare) {
  Problem p =
      expect_problem([&] { create("agent", R"({"code":"U2","description":"u","UDF_Size":"L"})"); },
                     400, "UDF_Size");
  EXPECT_NE(std::string(p.what()).find("sqlacc udf add agent udf_size TYPE"), std::string::npos);
  EXPECT_NE(std::string(p.what()).find("POST /udf"), std::string::npos);
  EXPECT_EQ(list("agent", {{"code", "U2"}}).at("pagination").at("total"), 0);
  expect_problem([&] { list("agent", {{"udf_size", "L"}}); }, 400, "udf_size");
}

// One engine serves every company: a declaration of one is not another's, and the SQL of a
// filter (cached per object and shape) follows each company's own type for the same name.
TEST_F(UdfTest, DeclarationsArePerCompany) {
  auto other = std::make_unique<store::SqliteConnection>(dir_.path() / "other.db");
  Engine::ensure_schema(*other);
  load_sample_company(engine_, *other, kNow);
  declare("agent", "udf_x", "string");
  declare(*other, "agent", "udf_x", "int");
  create("agent", R"({"code":"U3","description":"u","udf_x":"7"})");
  engine_.create(*other, spec("agent"), R"({"code":"U3","description":"u","udf_x":7})", kNow);
  expect_problem(
      [&] {
        engine_.create(*other, spec("agent"), R"({"code":"U4","description":"u","udf_x":"7"})",
                       kNow);
      },
      400, "udf_x");
  EXPECT_EQ(list("agent", {{"udf_x", "7"}}).at("pagination").at("total"), 1);
  EXPECT_EQ(list("agent", {{"udf_x", "6~8"}}).at("pagination").at("total"), 1);  // text range
  const Result r = engine_.list(*other, spec("agent"), {{"udf_x", "6~8"}});
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].udf.at(0).i, 7);
  EXPECT_EQ(engine_.list(*other, spec("agent"), {{"udf_x", "7"}}).pagination->total, 1);
  declare("area", "udf_only_here", "bool");
  EXPECT_TRUE(udf::list(*other, "area").empty());
}

TEST_F(UdfTest, ListsFilterAndPageLikeBuiltInFields) {
  declare("area", "udf_n", "int");
  for (int i = 1; i <= 40; ++i)  // more than one chunk of the page's value query
    create("area", fmt::format(R"({{"code":"Z{:02}","description":"z","udf_n":{}}})", i, i));
  json::value page = list("area", {{"code", "Z*"}, {"limit", "100"}});
  ASSERT_EQ(page.at("data").as_array().size(), 40u);
  for (std::size_t i = 0; i < 40; ++i)
    EXPECT_EQ(page.at("data").at(i).at("udf_n"), static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(list("area", {{"udf_n", "10~19"}}).at("pagination").at("total"), 10);
  EXPECT_EQ(list("area", {{"udf_n", "~5"}, {"code", "Z*"}}).at("pagination").at("total"), 5);
  // Records without a value hold the default, 0, as a built-in int would.
  EXPECT_EQ(list("area", {{"udf_n", "0"}}).at("pagination").at("total"),
            list("area", {{"code", "*"}}).at("pagination").at("total").as_int64() - 40);
  expect_problem([&] { list("area", {{"udf_n", "Z*"}}); }, 400, "udf_n");
}

TEST_F(UdfTest, RemoveKeepsValuesUnlessForcedAndDeleteErasesThem) {
  declare("agent", "udf_s", "string");
  create("agent", R"({"code":"U5","description":"u","udf_s":"x"})");
  expect_problem([&] { udf::remove(conn(), engine_, "agent", "udf_s", false); }, 409);
  EXPECT_EQ(udf::list(conn(), "agent").size(), 1u);
  engine_.remove(conn(), spec("agent"), "U5", kNow);
  EXPECT_EQ(count("udf_value"), 0);
  create("agent", R"({"code":"U6","description":"u","udf_s":"y"})");
  EXPECT_EQ(udf::remove(conn(), engine_, "AGENT", "UDF_S", true).name, "udf_s");
  EXPECT_EQ(count("udf_value"), 0);
  EXPECT_FALSE(get("agent", "U6").at("data").at(0).as_object().contains("udf_s"));
  expect_problem([&] { udf::remove(conn(), engine_, "agent", "udf_s", false); }, 404);
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
