// The engine rules the documents of issue 13 (cash sales, credit notes) brought: a cash document's
// paid amount is its total (AmountSpec::paid), its payment account is checked under its own field
// name, and a row transferred between documents that post to different accounts of the item takes
// its own document's account (a credit note's row from an invoice's posts to sales returns).
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "ledger/ledger_store.h"
#include "ledger/reports.h"
#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

std::string s(const json::value& v) { return std::string(v.as_string()); }

class PaidDocumentTest : public SampleDbTest {
 protected:
  void TearDown() override {
    const std::vector<std::string> problems = ledger::verify(conn());
    EXPECT_TRUE(problems.empty()) << problems.front();
  }
  json::object create_doc(std::string_view resource, std::string_view body) {
    return create(resource, body).at("data").at(0).as_object();
  }
  json::object update_doc(std::string_view resource, const json::object& doc,
                          std::string_view body) {
    return update(resource, s(doc.at("docno")), body).at("data").at(0).as_object();
  }
  std::vector<std::string> journal(std::string_view doctype, std::int64_t dockey) {
    std::vector<std::string> out;
    for (const ledger::JournalLine& j : ledger::posted_journal(conn(), doctype, dockey))
      out.push_back(j.account + " " + j.dr.to_string() + " " + j.cr.to_string());
    return out;
  }
  static constexpr std::string_view kRow =
      R"("sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35.00","tax":"ST-10"}])";
  std::string cash_sale(std::string_view extra) {
    return fmt::format(R"({{"code":"300-A0001","docdate":"2026-03-01",{}{}}})", extra, kRow);
  }
};

TEST_F(PaidDocumentTest, ACashSalesPaidAmountIsItsTotal) {
  const json::object cs = create_doc("cashsales", cash_sale(R"("p_paymentmethod":"310-000",)"));
  EXPECT_EQ(s(cs.at("docamt")), "77.00");
  EXPECT_EQ(s(cs.at("p_amount")), "77.00");  // left out: the total
  EXPECT_EQ(
      journal("CS", cs.at("dockey").as_int64()),
      (std::vector<std::string>{"310-000 77.00 0.00", "520-000 0.00 70.00", "420-000 0.00 7.00"}));
  EXPECT_EQ(s(get("customer", "300-A0001").at("data").at(0).at("outstanding")), "0.00");
  const std::int64_t before = count("sl_cs");
  const Problem p = expect_problem(
      [&] { create("cashsales", cash_sale(R"("p_paymentmethod":"310-000","p_amount":"76.99",)")); },
      400, "p_amount");
  EXPECT_EQ(std::string(p.what()), "Field 'p_amount' is 76.99 but the server computes 77.00");
  EXPECT_EQ(count("sl_cs"), before);
  // Cancelled the original's way: p_amount 0 and no payment method are kept as sent.
  const json::object cancelled = update_doc(
      "cashsales", cs, R"({"updatecount":1,"cancelled":true,"p_paymentmethod":"","p_amount":0})");
  EXPECT_EQ(s(cancelled.at("p_amount")), "0.00");
  EXPECT_TRUE(journal("CS", cs.at("dockey").as_int64()).empty());
  // A document that posts is paid in full.
  expect_problem(
      [&] {
        update_doc("cashsales", cs,
                   R"({"updatecount":2,"cancelled":false,"p_paymentmethod":"310-000",)"
                   R"("p_amount":0})");
      },
      400, "p_amount");
  const json::object again = update_doc(
      "cashsales", cs, R"({"updatecount":2,"cancelled":false,"p_paymentmethod":"310-000"})");
  EXPECT_EQ(s(again.at("p_amount")), "77.00");
}

TEST_F(PaidDocumentTest, APaymentAccountUnderAnotherNameIsCheckedAndRequiredWhenPosting) {
  Problem p = expect_problem([&] { create("cashsales", cash_sale("")); }, 400, "p_paymentmethod");
  EXPECT_EQ(std::string(p.what()),
            "Field 'p_paymentmethod' is required: the bank or cash account (specialacctype BA or "
            "CH) paid through");
  p = expect_problem(
      [&] {
        create("cashpurchase", R"({"code":"400-A0001","docdate":"2026-03-01",)"
                               R"("p_paymentmethod":"610-000",)" +
                                   std::string(kRow) + "}");
      },
      400, "p_paymentmethod");
  EXPECT_NE(std::string(p.what()).find("is not a bank or cash account"), std::string::npos)
      << std::string(p.what());
  EXPECT_EQ(count("gl_entry"), 0);
}

TEST_F(PaidDocumentTest, ATransferredRowTakesItsOwnDocumentsAccount) {
  // An order row's account override carries to the invoice: both post to the sales account.
  const json::object so = create_doc(
      "salesorder", R"({"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[)"
                    R"({"itemcode":"ANT","qty":"4","unitprice":"35.00","account":"520-000"}]})");
  const json::object iv = create_doc(
      "salesinvoice",
      fmt::format(R"({{"code":"300-A0001","docdate":"2026-03-02","sdsdocdetail":[)"
                  R"({{"fromdoctype":"SO","fromdockey":{},"fromdtlkey":{}}}]}})",
                  so.at("dockey").as_int64(), so.at("sdsdocdetail").at(0).at("dtlkey").as_int64()));
  EXPECT_EQ(s(iv.at("sdsdocdetail").at(0).at("account")), "520-000");
  // A credit note's row from that invoice row posts to sales returns, not to the invoice's account.
  const json::object cn = create_doc(
      "salescreditnote",
      fmt::format(R"({{"code":"300-A0001","docdate":"2026-03-03","sdsdocdetail":[)"
                  R"({{"fromdoctype":"IV","fromdockey":{},"fromdtlkey":{},"qty":"1"}}]}})",
                  iv.at("dockey").as_int64(), iv.at("sdsdocdetail").at(0).at("dtlkey").as_int64()));
  const json::object& row = cn.at("sdsdocdetail").at(0).as_object();
  EXPECT_EQ(s(row.at("account")), "510-000");
  EXPECT_EQ(s(row.at("itemcode")), "ANT");
  EXPECT_EQ(s(row.at("unitprice")), "35.00000000");
  EXPECT_EQ(s(row.at("tax")), "ST-10");  // the invoice row's (the item's default)
  EXPECT_EQ(
      journal("CN", cn.at("dockey").as_int64()),
      (std::vector<std::string>{"510-000 35.00 0.00", "420-000 3.50 0.00", "300-000 0.00 38.50"}));
  EXPECT_EQ(s(get("salesinvoice", s(iv.at("docno")))
                  .at("data")
                  .at(0)
                  .at("sdsdocdetail")
                  .at(0)
                  .at("transferredqty")),
            "1.0000");
  EXPECT_EQ(ledger::stock_balance(conn(), "ANT", "----").to_string(), "-3.0000");
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
