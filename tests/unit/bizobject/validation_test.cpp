// Every validation rule, with its status and the field it names; and that nothing is half-written.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

class ValidationTest : public SampleDbTest {
 protected:
  Problem create_fails(std::string_view resource, std::string_view body, std::string_view field,
                       unsigned status = 400) {
    std::int64_t before = count(spec(resource).table);
    Problem p = expect_problem([&] { create(resource, body); }, status, field);
    EXPECT_EQ(count(spec(resource).table), before) << "half-written: " << body;
    return p;
  }
  std::string contains(const Problem& p) { return p.what(); }
};

TEST_F(ValidationTest, BodyMustBeANonEmptyJsonObject) {
  for (std::string_view body : {"", "   ", "{}", " { } "}) {
    Problem p = create_fails("agent", body, "");
    EXPECT_EQ(std::string(p.what()), "request body is empty");
    EXPECT_EQ(p.code, "ValidationError");
  }
  for (std::string_view body :
       {"{", "{\"code\":}", "not json", "{\"code\":\"A\",}", "{'code':'A'}"}) {
    Problem p = create_fails("agent", body, "");
    EXPECT_EQ(p.code, "InvalidJson") << body;
  }
  for (std::string_view body : {"[]", "[{\"code\":\"A\"}]", "\"A\"", "42", "null", "true"}) {
    Problem p = create_fails("agent", body, "");
    EXPECT_EQ(std::string(p.what()), "request body must be a JSON object") << body;
  }
  expect_problem([&] { update("agent", "ALI", "{}"); }, 400, "");
  expect_problem([&] { update("agent", "ALI", "[1]"); }, 400, "");
}

TEST_F(ValidationTest, UnknownFieldsAreNamed) {
  Problem p = create_fails("agent", R"({"code":"X","description":"x","colour":"red"})", "colour");
  EXPECT_NE(contains(p).find("colour"), std::string::npos);
  expect_problem([&] { update("agent", "ALI", R"({"colour":"red"})"); }, 400, "colour");
}

// Found by fuzz_record_input: a member with an empty name was refused without naming a field.
TEST_F(ValidationTest, AnEmptyFieldNameIsNamed) {
  create_fails("agent", R"({"":"x","code":"E","description":"x"})", R"("")");
  create_fails("customer", R"({"code":"300-E1","companyname":"E","sdsbranch":[{"":1}]})",
               R"(sdsbranch[0]."")");
}

TEST_F(ValidationTest, FieldNamesInBodiesIgnoreCase) {
  create("agent", R"({"CODE":"UP","Description":"upper-case keys"})");
  EXPECT_EQ(get("agent", "UP").at("data").at(0).at("description").as_string(), "upper-case keys");
}

TEST_F(ValidationTest, RequiredFields) {
  create_fails("agent", R"({"description":"no code"})", "code");
  create_fails("agent", R"({"code":"X"})", "description");
  create_fails("agent", R"({"code":"","description":"x"})", "code");
  create_fails("agent", R"({"code":null,"description":"x"})", "code");
  create_fails("account", R"({"code":"X","description":"x"})", "acctype");
  expect_problem([&] { update("agent", "ALI", R"({"description":""})"); }, 400, "description");
}

TEST_F(ValidationTest, StringsHaveTypesAndWidths) {
  create_fails("agent", R"({"code":12,"description":"x"})", "code");
  create_fails("agent", R"({"code":["A"],"description":"x"})", "code");
  create_fails("agent", R"({"code":"ABCDEFGHIJK","description":"x"})", "code");  // 11 > 10
  create("agent", R"({"code":"ABCDEFGHIJ","description":"x"})");                 // 10
  create("agent", R"({"code":"ÀÀÀÀÀÀÀÀÀÀ","description":"ten characters, twenty bytes"})");
  create_fails("agent",
               json::serialize(json::object{{"code", "Y"}, {"description", std::string(201, 'd')}}),
               "description");
  create_fails("agent", R"({"code":" LEAD","description":"x"})", "code");
  create_fails("agent", R"({"code":"TRAIL ","description":"x"})", "code");
  create_fails("agent", R"({"code":"TAB\t","description":"x"})", "code");
}

