// The master cache (bizobject/master_cache.h) keeps customers, items and tax codes across
// operations on one connection. These tests change a master in every way it can change under the
// cache, and check that the next document sees the change.
#include "bizobject/master_cache.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "test_util.h"

namespace sqlacc::bizobject {
namespace {

using namespace testing;
namespace json = boost::json;

std::string s(const json::value& v) { return std::string(v.as_string()); }

class MasterCacheTest : public SampleDbTest {
 protected:
  // A second connection to the same file: another request thread or another process.
  store::SqliteConnection& other() {
    if (!other_) other_ = std::make_unique<store::SqliteConnection>(dir_.path() / "company.db");
    return *other_;
  }
  json::object invoice(std::string_view code = "300-A0001", std::string_view uom = "") {
    std::string body = R"({"code":")" + std::string(code) +
                       R"(","docdate":"2026-03-01","sdsdocdetail":[{"itemcode":"ANT","qty":"1",)" +
                       R"("unitprice":"35.00","tax":"ST-10")" +
                       (uom.empty() ? "" : R"(,"uom":")" + std::string(uom) + "\"") + "}]}";
    return create("salesinvoice", body).at("data").at(0).as_object();
  }
  void rename_customer(store::Connection& c, std::string_view name) {
    engine_.update(c, spec("customer"), "300-A0001",
                   R"({"companyname":")" + std::string(name) + "\"}", kNow);
  }
  // Tax codes, unlike customers and items, are not written by postings (which keep balances on
  // those): a cached tax code stays cached until something else changes it.
  void set_st10_rate(store::Connection& c, std::string_view rate) {
    engine_.update(c, spec("tax"), "ST-10", R"({"taxrate":")" + std::string(rate) + "\"}", kNow);
  }
  std::string st10_rate() { return s(invoice().at("sdsdocdetail").at(0).at("taxrate")); }
  std::unique_ptr<store::SqliteConnection> other_;
};

TEST_F(MasterCacheTest, TheSqliteConnectionHasOne) { EXPECT_NE(MasterCache::of(conn()), nullptr); }

TEST_F(MasterCacheTest, ADocumentSeesAMasterChangedByItsOwnConnection) {
  EXPECT_EQ(s(invoice().at("companyname")), "ABC TRADING SDN BHD");
  rename_customer(conn(), "ABC RENAMED");
  EXPECT_EQ(s(invoice().at("companyname")), "ABC RENAMED");
}

TEST_F(MasterCacheTest, ADocumentSeesAMasterChangedByAnotherConnection) {
  EXPECT_EQ(st10_rate(), "10%");
  set_st10_rate(other(), "8");
  EXPECT_EQ(st10_rate(), "8%");
}

TEST_F(MasterCacheTest, ARolledBackChangeIsForgotten) {
  EXPECT_EQ(st10_rate(), "10%");
  {
    store::Transaction tx(conn());
    {
      store::WriteScope undone(conn());  // a savepoint, as each write of a batch has
      set_st10_rate(conn(), "7");
      EXPECT_EQ(st10_rate(), "7%");  // read (and cached) inside the savepoint undone next
    }
    EXPECT_EQ(st10_rate(), "10%");
    tx.commit();
  }
  {
    store::Transaction tx(conn());
    set_st10_rate(conn(), "6");
    EXPECT_EQ(st10_rate(), "6%");
  }  // the whole transaction rolls back
  EXPECT_EQ(st10_rate(), "10%");
}

TEST_F(MasterCacheTest, ACodeNotFoundIsFoundOnceItsRecordExists) {
  expect_problem([&] { invoice("300-N0001"); }, 400, "code");
  create("customer", R"({"code":"300-N0001","companyname":"NEW HERE"})");
  EXPECT_EQ(s(invoice("300-N0001").at("companyname")), "NEW HERE");

  expect_problem([&] { invoice("300-N0002"); }, 400, "code");
  engine_.create(other(), spec("customer"), R"({"code":"300-N0002","companyname":"NEW THERE"})",
                 kNow);
  EXPECT_EQ(s(invoice("300-N0002").at("companyname")), "NEW THERE");
}

TEST_F(MasterCacheTest, ADocumentSeesAChangedUomRate) {
  EXPECT_EQ(s(invoice("300-A0001", "BOX").at("sdsdocdetail").at(0).at("rate")), "10.0000");
  engine_.update(
      conn(), spec("stockitem"), "ANT",
      R"({"sdsuom":[{"uom":"UNIT","rate":"1","isbase":true},{"uom":"BOX","rate":"12"}]})", kNow);
  EXPECT_EQ(s(invoice("300-A0001", "BOX").at("sdsdocdetail").at(0).at("rate")), "12.0000");
}

}  // namespace
}  // namespace sqlacc::bizobject
