// Sub-datasets (sdsbranch, sdsuom, ...): child tables driven by DatasetSpec, and the objects that
// use them (customer, supplier, stock item).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

class DatasetTest : public SampleDbTest {
 protected:
  json::value star(std::string_view resource, const Params& p) {
    return json::parse(json_text(engine_.star(conn(), spec(resource), p)));
  }
  json::value remove(std::string_view resource, std::string_view key) {
    return json::parse(json_text(engine_.remove(conn(), spec(resource), key, kNow)));
  }
  json::object record(std::string_view resource, std::string_view key) {
    return get(resource, key).at("data").at(0).as_object();
  }
  std::int64_t dtlkey(const json::object& rec, std::string_view ds, std::size_t row) {
    return rec.at(ds).at(row).at("dtlkey").as_int64();
  }
};

constexpr std::string_view kTwoBranches =
    R"({"code":"300-T0001","companyname":"TEST SDN BHD","sdsbranch":[)"
    R"({"branchtype":"B","branchname":"BILLING","address1":"1 JALAN A"},)"
    R"({"dtlkey":-1,"branchtype":"d","branchname":"DELIVERY","address1":"2 JALAN B"}]})";

TEST_F(DatasetTest, CreateThenGetAndStarCarryTheRowsListDoesNot) {
  json::value created = create("customer", kTwoBranches);
  const json::object& rec = created.at("data").at(0).as_object();
  const json::array& rows = rec.at("sdsbranch").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_GT(rows[0].at("dtlkey").as_int64(), 0);
  EXPECT_GT(rows[1].at("dtlkey").as_int64(), rows[0].at("dtlkey").as_int64());
  EXPECT_EQ(rows[0].at("seq").as_int64(), 1);
  EXPECT_EQ(rows[1].at("seq").as_int64(), 2);
  EXPECT_EQ(rows[1].at("branchtype"), "D");  // canonical spelling of the choice
  EXPECT_EQ(rows[0].at("country"), "");
  // dtlkey and seq lead each row, then the fields in spec order.
  auto it = rows[0].as_object().begin();
  EXPECT_EQ((it++)->key(), "dtlkey");
  EXPECT_EQ((it++)->key(), "seq");
  EXPECT_EQ((it++)->key(), "branchtype");
  EXPECT_EQ(rec.at("sdsbankacc").as_array().size(), 0u);
  EXPECT_EQ(rec.at("sdscreditcontrol").as_array().size(), 0u);
  EXPECT_EQ(rec.at("sdstariff").as_array().size(), 0u);

  EXPECT_EQ(get("customer", "300-t0001"), created);
  json::value s = star("customer", {{"code", "300-T0001"}});
  EXPECT_EQ(s.at("data"), created.at("data"));
  json::value l = list("customer", {{"code", "300-T0001"}});
  ASSERT_EQ(l.at("data").as_array().size(), 1u);
  EXPECT_EQ(l.at("data").at(0).as_object().if_contains("sdsbranch"), nullptr);
  EXPECT_EQ(l.at("data").at(0).at("companyname"), "TEST SDN BHD");
}

TEST_F(DatasetTest, RowsComeInSeqThenDtlkeyOrder) {
  create("customer",
         R"({"code":"300-T0001","companyname":"T","sdsbranch":[)"
         R"({"branchname":"C","seq":5},{"branchname":"A","seq":1},{"branchname":"B","seq":5}]})");
  json::object rec = record("customer", "300-T0001");
  std::vector<std::string> names;
  for (const auto& r : rec.at("sdsbranch").as_array())
    names.emplace_back(r.at("branchname").as_string());
  EXPECT_EQ(names, (std::vector<std::string>{"A", "C", "B"}));
}

