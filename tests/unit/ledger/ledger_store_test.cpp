// Posting into a real SQLite file: replace, unpost, refusals, trial balance, stock, verify().
#include "ledger/ledger_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "ledger/posting_rules.h"
#include "ledger/reports.h"
#include "ledger_test_util.h"
#include "store/sqlite/sqlite_connection.h"
#include "support/problem.h"
#include "support/temp_dir.h"

namespace sqlacc::ledger {
namespace {

using namespace testing;
using test_support::thrown_problem;
using Lines = std::vector<std::string>;

class LedgerStore : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = std::make_unique<store::SqliteConnection>(dir_.path() / "ledger.db");
    ensure_schema(*conn_);
    ensure_schema(*conn_);  // idempotent
  }

  std::int64_t count(const char* table) {
    store::Statement& st = conn_->prepare(std::string("SELECT COUNT(*) FROM ") + table);
    st.step();
    const std::int64_t n = st.get_int(0);
    st.reset();
    return n;
  }

  PostingDocument payment(std::int64_t dockey, const char* postdate, const char* amount) {
    PostingDocument pm = doc("PM", dockey, "OR-0001", postdate);
    pm.control_account = "300-000";
    pm.payment_account = "320-000";
    pm.doc_amount = money(amount);
    return pm;
  }

  PostingDocument journal_entry(std::int64_t dockey, const char* dr, const char* cr) {
    PostingDocument je = doc("JE", dockey, "JV-0001", "2026-01-31");
    je.lines = {je_line("610-000", dr, "0"), je_line("310-000", "0", cr)};
    return je;
  }

  // A small month: invoice, purchase, payment, voucher, journal, stock in and transfer.
  void scenario() {
    post(*conn_, sales_invoice(1, "IV-0001", "2026-01-15"));
    PostingDocument pi = doc("PI", 2, "PI-0001", "2026-01-10");
    pi.control_account = "400-000";
    pi.lines = {sale_line("610-000", "950-TX", "200.00", "12.00")};
    post(*conn_, pi);
    post(*conn_, payment(3, "2026-02-01", "161.00"));
    PostingDocument pv = doc("PV", 5, "PV-0001", "2026-01-20");
    pv.payment_account = "310-000";
    pv.lines = {sale_line("905-000", "", "40.00", "0.00")};
    post(*conn_, pv);
    post(*conn_, journal_entry(4, "25.00", "25.00"));
    PostingDocument rc = doc("RC", 6, "RC-0001", "2026-01-05");
    rc.lines = {stock_line("ANT", "----", "10")};
    post(*conn_, rc);
    PostingDocument xf = doc("XF", 7, "XF-0001", "2026-01-06");
    xf.lines = {transfer_line("ANT", "----", "KL", "4")};
    post(*conn_, xf);
  }

  test_support::TempDir dir_;
  std::unique_ptr<store::SqliteConnection> conn_;
};

TEST_F(LedgerStore, PostStoresTheGoldenJournal) {
  post(*conn_, sales_invoice());
  EXPECT_EQ(golden(posted_journal(*conn_, "IV", 1)),
            (Lines{"300-000 161.00 0.00", "500-000 0.00 100.00", "510-000 0.00 50.00",
                   "900-SR 0.00 8.00", "900-SV 0.00 3.00"}));
  EXPECT_FALSE(conn_->in_transaction());
  EXPECT_TRUE(verify(*conn_).empty());
}

TEST_F(LedgerStore, PostingTwiceReplacesInsteadOfDoubling) {
  post(*conn_, sales_invoice());
  PostingDocument changed = sales_invoice();
  changed.lines.pop_back();
  post(*conn_, changed);
  post(*conn_, changed);
  EXPECT_EQ(golden(posted_journal(*conn_, "IV", 1)),
            (Lines{"300-000 108.00 0.00", "500-000 0.00 100.00", "900-SR 0.00 8.00"}));
  EXPECT_EQ(count("gl_entry"), 3);
  // Another document with the same docno but another dockey is another document.
  post(*conn_, sales_invoice(2));
  EXPECT_EQ(count("gl_entry"), 8);
}

