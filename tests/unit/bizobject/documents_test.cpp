// The documents end to end through the engine, against the sample company: computed amounts and
// tax, party defaults, golden ledger lines per document type, knock-off, transfer, stock, and the
// ledger invariants after each scenario.
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "ledger/ledger_store.h"
#include "ledger/open_items.h"
#include "ledger/reports.h"
#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

std::string s(const json::value& v) { return std::string(v.as_string()); }

class DocumentTest : public SampleDbTest {
 protected:
  void TearDown() override {
    const std::vector<std::string> problems = ledger::verify(conn());
    EXPECT_TRUE(problems.empty()) << problems.front();
    const std::vector<std::string> kept = engine_.check_invariants(conn());
    EXPECT_TRUE(kept.empty()) << kept.front();
  }
  json::object create_doc(std::string_view resource, std::string_view body) {
    return create(resource, body).at("data").at(0).as_object();
  }
  // "account dr cr" per journal line, in posting order.
  std::vector<std::string> journal(std::string_view doctype, std::int64_t dockey) {
    std::vector<std::string> out;
    for (const ledger::JournalLine& j : ledger::posted_journal(conn(), doctype, dockey))
      out.push_back(j.account + " " + j.dr.to_string() + " " + j.cr.to_string());
    return out;
  }
  void usd_customer() {
    create("customer", R"({"code":"300-U0001","companyname":"US BUYER INC","currencycode":"USD"})");
  }
  std::string outstanding(std::string_view resource, std::string_view code) {
    return s(get(resource, code).at("data").at(0).at("outstanding"));
  }
  json::object invoice(std::string_view lines = R"([
      {"itemcode":"ANT","qty":"2","unitprice":"35.00","tax":"ST-10"},
      {"itemcode":"INSTALL","qty":"1","unitprice":"150","tax":"SV-8"}])") {
    return create_doc("salesinvoice", std::string(R"({"code":"300-A0001","docdate":"2026-03-01",)"
                                                  R"("sdsdocdetail":)") +
                                          std::string(lines) + "}");
  }
};

TEST_F(DocumentTest, SalesInvoiceComputesLinesTaxTotalsAndPostsTheGoldenJournal) {
  const json::object iv = invoice();
  EXPECT_EQ(s(iv.at("docno")), "IV-00001");
  EXPECT_EQ(s(iv.at("postdate")), "2026-03-01");
  EXPECT_EQ(s(iv.at("companyname")), "ABC TRADING SDN BHD");  // from the customer
  EXPECT_EQ(s(iv.at("address1")), "NO. 12, JALAN AMPANG");    // its billing branch
  EXPECT_EQ(s(iv.at("docamt")), "239.00");                    // 70 + 7 + 150 + 12
  EXPECT_EQ(s(iv.at("localdocamt")), "239.00");
  const json::array& rows = iv.at("sdsdocdetail").as_array();
  EXPECT_EQ(s(rows[0].at("amount")), "70.00");
  EXPECT_EQ(s(rows[0].at("taxamt")), "7.00");
  EXPECT_EQ(s(rows[0].at("taxrate")), "10%");
  EXPECT_EQ(s(rows[0].at("uom")), "UNIT");  // the item's base UOM
  EXPECT_EQ(s(rows[0].at("account")), "500-000");
  EXPECT_EQ(s(rows[0].at("description")), "ANTENNA");  // the item's, when left out
  EXPECT_EQ(s(rows[1].at("amount")), "150.00");
  EXPECT_EQ(s(rows[1].at("taxamt")), "12.00");
  EXPECT_EQ(s(rows[1].at("amountwithtax")), "162.00");
  const std::string service_sales = s(rows[1].at("account"));
  EXPECT_EQ(journal("IV", iv.at("dockey").as_int64()),
            (std::vector<std::string>{"300-000 239.00 0.00", "500-000 0.00 70.00",
                                      service_sales + " 0.00 150.00", "420-000 0.00 7.00",
                                      "420-000 0.00 12.00"}));
  EXPECT_EQ(outstanding("customer", "300-A0001"), "239.00");
  // Stock leaves with the invoice; a service (stockcontrol false) moves nothing.
  EXPECT_EQ(s(get("stockitem", "ANT").at("data").at(0).at("balsqty")), "-2.0000");
  EXPECT_EQ(s(get("stockitem", "INSTALL").at("data").at(0).at("balsqty")), "0.0000");
  EXPECT_EQ(ledger::stock_balance(conn(), "ANT", "----").to_string(), "-2.0000");
}

