// CRUD through the generic engine. The loop over every spec, fed only the spec's example values,
// is the proof that no object has code of its own.
#include "bizobject/engine.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "bizobject/examples.h"
#include "test_util.h"
#include "util/decimal.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

class EngineTest : public DbTest {};

TEST_F(EngineTest, FindsObjectsCaseInsensitivelyInDisplayOrder) {
  ASSERT_NE(engine_.find("AGENT"), nullptr);
  EXPECT_EQ(engine_.find("Agent"), engine_.find("agent"));
  EXPECT_EQ(engine_.find("agents"), nullptr);
  EXPECT_EQ(engine_.find(""), nullptr);
  auto objects = engine_.objects();
  ASSERT_EQ(objects.size(), 36u);
  EXPECT_EQ(objects.front()->resource, "agent");
  std::vector<std::string_view> names;
  for (auto* o : objects) names.push_back(o->resource);
  EXPECT_EQ(names, (std::vector<std::string_view>{"agent",
                                                  "area",
                                                  "terms",
                                                  "currency",
                                                  "project",
                                                  "location",
                                                  "stockgroup",
                                                  "account",
                                                  "tax",
                                                  "shipper",
                                                  "customer",
                                                  "supplier",
                                                  "stockitem",
                                                  "salesorder",
                                                  "salesinvoice",
                                                  "purchaseinvoice",
                                                  "customerpayment",
                                                  "journalentry",
                                                  "paymentvoucher",
                                                  "stockreceived",
                                                  "stocktransfer",
                                                  "cashsales",
                                                  "salesdebitnote",
                                                  "salescreditnote",
                                                  "cashpurchase",
                                                  "purchasedebitnote",
                                                  "salesquotation",
                                                  "deliveryorder",
                                                  "extradeliveryorder",
                                                  "salescancellednote",
                                                  "purchaserequest",
                                                  "purchaseorder",
                                                  "goodsreceived",
                                                  "purchasereturned",
                                                  "extragoodsreceived",
                                                  "purchasecancellednote"}));
}

// create answers with the record built from what it wrote, not read back (engine.cpp,
// result_as_written): for every object it must be exactly what a read then returns.
TEST_F(EngineTest, EveryCreateAnswersExactlyWhatAReadThenReturns) {
  load_sample();
  for (const ObjectSpec* s : engine_.objects()) {
    SCOPED_TRACE(std::string(s->resource));
    const std::string key_name(key_field(*s).name);
    const json::value created = create(s->resource, json::serialize(example_body(*s)), kNow + 1);
    const json::value& rec = created.at("data").at(0);
    const json::value& key = rec.at(key_name);
    const std::string k = key.is_string() ? std::string(key.as_string())
                                          : std::to_string(key.to_number<std::int64_t>());
    EXPECT_EQ(json::serialize(created.at("data")), json::serialize(get(s->resource, k).at("data")));
  }
  // Several rows, one of them given an explicit seq out of order, and fields left to defaults.
  const json::value iv = create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-01",
      "sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35"},
                      {"itemcode":"ANT","qty":"1","unitprice":"1.5","seq":1},
                      {"itemcode":"ANT","qty":"3","unitprice":"0"}]})");
  const std::string docno(iv.at("data").at(0).at("docno").as_string());
  EXPECT_EQ(json::serialize(iv.at("data")), json::serialize(get("salesinvoice", docno).at("data")));
}

// The connection remembers its series' next free number; numbers clients took by hand ahead of
// the series (in any letter case) are still skipped, not issued again (a 409 for a client that
// sent no number).
TEST_F(EngineTest, TheSeriesSkipsNumbersTakenByHandAheadOfIt) {
  load_sample();
  const auto invoice = [&](std::string docno) {
    const std::string body = R"({"code":"300-A0001","docdate":"2026-03-01",)" +
                             (docno.empty() ? "" : R"("docno":")" + docno + R"(",)") +
                             R"("sdsdocdetail":[{"itemcode":"ANT","qty":"1","unitprice":"3"}]})";
    return std::string(create("salesinvoice", body).at("data").at(0).at("docno").as_string());
  };
  invoice("IV-00003");
  invoice("iv-00005");
  EXPECT_EQ(invoice(""), "IV-00001");
  EXPECT_EQ(invoice(""), "IV-00002");
  EXPECT_EQ(invoice(""), "IV-00004");
  EXPECT_EQ(invoice(""), "IV-00006");
  EXPECT_EQ(invoice(""), "IV-00007");
}