TEST_F(DatasetTest, UpdateUpdatesInsertsAndDeletesInOnePut) {
  json::object rec = create("customer", kTwoBranches).at("data").at(0).as_object();
  const std::int64_t keep = dtlkey(rec, "sdsbranch", 0);
  const std::int64_t gone = dtlkey(rec, "sdsbranch", 1);
  const std::int64_t rows_before = count("customer_sdsbranch");
  std::string body =
      fmt::format(R"({{"companyname":"TEST 2","sdsbranch":[{{"branchname":"NEW","dtlkey":0}},)"
                  R"({{"dtlkey":{},"address1":"1A JALAN A"}},{{"branchname":"NEWER"}}]}})",
                  keep);
  json::object up = update("customer", "300-T0001", body).at("data").at(0).as_object();
  const json::array& rows = up.at("sdsbranch").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("branchname"), "NEW");
  EXPECT_EQ(rows[1].at("dtlkey").as_int64(), keep);
  EXPECT_EQ(rows[1].at("address1"), "1A JALAN A");
  EXPECT_EQ(rows[1].at("branchname"), "BILLING");  // fields left out keep their value
  EXPECT_EQ(rows[1].at("seq").as_int64(), 2);      // seq follows the array order
  EXPECT_EQ(rows[2].at("branchname"), "NEWER");
  for (const auto& r : rows) EXPECT_NE(r.at("dtlkey").as_int64(), gone);
  EXPECT_EQ(count("customer_sdsbranch"), rows_before + 1);
  EXPECT_EQ(up.at("companyname"), "TEST 2");
  EXPECT_EQ(json::value(up), record("customer", "300-T0001"));
}

TEST_F(DatasetTest, AnAbsentArrayLeavesTheRowsAnEmptyOneDeletesThem) {
  json::object rec = create("customer", kTwoBranches).at("data").at(0).as_object();
  json::object up =
      update("customer", "300-T0001", R"({"companyname":"X"})").at("data").at(0).as_object();
  EXPECT_EQ(up.at("sdsbranch"), rec.at("sdsbranch"));
  up = update("customer", "300-T0001", R"({"sdsbranch":null})").at("data").at(0).as_object();
  EXPECT_EQ(up.at("sdsbranch"), rec.at("sdsbranch"));
  up = update("customer", "300-T0001", R"({"sdsbranch":[]})").at("data").at(0).as_object();
  EXPECT_EQ(up.at("sdsbranch").as_array().size(), 0u);
}

TEST_F(DatasetTest, AnUnknownDtlkeyIsA400NamingDatasetRowAndValue) {
  json::object rec = create("customer", kTwoBranches).at("data").at(0).as_object();
  // Another customer's row is not a row of this one.
  json::object other = record("customer", "300-A0001");
  const std::int64_t foreign = dtlkey(other, "sdsbranch", 0);
  for (std::int64_t bad : {std::int64_t{999999}, foreign}) {
    std::string body =
        fmt::format(R"({{"companyname":"CHANGED","sdsbranch":[{{"dtlkey":{}}},{{"dtlkey":{}}}]}})",
                    dtlkey(rec, "sdsbranch", 0), bad);
    Problem p =
        expect_problem([&] { update("customer", "300-T0001", body); }, 400, "sdsbranch[1].dtlkey");
    EXPECT_NE(std::string(p.what()).find(std::to_string(bad)), std::string::npos) << p.what();
    EXPECT_NE(std::string(p.what()).find("sdsbranch[1]"), std::string::npos) << p.what();
  }
  EXPECT_EQ(json::value(record("customer", "300-T0001")), json::value(rec));
  // The same dtlkey twice.
  std::string twice = fmt::format(R"({{"sdsbranch":[{{"dtlkey":{0}}},{{"dtlkey":{0}}}]}})",
                                  dtlkey(rec, "sdsbranch", 0));
  expect_problem([&] { update("customer", "300-T0001", twice); }, 400, "sdsbranch[1].dtlkey");
  // On create, any dtlkey other than 0 / -1 is refused.
  expect_problem(
      [&] {
        create("customer", R"({"code":"300-T0002","companyname":"T","sdsbranch":[{"dtlkey":5}]})");
      },
      400, "sdsbranch[0].dtlkey");
  expect_problem(
      [&] {
        create("customer",
               R"({"code":"300-T0002","companyname":"T","sdsbranch":[{"dtlkey":"x"}]})");
      },
      400, "sdsbranch[0].dtlkey");
}

