// The accounts a posting may use (documents.h): a payment method must be a bank or cash account, no
// line may post to a control account, a journal entry needs lines; and the migration step that
// marks an existing company's payment accounts as bank accounts.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "ledger/ledger_store.h"
#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {
namespace json = boost::json;

class AccountsTest : public SampleDbTest {
 protected:
  json::object payment(std::string_view method, std::string_view extra = "") {
    return create("customerpayment", fmt::format(R"({{"code":"300-A0001","docdate":"2026-03-05",)"
                                                 R"("paymentmethod":"{}","docamt":"50.00"{}}})",
                                                 method, extra))
        .at("data")
        .at(0)
        .as_object();
  }
  json::object voucher(std::string_view method, std::string_view line = "900-002") {
    return create("paymentvoucher",
                  fmt::format(R"({{"docdate":"2026-03-05","paymentmethod":"{}",)"
                              R"("sdsdocdetail":[{{"code":"{}","amount":"10.00"}}]}})",
                              method, line))
        .at("data")
        .at(0)
        .as_object();
  }
  json::object journal(std::string_view dr_account, std::string_view cr_account) {
    return create("journalentry",
                  fmt::format(R"({{"docdate":"2026-03-05","sdsdocdetail":[)"
                              R"({{"code":"{}","dr":"10.00"}},{{"code":"{}","cr":"10.00"}}]}})",
                              dr_account, cr_account))
        .at("data")
        .at(0)
        .as_object();
  }
  std::string special_type(std::string_view account) {
    return std::string(get("account", account).at("data").at(0).at("specialacctype").as_string());
  }
  void sql(const std::string& text) { conn().exec(text); }
};

bool mentions(const Problem& p, std::string_view text) {
  return std::string(p.what()).find(text) != std::string::npos;
}

// ---- 7a: payment methods --------------------------------------------------------------------

TEST_F(AccountsTest, PaymentMethodMustBeABankOrCashAccount) {
  // The sample's bank (320-000, BA, the original's examples) and cash in hand (310-000, CH).
  EXPECT_EQ(special_type("320-000"), "BA");
  EXPECT_EQ(special_type("310-000"), "CH");
  payment("320-000");
  payment("310-000");
  payment("320-001");  // MAYBANK, BA
  voucher("320-000");
  voucher("310-000");
  // Sales, the debtors' control account, stock: refused naming paymentmethod and what is allowed.
  for (std::string_view bad : {"500-000", "300-000", "330-000"}) {
    Problem p = expect_problem([&] { payment(bad); }, 400, "paymentmethod");
    EXPECT_EQ(p.code, "ValidationError");
    EXPECT_TRUE(mentions(p, "BA (bank) or CH (cash)")) << p.what();
    EXPECT_TRUE(mentions(p, std::string(bad))) << p.what();
    p = expect_problem([&] { voucher(bad); }, 400, "paymentmethod");
    EXPECT_TRUE(mentions(p, "BA (bank) or CH (cash)")) << p.what();
  }
  Problem p = expect_problem([&] { payment("500-000"); }, 400, "paymentmethod");
  EXPECT_TRUE(mentions(p, "its specialacctype is empty")) << p.what();
  p = expect_problem([&] { payment("300-000"); }, 400, "paymentmethod");
  EXPECT_TRUE(mentions(p, "its specialacctype is 'DC'")) << p.what();
  // Nothing of the refused ones was kept.
  EXPECT_EQ(count("ar_pm"), 3);
  EXPECT_EQ(count("gl_pv"), 2);
}

TEST_F(AccountsTest, AnAccountMarkedBankBecomesAPaymentMethod) {
  expect_problem([&] { payment("340-000"); }, 400, "paymentmethod");
  update("account", "340-000", R"({"specialacctype":"ba"})");  // the letter case does not matter
  payment("340-000");
  create("account", R"({"code":"320-003","parent":"320-000","description":"CIMB",)"
                    R"("acctype":"CA","specialacctype":"BA"})");
  voucher("320-003");
}

