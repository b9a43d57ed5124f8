// Golden journal lines and stock moves per document type, from the built-in documents' rules
// (ledger_test_util.h; no storage).
#include "ledger/posting_rules.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "ledger_test_util.h"
#include "support/problem.h"

namespace sqlacc::ledger {
namespace {

using namespace testing;
using test_support::thrown_problem;
using Lines = std::vector<std::string>;

TEST(PostingRules, RuleSetProblemNamesTheBadRule) {
  for (const char* t :
       {"IV", "PI", "PM", "JE", "PV", "RC", "XF", "SO", "CS", "DN", "CN", "CP", "PD"})
    EXPECT_EQ(rule_set_problem(rules::of(t)), "") << t;
  constexpr GlRule kLineAmountOnce[] = {
      {Side::Dr, AccountFrom::ControlAccount, AmountFrom::DocAmount, Scope::Document},
      {Side::Cr, AccountFrom::LineAccount, AmountFrom::LineAmount, Scope::Document}};
  EXPECT_EQ(rule_set_problem({kLineAmountOnce, {}}),
            "GL rule 2: document-level rule uses a line amount or account");
  constexpr GlRule kDocAmountPerLine[] = {
      {Side::Dr, AccountFrom::LineAccount, AmountFrom::DocTotalInclTax, Scope::PerLine}};
  EXPECT_EQ(rule_set_problem({kDocAmountPerLine, {}}),
            "GL rule 1: per-line rule uses a document amount");
}

TEST(PostingRules, SalesInvoiceTwoLinesTwoTaxCodes) {
  const PostingDocument iv = sales_invoice();
  EXPECT_EQ(golden(journal_for(iv)),
            (Lines{"300-000 161.00 0.00", "500-000 0.00 100.00", "510-000 0.00 50.00",
                   "900-SR 0.00 8.00", "900-SV 0.00 3.00"}));
  EXPECT_TRUE(stock_moves_for(iv).empty());  // lines without items move nothing
  const auto journal = journal_for(iv);
  EXPECT_EQ(journal[0].line, -1);
  EXPECT_EQ(journal[1].line, 0);
  EXPECT_EQ(journal[4].line, 1);
  EXPECT_NO_THROW(check_postable(iv, journal, {}));
}

TEST(PostingRules, InvoiceTotalIsRecomputedNotTakenFromDocAmount) {
  PostingDocument iv = sales_invoice();
  iv.doc_amount = money("999.99");  // ignored (I9)
  EXPECT_EQ(golden(journal_for(iv))[0], "300-000 161.00 0.00");
}

TEST(PostingRules, LineProjectAndDescriptionFallBackToTheDocument) {
  PostingDocument iv = sales_invoice();
  iv.project = "P1";
  iv.lines[1].project = "P2";
  iv.lines[1].description = "Service";
  const auto j = journal_for(iv);
  EXPECT_EQ(j[0].project, "P1");
  EXPECT_EQ(j[1].project, "P1");
  EXPECT_EQ(j[1].description, "IV IV-0001");
  EXPECT_EQ(j[2].project, "P2");
  EXPECT_EQ(j[2].description, "Service");
}

TEST(PostingRules, NegativeLineGoesToTheOtherSideAndZeroLinesAreDropped) {
  PostingDocument iv = sales_invoice();
  iv.lines.push_back(sale_line("520-000", "900-SR", "-10.00", "-0.80"));  // discount line
  iv.lines.push_back(sale_line("530-000", "900-SR", "0.00", "0.00"));     // dropped
  EXPECT_EQ(
      golden(journal_for(iv)),
      (Lines{"300-000 150.20 0.00", "500-000 0.00 100.00", "510-000 0.00 50.00",
             "520-000 10.00 0.00", "900-SR 0.00 8.00", "900-SV 0.00 3.00", "900-SR 0.80 0.00"}));
}

TEST(PostingRules, PurchaseInvoiceMirrorsTheSalesInvoice) {
  PostingDocument pi = doc("PI", 2, "PI-0001", "2026-01-10");
  pi.party = "400-S0001";
  pi.control_account = "400-000";
  pi.lines = {sale_line("610-000", "950-TX", "200.00", "12.00"),
              sale_line("620-000", "", "30.00", "0.00")};
  EXPECT_EQ(golden(journal_for(pi)), (Lines{"610-000 200.00 0.00", "620-000 30.00 0.00",
                                            "950-TX 12.00 0.00", "400-000 0.00 242.00"}));
}

TEST(PostingRules, CashSalesDebitsTheBankNotTheCustomerAndMovesStockOut) {
  PostingDocument cs = doc("CS", 11, "CS-0001", "2026-01-12");
  cs.party = "300-C0001";
  cs.payment_account = "310-000";
  cs.lines = {sale_line("520-000", "900-SR", "100.00", "8.00"),
              sale_line("520-000", "", "20.00", "0.00")};
  cs.lines[0].item = "ANT";
  cs.lines[0].location = "----";
  cs.lines[0].qty = qty("2");
  const auto journal = journal_for(cs);
  EXPECT_EQ(golden(journal), (Lines{"310-000 128.00 0.00", "520-000 0.00 100.00",
                                    "520-000 0.00 20.00", "900-SR 0.00 8.00"}));
  // No line carries the party: a cash sale is no open item of the customer.
  EXPECT_TRUE(std::none_of(journal.begin(), journal.end(),
                           [](const JournalLine& j) { return !j.party.empty(); }));
  EXPECT_EQ(golden(stock_moves_for(cs)), (Lines{"ANT@---- -2.0000"}));
}

TEST(PostingRules, CreditNoteDebitsReturnsCreditsTheCustomerAndTakesGoodsBack) {
  PostingDocument cn = doc("CN", 12, "CN-0001", "2026-01-13");
  cn.party = "300-C0001";
  cn.control_account = "300-000";
  cn.lines = {sale_line("510-000", "900-SR", "70.00", "7.00")};
  cn.lines[0].item = "ANT";
  cn.lines[0].location = "KL";
  cn.lines[0].qty = qty("2");
  const auto journal = journal_for(cn);
  EXPECT_EQ(golden(journal),
            (Lines{"510-000 70.00 0.00", "900-SR 7.00 0.00", "300-000 0.00 77.00"}));
  EXPECT_EQ(journal.back().party, "300-C0001");  // an open item on the credit side
  EXPECT_EQ(golden(stock_moves_for(cn)), (Lines{"ANT@KL 2.0000"}));
}

TEST(PostingRules, DebitNotesPostAsInvoicesWithoutStock) {
  PostingDocument dn = doc("DN", 13, "DN-0001", "2026-01-14");
  dn.party = "300-C0001";
  dn.control_account = "300-000";
  dn.lines = {sale_line("500-000", "900-SR", "10.00", "1.00")};
  dn.lines[0].item = "ANT";
  dn.lines[0].qty = qty("2");
  EXPECT_EQ(golden(journal_for(dn)),
            (Lines{"300-000 11.00 0.00", "500-000 0.00 10.00", "900-SR 0.00 1.00"}));
  EXPECT_TRUE(stock_moves_for(dn).empty());
  PostingDocument pd = doc("PD", 14, "PD-0001", "2026-01-14");
  pd.party = "400-S0001";
  pd.control_account = "400-000";
  pd.lines = dn.lines;
  pd.lines[0].account = "610-000";
  EXPECT_EQ(golden(journal_for(pd)),
            (Lines{"610-000 10.00 0.00", "900-SR 1.00 0.00", "400-000 0.00 11.00"}));
  EXPECT_TRUE(stock_moves_for(pd).empty());
}

TEST(PostingRules, CashPurchaseCreditsTheBankAndBringsGoodsIn) {
  PostingDocument cp = doc("CP", 15, "CP-0001", "2026-01-15");
  cp.party = "400-S0001";
  cp.payment_account = "320-000";
  cp.lines = {sale_line("610-000", "950-TX", "200.00", "12.00")};
  cp.lines[0].item = "ANT";
  cp.lines[0].location = "----";
  cp.lines[0].qty = qty("10");
  EXPECT_EQ(golden(journal_for(cp)),
            (Lines{"610-000 200.00 0.00", "950-TX 12.00 0.00", "320-000 0.00 212.00"}));
  EXPECT_EQ(golden(stock_moves_for(cp)), (Lines{"ANT@---- 10.0000"}));
}

TEST(PostingRules, CustomerPaymentDebitsBankCreditsControl) {
  PostingDocument pm = doc("PM", 3, "OR-0001", "2026-02-01");
  pm.party = "300-C0001";
  pm.control_account = "300-000";
  pm.payment_account = "320-000";
  pm.doc_amount = money("161.00");
  EXPECT_EQ(golden(journal_for(pm)), (Lines{"320-000 161.00 0.00", "300-000 0.00 161.00"}));
}

TEST(PostingRules, JournalEntryLinesPostTheirOwnSides) {
  PostingDocument je = doc("JE", 4, "JV-0001", "2026-01-31");
  je.lines = {je_line("610-000", "75.50", "0"), je_line("620-000", "24.50", "0"),
              je_line("310-000", "0", "100.00")};
  EXPECT_EQ(golden(journal_for(je)),
            (Lines{"610-000 75.50 0.00", "620-000 24.50 0.00", "310-000 0.00 100.00"}));
}

TEST(PostingRules, PaymentVoucherDebitsLinesAndTaxCreditsBank) {
  PostingDocument pv = doc("PV", 5, "PV-0001", "2026-01-20");
  pv.payment_account = "310-000";
  pv.lines = {sale_line("905-000", "950-TX", "100.00", "6.00"),
              sale_line("906-000", "", "20.00", "0.00")};
  EXPECT_EQ(golden(journal_for(pv)), (Lines{"905-000 100.00 0.00", "906-000 20.00 0.00",
                                            "950-TX 6.00 0.00", "310-000 0.00 126.00"}));
}

TEST(PostingRules, StockReceivedMovesStockOnlyNoGl) {
  PostingDocument rc = doc("RC", 6, "RC-0001", "2026-01-05");
  rc.lines = {stock_line("ANT", "----", "10"), stock_line("BOX", "KL", "2.5"),
              stock_line("CAB", "KL", "0")};
  EXPECT_TRUE(journal_for(rc).empty());
  EXPECT_EQ(golden(stock_moves_for(rc)), (Lines{"ANT@---- 10.0000", "BOX@KL 2.5000"}));
}

TEST(PostingRules, StockTransferIsQuantityNeutral) {
  PostingDocument xf = doc("XF", 7, "XF-0001", "2026-01-06");
  xf.lines = {transfer_line("ANT", "----", "KL", "4"), transfer_line("BOX", "KL", "PG", "1.25")};
  const auto moves = stock_moves_for(xf);
  EXPECT_EQ(golden(moves),
            (Lines{"ANT@---- -4.0000", "BOX@KL -1.2500", "ANT@KL 4.0000", "BOX@PG 1.2500"}));
  Decimal net;
  for (const StockMove& m : moves) net += m.qty;
  EXPECT_TRUE(net.is_zero());
  EXPECT_TRUE(journal_for(xf).empty());
}

TEST(PostingRules, SalesOrderPostsNothing) {
  PostingDocument so = doc("SO", 8, "SO-0001", "2026-01-02");
  so.control_account = "300-000";
  so.lines = {sale_line("500-000", "900-SR", "100.00", "8.00")};
  so.lines[0].item = "ANT";
  so.lines[0].qty = qty("1");
  EXPECT_TRUE(journal_for(so).empty());
  EXPECT_TRUE(stock_moves_for(so).empty());
}

TEST(PostingRules, NoRulesPostNothingAndTooManyDecimalsAreRefused) {
  PostingDocument x = sales_invoice();
  x.rules = {};
  EXPECT_TRUE(journal_for(x).empty());
  PostingDocument iv = sales_invoice();
  iv.lines[0].amount = *Decimal::parse("100.005", 3);
  try {
    journal_for(iv);
    FAIL() << "expected PostingError";
  } catch (const Problem& e) {
    EXPECT_TRUE(e.is(problem_code::kPostingError));
    EXPECT_NE(std::string(e.what()).find("IV IV-0001 (dockey 1) line 1: amount 100.005"),
              std::string::npos)
        << e.what();
  }
  PostingDocument rc = doc("RC", 6, "RC-0001", "2026-01-05");
  rc.lines = {stock_line("ANT", "----", "1")};
  rc.lines[0].qty = *Decimal::parse("1.00001", 5);
  EXPECT_EQ(thrown_problem([&] { stock_moves_for(rc); }).code, problem_code::kPostingError);
}

TEST(PostingRules, CheckPostableNamesTheProblem) {
  PostingDocument je = doc("JE", 4, "JV-0002", "2026-01-31");
  je.lines = {je_line("610-000", "100.00", "0"), je_line("310-000", "0", "99.99")};
  try {
    check_postable(je, journal_for(je), {});
    FAIL() << "expected Unbalanced";
  } catch (const Problem& e) {
    EXPECT_TRUE(e.is(problem_code::kUnbalanced));
    EXPECT_STREQ(
        e.what(),
        "JE JV-0002 (dockey 4) does not balance: total debit 100.00 <> total credit 99.99");
  }
  je.lines = {je_line("610-000", "1.00", "0"), je_line("", "0", "1.00")};
  try {
    check_postable(je, journal_for(je), {});
    FAIL() << "expected PostingError";
  } catch (const Problem& e) {
    EXPECT_TRUE(e.is(problem_code::kPostingError)) << e.code;
    EXPECT_STREQ(e.what(), "JE JV-0002 (dockey 4) line 2: no GL account for credit 1.00");
  }
  PostingDocument iv = sales_invoice();
  iv.control_account = "";
  EXPECT_EQ(thrown_problem([&] { check_postable(iv, journal_for(iv), {}); }).code,
            problem_code::kPostingError);
  iv = sales_invoice();
  iv.postdate = "15/01/2026";
  EXPECT_EQ(thrown_problem([&] { check_postable(iv, journal_for(iv), {}); }).code,
            problem_code::kPostingError);
  PostingDocument rc = doc("RC", 6, "RC-0001", "2026-01-05");
  rc.lines = {stock_line("", "----", "1")};
  EXPECT_EQ(thrown_problem([&] { check_postable(rc, journal_for(rc), stock_moves_for(rc)); }).code,
            problem_code::kPostingError);
}

TEST(PostingRules, DecimalSumsAreExact) {
  PostingDocument je = doc("JE", 10, "JV-1000", "2026-03-01");
  for (int i = 0; i < 1000; ++i) {
    je.lines.push_back(je_line("610-000", "0.10", "0"));
    je.lines.push_back(je_line("620-000", "0.20", "0"));
  }
  je.lines.push_back(je_line("310-000", "0", "300.00"));
  const auto journal = journal_for(je);
  ASSERT_EQ(journal.size(), 2001u);
  EXPECT_NO_THROW(check_postable(je, journal, {}));
  Decimal dr;
  for (const JournalLine& j : journal) dr += j.dr;
  EXPECT_EQ(dr.to_string(), "300.00");
}

}  // namespace
}  // namespace sqlacc::ledger