TEST_F(EngineTest, EveryObjectRoundTripsItsExampleThroughTheGenericOperations) {
  load_sample();
  for (const ObjectSpec* s : engine_.objects()) {
    SCOPED_TRACE(std::string(s->resource));
    std::string code(example_code(*s));
    const std::string key_name(key_field(*s).name);
    json::object body = example_body(*s);

    json::value created = create(s->resource, json::serialize(body), kNow + 10);
    ASSERT_EQ(created.at("data").as_array().size(), 1u);
    const json::object& rec = created.at("data").at(0).as_object();
    // Numbered documents: the key is the next number of the series.
    if (!s->docno_prefix.empty() && code.empty()) code = rec.at(key_name).as_string();
    EXPECT_EQ(rec.at(key_name).as_string(), code);
    EXPECT_EQ(rec.at("lastmodified").as_int64(), kNow + 10);
    // Every field of the spec is in the record, in spec order, then the datasets, nothing else;
    // input-only fields are never returned.
    std::vector<std::string_view> fields;
    for (const FieldSpec& f : s->fields)
      if (!f.input_only) fields.push_back(f.name);
    ASSERT_EQ(rec.size(), fields.size() + s->datasets.size());
    std::size_t i = 0;
    for (const auto& kv : rec) {
      if (i < fields.size()) {
        EXPECT_EQ(kv.key(), fields[i]);
      } else {
        EXPECT_EQ(kv.key(), s->datasets[i - fields.size()].name);
        ASSERT_TRUE(kv.value().is_array());
        if (const auto* rows = body.if_contains(kv.key())) {
          ASSERT_EQ(kv.value().as_array().size(), rows->as_array().size());
          if (rows->as_array().empty()) continue;
          EXPECT_GT(kv.value().at(0).at("dtlkey").as_int64(), 0);
          EXPECT_EQ(kv.value().at(0).at("seq").as_int64(), 1);
        }
      }
      ++i;
    }
    for (const auto& kv : body) {
      if (kv.value().is_array()) continue;  // dataset rows: checked above
      const FieldSpec* f = nullptr;
      for (const auto& fs : s->fields)
        if (fs.name == kv.key()) f = &fs;
      ASSERT_NE(f, nullptr);
      if (f->type == FieldType::Decimal) {
        EXPECT_EQ(*Decimal::parse(rec.at(kv.key()).as_string(), f->scale),
                  *Decimal::parse(kv.value().as_string(), f->scale));
        EXPECT_TRUE(Decimal::parse(rec.at(kv.key()).as_string(), f->scale));
      } else {
        EXPECT_EQ(rec.at(kv.key()), kv.value()) << kv.key();
      }
    }

    EXPECT_EQ(get(s->resource, code), created);
    json::value by_filter = list(s->resource, {{key_name, code}});
    EXPECT_EQ(by_filter.at("pagination").at("total").as_int64(), 1);
    json::object master = rec;  // list rows carry no datasets
    for (const DatasetSpec& d : s->datasets) master.erase(d.name);
    EXPECT_EQ(by_filter.at("data"), json::array{master});

    json::value updated =
        update(s->resource, code, json::serialize(example_update_body(*s)), kNow + 20);
    const FieldSpec* changed = example_update_field(*s);
    ASSERT_NE(changed, nullptr);
    EXPECT_EQ(updated.at("data").at(0).at(changed->name).as_string(), example_update_text());
    EXPECT_EQ(updated.at("data").at(0).at("lastmodified").as_int64(), kNow + 20);
    EXPECT_EQ(get(s->resource, code), updated);

    json::value removed = json::parse(json_text(engine_.remove(conn(), *s, code, kNow + 30)));
    EXPECT_EQ(removed.at("message").as_string(), "Deleted");
    EXPECT_EQ(removed.at("data"), updated.at("data"));
    expect_problem([&] { get(s->resource, code); }, 404);
  }
}