TEST_F(AccountsTest, AnUpdateIsCheckedButCancellingOrDeletingIsNot) {
  json::object pm = payment("320-000");
  const std::string key = std::to_string(pm.at("dockey").as_int64());
  // Changing the method to a sales account is refused like a create.
  expect_problem(
      [&] { update("customerpayment", key, R"({"paymentmethod":"500-000","updatecount":1})"); },
      400, "paymentmethod");
  // A payment an older sqlacc took to a sales account can still be cancelled and deleted.
  sql("UPDATE ar_pm SET paymentmethod = '500-000'");
  expect_problem([&] { update("customerpayment", key, R"({"updatecount":1})"); }, 400,
                 "paymentmethod");
  update("customerpayment", key, R"({"cancelled":true,"updatecount":1})");
  EXPECT_TRUE(ledger::posted_journal(conn(), "PM", pm.at("dockey").as_int64()).empty());
  // Un-cancelling posts again, so it is checked again.
  expect_problem([&] { update("customerpayment", key, R"({"cancelled":false,"updatecount":2})"); },
                 400, "paymentmethod");
  engine_.remove(conn(), spec("customerpayment"), key, kNow);
  EXPECT_EQ(count("ar_pm"), 0);
}

// ---- 7b: control accounts -------------------------------------------------------------------

TEST_F(AccountsTest, NoLinePostsToAControlAccount) {
  // A journal line to the debtors' (DC) or creditors' (CC) control account, on either side.
  Problem p = expect_problem([&] { journal("900-002", "300-000"); }, 400, "sdsdocdetail[1].code");
  EXPECT_EQ(p.code, "ValidationError");
  EXPECT_TRUE(mentions(p, "'300-000' is a control account (its specialacctype is DC)")) << p.what();
  EXPECT_TRUE(mentions(p, "customer or supplier document")) << p.what();
  expect_problem([&] { journal("400-000", "320-000"); }, 400, "sdsdocdetail[0].code");
  // A payment voucher's line.
  expect_problem([&] { voucher("320-000", "400-000"); }, 400, "sdsdocdetail[0].code");
  // An invoice's account override, sales and purchase; the second line is the bad one.
  expect_problem(
      [&] {
        create("salesinvoice", R"({"code":"300-A0001","docdate":"2026-03-05","sdsdocdetail":[)"
                               R"({"itemcode":"ANT","qty":"1","unitprice":"35"},)"
                               R"({"itemcode":"ANT","qty":"1","unitprice":"35",)"
                               R"("account":"300-000"}]})");
      },
      400, "sdsdocdetail[1].account");
  expect_problem(
      [&] {
        create("purchaseinvoice", R"({"code":"400-A0001","docdate":"2026-03-05","sdsdocdetail":[)"
                                  R"({"itemcode":"ANT","qty":"1","unitprice":"20",)"
                                  R"("account":"400-000"}]})");
      },
      400, "sdsdocdetail[0].account");
  EXPECT_EQ(count("gl_entry"), 0);
  EXPECT_EQ(count("gl_je") + count("gl_pv") + count("sl_iv") + count("ph_pi"), 0);
  // Other balance-sheet accounts stay open to journals (the bank, stock).
  journal("330-000", "320-000");
}

TEST_F(AccountsTest, AnAccountACustomerOrSupplierPostsToIsAControlAccount) {
  // 305-000 and 405-000 carry no special type; a customer and a supplier post to them.
  create("account", R"({"code":"305-000","description":"OTHER DEBTORS","acctype":"CA"})");
  create("account", R"({"code":"405-000","description":"OTHER CREDITORS","acctype":"CL"})");
  journal("305-000", "405-000");  // fine while no party names them
  create("customer", R"({"code":"300-X0001","companyname":"X","controlaccount":"305-000"})");
  create("supplier", R"({"code":"400-X0001","companyname":"Y","controlaccount":"405-000"})");
  Problem p = expect_problem([&] { journal("305-000", "320-000"); }, 400, "sdsdocdetail[0].code");
  EXPECT_TRUE(mentions(p, "a customer names it as its control account")) << p.what();
  p = expect_problem([&] { journal("320-000", "405-000"); }, 400, "sdsdocdetail[1].code");
  EXPECT_TRUE(mentions(p, "a supplier names it as its control account")) << p.what();
  // The party's own documents still post to it, as its control account.
  create("salesinvoice", R"({"code":"300-X0001","docdate":"2026-03-05","sdsdocdetail":[)"
                         R"({"itemcode":"ANT","qty":"1","unitprice":"35"}]})");
}