TEST_F(DocumentTest, TaxInclusiveExclusiveAndRoundingPerLine) {
  const json::object iv = invoice(R"([
      {"itemcode":"INSTALL","qty":"1","unitprice":"108.00","tax":"SV-8","taxinclusive":true},
      {"itemcode":"INSTALL","qty":"1","unitprice":"100.00","tax":"SV-6","taxinclusive":true},
      {"itemcode":"CABLE","qty":"3","unitprice":"19.99","tax":"SV-8"},
      {"itemcode":"CABLE","qty":"1","unitprice":"0.05","tax":"ST-10"}])");
  const json::array& rows = iv.at("sdsdocdetail").as_array();
  EXPECT_EQ(s(rows[0].at("amount")), "100.00");
  EXPECT_EQ(s(rows[0].at("taxamt")), "8.00");
  EXPECT_EQ(s(rows[1].at("amount")), "94.34");  // 100 × 6/106 = 5.6603... -> 5.66
  EXPECT_EQ(s(rows[1].at("taxamt")), "5.66");
  EXPECT_EQ(s(rows[2].at("amount")), "59.97");
  EXPECT_EQ(s(rows[2].at("taxamt")), "4.80");  // 4.7976
  EXPECT_EQ(s(rows[3].at("taxamt")), "0.01");  // 0.005 rounds half away from zero
  EXPECT_EQ(s(iv.at("docamt")), "272.83");     // 108 + 100 + 64.77 + 0.06
}

TEST_F(DocumentTest, DiscountsUomAndForeignCurrency) {
  usd_customer();
  const json::object iv = create_doc(
      "salesinvoice",
      R"({"code":"300-U0001","docdate":"2026-03-01","currencyrate":"4.5",)"
      R"("sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35.00","disc":"10%+5","tax":""},)"
      R"({"itemcode":"ANT","qty":"1","uom":"box","unitprice":"330.00","tax":"ST-10"}]})");
  const json::array& rows = iv.at("sdsdocdetail").as_array();
  EXPECT_EQ(s(rows[0].at("amount")), "58.00");  // 70 - 7 - 5
  EXPECT_EQ(s(rows[0].at("localamount")), "261.00");
  EXPECT_EQ(s(rows[0].at("tax")), "");  // sent empty: no tax, not the item's default
  EXPECT_EQ(s(rows[1].at("uom")), "BOX");
  EXPECT_EQ(s(rows[1].at("rate")), "10.0000");
  EXPECT_EQ(s(rows[1].at("localtaxamt")), "148.50");
  EXPECT_EQ(s(iv.at("docamt")), "421.00");
  EXPECT_EQ(s(iv.at("localdocamt")), "1894.50");
  EXPECT_EQ(s(iv.at("currencycode")), "USD");  // the customer's currency
  EXPECT_EQ(journal("IV", iv.at("dockey").as_int64()).front(), "300-000 1894.50 0.00");
  // Without a rate: the currency's selling rate (4.50 in the sample); never 1 for a foreign one.
  const json::object by_default = create_doc(
      "salesinvoice", R"({"code":"300-U0001","docdate":"2026-03-01","sdsdocdetail":[)"
                      R"({"itemcode":"ANT","qty":"1","unitprice":"100","tax":"ST-10"}]})");
  EXPECT_EQ(s(by_default.at("currencyrate")), "4.50000000");
  EXPECT_EQ(s(by_default.at("localdocamt")), "495.00");
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-01","currencyrate":"4.5",)"
                               R"("sdsdocdetail":[{"itemcode":"ANT","qty":"1"}]})");
      },
      400, "currencyrate");  // the local currency is at 1
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-01","currencycode":"USD",)"
                               R"("sdsdocdetail":[{"itemcode":"ANT","qty":"1"}]})");
      },
      400, "currencycode");  // a local customer's document is local
  expect_problem(
      [&] {
        create("customerpayment",
               R"({"code":"300-U0001","docdate":"2026-03-05","paymentmethod":"320-000",)"
               R"("docamt":"10.00","sdsknockoff":[{"docno":")" +
                   s(iv.at("docno")) + R"(","koamt":"10.00"}]})");
      },
      400, "sdsknockoff[0].knockoff");  // no exchange gain/loss posting yet
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[)"
                               R"({"itemcode":"ANT","qty":"1","uom":"CRATE"}]})");
      },
      400, "sdsdocdetail[0].uom");
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[)"
                               R"({"itemcode":"ANT","qty":"1","unitprice":"5","disc":"abc"}]})");
      },
      400, "sdsdocdetail[0].disc");
  // A '+' must join two terms: "10%+" was taken as "10%".
  for (std::string_view disc : {"10%+", "+5", "10%++5", "-5", "10%%", "5+ "}) {
    const std::string body = R"({"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[)"
                             R"({"itemcode":"ANT","qty":"1","unitprice":"5","disc":")" +
                             std::string(disc) + R"("}]})";
    expect_problem([&] { create("salesinvoice", body); }, 400, "sdsdocdetail[0].disc");
  }
}