// JSON true and false, as the original's REST payloads send them: no 0/1, no strings.
TEST_F(ValidationTest, Booleans) {
  create_fails("agent", R"({"code":"B","description":"x","isactive":"yes"})", "isactive");
  create_fails("agent", R"({"code":"B","description":"x","isactive":"true"})", "isactive");
  create_fails("agent", R"({"code":"B","description":"x","isactive":2})", "isactive");
  create_fails("agent", R"({"code":"B","description":"x","isactive":1})", "isactive");
  create_fails("agent", R"({"code":"B","description":"x","isactive":0})", "isactive");
  json::value r = create("agent", R"({"code":"B","description":"x","isactive":false})");
  EXPECT_FALSE(r.at("data").at(0).at("isactive").as_bool());
}

// JSON integers only: a string ("45", "1") or a number with a fraction or exponent (30.0,
// 1000.0) is a 400 naming the field, on masters, documents (updatecount) and rows (dtlkey).
TEST_F(ValidationTest, Integers) {
  EXPECT_EQ(create("terms", R"({"code":"T1","description":"x","termday":45})")
                .at("data")
                .at(0)
                .at("termday")
                .as_int64(),
            45);
  for (std::string_view bad : {R"("45")", "30.0", "30.5", R"("3x")", "true", "3e1",
                               "18446744073709551615", R"("99999999999999999999")"}) {
    Problem p = create_fails(
        "terms", R"({"code":"T3","description":"x","termday":)" + std::string(bad) + "}",
        "termday");
    EXPECT_NE(contains(p).find("termday"), std::string::npos) << p.what();
  }
  create_fails("customer", R"({"code":"300-I1","companyname":"I","idtype":"1"})", "idtype");
  create_fails("customer", R"({"code":"300-I1","companyname":"I","idtype":1000.0})", "idtype");
  create_fails("customer", R"({"code":"300-I1","companyname":"I","sdsbranch":[{"dtlkey":"0"}]})",
               "sdsbranch[0].dtlkey");
  create_fails("customer", R"({"code":"300-I1","companyname":"I","sdsbranch":[{"seq":1.0}]})",
               "sdsbranch[0].seq");
  create("customer",
         R"({"code":"300-I1","companyname":"I","idtype":1,"sdsbranch":[{"dtlkey":-1}]})");
  const std::string iv =
      R"({"code":"300-I1","docdate":"2026-01-05","sdsdocdetail":[{"itemcode":"ANT","qty":"1","unitprice":"5"}]})";
  const json::value created = create("salesinvoice", iv);
  const std::string dockey = std::to_string(created.at("data").at(0).at("dockey").as_int64());
  expect_problem([&] { update("salesinvoice", dockey, R"({"updatecount":"1"})"); }, 400,
                 "updatecount");
  expect_problem([&] { update("salesinvoice", dockey, R"({"updatecount":1.0})"); }, 400,
                 "updatecount");
  update("salesinvoice", dockey, R"({"updatecount":1,"description":"ok"})");
}

// Every text field has a maximum: its width, or a blob's (note) kBlobWidth characters.
TEST_F(ValidationTest, BlobsHaveALimitToo) {
  const auto body = [](std::size_t n) {
    return json::serialize(
        json::object{{"code", "300-N1"}, {"companyname", "N"}, {"note", std::string(n, 'n')}});
  };
  Problem p = create_fails("customer", body(static_cast<std::size_t>(kBlobWidth) + 1), "note");
  EXPECT_NE(contains(p).find("longer than 1000000 characters"), std::string::npos) << p.what();
  create("customer", body(static_cast<std::size_t>(kBlobWidth)));
  // Characters, not bytes: a million two-byte characters fit.
  std::string wide;
  for (int i = 0; i < kBlobWidth; ++i) wide += "\xc3\x80";
  create("agent", R"({"code":"W1","description":"x"})");
  create("customer",
         json::serialize(json::object{{"code", "300-N2"}, {"companyname", "N"}, {"note", wide}}));
}