TEST_F(EngineTest, ListEnvelopeAndRecordsAreExactlyTheWireFormat) {
  create("agent", R"({"code":"ALI","description":"Ali bin Abu"})");
  create("agent", R"({"code":"----","description":"----","isactive":false})", kNow + 1);
  EXPECT_EQ(
      json_text(engine_.list(conn(), spec("agent"), {})),
      R"({"pagination":{"offset":0,"limit":50,"count":2,"total":2},"data":[)"
      R"({"code":"----","description":"----","isactive":false,"lastmodified":1700000001},)"
      R"({"code":"ALI","description":"Ali bin Abu","isactive":true,"lastmodified":1700000000}]})");
  EXPECT_EQ(
      json_text(engine_.get(conn(), spec("agent"), "ALI")),
      R"({"data":[{"code":"ALI","description":"Ali bin Abu","isactive":true,"lastmodified":1700000000}]})");
  EXPECT_EQ(json_text(engine_.list(conn(), spec("area"), {})),
            R"({"pagination":{"offset":0,"limit":50,"count":0,"total":0},"data":[]})");
}

TEST_F(EngineTest, DecimalsAreStringsAtTheFieldScale) {
  load_sample();
  json::value usd = get("currency", "USD");
  EXPECT_EQ(usd.at("data").at(0).at("buyingrate").as_string(), "4.45000000");
  json::value sv8 = get("tax", "SV-8");
  EXPECT_EQ(sv8.at("data").at(0).at("taxrate").as_string(), "8.00");
  EXPECT_TRUE(sv8.at("data").at(0).at("outputtax").as_bool());
  EXPECT_EQ(json::parse(R"({"x":1})").at("x").kind(), json::kind::int64);
  EXPECT_EQ(sv8.at("data").at(0).at("autokey").kind(), json::kind::int64);
}

TEST_F(EngineTest, TaxIsReachableByAutokeyAndByCode) {
  load_sample();
  json::value by_code = get("tax", "sv-8");
  std::int64_t autokey = by_code.at("data").at(0).at("autokey").as_int64();
  EXPECT_GT(autokey, 0);
  EXPECT_EQ(get("tax", std::to_string(autokey)), by_code);
  update("tax", std::to_string(autokey), R"({"description":"SERVICE TAX EIGHT"})");
  EXPECT_EQ(get("tax", "SV-8").at("data").at(0).at("description").as_string(), "SERVICE TAX EIGHT");
  // An all-digit code that is not an autokey still works as a code.
  json::value numeric = create("tax", R"({"code":"999","description":"Numeric code"})");
  std::int64_t numeric_key = numeric.at("data").at(0).at("autokey").as_int64();
  EXPECT_EQ(get("tax", "999").at("data").at(0).at("code").as_string(), "999");
  expect_problem([&] { get("tax", "123456"); }, 404);
  // Autokeys are not reused after a delete.
  engine_.remove(conn(), spec("tax"), "999", kNow);
  json::value next = create("tax", R"({"code":"NEW","description":"New"})");
  EXPECT_GT(next.at("data").at(0).at("autokey").as_int64(), numeric_key);
}

TEST_F(EngineTest, CodesAreUniqueIgnoringCaseAndStoredAsGiven) {
  create("agent", R"({"code":"Ali","description":"A"})");
  EXPECT_EQ(get("agent", "ALI").at("data").at(0).at("code").as_string(), "Ali");
  EXPECT_EQ(get("agent", "ali").at("data").at(0).at("code").as_string(), "Ali");
  Problem p =
      expect_problem([&] { create("agent", R"({"code":"ALI","description":"B"})"); }, 409, "code");
  EXPECT_EQ(p.code, "Conflict");
  EXPECT_NE(std::string(p.what()).find("ALI"), std::string::npos);
  EXPECT_EQ(count("agent"), 1);
}

