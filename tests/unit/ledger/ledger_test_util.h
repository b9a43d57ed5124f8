#pragma once
// Small builders and a golden-line formatter shared by the ledger tests.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "ledger/document.h"
#include "util/decimal.h"

namespace sqlacc::ledger::testing {

inline Decimal money(const char* text) { return *Decimal::parse(text, kMoneyScale); }
inline Decimal qty(const char* text) { return *Decimal::parse(text, kQtyScale); }

// "account dr cr" per line, so a golden journal reads like a table.
inline std::vector<std::string> golden(const std::vector<JournalLine>& journal) {
  std::vector<std::string> out;
  for (const JournalLine& j : journal)
    out.push_back(fmt::format("{} {} {}", j.account, j.dr.to_string(), j.cr.to_string()));
  return out;
}

inline std::vector<std::string> golden(const std::vector<StockMove>& moves) {
  std::vector<std::string> out;
  for (const StockMove& m : moves)
    out.push_back(fmt::format("{}@{} {}", m.item, m.location, m.qty.to_string()));
  return out;
}

inline PostingLine sale_line(const char* account, const char* tax_account, const char* amount,
                             const char* tax) {
  PostingLine l;
  l.account = account;
  l.tax_account = tax_account;
  l.amount = money(amount);
  l.tax = money(tax);
  return l;
}

inline PostingLine je_line(const char* account, const char* dr, const char* cr) {
  PostingLine l;
  l.account = account;
  l.dr = money(dr);
  l.cr = money(cr);
  return l;
}

inline PostingLine stock_line(const char* item, const char* location, const char* q) {
  PostingLine l;
  l.item = item;
  l.location = location;
  l.qty = qty(q);
  return l;
}

inline PostingLine transfer_line(const char* item, const char* from, const char* to,
                                 const char* q) {
  PostingLine l;
  l.item = item;
  l.from_location = from;
  l.to_location = to;
  l.qty = qty(q);
  return l;
}

inline PostingDocument doc(const char* doctype, std::int64_t dockey, const char* docno,
                           const char* postdate) {
  PostingDocument d;
  d.doctype = doctype;
  d.dockey = dockey;
  d.docno = docno;
  d.postdate = postdate;
  d.description = fmt::format("{} {}", doctype, docno);
  return d;
}

// IV with two lines and two tax codes (SR 8% on 100.00, SV 6% on 50.00), party 300-C0001.
inline PostingDocument sales_invoice(std::int64_t dockey = 1, const char* docno = "IV-0001",
                                     const char* postdate = "2026-01-15") {
  PostingDocument d = doc("IV", dockey, docno, postdate);
  d.party = "300-C0001";
  d.control_account = "300-000";
  d.lines = {sale_line("500-000", "900-SR", "100.00", "8.00"),
             sale_line("510-000", "900-SV", "50.00", "3.00")};
  return d;
}

}  // namespace sqlacc::ledger::testing