// A dataset array has at most Engine::max_rows() rows: one more is a 400 naming the dataset and
// the limit, before anything is read or written; the limit is the engine's (serve --max-rows).
TEST_F(ValidationTest, DatasetsHaveARowLimit) {
  const auto invoice = [](std::size_t rows) {
    json::array lines;
    for (std::size_t i = 0; i < rows; ++i)
      lines.push_back(json::object{{"itemcode", "ANT"}, {"qty", "1"}, {"unitprice", "1"}});
    return json::serialize(json::object{
        {"code", "300-C0001"}, {"docdate", "2026-01-05"}, {"sdsdocdetail", std::move(lines)}});
  };
  EXPECT_EQ(engine_.max_rows(), kDefaultMaxRows);
  Problem p = create_fails("salesinvoice", invoice(kDefaultMaxRows + 1), "sdsdocdetail");
  EXPECT_NE(contains(p).find("1001 rows; at most 1000"), std::string::npos) << p.what();
  EXPECT_EQ(count("sl_iv_sdsdocdetail"), 0);
  engine_.set_max_rows(3);
  create_fails("salesinvoice", invoice(4), "sdsdocdetail");
  const json::value iv = create("salesinvoice", invoice(3));
  const std::string dockey = std::to_string(iv.at("data").at(0).at("dockey").as_int64());
  json::array four;
  for (int i = 0; i < 4; ++i) four.push_back(json::object{{"itemcode", "ANT"}, {"qty", "1"}});
  expect_problem(
      [&] {
        update("salesinvoice", dockey,
               json::serialize(json::object{{"updatecount", 1}, {"sdsdocdetail", four}}));
      },
      400, "sdsdocdetail");
  engine_.set_max_rows(kDefaultMaxRows);
}

// A new code must be addressable and visible (text.h code_problem): 400 naming the field and the
// character. Stored codes that break the rule keep working (read, update, delete).
TEST_F(ValidationTest, NewCodesMustBeAddressable) {
  for (std::string_view bad : {"*",
                               "A/B",
                               ".",
                               "..",
                               "../../x",
                               "A*",
                               R"(TAB\t)",
                               R"(NL\n)",
                               R"(DEL\u007f)",
                               R"(C1\u0085)",
                               R"(RLO\u202eX)",
                               R"(ZW\u200bX)",
                               R"(ZWNJ\u200c)",
                               R"(ZWJ\u200d)",
                               R"(WJ\u2060)",
                               R"(BOM\ufeff)",
                               R"(LRI\u2066)",
                               R"(NBSP\u00a0X)",
                               " LEAD",
                               "TRAIL "}) {
    const std::string body = R"({"code":")" + std::string(bad) + R"(","description":"x"})";
    Problem p = create_fails("agent", body, "code");
    EXPECT_NE(contains(p).find("Field 'code' must not"), std::string::npos) << p.what();
  }
  Problem p = create_fails("agent", R"({"code":"AB\u202eC","description":"x"})", "code");
  EXPECT_EQ(contains(p),
            "Field 'code' must not contain U+202E (RIGHT-TO-LEFT OVERRIDE) at character 3: codes "
            "must be visible");
  p = create_fails("agent", R"({"code":"A/B","description":"x"})", "code");
  EXPECT_NE(contains(p).find("'/' (character 2)"), std::string::npos) << p.what();
  // Documents: the docno.
  create_fails("journalentry", R"({"docno":"JV/1","docdate":"2026-01-05","sdsdocdetail":[]})",
               "docno");
  // Fine: letters of any script, spaces inside, '.', '-', '%', '?', '#', '\'.
  for (std::string_view good :
       {"30 Days", "C.O.D.", "A-1", "50%", "Q?", "#1", R"(A\\B)", "ÀÉ", "客户", "...", ".x"})
    create("agent", R"({"code":")" + std::string(good) + R"(","description":"x"})");
  // A stored code that breaks the rule (written before it existed) keeps working.
  {
    store::Cursor st(conn(),
                     "INSERT INTO agent (code, description, isactive, lastmodified) "
                     "VALUES ('OLD/1*', 'legacy', 1, 0)");
    st->step();
  }
  EXPECT_EQ(get("agent", "OLD/1*").at("data").at(0).at("description").as_string(), "legacy");
  update("agent", "OLD/1*", R"({"code":"OLD/1*","description":"still works"})");
  EXPECT_EQ(get("agent", "old/1*").at("data").at(0).at("description").as_string(), "still works");
  expect_problem([&] { update("agent", "OLD/1*", R"({"code":"NEW/1"})"); }, 400, "code");
  engine_.remove(conn(), spec("agent"), "OLD/1*", kNow);
  expect_problem([&] { get("agent", "OLD/1*"); }, 404);
}