TEST_F(LedgerStore, Unpost) {
  post(*conn_, sales_invoice(1));
  post(*conn_, sales_invoice(2));
  PostingDocument rc = doc("RC", 1, "RC-0001", "2026-01-05");  // same dockey, other type
  rc.lines = {stock_line("ANT", "----", "3")};
  post(*conn_, rc);
  EXPECT_EQ(unpost(*conn_, "IV", 1), 5);
  EXPECT_TRUE(posted_journal(*conn_, "IV", 1).empty());
  EXPECT_EQ(posted_journal(*conn_, "IV", 2).size(), 5u);
  EXPECT_EQ(golden(posted_stock_moves(*conn_, "RC", 1)), (Lines{"ANT@---- 3.0000"}));
  EXPECT_EQ(unpost(*conn_, "IV", 1), 0);
  EXPECT_EQ(unpost(*conn_, "RC", 1), 1);
  EXPECT_EQ(count("stock_move"), 0);
}

TEST_F(LedgerStore, UnbalancedJournalIsRefusedAndNothingIsWritten) {
  post(*conn_, journal_entry(4, "25.00", "25.00"));
  try {
    post(*conn_, journal_entry(4, "100.00", "99.99"));  // would replace the balanced one
    FAIL() << "expected Unbalanced";
  } catch (const Problem& e) {
    EXPECT_TRUE(e.is(problem_code::kUnbalanced));
    EXPECT_STREQ(
        e.what(),
        "JE JV-0001 (dockey 4) does not balance: total debit 100.00 <> total credit 99.99");
  }
  EXPECT_EQ(golden(posted_journal(*conn_, "JE", 4)),
            (Lines{"610-000 25.00 0.00", "310-000 0.00 25.00"}));
  EXPECT_EQ(thrown_problem([&] { post(*conn_, journal_entry(5, "1.00", "2.00")); }).code,
            problem_code::kUnbalanced);
  EXPECT_EQ(count("gl_entry"), 2);
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(LedgerStore, EmptyAccountIsRefused) {
  PostingDocument iv = sales_invoice();
  iv.lines[1].account = "";
  try {
    post(*conn_, iv);
    FAIL() << "expected PostingError";
  } catch (const Problem& e) {
    EXPECT_TRUE(e.is(problem_code::kPostingError));
    EXPECT_STREQ(e.what(), "IV IV-0001 (dockey 1) line 2: no GL account for credit 50.00");
  }
  EXPECT_EQ(count("gl_entry"), 0);
  // A zero line needs no account.
  iv.lines[1] = sale_line("", "", "0.00", "0.00");
  EXPECT_NO_THROW(post(*conn_, iv));
}

TEST_F(LedgerStore, JoinsTheCallersTransaction) {
  {
    store::Transaction tx(*conn_);
    post(*conn_, sales_invoice(1));
    EXPECT_TRUE(conn_->in_transaction());
    // A refused posting inside the caller's transaction leaves the earlier work alone.
    EXPECT_EQ(thrown_problem([&] { post(*conn_, journal_entry(4, "1.00", "2.00")); }).code,
              problem_code::kUnbalanced);
    EXPECT_TRUE(conn_->in_transaction());
    EXPECT_EQ(count("gl_entry"), 5);
    // Rolled back with the caller.
  }
  EXPECT_EQ(count("gl_entry"), 0);
  {
    store::Transaction tx(*conn_);
    post(*conn_, sales_invoice(1));
    EXPECT_EQ(unpost(*conn_, "IV", 1), 5);
    post(*conn_, sales_invoice(2));
    tx.commit();
  }
  EXPECT_EQ(count("gl_entry"), 5);
  EXPECT_EQ(posted_journal(*conn_, "IV", 2).size(), 5u);
}

TEST_F(LedgerStore, AFailureHalfwayUndoesTheWholePosting) {
  // Storage refuses one stock row; the posting must not leave the document half replaced.
  conn_->exec(
      "CREATE TRIGGER refuse_bad BEFORE INSERT ON stock_move WHEN NEW.item = 'BAD' "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END");
  PostingDocument rc = doc("RC", 6, "RC-0001", "2026-01-05");
  rc.lines = {stock_line("ANT", "----", "10")};
  post(*conn_, rc);
  PostingDocument bad = rc;
  bad.lines = {stock_line("BOX", "----", "1"), stock_line("BAD", "----", "1")};
  EXPECT_EQ(thrown_problem([&] { post(*conn_, bad); }).status, 500u);  // its own transaction
  EXPECT_EQ(golden(posted_stock_moves(*conn_, "RC", 6)), (Lines{"ANT@---- 10.0000"}));
  {
    store::Transaction tx(*conn_);  // the caller's transaction: only the savepoint is undone
    post(*conn_, sales_invoice());
    EXPECT_EQ(thrown_problem([&] { post(*conn_, bad); }).status, 500u);
    EXPECT_TRUE(conn_->in_transaction());
    tx.commit();
  }
  EXPECT_EQ(golden(posted_stock_moves(*conn_, "RC", 6)), (Lines{"ANT@---- 10.0000"}));
  EXPECT_EQ(posted_journal(*conn_, "IV", 1).size(), 5u);
}

TEST_F(LedgerStore, RandomPostRepostUnpostKeepsEveryInvariant) {
  std::uint64_t seed = 42;
  auto next = [&seed](std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  auto cents = [&] { return Decimal::from_units(static_cast<std::int64_t>(next(100000)), 2); };
  for (int round = 0; round < 300; ++round) {
    const std::int64_t dockey = static_cast<std::int64_t>(next(40)) + 1;
    const char* date = next(2) ? "2026-01-10" : "2026-02-10";
    switch (next(5)) {
      case 0: {
        PostingDocument iv = doc("IV", dockey, "IV", date);
        iv.control_account = "300-000";
        for (std::uint64_t i = 0, n = next(4) + 1; i < n; ++i) {
          PostingLine l = sale_line("500-000", "900-SR", "0", "0");
          l.amount = cents();
          l.tax = l.amount.multiply(Decimal::from_units(8, 2), 2);  // the caller rounds tax
          iv.lines.push_back(l);
        }
        post(*conn_, iv);
        break;
      }
      case 1: {
        PostingDocument je = doc("JE", dockey, "JV", date);
        Decimal total = Decimal::from_units(0, 2);
        for (std::uint64_t i = 0, n = next(5) + 1; i < n; ++i) {
          PostingLine l = je_line("610-000", "0", "0");
          l.dr = cents();
          total += l.dr;
          je.lines.push_back(l);
        }
        PostingLine bank = je_line("310-000", "0", "0");
        bank.cr = total;
        je.lines.push_back(bank);
        post(*conn_, je);
        break;
      }
      case 2: {
        PostingDocument pm = payment(dockey, date, "0");
        pm.doc_amount = cents();
        post(*conn_, pm);
        break;
      }
      case 3: {
        PostingDocument xf = doc("XF", dockey, "XF", date);
        xf.lines = {transfer_line("ANT", "----", "KL", "0")};
        xf.lines[0].qty = Decimal::from_units(static_cast<std::int64_t>(next(99999)) + 1, 4);
        post(*conn_, xf);
        break;
      }
      default:
        unpost(*conn_, next(2) ? "IV" : "JE", dockey);
    }
  }
  EXPECT_EQ(verify(*conn_), Lines{});
  for (const char* date : {"2026-01-31", "2026-02-28"}) {
    const TrialBalance tb = trial_balance(*conn_, date);
    EXPECT_EQ(tb.total_dr, tb.total_cr) << date;
  }
  EXPECT_EQ((stock_balance(*conn_, "ANT", "----") + stock_balance(*conn_, "ANT", "KL")).to_string(),
            "0.0000");
}

TEST_F(LedgerStore, TrialBalanceAsOfADate) {
  scenario();
  // As of 2026-01-31: everything but the payment of 2026-02-01.
  const TrialBalance jan = trial_balance(*conn_, "2026-01-31");
  Lines rows;
  for (const auto& r : jan.rows)
    rows.push_back(r.account + " " + r.dr.to_string() + " " + r.cr.to_string());
  EXPECT_EQ(rows, (Lines{"300-000 161.00 0.00", "310-000 0.00 65.00", "400-000 0.00 212.00",
                         "500-000 0.00 100.00", "510-000 0.00 50.00", "610-000 225.00 0.00",
                         "900-SR 0.00 8.00", "900-SV 0.00 3.00", "905-000 40.00 0.00",
                         "950-TX 12.00 0.00"}));
  EXPECT_EQ(jan.total_dr.to_string(), "438.00");
  EXPECT_EQ(jan.total_cr, jan.total_dr);

  // After the payment the customer's control account is settled and drops out.
  const TrialBalance feb = trial_balance(*conn_, "2026-02-28");
  EXPECT_EQ(feb.total_dr, feb.total_cr);
  EXPECT_TRUE(std::none_of(feb.rows.begin(), feb.rows.end(),
                           [](const TrialBalanceRow& r) { return r.account == "300-000"; }));
  const auto bank = std::find_if(feb.rows.begin(), feb.rows.end(),
                                 [](const TrialBalanceRow& r) { return r.account == "320-000"; });
  ASSERT_NE(bank, feb.rows.end());
  EXPECT_EQ(bank->dr.to_string(), "161.00");

  // Before anything was posted.
  const TrialBalance before = trial_balance(*conn_, "2025-12-31");
  EXPECT_TRUE(before.rows.empty());
  EXPECT_TRUE(before.total_dr.is_zero());
}

TEST_F(LedgerStore, StockBalanceAndTransferNeutrality) {
  scenario();
  EXPECT_EQ(stock_balance(*conn_, "ANT", "----").to_string(), "6.0000");
  EXPECT_EQ(stock_balance(*conn_, "ANT", "KL").to_string(), "4.0000");
  EXPECT_EQ(stock_balance(*conn_, "ANT", "KL", "2026-01-05").to_string(), "0.0000");
  EXPECT_EQ(stock_balance(*conn_, "ANT", "----", "2026-01-05").to_string(), "10.0000");
  EXPECT_EQ(stock_balance(*conn_, "NONE", "----").to_string(), "0.0000");
  // The transfer moved stock between locations without changing the total.
  EXPECT_EQ((stock_balance(*conn_, "ANT", "----") + stock_balance(*conn_, "ANT", "KL")).to_string(),
            "10.0000");
}

TEST_F(LedgerStore, VerifyIsCleanAfterAScenarioAndNamesCorruption) {
  scenario();
  EXPECT_EQ(verify(*conn_), Lines{});

  conn_->exec("UPDATE gl_entry SET cr = cr + 1 WHERE doctype = 'IV' AND account = '500-000'");
  conn_->exec("UPDATE stock_move SET qty = qty - 1 WHERE doctype = 'XF' AND location = 'KL'");
  const Lines problems = verify(*conn_);
  EXPECT_EQ(problems, (Lines{
                          "ledger does not balance: total debit 599.00 <> total credit 599.01",
                          "IV IV-0001 (dockey 1) does not balance: total debit 161.00 <> total "
                          "credit 161.01",
                          "stock transfer XF XF-0001 (dockey 7) item 'ANT' does not net to zero: "
                          "net qty -0.0001",
                          "item 'ANT': kept quantity 10.0000 <> sum of stock moves 9.9999",
                      }));
}

TEST_F(LedgerStore, VerifyFlagsMalformedRowsAndRunsExtraChecks) {
  post(*conn_, journal_entry(4, "25.00", "25.00"));
  conn_->exec("UPDATE gl_entry SET dr = -2500, cr = -2500 WHERE account = '610-000'");
  conn_->exec("UPDATE gl_entry SET dr = 0, cr = 0 WHERE account = '310-000'");
  const LedgerCheck open_items = [](store::Connection&, std::vector<std::string>& problems) {
    problems.push_back("open items: stub");
  };
  const Lines problems = verify(*conn_, std::span(&open_items, 1));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].find("of JE JV-0001 (dockey 4): malformed line (account '610-000', dr "
                             "-25.00, cr -25.00)"),
            std::string::npos)
      << problems[0];
  EXPECT_NE(problems[1].find("account '310-000', dr 0.00, cr 0.00"), std::string::npos)
      << problems[1];
  EXPECT_EQ(problems[2], "open items: stub");
}

TEST_F(LedgerStore, ThousandsOfCentsSumExactly) {
  PostingDocument je = doc("JE", 10, "JV-1000", "2026-03-01");
  for (int i = 0; i < 1000; ++i) {
    je.lines.push_back(je_line("610-000", "0.10", "0"));
    je.lines.push_back(je_line("620-000", "0.20", "0"));
  }
  je.lines.push_back(je_line("310-000", "0", "300.00"));
  post(*conn_, je);
  const TrialBalance tb = trial_balance(*conn_, "2026-12-31");
  Lines rows;
  for (const auto& r : tb.rows)
    rows.push_back(r.account + " " + r.dr.to_string() + " " + r.cr.to_string());
  EXPECT_EQ(rows, (Lines{"310-000 0.00 300.00", "610-000 100.00 0.00", "620-000 200.00 0.00"}));
  EXPECT_EQ(tb.total_dr.to_string(), "300.00");
  EXPECT_TRUE(verify(*conn_).empty());
}

}  // namespace
}  // namespace sqlacc::ledger