TEST_F(EngineTest, UpdateIsPartialAndKeepsTheCode) {
  load_sample();
  update("location", "KL", R"({"phone1":"03-1234 5678"})", kNow + 5);
  json::value kl = get("location", "KL");
  EXPECT_EQ(kl.at("data").at(0).at("phone1").as_string(), "03-1234 5678");
  EXPECT_EQ(kl.at("data").at(0).at("attention").as_string(), "MR. TAN");
  EXPECT_EQ(kl.at("data").at(0).at("lastmodified").as_int64(), kNow + 5);

  // Renaming is refused; the same code in another case is the same code.
  expect_problem([&] { update("location", "KL", R"({"code":"KL2"})"); }, 400, "code");
  update("location", "kl", R"({"code":"kl","description":"KL STORE"})");
  EXPECT_EQ(get("location", "KL").at("data").at(0).at("code").as_string(), "KL");

  // Read-only fields sent back by a client are ignored.
  json::object rec = get("location", "KL").at("data").at(0).as_object();
  rec["lastmodified"] = 1;
  rec["description"] = "ROUND TRIP";
  json::value back = update("location", "KL", json::serialize(rec), kNow + 9);
  EXPECT_EQ(back.at("data").at(0).at("lastmodified").as_int64(), kNow + 9);
  EXPECT_EQ(back.at("data").at(0).at("description").as_string(), "ROUND TRIP");

  // null restores the default.
  update("location", "KL", R"({"isactive":false})");
  EXPECT_FALSE(get("location", "KL").at("data").at(0).at("isactive").as_bool());
  update("location", "KL", R"({"isactive":null,"attention":null})");
  EXPECT_TRUE(get("location", "KL").at("data").at(0).at("isactive").as_bool());
  EXPECT_EQ(get("location", "KL").at("data").at(0).at("attention").as_string(), "");

  expect_problem([&] { update("location", "NOPE", R"({"description":"x"})"); }, 404);
}

TEST_F(EngineTest, AutokeyInACreateBodyIsIgnored) {
  load_sample();
  json::value t = create("tax", R"({"autokey":1,"code":"X1","description":"X","lastmodified":5})");
  EXPECT_NE(t.at("data").at(0).at("autokey").as_int64(), 1);
  EXPECT_EQ(t.at("data").at(0).at("lastmodified").as_int64(), kNow);
}

TEST_F(EngineTest, ReferencesAreStoredWithTheReferencedSpelling) {
  create("account", R"({"code":"x-100","description":"X","acctype":"cl"})");
  json::value acc = get("account", "X-100");
  EXPECT_EQ(acc.at("data").at(0).at("acctype").as_string(), "CL");  // canonical choice
  json::value tax = create("tax", R"({"code":"T","description":"T","taxaccount":"X-100"})");
  EXPECT_EQ(tax.at("data").at(0).at("taxaccount").as_string(), "x-100");
}

TEST_F(EngineTest, DeletingAReferencedRecordIsAConflictNamingTheReferrer) {
  load_sample();
  Problem p =
      expect_problem([&] { engine_.remove(conn(), spec("account"), "420-000", kNow); }, 409);
  EXPECT_EQ(p.code, "Conflict");
  EXPECT_NE(std::string(p.what()).find("tax"), std::string::npos) << p.what();
  EXPECT_NE(std::string(p.what()).find("taxaccount"), std::string::npos) << p.what();

  p = expect_problem([&] { engine_.remove(conn(), spec("account"), "320-000", kNow); }, 409);
  EXPECT_NE(std::string(p.what()).find("320-00"), std::string::npos) << p.what();
  EXPECT_NE(std::string(p.what()).find("parent"), std::string::npos) << p.what();

  update("account", "500-000", R"({"tax":"sv-8"})");
  EXPECT_EQ(get("account", "500-000").at("data").at(0).at("tax").as_string(), "SV-8");
  p = expect_problem([&] { engine_.remove(conn(), spec("tax"), "SV-8", kNow); }, 409);
  EXPECT_NE(std::string(p.what()).find("account '500-000'"), std::string::npos) << p.what();
  EXPECT_EQ(count("tax"), 5);

  // Unreferenced records go.
  engine_.remove(conn(), spec("account"), "320-002", kNow);
  expect_problem([&] { get("account", "320-002"); }, 404);
  expect_problem([&] { engine_.remove(conn(), spec("account"), "320-002", kNow); }, 404);
}