TEST_F(DocumentTest, ClientTotalsThatDisagreeAreRefusedNamingTheField) {
  const std::int64_t before = count("sl_iv");
  expect_problem(
      [&] {
        create("salesinvoice",
               R"({"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[)"
               R"({"itemcode":"ANT","qty":"2","unitprice":"35","amount":"71.00"}]})");
      },
      400, "sdsdocdetail[0].amount");
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-01","docamt":"70",)"
                               R"("sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35",)"
                               R"("tax":"ST-10"}]})");
      },
      400, "docamt");
  EXPECT_EQ(count("sl_iv"), before);
  EXPECT_EQ(count("gl_entry"), 0);
  // The same values the server computes are fine (a fetched record can be sent back).
  const json::object iv =
      create_doc("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-01","docamt":"77.00",)"
                                 R"("sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35",)"
                                 R"("tax":"ST-10","amount":"70","taxamt":"7.00"}]})");
  json::object again = iv;
  again["updatecount"] = 1;
  EXPECT_EQ(update("salesinvoice", s(iv.at("docno")), json::serialize(again))
                .at("data")
                .at(0)
                .at("docamt"),
            "77.00");
}

TEST_F(DocumentTest, UpdateRecomputesAndReposts) {
  const json::object iv = invoice();
  const std::string key = std::to_string(iv.at("dockey").as_int64());
  const std::int64_t dtl = iv.at("sdsdocdetail").at(0).at("dtlkey").as_int64();
  const json::object updated = update("salesinvoice", key,
                                      R"({"updatecount":1,"sdsdocdetail":[{"dtlkey":)" +
                                          std::to_string(dtl) + R"(,"qty":"4"}]})")
                                   .at("data")
                                   .at(0)
                                   .as_object();
  EXPECT_EQ(updated.at("sdsdocdetail").as_array().size(), 1u);
  EXPECT_EQ(s(updated.at("docamt")), "154.00");  // 4 × 35 + 10%
  EXPECT_EQ(journal("IV", iv.at("dockey").as_int64()).front(), "300-000 154.00 0.00");
  EXPECT_EQ(outstanding("customer", "300-A0001"), "154.00");
  // Without the lines: kept, and recomputed under a new rate.
  usd_customer();
  const json::object usd = create_doc(
      "salesinvoice", R"({"code":"300-U0001","docdate":"2026-03-01","currencyrate":"4",)"
                      R"("sdsdocdetail":[{"itemcode":"ANT","qty":"4","unitprice":"35"}]})");
  const json::object rerated = update("salesinvoice", std::to_string(usd.at("dockey").as_int64()),
                                      R"({"updatecount":1,"currencyrate":"2"})")
                                   .at("data")
                                   .at(0)
                                   .as_object();
  EXPECT_EQ(s(usd.at("localdocamt")), "616.00");
  EXPECT_EQ(s(rerated.at("localdocamt")), "308.00");
  EXPECT_EQ(outstanding("customer", "300-U0001"), "308.00");
}

