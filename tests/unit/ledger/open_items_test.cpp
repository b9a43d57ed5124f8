// Open items and knock-offs at the ledger level: the sub-ledger follows post/unpost, knock-offs are
// refused with the row they came from, a knocked-off document is protected, and verify() names
// corruption of any of it.
#include "ledger/open_items.h"

#include <gtest/gtest.h>

#include <memory>

#include "ledger/ledger_store.h"
#include "ledger/reports.h"
#include "ledger_test_util.h"
#include "store/sqlite/sqlite_connection.h"
#include "support/problem.h"
#include "support/temp_dir.h"

namespace sqlacc::ledger {
namespace {

using namespace testing;
using test_support::thrown_problem;

class OpenItems : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = std::make_unique<store::SqliteConnection>(dir_.path() / "ledger.db");
    ensure_schema(*conn_);
    post(*conn_, sales_invoice(1, "IV-0001"));  // 161.00 for 300-C0001
    post(*conn_, sales_invoice(2, "IV-0002"));
  }

  PostingDocument payment(const char* amount, std::vector<KnockOff> knockoffs,
                          const char* party = "300-C0001") {
    PostingDocument pm = doc("PM", 10, "OR-0001", "2026-02-01");
    pm.party = party;
    pm.control_account = "300-000";
    pm.payment_account = "320-000";
    pm.doc_amount = money(amount);
    pm.knockoffs = std::move(knockoffs);
    return pm;
  }