TEST_F(DatasetTest, RowFieldsAreValidatedLikeMasterFieldsWithPathNames) {
  const std::int64_t customers = count("customer"), branches = count("customer_sdsbranch");
  auto bad = [&](std::string_view rows, std::string_view field,
                 std::string_view dataset = "sdsbranch") {
    std::string body =
        fmt::format(R"({{"code":"300-T0009","companyname":"T","{}":{}}})", dataset, rows);
    Problem p = expect_problem([&] { create("customer", body); }, 400, field);
    EXPECT_NE(std::string(p.what()).find(field), std::string::npos) << p.what();
  };
  bad(R"([{},{},{"address1":")" + std::string(61, 'x') + R"("}])", "sdsbranch[2].address1");
  bad(R"([{"branchtype":"X"}])", "sdsbranch[0].branchtype");
  bad(R"([{"address1":5}])", "sdsbranch[0].address1");
  bad(R"([{"nosuchfield":"x"}])", "sdsbranch[0].nosuchfield");
  bad(R"([{"controltype":"abc"}])", "sdscreditcontrol[0].controltype", "sdscreditcontrol");
  bad(R"([{"tariff":"T1","tax":"NO-SUCH-TAX"}])", "sdstariff[0].tax", "sdstariff");
  bad(R"([{"isactive":"maybe"}])", "sdsbankacc[0].isactive", "sdsbankacc");
  bad(R"([{"uom":"X"}])", "sdsuom", "sdsuom");  // a stock item dataset: unknown here
  bad(R"({"branchname":"A"})", "sdsbranch");
  bad(R"("x")", "sdsbranch");
  bad(R"([1])", "sdsbranch[0]");
  EXPECT_EQ(count("customer"), customers);
  EXPECT_EQ(count("customer_sdsbranch"), branches);
  // A reference in a row is stored with the referenced record's spelling.
  json::object rec =
      create("customer", R"({"code":"300-T0009","companyname":"T","sdstariff":[{"tax":"sv-8"}]})")
          .at("data")
          .at(0)
          .as_object();
  EXPECT_EQ(rec.at("sdstariff").at(0).at("tax"), "SV-8");
}

TEST_F(DatasetTest, AFailingRowWritesNothing) {
  json::object rec = create("customer", kTwoBranches).at("data").at(0).as_object();
  const std::int64_t branches = count("customer_sdsbranch");
  // Valid master change and valid first rows, then a bad row: nothing of it is written.
  std::string body =
      fmt::format(R"({{"companyname":"HALF","sdsbranch":[{{"dtlkey":{}, "address1":"CHANGED"}},)"
                  R"({{"branchname":"NEW"}},{{"email":"{}"}}]}})",
                  dtlkey(rec, "sdsbranch", 0), std::string(201, 'e'));
  expect_problem([&] { update("customer", "300-T0001", body); }, 400, "sdsbranch[2].email");
  EXPECT_EQ(json::value(record("customer", "300-T0001")), json::value(rec));
  EXPECT_EQ(count("customer_sdsbranch"), branches);
  // A create whose row fails leaves no master either.
  expect_problem(
      [&] {
        create("customer",
               R"({"code":"300-T0003","companyname":"T","sdsbranch":[{"branchname":"OK"},)"
               R"({"country":12}]})");
      },
      400, "sdsbranch[1].country");
  expect_problem([&] { get("customer", "300-T0003"); }, 404);
  EXPECT_EQ(count("customer_sdsbranch"), branches);
}

TEST_F(DatasetTest, DeleteRemovesTheRowsAndReturnsThem) {
  create("customer", kTwoBranches);
  const std::int64_t branches = count("customer_sdsbranch");
  json::value removed = remove("customer", "300-T0001");
  EXPECT_EQ(removed.at("message"), "Deleted");
  EXPECT_EQ(removed.at("data").at(0).at("sdsbranch").as_array().size(), 2u);
  EXPECT_EQ(count("customer_sdsbranch"), branches - 2);
  // Other customers keep theirs.
  EXPECT_EQ(record("customer", "300-A0001").at("sdsbranch").as_array().size(), 1u);
}

