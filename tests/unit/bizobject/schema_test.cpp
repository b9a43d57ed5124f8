#include <gtest/gtest.h>

#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

class SchemaTest : public DbTest {};

TEST_F(SchemaTest, EnsureSchemaIsIdempotentAndKeepsOtherTables) {
  conn().exec("CREATE TABLE other_module (x INTEGER)");
  conn().exec("INSERT INTO other_module VALUES (7)");
  load_sample();
  Engine::ensure_schema(conn());
  Engine::ensure_schema(conn());
  EXPECT_EQ(count("other_module"), 1);
  EXPECT_EQ(count("account"), 31);
  // A second connection to the same file (another thread) runs it again harmlessly.
  store::SqliteConnection second(dir_.path() / "company.db");
  Engine::ensure_schema(second);
  EXPECT_EQ(
      json::parse(json_text(engine_.list(second, spec("agent"), {}))).at("pagination").at("total"),
      5);
}

TEST_F(SchemaTest, UniqueIndexOnTheUpperCasedCodeHoldsEvenBelowTheEngine) {
  create("agent", R"({"code":"abc","description":"x"})");
  const Problem p = test_support::thrown_problem(
      [&] { conn().exec("INSERT INTO agent (code, description) VALUES ('ABC', 'raw')"); });
  EXPECT_TRUE(p.is(problem_code::kUniqueViolation)) << p.what();
}

constexpr FieldSpec kV1[] = {
    {.name = "code", .width = 8, .required = true, .key = true, .example = "G1"},
    {.name = "lastmodified", .type = FieldType::Int, .read_only = true},
};
constexpr FieldSpec kV2[] = {
    {.name = "code", .width = 8, .required = true, .key = true, .example = "G1"},
    {.name = "note", .width = 20, .default_value = "n/a"},
    {.name = "weight", .type = FieldType::Decimal, .scale = 3, .default_value = "1.5"},
    {.name = "lastmodified", .type = FieldType::Int, .read_only = true},
};
constexpr ObjectSpec kGadgetV1{
    .resource = "gadget", .title = "Gadget", .table = "gadget", .fields = kV1};
constexpr ObjectSpec kGadgetV2{
    .resource = "gadget", .title = "Gadget", .table = "gadget", .fields = kV2};

TEST(SchemaEvolution, ANewerSpecAddsColumnsWithDefaults) {
  TempDir dir;
  store::SqliteConnection conn(dir.path() / "g.db");
  const ObjectSpec* v1[] = {&kGadgetV1};
  Engine e1(v1);
  e1.ensure_tables(conn);
  e1.create(conn, kGadgetV1, R"({"code":"OLD"})", kNow);

  const ObjectSpec* v2[] = {&kGadgetV2};
  Engine e2(v2);
  e2.ensure_tables(conn);
  e2.ensure_tables(conn);
  EXPECT_EQ(json_text(e2.get(conn, kGadgetV2, "OLD")),
            R"({"data":[{"code":"OLD","note":"n/a","weight":"1.500","lastmodified":1700000000}]})");
  e2.create(conn, kGadgetV2, R"({"code":"NEW","weight":2})", kNow);
  EXPECT_EQ(json::parse(json_text(e2.list(conn, kGadgetV2, {{"weight", "2"}})))
                .at("data")
                .at(0)
                .at("code"),
            "NEW");
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
