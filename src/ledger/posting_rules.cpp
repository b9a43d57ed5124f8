#include "ledger/posting_rules.h"

#include <fmt/format.h>

#include <cctype>
#include <stdexcept>

namespace sqlacc::ledger {

namespace {

using enum Side;
using enum Scope;
using enum AccountFrom;
using enum AmountFrom;

Decimal money(const Decimal& value, const PostingDocument& doc, int line, const char* what) {
  try {
    return value.rescaled(kMoneyScale);
  } catch (const std::exception&) {
    throw posting_error(fmt::format("{}{}: {} {} has more than {} decimals or is out of range",
                                    describe(doc),
                                    line < 0 ? std::string() : fmt::format(" line {}", line + 1),
                                    what, value.to_string(), kMoneyScale));
  }
}

Decimal line_amount(const PostingDocument& doc, int index, AmountFrom from) {
  const PostingLine& l = doc.lines[static_cast<std::size_t>(index)];
  switch (from) {
    case LineAmount:
      return money(l.amount, doc, index, "amount");
    case LineTax:
      return money(l.tax, doc, index, "tax");
    case LineDr:
      return money(l.dr, doc, index, "dr");
    case LineCr:
      return money(l.cr, doc, index, "cr");
    default:
      throw std::logic_error("document-level amount in a per-line posting rule");
  }
}

Decimal doc_amount(const PostingDocument& doc, AmountFrom from) {
  switch (from) {
    case DocAmount:
      return money(doc.doc_amount, doc, -1, "document amount");
    case DocTotalInclTax: {
      Decimal total = Decimal::from_units(0, kMoneyScale);
      for (std::size_t i = 0; i < doc.lines.size(); ++i) {
        const int index = static_cast<int>(i);
        try {
          total += line_amount(doc, index, LineAmount) + line_amount(doc, index, LineTax);
        } catch (const std::overflow_error&) {
          throw posting_error(fmt::format("{}: document total overflows", describe(doc)));
        }
      }
      return total;
    }
    default:
      throw std::logic_error("per-line amount in a document-level posting rule");
  }
}

std::string account_of(const PostingDocument& doc, const PostingLine* line, AccountFrom from) {
  switch (from) {
    case ControlAccount:
      return doc.control_account;
    case PaymentAccount:
      return doc.payment_account;
    case LineAccount:
      return line ? line->account : std::string();
    case LineTaxAccount:
      return line ? line->tax_account : std::string();
  }
  return {};
}

void emit(std::vector<JournalLine>& out, Side side, std::string account, Decimal amount,
          std::string description, std::string project, int line, std::string party = {}) {
  if (amount.is_zero()) return;
  if (amount.is_negative()) {  // a negative amount is a positive one on the other side
    side = side == Dr ? Cr : Dr;
    amount = -amount;
  }
  JournalLine j;
  j.account = std::move(account);
  j.dr = side == Dr ? amount : Decimal::from_units(0, kMoneyScale);
  j.cr = side == Cr ? amount : Decimal::from_units(0, kMoneyScale);
  j.description = std::move(description);
  j.project = std::move(project);
  j.line = line;
  j.party = std::move(party);
  out.push_back(std::move(j));
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

std::string describe(const PostingDocument& doc) {
  return fmt::format("{} {} (dockey {})", doc.doctype.empty() ? "?" : doc.doctype,
                     doc.docno.empty() ? "<no docno>" : doc.docno, doc.dockey);
}

std::string rule_set_problem(const PostingRules& rules) {
  for (std::size_t i = 0; i < rules.gl.size(); ++i) {
    const GlRule& r = rules.gl[i];
    const bool doc_amount = r.amount == DocAmount || r.amount == DocTotalInclTax;
    const bool line_account = r.account == LineAccount || r.account == LineTaxAccount;
    if (r.scope == Document && (!doc_amount || line_account))
      return fmt::format("GL rule {}: document-level rule uses a line amount or account", i + 1);
    if (r.scope == PerLine && doc_amount)
      return fmt::format("GL rule {}: per-line rule uses a document amount", i + 1);
  }
  return {};
}

std::vector<JournalLine> journal_for(const PostingDocument& doc) {
  std::vector<JournalLine> out;
  for (const GlRule& rule : doc.rules.gl) {
    if (rule.scope == Document) {
      emit(out, rule.side, account_of(doc, nullptr, rule.account), doc_amount(doc, rule.amount),
           doc.description, doc.project, -1,
           rule.account == ControlAccount ? doc.party : std::string());
      continue;
    }
    for (std::size_t i = 0; i < doc.lines.size(); ++i) {
      const PostingLine& l = doc.lines[i];
      const int index = static_cast<int>(i);
      emit(out, rule.side, account_of(doc, &l, rule.account), line_amount(doc, index, rule.amount),
           l.description.empty() ? doc.description : l.description,
           l.project.empty() ? doc.project : l.project, index);
    }
  }
  return out;
}

std::vector<StockMove> stock_moves_for(const PostingDocument& doc) {
  std::vector<StockMove> out;
  for (const StockRule& rule : doc.rules.stock) {
    for (std::size_t i = 0; i < doc.lines.size(); ++i) {
      const PostingLine& l = doc.lines[i];
      Decimal qty;
      try {
        qty = l.qty.rescaled(kQtyScale);
      } catch (const std::exception&) {
        throw posting_error(fmt::format("{} line {}: qty {} has more than {} decimals",
                                        describe(doc), i + 1, l.qty.to_string(), kQtyScale));
      }
      if (qty.is_zero()) continue;
      StockMove m;
      m.item = l.item;
      m.location = rule.location == LocationFrom::LineLocation       ? l.location
                   : rule.location == LocationFrom::LineFromLocation ? l.from_location
                                                                     : l.to_location;
      m.qty = rule.effect == StockEffect::In ? qty : -qty;
      m.line = static_cast<int>(i);
      out.push_back(std::move(m));
    }
  }
  return out;
}

void check_postable(const PostingDocument& doc, const std::vector<JournalLine>& journal,
                    const std::vector<StockMove>& moves) {
  if (!is_date(doc.postdate))
    throw posting_error(
        fmt::format("{}: postdate '{}' is not YYYY-MM-DD", describe(doc), doc.postdate));
  Decimal dr = Decimal::from_units(0, kMoneyScale);
  Decimal cr = dr;
  for (const JournalLine& j : journal) {
    if (j.account.empty()) {
      const Decimal& amount = j.dr.is_zero() ? j.cr : j.dr;
      throw posting_error(fmt::format(
          "{} {}: no GL account for {} {}", describe(doc),
          j.line < 0 ? std::string("document-level posting") : fmt::format("line {}", j.line + 1),
          j.dr.is_zero() ? "credit" : "debit", amount.to_string()));
    }
    try {
      dr += j.dr;
      cr += j.cr;
    } catch (const std::overflow_error&) {
      throw posting_error(fmt::format("{}: journal total overflows", describe(doc)));
    }
  }
  if (dr != cr)
    throw unbalanced(fmt::format("{} does not balance: total debit {} <> total credit {}",
                                 describe(doc), dr.to_string(), cr.to_string()));
  for (const StockMove& m : moves)
    if (m.item.empty())
      throw posting_error(fmt::format("{} line {}: no item code for qty {}", describe(doc),
                                      m.line + 1, m.qty.to_string()));
}

}  // namespace sqlacc::ledger