TEST_F(DatasetTest, AReferenceFromARowBlocksDeletingTheReferencedRecord) {
  create("tax", R"({"code":"TT-1","description":"T"})");
  create("customer", R"({"code":"300-T0001","companyname":"T","sdstariff":[{"tax":"TT-1"}]})");
  Problem p = expect_problem([&] { remove("tax", "TT-1"); }, 409);
  EXPECT_NE(std::string(p.what()).find("sdstariff.tax"), std::string::npos) << p.what();
  EXPECT_NE(std::string(p.what()).find("300-T0001"), std::string::npos) << p.what();
  update("customer", "300-T0001", R"({"sdstariff":[]})");
  EXPECT_NO_THROW(remove("tax", "TT-1"));
}

TEST_F(DatasetTest, CustomerAndSupplierShareFieldsButNotDefaults) {
  json::object c =
      create("customer", R"({"code":"300-T0001","companyname":"C"})").at("data").at(0).as_object();
  json::object s =
      create("supplier", R"({"code":"400-T0001","companyname":"S"})").at("data").at(0).as_object();
  EXPECT_EQ(c.at("controlaccount"), "300-000");
  EXPECT_EQ(s.at("controlaccount"), "400-000");
  ASSERT_EQ(c.size(), s.size());
  for (auto a = c.begin(), b = s.begin(); a != c.end(); ++a, ++b) EXPECT_EQ(a->key(), b->key());
  for (const json::object* r : {&c, &s}) {
    EXPECT_EQ(r->at("currencycode"), "----");
    EXPECT_EQ(r->at("area"), "----");
    EXPECT_EQ(r->at("agent"), "----");
    EXPECT_EQ(r->at("outstanding"), "0.00");
    EXPECT_EQ(r->at("creditlimit"), "30000.00");
    EXPECT_EQ(r->at("status"), "A");
    EXPECT_TRUE(r->at("creationdate").is_null());
  }
  // outstanding is read-only: sent values are ignored.
  json::object u =
      update("customer", "300-T0001", R"({"outstanding":"99.00","creditterm":"c.o.d."})")
          .at("data")
          .at(0)
          .as_object();
  EXPECT_EQ(u.at("outstanding"), "0.00");
  EXPECT_EQ(u.at("creditterm"), "C.O.D.");
  expect_problem([&] { create("customer", R"({"code":"300-T0002"})"); }, 400, "companyname");
  expect_problem(
      [&] {
        create("supplier", R"({"code":"400-T0002","companyname":"S","creditterm":"7 Days"})");
      },
      400, "creditterm");
  expect_problem(
      [&] {
        create("customer", R"({"code":"300-T0002","companyname":"S","controlaccount":"999-999"})");
      },
      400, "controlaccount");
  // Separate tables: a supplier code is not a customer.
  expect_problem([&] { get("customer", "400-T0001"); }, 404);
  EXPECT_EQ(count("supplier_sdsbranch"), 2);
}

TEST_F(DatasetTest, StockItemIsFoundByDockeyAndByCode) {
  json::object rec =
      create("stockitem", R"({"code":"T-1","description":"T"})").at("data").at(0).as_object();
  const std::int64_t dockey = rec.at("dockey").as_int64();
  EXPECT_GT(dockey, 0);
  EXPECT_EQ(json::value(record("stockitem", std::to_string(dockey))), json::value(rec));
  EXPECT_EQ(json::value(record("stockitem", "t-1")), json::value(rec));
  EXPECT_EQ(rec.at("stockgroup"), "DEFAULT");
  EXPECT_EQ(rec.at("balsqty"), "0.0000");
  EXPECT_EQ(rec.at("costingmethod").as_int64(), 1);
  // An all-digit code that is no dockey is found as a code.
  create("stockitem", R"({"code":"999999","description":"DIGITS"})");
  EXPECT_EQ(record("stockitem", "999999").at("description"), "DIGITS");
  json::object up = update("stockitem", std::to_string(dockey), R"({"description":"BY DOCKEY"})")
                        .at("data")
                        .at(0)
                        .as_object();
  EXPECT_EQ(up.at("description"), "BY DOCKEY");
  EXPECT_EQ(up.at("dockey").as_int64(), dockey);
  remove("stockitem", std::to_string(dockey));
  expect_problem([&] { get("stockitem", "T-1"); }, 404);
  // One base row per item, cascaded; the sample's ANT also has a BOX row.
  EXPECT_EQ(count("stockitem_sdsuom"), count("stockitem") + 1);
}