// boost::json keeps the last of two equal keys; a body that has them is refused instead, naming
// the key (letter case ignored, as for field names), also inside rows.
TEST_F(ValidationTest, DuplicateKeysAreRefused) {
  Problem p =
      create_fails("agent", R"({"code":"D1","description":"a","description":"b"})", "description");
  EXPECT_NE(contains(p).find("appears twice"), std::string::npos) << p.what();
  create_fails("agent", R"({"code":"D1","CODE":"D2","description":"a"})", "CODE");
  create_fails("customer",
               R"({"code":"300-D1","companyname":"D","sdsbranch":[{"branchname":"A"},)"
               R"({"branchname":"B","address1":"x","Address1":"y"}]})",
               "sdsbranch[1].Address1");
  expect_problem([&] { update("agent", "ALI", R"({"description":"a","description":"b"})"); }, 400,
                 "description");
  // The same key in different objects is fine.
  create(
      "customer",
      R"({"code":"300-D2","companyname":"D","sdsbranch":[{"branchname":"A"},{"branchname":"B"}]})");
}

TEST_F(ValidationTest, DecimalsMustFitTheScaleExactly) {
  auto rate = [&](std::string_view value) {
    std::string body = R"({"code":"D","description":"x","taxrate":)" + std::string(value) + "}";
    json::value r = create("tax", body);
    engine_.remove(conn(), spec("tax"), "D", kNow);
    return std::string(r.at("data").at(0).at("taxrate").as_string());
  };
  EXPECT_EQ(rate(R"("6")"), "6.00");
  EXPECT_EQ(rate(R"("6.5")"), "6.50");
  EXPECT_EQ(rate("6"), "6.00");
  EXPECT_EQ(rate("8.25"), "8.25");
  EXPECT_EQ(rate(R"("1.500")"), "1.50");
  EXPECT_EQ(rate(R"("-1")"), "-1.00");
  Problem p = create_fails("tax", R"({"code":"D","description":"x","taxrate":"1.005"})", "taxrate");
  EXPECT_NE(contains(p).find("2 decimal places"), std::string::npos);
  create_fails("tax", R"({"code":"D","description":"x","taxrate":1.005})", "taxrate");
  create_fails("tax", R"({"code":"D","description":"x","taxrate":"abc"})", "taxrate");
  create_fails("tax", R"({"code":"D","description":"x","taxrate":"1e2"})", "taxrate");
  create_fails("tax", R"({"code":"D","description":"x","taxrate":true})", "taxrate");
  create_fails("tax", R"({"code":"D","description":"x","taxrate":"100000000000000000"})",
               "taxrate");
  create_fails("tax", R"({"code":"D","description":"x","taxrate":1e300})", "taxrate");
  create_fails("tax", R"({"code":"D","description":"x","taxrate":18446744073709551615})",
               "taxrate");
}

TEST_F(ValidationTest, Enumerations) {
  Problem p =
      create_fails("account", R"({"code":"E1","description":"x","acctype":"ZZ"})", "acctype");
  EXPECT_NE(contains(p).find("CP, CA"), std::string::npos) << p.what();
  create_fails("account", R"({"code":"E1","description":"x","acctype":"EP","specialacctype":"XX"})",
               "specialacctype");
  create("account", R"({"code":"E1","description":"x","acctype":"ep","specialacctype":""})");
}

