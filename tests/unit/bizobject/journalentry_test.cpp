// Journal Entry (GL_JE): numbering, optimistic lock, posting through the generic engine.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ledger/ledger_store.h"
#include "ledger/reports.h"
#include "test_util.h"

namespace sqlacc::bizobject::testing {
namespace {
namespace json = boost::json;

class JournalEntryTest : public SampleDbTest {
 protected:
  static std::string body(std::string_view docno, std::string_view dr, std::string_view cr,
                          std::string_view extra = "") {
    return fmt::format(R"({{{}"docdate":"2026-01-15","description":"RENT"{},"sdsdocdetail":[)"
                       R"({{"code":"900-002","dr":"{}"}},{{"code":"320-000","cr":"{}"}}]}})",
                       docno.empty() ? std::string() : fmt::format(R"("docno":"{}",)", docno),
                       extra, dr, cr);
  }
  json::object make(std::string_view docno = "", std::string_view amount = "100.00") {
    return create("journalentry", body(docno, amount, amount)).at("data").at(0).as_object();
  }
  std::vector<ledger::JournalLine> journal(std::int64_t dockey) {
    return ledger::posted_journal(conn(), "JE", dockey);
  }
};

TEST_F(JournalEntryTest, DocnoIsNumberedWhenEmpty) {
  json::object a = make();
  json::object b = make();
  EXPECT_EQ(a.at("docno"), "JV-00001");
  EXPECT_EQ(b.at("docno"), "JV-00002");
  EXPECT_EQ(a.at("postdate"), "2026-01-15");  // defaults to docdate
  EXPECT_EQ(a.at("updatecount"), 0);
  EXPECT_EQ(a.at("journal"), "GENERAL");
  EXPECT_EQ(a.at("currencycode"), "----");
  EXPECT_EQ(a.at("sdsdocdetail").as_array().size(), 2u);
}

TEST_F(JournalEntryTest, DuplicateDocnoIs409) {
  make("JV-MANUAL");
  Problem p = expect_problem([&] { make("jv-manual"); }, 409, "docno");
  EXPECT_NE(std::string(p.what()).find("jv-manual"), std::string::npos) << p.what();
}

TEST_F(JournalEntryTest, UnbalancedIs400AndWritesNothing) {
  Problem p = expect_problem([&] { create("journalentry", body("", "100.00", "90.00")); }, 400);
  EXPECT_EQ(p.code, "Unbalanced");
  EXPECT_EQ(count("gl_je"), 0);
  EXPECT_EQ(count("gl_je_sdsdocdetail"), 0);
  EXPECT_EQ(count("gl_entry"), 0);
}

TEST_F(JournalEntryTest, ARowNeedsExactlyOneOfDrCr) {
  expect_problem(
      [&] {
        create("journalentry",
               R"({"docdate":"2026-01-15","sdsdocdetail":[{"code":"900-002","dr":"10","cr":"10"},)"
               R"({"code":"320-000"}]})");
      },
      400, "sdsdocdetail[0].dr");
  expect_problem(
      [&] {
        create("journalentry",
               R"({"docdate":"2026-01-15","sdsdocdetail":[{"code":"900-002","dr":"-10"},)"
               R"({"code":"320-000","cr":"-10"}]})");
      },
      400, "sdsdocdetail[0].dr");
  EXPECT_EQ(count("gl_je"), 0);
}

TEST_F(JournalEntryTest, BalancedCreatePosts) {
  json::object a = make("", "250.50");
  const auto lines = journal(a.at("dockey").as_int64());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].account, "900-002");
  EXPECT_EQ(lines[0].dr.to_string(), "250.50");
  EXPECT_EQ(lines[1].account, "320-000");
  EXPECT_EQ(lines[1].cr.to_string(), "250.50");
  EXPECT_TRUE(ledger::verify(conn()).empty());
}

TEST_F(JournalEntryTest, UpdateNeedsUpdatecountPlusOne) {
  json::object a = make();
  const std::string key = std::to_string(a.at("dockey").as_int64());
  for (const char* b : {R"({"description":"X"})", R"({"description":"X","updatecount":0})",
                        R"({"description":"X","updatecount":2})"}) {
    Problem p = expect_problem([&] { update("journalentry", key, b); }, 409);
    EXPECT_STREQ(p.what(), "Record has been changed by other users.");
  }
  json::object up = update("journalentry", key, body("", "300.00", "300.00", R"(,"updatecount":1)"))
                        .at("data")
                        .at(0)
                        .as_object();
  EXPECT_EQ(up.at("updatecount"), 1);
  const auto lines = journal(a.at("dockey").as_int64());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].dr.to_string(), "300.00");
  // Stale again.
  Problem p = expect_problem(
      [&] { update("journalentry", key, R"({"description":"Y","updatecount":1})"); }, 409);
  EXPECT_STREQ(p.what(), "Record has been changed by other users.");
  EXPECT_TRUE(ledger::verify(conn()).empty());
}

TEST_F(JournalEntryTest, CancelledUnpostsButKeepsTheDocument) {
  json::object a = make();
  const std::int64_t dockey = a.at("dockey").as_int64();
  update("journalentry", std::to_string(dockey), R"({"cancelled":true,"updatecount":1})");
  EXPECT_TRUE(journal(dockey).empty());
  EXPECT_EQ(get("journalentry", std::to_string(dockey)).at("data").at(0).at("cancelled"), true);
  EXPECT_EQ(count("gl_je"), 1);
}

TEST_F(JournalEntryTest, DeleteRemovesDocumentAndPostings) {
  json::object a = make();
  const std::int64_t dockey = a.at("dockey").as_int64();
  engine_.remove(conn(), spec("journalentry"), std::to_string(dockey), kNow);
  EXPECT_TRUE(journal(dockey).empty());
  EXPECT_EQ(count("gl_je"), 0);
  EXPECT_EQ(count("gl_je_sdsdocdetail"), 0);
  EXPECT_EQ(count("gl_entry"), 0);
}

TEST_F(JournalEntryTest, UnknownDtlkeyOnUpdateIs400) {
  json::object a = make();
  const std::string key = std::to_string(a.at("dockey").as_int64());
  expect_problem(
      [&] {
        update("journalentry", key,
               R"({"updatecount":1,"sdsdocdetail":[{"dtlkey":999999,"code":"900-002","dr":"1"}]})");
      },
      400);
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