TEST_F(DatasetTest, StockItemWithoutSdsuomGetsOneBaseRowFromUom) {
  json::object a =
      create("stockitem", R"({"code":"T-1","refprice":"2.50"})").at("data").at(0).as_object();
  ASSERT_EQ(a.at("sdsuom").as_array().size(), 1u);
  const json::object& base = a.at("sdsuom").at(0).as_object();
  EXPECT_EQ(base.at("uom"), "UNIT");
  EXPECT_EQ(base.at("rate"), "1.0000");
  EXPECT_EQ(base.at("isbase"), true);
  EXPECT_EQ(base.at("refprice"), "2.50");
  EXPECT_EQ(a.at("uom"), "UNIT");
  json::object b =
      create("stockitem", R"({"code":"T-2","uom":"PCS"})").at("data").at(0).as_object();
  EXPECT_EQ(b.at("sdsuom").at(0).at("uom"), "PCS");
  // An update without sdsuom keeps the rows; the base UOM changes only through them.
  json::object u =
      update("stockitem", "T-2", R"({"description":"X","uom":"pcs"})").at("data").at(0).as_object();
  EXPECT_EQ(u.at("sdsuom"), b.at("sdsuom"));
  expect_problem([&] { update("stockitem", "T-2", R"({"uom":"BOX"})"); }, 400, "uom");
  std::string body = fmt::format(
      R"({{"sdsuom":[{{"dtlkey":{},"isbase":false,"rate":"12"}},{{"uom":"CTN","rate":1,"isbase":true}}]}})",
      b.at("sdsuom").at(0).at("dtlkey").as_int64());
  u = update("stockitem", "T-2", body).at("data").at(0).as_object();
  EXPECT_EQ(u.at("uom"), "CTN");
  ASSERT_EQ(u.at("sdsuom").as_array().size(), 2u);
  EXPECT_EQ(u.at("sdsuom").at(0).at("rate"), "12.0000");
}

TEST_F(DatasetTest, StockItemSdsuomNeedsExactlyOneBaseRowOfRateOne) {
  const std::int64_t items = count("stockitem"), uoms = count("stockitem_sdsuom");
  auto bad = [&](std::string_view rows, std::string_view field) {
    std::string body = fmt::format(R"({{"code":"T-9","sdsuom":{}}})", rows);
    expect_problem([&] { create("stockitem", body); }, 400, field);
  };
  bad(R"([])", "sdsuom");
  bad(R"([{"uom":"UNIT","rate":"1"}])", "sdsuom");
  bad(R"([{"uom":"UNIT","isbase":true},{"uom":"BOX","rate":"10","isbase":true}])",
      "sdsuom[1].isbase");
  bad(R"([{"uom":"UNIT","rate":"2","isbase":true}])", "sdsuom[0].rate");
  bad(R"([{"uom":"UNIT","isbase":true},{"uom":"BOX","rate":"0"}])", "sdsuom[1].rate");
  bad(R"([{"uom":"UNIT","isbase":true},{"uom":"BOX","rate":"-1"}])", "sdsuom[1].rate");
  bad(R"([{"uom":"UNIT","isbase":true},{"uom":"unit","rate":"2"}])", "sdsuom[1].uom");
  bad(R"([{"isbase":true}])", "sdsuom[0].uom");
  EXPECT_EQ(count("stockitem"), items);
  EXPECT_EQ(count("stockitem_sdsuom"), uoms);
  json::object ok =
      create("stockitem",
             R"({"code":"T-9","sdsuom":[{"uom":"BOX","rate":"10"},{"uom":"PC","isbase":true}]})")
          .at("data")
          .at(0)
          .as_object();
  EXPECT_EQ(ok.at("uom"), "PC");
  // An update whose rows break the rule changes nothing.
  expect_problem(
      [&] {
        update("stockitem", "T-9", R"({"description":"Z","sdsuom":[{"uom":"BOX","rate":"10"}]})");
      },
      400, "sdsuom");
  EXPECT_EQ(json::value(record("stockitem", "T-9")), json::value(ok));
}