TEST_F(ValidationTest, ReferencedCodesMustExist) {
  Problem p =
      create_fails("tax", R"({"code":"R","description":"x","taxaccount":"999-999"})", "taxaccount");
  EXPECT_EQ(std::string(p.what()), "No record found: account '999-999' (field 'taxaccount')");
  create_fails("stockgroup", R"({"code":"R","description":"x","balancestock":"NOPE"})",
               "balancestock");
  create_fails("account", R"({"code":"R","description":"x","acctype":"EP","parent":"NOPE"})",
               "parent");
  create_fails("account", R"({"code":"R","description":"x","acctype":"EP","tax":"NOPE"})", "tax");
  create("tax", R"({"code":"R","description":"x","taxaccount":""})");  // empty = none
  expect_problem([&] { update("currency", "USD", R"({"fcgainaccount":"NOPE"})"); }, 400,
                 "fcgainaccount");
}

TEST_F(ValidationTest, AFailedUpdateChangesNothing) {
  std::string before = json_text(engine_.get(conn(), spec("currency"), "USD"));
  // Valid changes first, then a bad reference: the whole update is refused.
  expect_problem(
      [&] {
        update("currency", "USD",
               R"({"description":"CHANGED","buyingrate":"9","fclossaccount":"NOPE"})");
      },
      400, "fclossaccount");
  expect_problem(
      [&] { update("currency", "USD", R"({"description":"CHANGED","buyingrate":"1.123456789"})"); },
      400, "buyingrate");
  expect_problem([&] { update("currency", "USD", R"({"description":"CHANGED","code":"EUR"})"); },
                 400, "code");
  EXPECT_EQ(json_text(engine_.get(conn(), spec("currency"), "USD")), before);
}

TEST_F(ValidationTest, AFailedCreateWritesNothing) {
  std::int64_t agents = count("agent");
  create_fails("agent", R"({"code":"ALI","description":"dup"})", "code", 409);
  create_fails("agent", R"({"code":"NEW","description":"x","isactive":"no"})", "isactive");
  EXPECT_EQ(count("agent"), agents);
  expect_problem([&] { get("agent", "NEW"); }, 404);
}

// A spec of its own exercises the types the masters do not use (dates), through the same engine.
constexpr std::string_view kKinds[] = {"small", "large"};
constexpr FieldSpec kWidgetFields[] = {
    {.name = "code", .width = 8, .required = true, .key = true, .example = "W1"},
    {.name = "kind", .width = 5, .default_value = "small", .choices = kKinds},
    {.name = "madeon", .type = FieldType::Date},
    {.name = "expires", .type = FieldType::Date, .default_value = "2099-12-31"},
    {.name = "qty", .type = FieldType::Decimal, .scale = 4, .default_value = "1"},
    {.name = "lastmodified", .type = FieldType::Int, .read_only = true},
};
constexpr ObjectSpec kWidget{
    .resource = "widget", .title = "Widget", .table = "widget", .fields = kWidgetFields};
constexpr const ObjectSpec* kWidgetSpecs[] = {&kWidget};

class WidgetTest : public ::testing::Test {
 protected:
  void SetUp() override { engine.ensure_tables(conn); }
  json::value create(std::string_view body) {
    return json::parse(json_text(engine.create(conn, kWidget, body, kNow)));
  }
  TempDir dir;
  store::SqliteConnection conn{dir.path() / "w.db"};
  Engine engine{kWidgetSpecs};
};