// ---- 7c: a journal entry needs lines --------------------------------------------------------

TEST_F(AccountsTest, AJournalEntryWithoutLinesIsRefused) {
  for (std::string_view body :
       {R"({"docdate":"2026-03-05"})", R"({"docdate":"2026-03-05","sdsdocdetail":[]})"}) {
    Problem p = expect_problem([&] { create("journalentry", body); }, 400, "sdsdocdetail");
    EXPECT_EQ(p.code, "ValidationError");
    EXPECT_TRUE(mentions(p, "at least one row")) << p.what();
  }
  EXPECT_EQ(count("gl_je"), 0);
  json::object je = journal("900-002", "320-000");
  const std::string key = std::to_string(je.at("dockey").as_int64());
  expect_problem([&] { update("journalentry", key, R"({"sdsdocdetail":[],"updatecount":1})"); },
                 400, "sdsdocdetail");
  EXPECT_EQ(ledger::posted_journal(conn(), "JE", je.at("dockey").as_int64()).size(), 2u);
}

// ---- The migration of an existing company ---------------------------------------------------

TEST_F(AccountsTest, MigrationMarksTheAccountsPaymentsUseAsBankAccounts) {
  // A company from before the rule: nothing marked bank, payments made to whatever was given.
  create("account", R"({"code":"305-000","description":"OTHER DEBTORS","acctype":"CA"})");
  create("account", R"({"code":"415-000","description":"BANK OVERDRAFT","acctype":"CL"})");
  create("customer", R"({"code":"300-X0001","companyname":"X","controlaccount":"305-000"})");
  sql("UPDATE account SET specialacctype = '' WHERE code IN ('320-000', '320-001', '320-002')");
  const char* methods[] = {"320-000", "320-001", "415-000", "500-000",
                           "305-000", "300-000", "340-000", "310-000"};
  for (const char* m : methods) {
    payment("310-000");
    sql(fmt::format("UPDATE ar_pm SET paymentmethod = '{}' WHERE paymentmethod = '310-000'", m));
  }
  // 340-000 only by a cancelled payment; 900-005 by a payment voucher.
  sql("UPDATE ar_pm SET cancelled = 1 WHERE paymentmethod = '340-000'");
  voucher("310-000");
  sql("UPDATE gl_pv SET paymentmethod = '900-005'");
  sql("UPDATE account SET specialacctype = '  ' WHERE code = '415-000'");  // SQL Account's none
  // The step once more, as on a company made before it.
  sql("DELETE FROM schema_migration WHERE module = 'bizobject' AND version = 2");
  Engine::ensure_schema(conn());

  EXPECT_EQ(special_type("320-000"), "BA");  // the sample's bank, used
  EXPECT_EQ(special_type("320-001"), "BA");
  EXPECT_EQ(special_type("415-000"), "BA");  // an overdraft: current liabilities
  EXPECT_EQ(special_type("320-002"), "");    // not used by any payment
  EXPECT_EQ(special_type("500-000"), "");    // sales
  EXPECT_EQ(special_type("305-000"), "");    // a customer's control account
  EXPECT_EQ(special_type("300-000"), "DC");  // already something else
  EXPECT_EQ(special_type("340-000"), "");    // only by a cancelled payment
  EXPECT_EQ(special_type("310-000"), "CH");
  EXPECT_EQ(special_type("900-005"), "");  // an expense
  // The payments to bank accounts post again; the one to sales is refused until corrected.
  payment("415-000");
  expect_problem([&] { payment("500-000"); }, 400, "paymentmethod");
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