TEST_F(DocumentTest, PaymentKnocksOffInvoicesAndGuardsThem) {
  const json::object iv = invoice();  // 239.00
  const std::string ivno = s(iv.at("docno"));
  expect_problem(
      [&] {
        create("customerpayment",
               R"({"code":"300-A0001","docdate":"2026-03-05","paymentmethod":"320-000",)"
               R"("docamt":"300.00","sdsknockoff":[{"doctype":"IV","docno":")" +
                   ivno + R"(","koamt":"240.00"}]})");
      },
      400, "sdsknockoff[0].koamt");
  expect_problem(
      [&] {
        create("customerpayment",
               R"({"code":"300-A0001","docdate":"2026-03-05","paymentmethod":"320-000",)"
               R"("docamt":"50.00","sdsknockoff":[{"docno":")" +
                   ivno + R"(","koamt":"60.00"}]})");
      },
      400, "sdsknockoff");
  expect_problem(
      [&] {
        create("customerpayment",
               R"({"code":"300-B0001","docdate":"2026-03-05","paymentmethod":"320-000",)"
               R"("docamt":"50.00","sdsknockoff":[{"docno":")" +
                   ivno + R"(","koamt":"50.00"}]})");
      },
      400, "sdsknockoff[0].docno");
  expect_problem(
      [&] {
        create("customerpayment",
               R"({"code":"300-A0001","docdate":"2026-03-05","paymentmethod":"320-000",)"
               R"("docamt":"50.00","sdsknockoff":[{"docno":"IV-99999","koamt":"50.00"}]})");
      },
      400, "sdsknockoff[0].docno");
  EXPECT_EQ(count("ar_pm"), 0);

  const json::object pm = create_doc(
      "customerpayment", R"({"code":"300-A0001","docdate":"2026-03-05","paymentmethod":"320-000",)"
                         R"("docamt":"150.00","sdsknockoff":[{"docno":")" +
                             ivno + R"(","koamt":"100.00"}]})");
  EXPECT_EQ(s(pm.at("docno")), "OR-00001");
  EXPECT_EQ(s(pm.at("unappliedamt")), "50.00");
  EXPECT_EQ(pm.at("sdsknockoff").at(0).at("refdockey").as_int64(), iv.at("dockey").as_int64());
  EXPECT_EQ(journal("PM", pm.at("dockey").as_int64()),
            (std::vector<std::string>{"320-000 150.00 0.00", "300-000 0.00 150.00"}));
  EXPECT_EQ(outstanding("customer", "300-A0001"), "89.00");  // 239 - 150
  const auto item = ledger::find_open_item(conn(), "IV", ivno, 0);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->outstanding.to_string(), "139.00");

  // A paid invoice can still be edited within what was paid; the totals follow.
  const json::object edited = update("salesinvoice", std::to_string(iv.at("dockey").as_int64()),
                                     R"({"updatecount":1,"description":"Edited after payment"})")
                                  .at("data")
                                  .at(0)
                                  .as_object();
  EXPECT_EQ(s(edited.at("docamt")), "239.00");
  EXPECT_EQ(outstanding("customer", "300-A0001"), "89.00");

  // A paid invoice cannot be deleted, cancelled or reduced below what was paid.
  const std::string ivkey = std::to_string(iv.at("dockey").as_int64());
  expect_problem([&] { engine_.remove(conn(), spec("salesinvoice"), ivkey, kNow); }, 409);
  expect_problem([&] { update("salesinvoice", ivkey, R"({"updatecount":1,"cancelled":true})"); },
                 409);
  expect_problem(
      [&] {
        update(
            "salesinvoice", ivkey,
            R"({"updatecount":1,"sdsdocdetail":[{"itemcode":"ANT","qty":"1","unitprice":"50"}]})");
      },
      409);
  EXPECT_EQ(s(get("salesinvoice", ivkey).at("data").at(0).at("docamt")), "239.00");

  // Once the payment goes, the invoice can.
  engine_.remove(conn(), spec("customerpayment"), s(pm.at("docno")), kNow);
  EXPECT_EQ(outstanding("customer", "300-A0001"), "239.00");
  engine_.remove(conn(), spec("salesinvoice"), ivkey, kNow);
  EXPECT_EQ(outstanding("customer", "300-A0001"), "0.00");
  EXPECT_EQ(count("gl_entry"), 0);
  EXPECT_EQ(count("open_item"), 0);
}