TEST_F(WidgetTest, DatesAreRealCalendarDatesOrNull) {
  json::value w = create(R"({"code":"W1"})");
  EXPECT_EQ(
      json::serialize(w),
      R"({"data":[{"code":"W1","kind":"small","madeon":null,"expires":"2099-12-31","qty":"1.0000","lastmodified":1700000000}]})");
  w = create(R"({"code":"W2","madeon":"2024-02-29","kind":"LARGE"})");
  EXPECT_EQ(w.at("data").at(0).at("madeon").as_string(), "2024-02-29");
  EXPECT_EQ(w.at("data").at(0).at("kind").as_string(), "large");
  for (std::string_view bad : {R"("2023-02-29")", R"("2024-13-01")", R"("29/02/2024")", "20240229",
                               R"("2024-02-29T00:00:00Z")"}) {
    std::string body = R"({"code":"W3","madeon":)" + std::string(bad) + "}";
    expect_problem([&] { create(body); }, 400, "madeon");
  }
  json::value cleared =
      json::parse(json_text(engine.update(conn, kWidget, "W2", R"({"madeon":""})", kNow)));
  EXPECT_TRUE(cleared.at("data").at(0).at("madeon").is_null());
}

TEST_F(WidgetTest, DateFiltersCompareAsDates) {
  create(R"({"code":"A","madeon":"2025-01-15"})");
  create(R"({"code":"B","madeon":"2025-02-01"})");
  create(R"({"code":"C"})");
  auto codes = [&](const Params& p) {
    std::vector<std::string> out;
    json::value page = json::parse(json_text(engine.list(conn, kWidget, p)));
    for (const auto& r : page.at("data").as_array()) out.emplace_back(r.at("code").as_string());
    return out;
  };
  EXPECT_EQ(codes({{"madeon", "2025-01-01~2025-01-31"}}), std::vector<std::string>{"A"});
  EXPECT_EQ(codes({{"madeon", "2025-01-16~"}}), std::vector<std::string>{"B"});
  EXPECT_EQ(codes({{"madeon", "2025-02-01"}}), std::vector<std::string>{"B"});
  expect_problem([&] { engine.list(conn, kWidget, {{"madeon", "2025-02-30"}}); }, 400, "madeon");
  expect_problem([&] { engine.list(conn, kWidget, {{"madeon", ""}}); }, 400, "madeon");
  expect_problem([&] { engine.list(conn, kWidget, {{"qty", "1.00001"}}); }, 400, "qty");
  EXPECT_EQ(codes({{"qty", "1"}}).size(), 3u);
}

TEST(SpecChecks, MalformedSpecsAreRefusedAtRegistration) {
  static constexpr FieldSpec kNoKey[] = {
      {.name = "name", .example = "x"},
      {.name = "lastmodified", .type = FieldType::Int, .read_only = true}};
  static constexpr ObjectSpec kA{.resource = "a", .title = "A", .table = "a", .fields = kNoKey};
  static constexpr FieldSpec kNoLastModified[] = {
      {.name = "code", .required = true, .key = true, .example = "X"}};
  static constexpr ObjectSpec kB{
      .resource = "b", .title = "B", .table = "b", .fields = kNoLastModified};
  static constexpr FieldSpec kBadRef[] = {
      {.name = "code", .required = true, .key = true, .example = "X"},
      {.name = "other", .references = "nowhere"},
      {.name = "lastmodified", .type = FieldType::Int, .read_only = true}};
  static constexpr ObjectSpec kC{.resource = "c", .title = "C", .table = "c", .fields = kBadRef};
  static constexpr FieldSpec kBadDefault[] = {
      {.name = "code", .required = true, .key = true, .example = "X"},
      {.name = "n", .type = FieldType::Int, .default_value = "x"},
      {.name = "lastmodified", .type = FieldType::Int, .read_only = true}};
  static constexpr ObjectSpec kD{
      .resource = "d", .title = "D", .table = "d", .fields = kBadDefault};
  for (const ObjectSpec* s : {&kA, &kB, &kC, &kD}) {
    const ObjectSpec* one[] = {s};
    EXPECT_THROW(Engine{one}, std::invalid_argument) << s->resource;
  }
  const ObjectSpec* twice[] = {&kWidget, &kWidget};
  EXPECT_THROW(Engine{twice}, std::invalid_argument);
  EXPECT_NO_THROW(Engine{});
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