  std::string outstanding(const char* docno) {
    return find_open_item(*conn_, "IV", docno, 0)->outstanding.to_string();
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::SqliteConnection> conn_;
};

TEST_F(OpenItems, PostingMakesItemsAndThePartyBalanceFollows) {
  EXPECT_EQ(party_balance(*conn_, "300-C0001").to_string(), "322.00");
  post(*conn_, payment("200.00", {{"IV", "IV-0001", 0, money("161.00"), 0},
                                  {"IV", "", 2, money("39.00"), 1}}));
  EXPECT_EQ(outstanding("IV-0001"), "0.00");
  EXPECT_EQ(outstanding("IV-0002"), "122.00");
  EXPECT_EQ(party_balance(*conn_, "300-C0001").to_string(), "122.00");
  ASSERT_EQ(open_items(*conn_, "300-C0001").size(), 1u);  // IV-0001 is settled
  EXPECT_TRUE(verify(*conn_).empty());
  // Reposting the payment replaces its knock-offs rather than adding to them.
  post(*conn_, payment("200.00", {{"IV", "IV-0002", 0, money("100.00"), 0}}));
  EXPECT_EQ(outstanding("IV-0001"), "161.00");
  EXPECT_EQ(outstanding("IV-0002"), "61.00");
  EXPECT_EQ(find_open_item(*conn_, "PM", "OR-0001", 0)->outstanding.to_string(), "100.00");
  EXPECT_EQ(party_balance(*conn_, "300-C0001").to_string(), "122.00");
  EXPECT_TRUE(verify(*conn_).empty());
}

TEST_F(OpenItems, RefusedKnockOffsNameTheirRowAndWriteNothing) {
  // The refusal names the row by the field its caller gave it (here: the row's index).
  auto refused_line = [&](PostingDocument pm) {
    for (KnockOff& k : pm.knockoffs) k.field = std::to_string(k.line);
    const Problem p = thrown_problem([&] { post(*conn_, pm); });
    EXPECT_TRUE(p.is(problem_code::kValidationError)) << p.what();
    return p.field.empty() ? -1 : std::stoi(p.field);
  };
  EXPECT_EQ(refused_line(payment("500.00", {{"IV", "IV-0001", 0, money("161.01"), 0}})), 0);
  EXPECT_EQ(refused_line(payment("100.00", {{"IV", "IV-0001", 0, money("60.00"), 0},
                                            {"IV", "IV-0002", 0, money("40.01"), 1}})),
            1);  // more than the payment
  EXPECT_EQ(refused_line(payment("100.00", {{"IV", "IV-0009", 0, money("1.00"), 0}})), 0);
  EXPECT_EQ(refused_line(payment("100.00", {{"IV", "IV-0001", 0, money("0.00"), 0}})), 0);
  EXPECT_EQ(refused_line(payment("100.00", {{"IV", "IV-0001", 0, money("1.00"), 0}}, "300-D")),
            0);  // another party's invoice
  EXPECT_FALSE(find_open_item(*conn_, "PM", "OR-0001", 0));
  EXPECT_EQ(party_balance(*conn_, "300-C0001").to_string(), "322.00");
  EXPECT_TRUE(verify(*conn_).empty());
}

TEST_F(OpenItems, AKnockedOffDocumentIsProtected) {
  post(*conn_, payment("100.00", {{"IV", "IV-0001", 0, money("100.00"), 0}}));
  EXPECT_EQ(thrown_problem([&] { unpost(*conn_, "IV", 1); }).code, problem_code::kConflict);
  PostingDocument smaller = sales_invoice(1, "IV-0001");
  smaller.lines.resize(1);  // 108.00: still covers the 100.00 paid
  post(*conn_, smaller);
  EXPECT_EQ(outstanding("IV-0001"), "8.00");
  smaller.lines[0] = sale_line("500-000", "900-SR", "90.00", "0.00");  // 90.00 < 100.00 paid
  EXPECT_EQ(thrown_problem([&] { post(*conn_, smaller); }).code, problem_code::kConflict);
  PostingDocument moved = sales_invoice(1, "IV-0001");
  moved.party = "300-D";
  EXPECT_EQ(thrown_problem([&] { post(*conn_, moved); }).code, problem_code::kConflict);
  unpost(*conn_, "PM", 10);
  EXPECT_EQ(unpost(*conn_, "IV", 1) > 0, true);
  EXPECT_EQ(party_balance(*conn_, "300-C0001").to_string(), "161.00");
  EXPECT_TRUE(verify(*conn_).empty());
}

// A credit note is an open item on the credit side, like a payment: its knock-offs settle the
// party's invoices and debit notes, within both sizes; a cash sale leaves no item at all.
TEST_F(OpenItems, ACreditNoteKnocksOffInvoicesAndDebitNotesACashSaleIsNoItem) {
  PostingDocument dn = sales_invoice(3, "DN-0001");
  dn.doctype = "DN";
  dn.rules = rules::of("DN");
  dn.lines.resize(1);  // 108.00
  post(*conn_, dn);
  PostingDocument cn = doc("CN", 20, "CN-0001", "2026-02-02");
  cn.party = "300-C0001";
  cn.control_account = "300-000";
  cn.lines = {sale_line("510-000", "900-SR", "100.00", "8.00")};  // 108.00
  cn.knockoffs = {{"IV", "IV-0001", 0, money("100.00"), 0}, {"DN", "DN-0001", 0, money("8.01"), 1}};
  EXPECT_EQ(thrown_problem([&] { post(*conn_, cn); }).code, problem_code::kValidationError);
  cn.knockoffs[1].amount = money("8.00");
  post(*conn_, cn);
  EXPECT_EQ(outstanding("IV-0001"), "61.00");
  EXPECT_EQ(find_open_item(*conn_, "DN", "DN-0001", 0)->outstanding.to_string(), "100.00");
  EXPECT_EQ(find_open_item(*conn_, "CN", "CN-0001", 0)->outstanding.to_string(), "0.00");
  EXPECT_EQ(party_balance(*conn_, "300-C0001").to_string(), "322.00");  // 161 + 161 + 108 - 108
  EXPECT_EQ(thrown_problem([&] { unpost(*conn_, "DN", 3); }).code, problem_code::kConflict);
  EXPECT_TRUE(verify(*conn_).empty());

  PostingDocument cs = doc("CS", 21, "CS-0001", "2026-02-03");
  cs.party = "300-C0001";
  cs.payment_account = "310-000";
  cs.lines = {sale_line("520-000", "900-SR", "50.00", "4.00")};
  post(*conn_, cs);
  EXPECT_FALSE(find_open_item(*conn_, "CS", "CS-0001", 0));
  EXPECT_EQ(party_balance(*conn_, "300-C0001").to_string(), "322.00");
  cs.knockoffs = {{"IV", "IV-0002", 0, money("1.00"), 0}};  // nothing to knock off with
  EXPECT_EQ(thrown_problem([&] { post(*conn_, cs); }).code, problem_code::kPostingError);
  EXPECT_TRUE(verify(*conn_).empty());
}

TEST_F(OpenItems, VerifyNamesEveryKindOfCorruption) {
  post(*conn_, payment("100.00", {{"IV", "IV-0001", 0, money("100.00"), 0}}));
  conn_->exec("UPDATE party_total SET total = total + 1");
  conn_->exec("UPDATE knockoff SET amount = 20000");  // 200.00 > IV-0001's 161.00
  const std::vector<std::string> problems = verify(*conn_);
  auto has = [&](std::string_view text) {
    for (const std::string& p : problems)
      if (p.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("IV IV-0001 (dockey 1): knocked off more than its amount")) << problems.size();
  EXPECT_TRUE(has("party '300-C0001': kept total 222.01 <> journal balance 222.00"));
  conn_->exec("DELETE FROM open_item WHERE doctype = 'IV' AND dockey = 1");
  EXPECT_FALSE(verify(*conn_).empty());
}

}  // namespace
}  // namespace sqlacc::ledger