TEST_F(EngineTest, AccountParentsCannotFormACycle) {
  load_sample();
  expect_problem([&] { update("account", "900-000", R"({"parent":"900-001"})"); }, 400, "parent");
  expect_problem([&] { update("account", "900-000", R"({"parent":"900-000"})"); }, 400, "parent");
  expect_problem(
      [&] {
        create("account", R"({"code":"999-1","parent":"999-1","description":"x","acctype":"EP"})");
      },
      400, "parent");
  update("account", "900-005", R"({"parent":"320-000"})");  // a legal move
  EXPECT_EQ(get("account", "900-005").at("data").at(0).at("parent").as_string(), "320-000");
}

TEST_F(EngineTest, StarReturnsMatchingRecordsInADataEnvelope) {
  load_sample();
  json::value one = json::parse(json_text(engine_.star(conn(), spec("agent"), {{"code", "ali"}})));
  EXPECT_EQ(one.as_object().size(), 1u);
  EXPECT_EQ(one.at("data"), get("agent", "ALI").at("data"));
  json::value none =
      json::parse(json_text(engine_.star(conn(), spec("agent"), {{"code", "NOBODY"}})));
  EXPECT_TRUE(none.at("data").as_array().empty());
  json::value all = json::parse(json_text(engine_.star(conn(), spec("terms"), {})));
  EXPECT_EQ(all.at("data").as_array().size(), 4u);
  expect_problem([&] { engine_.star(conn(), spec("agent"), {{"bogus", "1"}}); }, 400, "bogus");
}

TEST_F(EngineTest, TextIsEscapedInTheOutput) {
  std::string desc = "He said \"hi\"\\ \n\ttab \x01 吉隆坡";
  json::object body{{"code", "Q"}, {"description", desc}};
  create("agent", json::serialize(body));
  EXPECT_EQ(get("agent", "Q").at("data").at(0).at("description").as_string(), desc);
  EXPECT_EQ(list("agent").at("data").at(0).at("description").as_string(), desc);
}

TEST_F(EngineTest, WritesJoinAnOpenTransaction) {
  {
    store::Transaction tx(conn());
    create("agent", R"({"code":"A1","description":"x"})");
    create("agent", R"({"code":"A2","description":"x"})");
    // no commit: both roll back
  }
  EXPECT_EQ(count("agent"), 0);
}

TEST_F(EngineTest, UnregisteredSpecsAreRefused) {
  static constexpr FieldSpec kFields[] = {
      {.name = "code", .required = true, .key = true, .example = "X"},
      {.name = "lastmodified", .type = FieldType::Int, .read_only = true}};
  static constexpr ObjectSpec kOther{
      .resource = "other", .title = "Other", .table = "other", .fields = kFields};
  EXPECT_THROW(engine_.list(conn(), kOther, {}), std::invalid_argument);
}

}  // namespace
}  // namespace sqlacc::bizobject::testing

namespace sqlacc::bizobject::testing {
namespace {

// Cached statements must not be left mid-row: in SQLite that keeps a read transaction (an old
// snapshot) open on the pooled connection, so later reads would be stale and writes would fail.
TEST_F(EngineTest, NoStatementIsLeftOpenBetweenCalls) {
  load_sample();
  store::SqliteConnection other(dir_.path() / "company.db");
  auto desc = [&](store::Connection& c) {
    json::value page = json::parse(json_text(engine_.list(c, spec("agent"), {{"code", "ALI"}})));
    return std::string(page.at("data").at(0).at("description").as_string());
  };
  engine_.get(conn(), spec("agent"), "ALI");
  engine_.get(conn(), spec("tax"), "4");
  engine_.validate_create(conn(), spec("tax"),
                          R"({"code":"V","description":"v","taxaccount":"420-000"})");
  desc(conn());
  engine_.update(conn(), spec("account"), "900-005", R"({"parent":"900-000"})", kNow);
  engine_.star(conn(), spec("agent"), {{"limit", "1"}});
  expect_problem([&] { engine_.remove(conn(), spec("account"), "420-000", kNow); }, 409);

  engine_.update(other, spec("agent"), "ALI", R"({"description":"CHANGED ELSEWHERE"})", kNow + 1);
  EXPECT_EQ(desc(conn()), "CHANGED ELSEWHERE");
  EXPECT_NO_THROW(create("agent", R"({"code":"AFTER","description":"x"})"));
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