TEST_F(DocumentTest, SalesOrderTransfersToInvoicesWithoutOverTransfer) {
  const json::object so =
      create_doc("salesorder", R"({"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[)"
                               R"({"itemcode":"ANT","qty":"10","unitprice":"35","tax":"ST-10"},)"
                               R"({"itemcode":"CABLE","qty":"5","unitprice":"1.50"}]})");
  EXPECT_EQ(s(so.at("docno")), "SO-00001");
  EXPECT_EQ(count("gl_entry"), 0);  // an order posts nothing
  const std::int64_t sokey = so.at("dockey").as_int64();
  const std::int64_t l1 = so.at("sdsdocdetail").at(0).at("dtlkey").as_int64();
  const std::int64_t l2 = so.at("sdsdocdetail").at(1).at("dtlkey").as_int64();
  auto from = [&](std::int64_t dtl, std::string_view qty) {
    return fmt::format(R"({{"fromdoctype":"SO","fromdockey":{},"fromdtlkey":{}{}}})", sokey, dtl,
                       qty.empty() ? std::string() : fmt::format(R"(,"qty":"{}")", qty));
  };
  const json::object iv =
      create_doc("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-02","sdsdocdetail":[)" +
                                     from(l1, "") + "," + from(l2, "3") + "]}");
  const json::array& rows = iv.at("sdsdocdetail").as_array();
  EXPECT_EQ(s(rows[0].at("qty")), "10.0000");   // the outstanding quantity
  EXPECT_EQ(s(rows[0].at("itemcode")), "ANT");  // copied from the order row
  EXPECT_EQ(s(rows[0].at("taxamt")), "35.00");
  EXPECT_EQ(s(rows[1].at("qty")), "3.0000");
  EXPECT_EQ(s(iv.at("docamt")), "389.95");  // 350 + 35 + 4.50 + 0.45 (CABLE's default ST-10)
  json::array so_rows =
      get("salesorder", s(so.at("docno"))).at("data").at(0).at("sdsdocdetail").as_array();
  EXPECT_EQ(s(so_rows[0].at("transferredqty")), "10.0000");
  EXPECT_EQ(s(so_rows[1].at("transferredqty")), "3.0000");

  const std::int64_t before = count("sl_iv");
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-03","sdsdocdetail":[)" +
                                   from(l2, "3") + "]}");
      },
      400, "sdsdocdetail[0].qty");
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-03","sdsdocdetail":[)" +
                                   from(l1, "") + "]}");
      },
      400, "sdsdocdetail[0].qty");  // nothing left
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-B0001","docdate":"2026-03-03","sdsdocdetail":[)" +
                                   from(l2, "1") + "]}");
      },
      400, "sdsdocdetail[0].fromdockey");  // another customer's order
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-03","sdsdocdetail":[)"
                               R"({"fromdoctype":"SO","fromdockey":)" +
                                   std::to_string(sokey) + R"(,"fromdtlkey":999999}]})");
      },
      400, "sdsdocdetail[0].fromdtlkey");
  EXPECT_EQ(count("sl_iv"), before);
  // Two rows of one body share the outstanding 2.
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-03","sdsdocdetail":[)" +
                                   from(l2, "1") + "," + from(l2, "2") + "]}");
      },
      400, "sdsdocdetail[1].qty");

  // The order cannot go, nor lose a transferred row, while invoices hold it.
  expect_problem([&] { engine_.remove(conn(), spec("salesorder"), s(so.at("docno")), kNow); }, 409);
  expect_problem(
      [&] {
        update("salesorder", s(so.at("docno")),
               R"({"updatecount":1,"sdsdocdetail":[{"dtlkey":)" + std::to_string(l2) + "}]}");
      },
      409);
  expect_problem(
      [&] {
        update("salesorder", s(so.at("docno")),
               R"({"updatecount":1,"sdsdocdetail":[{"dtlkey":)" + std::to_string(l1) +
                   R"(,"qty":"9"},{"dtlkey":)" + std::to_string(l2) + "}]}");
      },
      400);

  // Cancelling the invoice releases the order.
  update("salesinvoice", s(iv.at("docno")), R"({"updatecount":1,"cancelled":true})");
  so_rows = get("salesorder", s(so.at("docno"))).at("data").at(0).at("sdsdocdetail").as_array();
  EXPECT_EQ(s(so_rows[0].at("transferredqty")), "0.0000");
  EXPECT_EQ(count("gl_entry"), 0);
  engine_.remove(conn(), spec("salesorder"), s(so.at("docno")), kNow);
}

TEST_F(DocumentTest, PurchaseInvoiceMirrorsAndSupplierOwesPositive) {
  const json::object pi = create_doc(
      "purchaseinvoice", R"({"code":"400-A0001","docdate":"2026-03-01","sdsdocdetail":[)"
                         R"({"itemcode":"ANT","qty":"5","unitprice":"20","tax":"ST-10"}]})");
  EXPECT_EQ(s(pi.at("docno")), "PI-00001");
  EXPECT_EQ(s(pi.at("sdsdocdetail").at(0).at("account")), "610-000");
  EXPECT_EQ(journal("PI", pi.at("dockey").as_int64()),
            (std::vector<std::string>{"610-000 100.00 0.00", "420-000 10.00 0.00",
                                      "400-000 0.00 110.00"}));
  EXPECT_EQ(outstanding("supplier", "400-A0001"), "110.00");
}

