#pragma once
// Small builders and a golden-line formatter shared by the ledger tests.
#include <fmt/format.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/document.h"
#include "util/decimal.h"

namespace sqlacc::ledger::testing {

// The ledger knows no document types: the business objects hand it their rules
// (src/bizobject/objects/). These are the rules of the built-in documents, written out so the
// ledger's tests can post them; tests/unit/bizobject/document_rules_test.cpp checks that the
// registered specs carry exactly these.
namespace rules {
using enum Side;
using enum Scope;
using enum AccountFrom;
using enum AmountFrom;
inline constexpr GlRule kSalesInvoiceGl[] = {{Dr, ControlAccount, DocTotalInclTax, Document},
                                             {Cr, LineAccount, LineAmount, PerLine},
                                             {Cr, LineTaxAccount, LineTax, PerLine}};
inline constexpr GlRule kPurchaseInvoiceGl[] = {{Dr, LineAccount, LineAmount, PerLine},
                                                {Dr, LineTaxAccount, LineTax, PerLine},
                                                {Cr, ControlAccount, DocTotalInclTax, Document}};
inline constexpr GlRule kCustomerPaymentGl[] = {{Dr, PaymentAccount, DocAmount, Document},
                                                {Cr, ControlAccount, DocAmount, Document}};
inline constexpr GlRule kJournalEntryGl[] = {{Dr, LineAccount, LineDr, PerLine},
                                             {Cr, LineAccount, LineCr, PerLine}};
inline constexpr GlRule kPaymentVoucherGl[] = {{Dr, LineAccount, LineAmount, PerLine},
                                               {Dr, LineTaxAccount, LineTax, PerLine},
                                               {Cr, PaymentAccount, DocTotalInclTax, Document}};
// Paid at once: the bank or cash account takes the total instead of the party's control account.
inline constexpr GlRule kCashSalesGl[] = {{Dr, PaymentAccount, DocTotalInclTax, Document},
                                          {Cr, LineAccount, LineAmount, PerLine},
                                          {Cr, LineTaxAccount, LineTax, PerLine}};
inline constexpr StockRule kOut[] = {{StockEffect::Out, LocationFrom::LineLocation}};
inline constexpr StockRule kIn[] = {{StockEffect::In, LocationFrom::LineLocation}};
inline constexpr StockRule kTransfer[] = {{StockEffect::Out, LocationFrom::LineFromLocation},
                                          {StockEffect::In, LocationFrom::LineToLocation}};

// By the doctype the built-in documents post as; an unknown type has no rules (posts nothing).
inline PostingRules of(std::string_view doctype) {
  static const std::map<std::string_view, PostingRules> all = {
      {"IV", {kSalesInvoiceGl, kOut}},
      {"PI", {kPurchaseInvoiceGl, kIn}},
      {"PM", {kCustomerPaymentGl, {}}},
      {"JE", {kJournalEntryGl, {}}},
      {"PV", {kPaymentVoucherGl, {}}},
      {"RC", {{}, kIn}},
      {"XF", {{}, kTransfer}},
      {"SO", {}},
      // A debit note posts as an invoice of its side without stock; a sales credit note is the
      // purchase invoice's shape (lines debited, the customer credited) with goods back in; a
      // cash purchase is the payment voucher's with goods in.
      {"CS", {kCashSalesGl, kOut}},
      {"DN", {kSalesInvoiceGl, {}}},
      {"CN", {kPurchaseInvoiceGl, kIn}},
      {"CP", {kPaymentVoucherGl, kIn}},
      {"PD", {kPurchaseInvoiceGl, {}}},
      // The transfer chains: orders and notes post nothing, deliveries and receipts stock only.
      {"QT", {}},
      {"PQ", {}},
      {"PO", {}},
      {"CC", {}},
      {"PC", {}},
      {"DO", {{}, kOut}},
      {"XD", {{}, kOut}},
      {"PR", {{}, kOut}},
      {"GR", {{}, kIn}},
      {"XG", {{}, kIn}}};
  const auto it = all.find(doctype);
  return it == all.end() ? PostingRules{} : it->second;
}
}  // namespace rules

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
  d.rules = rules::of(doctype);
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