TEST_F(DatasetTest, SampleCompanyHasCustomersSuppliersAndStockItems) {
  EXPECT_EQ(count("customer"), 3);
  EXPECT_EQ(count("supplier"), 2);
  EXPECT_EQ(count("stockitem"), 4);
  for (std::string_view code : {"300-A0001", "300-B0001", "300-C0001"}) {
    json::object c = record("customer", code);
    EXPECT_EQ(c.at("controlaccount"), "300-000");
    EXPECT_EQ(c.at("sdsbranch").at(0).at("branchtype"), "B") << code;
  }
  EXPECT_EQ(record("supplier", "400-A0001").at("controlaccount"), "400-000");
  EXPECT_EQ(record("supplier", "400-B0001").at("currencycode"), "USD");
  json::object ant = record("stockitem", "ANT");
  EXPECT_EQ(ant.at("sdsuom").as_array().size(), 2u);
  json::object svc = record("stockitem", "INSTALL");
  EXPECT_EQ(svc.at("stockcontrol"), false);
  EXPECT_EQ(svc.at("stockgroup"), "SERVICE");
  EXPECT_EQ(svc.at("uom"), "JOB");
}

}  // namespace
}  // namespace sqlacc::bizobject::testing

namespace sqlacc::bizobject::testing {
namespace {

TEST(DatasetSpecChecks, MalformedDatasetsAreRefusedAtRegistration) {
  static constexpr FieldSpec kMaster[] = {
      {.name = "code", .required = true, .key = true, .example = "X"},
      {.name = "lastmodified", .type = FieldType::Int, .read_only = true}};
  static constexpr FieldSpec kReserved[] = {{.name = "dtlkey", .type = FieldType::Int}};
  static constexpr FieldSpec kKeyed[] = {
      {.name = "c", .required = true, .key = true, .example = "X"}};
  static constexpr FieldSpec kBadRef[] = {{.name = "r", .references = "nowhere"}};
  static constexpr FieldSpec kOk[] = {{.name = "r"}};
  static constexpr DatasetSpec kD1[] = {{.name = "sdsa", .fields = kReserved}};
  static constexpr DatasetSpec kD2[] = {{.name = "sdsa", .fields = kKeyed}};
  static constexpr DatasetSpec kD3[] = {{.name = "sdsa", .fields = kBadRef}};
  static constexpr DatasetSpec kD4[] = {{.name = "SDS", .fields = kOk}};
  static constexpr DatasetSpec kD5[] = {{.name = "code", .fields = kOk}};
  static constexpr DatasetSpec kD6[] = {{.name = "sdsa", .fields = kOk},
                                        {.name = "sdsb", .fields = kOk, .table = "m_sdsa"}};
  static constexpr ObjectSpec kSpecs[] = {
      {.resource = "m", .title = "M", .table = "m", .fields = kMaster, .datasets = kD1},
      {.resource = "m", .title = "M", .table = "m", .fields = kMaster, .datasets = kD2},
      {.resource = "m", .title = "M", .table = "m", .fields = kMaster, .datasets = kD3},
      {.resource = "m", .title = "M", .table = "m", .fields = kMaster, .datasets = kD4},
      {.resource = "m", .title = "M", .table = "m", .fields = kMaster, .datasets = kD5},
      {.resource = "m", .title = "M", .table = "m", .fields = kMaster, .datasets = kD6},
  };
  for (const ObjectSpec& s : kSpecs) {
    const ObjectSpec* one[] = {&s};
    EXPECT_THROW(Engine{one}, std::invalid_argument) << s.datasets[0].name;
  }
  static constexpr DatasetSpec kGood[] = {{.name = "sdsa", .fields = kOk}};
  static constexpr ObjectSpec kFine{
      .resource = "m", .title = "M", .table = "m", .fields = kMaster, .datasets = kGood};
  const ObjectSpec* fine[] = {&kFine};
  EXPECT_NO_THROW(Engine{fine});
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