TEST_F(DocumentTest, PaymentVoucherDebitsLinesAndTaxCreditsTheBank) {
  const json::object pv = create_doc(
      "paymentvoucher", R"({"docdate":"2026-03-01","paymentmethod":"320-000","description":"Rent",)"
                        R"("sdsdocdetail":[{"code":"900-002","amount":"1000.00","tax":"SV-6"}]})");
  EXPECT_EQ(s(pv.at("docamt")), "1060.00");
  EXPECT_EQ(journal("PV", pv.at("dockey").as_int64()),
            (std::vector<std::string>{"900-002 1000.00 0.00", "420-000 60.00 0.00",
                                      "320-000 0.00 1060.00"}));
}

TEST_F(DocumentTest, StockReceivedAndTransferMoveQuantities) {
  const json::object rc = create_doc(
      "stockreceived", R"({"docdate":"2026-03-01","sdsdocdetail":[)"
                       R"({"itemcode":"ANT","qty":"2","uom":"BOX","unitcost":"200"},)"
                       R"({"itemcode":"CABLE","location":"KL","qty":"100","unitcost":"0.80"}]})");
  EXPECT_EQ(s(rc.at("docamt")), "480.00");
  EXPECT_EQ(count("gl_entry"), 0);
  EXPECT_EQ(ledger::stock_balance(conn(), "ANT", "----").to_string(), "20.0000");
  EXPECT_EQ(s(get("stockitem", "ANT").at("data").at(0).at("balsqty")), "20.0000");
  const json::object xf = create_doc(
      "stocktransfer", R"({"docdate":"2026-03-02","sdsdocdetail":[)"
                       R"({"itemcode":"ANT","fromlocation":"----","tolocation":"KL","qty":"4"}]})");
  EXPECT_EQ(ledger::stock_balance(conn(), "ANT", "----").to_string(), "16.0000");
  EXPECT_EQ(ledger::stock_balance(conn(), "ANT", "KL").to_string(), "4.0000");
  EXPECT_EQ(s(get("stockitem", "ANT").at("data").at(0).at("balsqty")), "20.0000");
  expect_problem(
      [&] {
        create("stocktransfer",
               R"({"docdate":"2026-03-02","sdsdocdetail":[)"
               R"({"itemcode":"ANT","fromlocation":"KL","tolocation":"kl","qty":"1"}]})");
      },
      400, "sdsdocdetail[0].tolocation");
  engine_.remove(conn(), spec("stockreceived"), s(rc.at("docno")), kNow);
  EXPECT_EQ(s(get("stockitem", "ANT").at("data").at(0).at("balsqty")), "0.0000");
  EXPECT_EQ(s(get("stockitem", "CABLE").at("data").at(0).at("balsqty")), "0.0000");
  (void)xf;
}

TEST_F(DocumentTest, VerifyNamesABrokenOpenItem) {
  const json::object iv = invoice();
  create_doc("customerpayment",
             R"({"code":"300-A0001","docdate":"2026-03-05","paymentmethod":"320-000",)"
             R"("docamt":"239.00","sdsknockoff":[{"docno":"IV-00001","koamt":"239.00"}]})");
  EXPECT_EQ(outstanding("customer", "300-A0001"), "0.00");
  conn().exec("UPDATE knockoff SET amount = amount + 100");
  const std::vector<std::string> problems = ledger::verify(conn());
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems.front().find("knocked off more than its amount"), std::string::npos)
      << problems.front();
  conn().exec("UPDATE knockoff SET amount = amount - 100");
  // A master's balance is read from the ledger, not from a copy on its row that could drift.
  conn().exec("UPDATE customer SET outstanding = 1 WHERE code = '300-A0001'");
  EXPECT_EQ(outstanding("customer", "300-A0001"), "0.00");
  EXPECT_TRUE(engine_.check_invariants(conn()).empty());
  // The ledger's running total is checked against its open items.
  conn().exec("UPDATE party_total SET total = total + 1 WHERE code = '300-A0001'");
  EXPECT_EQ(outstanding("customer", "300-A0001"), "0.01");
  const std::vector<std::string> broken = ledger::verify(conn());
  ASSERT_FALSE(broken.empty());
  EXPECT_NE(broken.front().find("300-A0001"), std::string::npos) << broken.front();
  conn().exec("UPDATE party_total SET total = total - 1 WHERE code = '300-A0001'");
  (void)iv;
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
