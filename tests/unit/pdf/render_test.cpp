// The PDF renderer (src/pdf/render.cpp): real PDFs read back with poppler's pdftotext / pdfinfo.
#include "pdf/render.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace sqlacc::pdf {
namespace {

// Writes the PDF to a temporary file, runs `command file` and returns its standard output.
std::string run_on_pdf(const std::string& pdf, const std::string& command) {
  char path[] = "/tmp/sqlacc_pdf_test_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return "";
  close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out << pdf;
  }
  std::string cmd = command + " '" + path + "' - 2>/dev/null";
  if (command.rfind("pdfinfo", 0) == 0) cmd = command + " '" + path + "' 2>/dev/null";
  std::string result;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) result.append(buf, n);
    pclose(p);
  }
  std::remove(path);
  return result;
}

std::string pdf_text(const std::string& pdf) { return run_on_pdf(pdf, "pdftotext -layout"); }

int pdf_pages(const std::string& pdf) {
  std::string info = run_on_pdf(pdf, "pdfinfo");
  auto at = info.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::atoi(info.c_str() + at + 6);
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

Document invoice() {
  Document d;
  d.title = "INVOICE";
  d.company_lines = {"Syarikat Contoh Sdn. Bhd.", "Reg. No.: 202001012345 (1234567-X)",
                     "No. 1, Jalan Ampang", "50450 Kuala Lumpur", "SST No.: W10-1808-32000001"};
  d.party_heading = "Bill To";
  d.party_lines = {"Kedai Runcit Café", "Lot 5, Jalan Pasar", "Taman Ĉhénøa"};
  d.info = {{"No.", "IV-00001"}, {"Date", "15/03/2026"}, {"Terms", "30 Days"}, {"Agent", "LIM"}};
  d.columns = {{"No.", false, 0.4},    {"Item Code", false, 1.1}, {"Description", false, 3.0},
               {"Qty", true, 0.7},     {"UOM", false, 0.6},       {"Unit Price", true, 1.0},
               {"Tax Amt", true, 0.9}, {"Amount", true, 1.1}};
  d.rows = {{"1", "ANT", "Antenna", "2", "UNIT", "50.00", "6.00", "100.00"},
            {"2", "SVC", "Service & installation", "1", "JOB", "55.50", "0.00", "55.50"}};
  d.totals = {{"Subtotal", "155.50"}, {"SST", "6.00"}, {"Total (MYR)", "161.50"}};
  d.note = "RINGGIT MALAYSIA ONE HUNDRED SIXTY-ONE AND CENTS FIFTY ONLY";
  return d;
}

TEST(RenderPdf, IsAPdfWithTheDocumentsText) {
  std::string pdf = render_pdf(invoice());
  ASSERT_GE(pdf.size(), 5u);
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  std::string text = pdf_text(pdf);
  EXPECT_NE(text.find("INVOICE"), std::string::npos) << text;
  EXPECT_NE(text.find("IV-00001"), std::string::npos) << text;
  EXPECT_NE(text.find("Kedai Runcit Café"), std::string::npos) << text;
  EXPECT_NE(text.find("Taman Ĉhénøa"), std::string::npos) << text;
  EXPECT_NE(text.find("Syarikat Contoh Sdn. Bhd."), std::string::npos) << text;
  EXPECT_NE(text.find("BILL TO"), std::string::npos) << text;
  EXPECT_NE(text.find("Service & installation"), std::string::npos) << text;
  EXPECT_NE(text.find("161.50"), std::string::npos) << text;
  EXPECT_NE(text.find("Page 1 of 1"), std::string::npos) << text;
  EXPECT_EQ(text.find("CANCELLED"), std::string::npos) << text;
  EXPECT_EQ(pdf_pages(pdf), 1);
}

// pdfinfo's "Page size:" line: "595.276 x 841.89 pts (A4)".
std::string pdf_page_size(const std::string& pdf) {
  std::string info = run_on_pdf(pdf, "pdfinfo");
  auto at = info.find("Page size:");
  if (at == std::string::npos) return "";
  at = info.find_first_not_of(' ', at + 10);
  return info.substr(at, info.find('\n', at) - at);
}

TEST(RenderPdf, HalfPageIsA5Landscape) {
  Document d = invoice();
  EXPECT_EQ(pdf_page_size(render_pdf(d)).substr(0, 19), "595.276 x 841.89 pt");
  d.page = PageSize::A5Landscape;
  const std::string pdf = render_pdf(d);
  EXPECT_EQ(pdf_page_size(pdf).substr(0, 19), "595.276 x 419.528 p");
  EXPECT_EQ(pdf_pages(pdf), 1);
  EXPECT_NE(pdf_text(pdf).find("161.50"), std::string::npos);
  // Half the height: rows break onto more pages, each with its footer inside the sheet.
  d.rows.clear();
  for (int i = 1; i <= 40; ++i)
    d.rows.push_back({std::to_string(i), "ITEM-" + std::to_string(i), "Line", "1", "UNIT", "10.00",
                      "0.00", "10.00"});
  const std::string many = render_pdf(d);
  const int pages = pdf_pages(many);
  d.page = PageSize::A4Portrait;
  EXPECT_GT(pages, pdf_pages(render_pdf(d)));
  const std::string text = pdf_text(many);
  EXPECT_EQ(count(text, "Page "), static_cast<std::size_t>(pages)) << text;
  for (int i = 1; i <= 40; ++i)
    EXPECT_NE(text.find("ITEM-" + std::to_string(i) + " "), std::string::npos) << i;
}

TEST(RenderPdf, ManyRowsBreakPagesAndRepeatTheHeader) {
  Document d = invoice();
  d.rows.clear();
  for (int i = 1; i <= 120; ++i)
    d.rows.push_back({std::to_string(i), "ITEM-" + std::to_string(i),
                      "Line item " + std::to_string(i), "1", "UNIT", "10.00", "0.00", "10.00"});
  auto start = std::chrono::steady_clock::now();
  std::string pdf = render_pdf(d);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  std::cout << "[ info ] 120-row document: " << pdf.size() << " bytes in " << ms << " ms\n";
  const int pages = pdf_pages(pdf);
  EXPECT_GE(pages, 3);
  std::string text = pdf_text(pdf);
  EXPECT_EQ(count(text, "Unit Price"), static_cast<std::size_t>(pages)) << text;
  EXPECT_EQ(count(text, "Description"), static_cast<std::size_t>(pages)) << text;
  EXPECT_NE(text.find("Page 1 of " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(text.find("Page " + std::to_string(pages) + " of " + std::to_string(pages)),
            std::string::npos);
  for (int i = 1; i <= 120; ++i)
    EXPECT_NE(text.find("ITEM-" + std::to_string(i) + " "), std::string::npos) << i;
  // Continuation pages carry the document number; the totals come once, at the end.
  EXPECT_GE(count(text, "IV-00001"), static_cast<std::size_t>(pages));
  EXPECT_EQ(count(text, "Subtotal"), 1u);
  EXPECT_GT(text.find("Subtotal"), text.find("ITEM-120 "));
}

TEST(RenderPdf, CancelledIsMarked) {
  Document d = invoice();
  d.cancelled = true;
  std::string text = pdf_text(render_pdf(d));
  EXPECT_NE(text.find("CANCELLED"), std::string::npos) << text;
}

TEST(RenderPdf, LongDescriptionsWrapInsideTheirCell) {
  Document d = invoice();
  const std::string words[] = {"Supply",   "delivery", "installation", "commissioning", "of",
                               "rooftop",  "solar",    "photovoltaic", "panels",        "inverters",
                               "mounting", "rails",    "cabling",      "warranty",      "Kuching"};
  std::string desc;
  for (int rep = 0; rep < 3; ++rep)
    for (const auto& w : words) desc += w + " ";
  d.rows[0][2] = desc;
  std::string text = pdf_text(render_pdf(d));
  for (const auto& w : words) EXPECT_NE(text.find(w), std::string::npos) << w;
  // Wrapped: no single output line holds the whole description.
  EXPECT_EQ(text.find("Supply delivery installation commissioning of rooftop solar photovoltaic"),
            std::string::npos)
      << text;
}

TEST(RenderPdf, OddInputStillRenders) {
  Document empty;
  std::string pdf = render_pdf(empty);
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf_pages(pdf), 1);

  Document d = invoice();
  d.rows.push_back({});  // fewer cells than columns
  d.rows.push_back({"x", "y", std::string("\xff\xfe bad utf8", 12), "1", "a", "b", "c", "d", "e"});
  d.rows.push_back({"3", "BIG", std::string(20000, 'W'), "1", "U", "1", "0", "1"});  // > a page
  d.columns[1].weight = 0;                                                           // treated as 1
  d.note = std::string("line\r\nbreak\0nul", 15);
  pdf = render_pdf(d);
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  std::string text = pdf_text(pdf);
  EXPECT_NE(text.find("bad utf8"), std::string::npos) << text;
  EXPECT_NE(text.find("161.50"), std::string::npos);

  Document no_table = invoice();
  no_table.columns.clear();
  EXPECT_EQ(pdf_text(render_pdf(no_table)).find("Unit Price"), std::string::npos);
}

}  // namespace
}  // namespace sqlacc::pdf
