#pragma once
// Posting as data: one table row per document type says which GL lines and stock moves a
// document of that type produces. journal_for()/stock_moves_for() are the only code; adding a
// document type is adding a row (posting_rules.cpp), not writing a poster.
//
// Decisions:
// - A negative amount goes to the other side as a positive one (a discount line of an invoice
//   debits sales), so every JournalLine has dr >= 0 and cr >= 0, one of them zero.
// - Zero amounts and zero quantities produce nothing.
// - Lines are NOT merged by (account, side): one journal line per rule and source line, so each
//   keeps its description, project and source line index (the drill-down a GL listing needs).
// - Document totals (AmountFrom::DocTotalInclTax) are recomputed from the lines; the document's
//   doc_amount is used only by rules that say AmountFrom::DocAmount (customer payment).
// - RC (stock received) moves stock only, no GL: valuing it needs a cost and a costing method
//   that the neutral form does not carry yet. Adding {Dr stock / Cr adjustment} is a table row
//   once it does.
// - IV takes the lines' quantities out of their locations and PI puts them in (as SQL Account
//   does for an invoice not delivered through a DO/GR, the only kind sqlacc has); a line with no
//   item or qty 0 moves nothing (the caller zeroes the qty of items without stock control).
//   SO posts nothing.
#include <span>
#include <string_view>
#include <vector>

#include "ledger/document.h"

namespace sqlacc::ledger {

enum class Side { Dr, Cr };
// Document: the rule fires once per document; PerLine: once per document line.
enum class Scope { Document, PerLine };
enum class AccountFrom { ControlAccount, PaymentAccount, LineAccount, LineTaxAccount };
enum class AmountFrom {
  DocAmount,        // PostingDocument::doc_amount                       (Document scope)
  DocTotalInclTax,  // sum over lines of amount + tax                    (Document scope)
  LineAmount,       // PostingLine::amount                               (PerLine)
  LineTax,          // PostingLine::tax                                  (PerLine)
  LineDr,           // PostingLine::dr                                   (PerLine)
  LineCr,           // PostingLine::cr                                   (PerLine)
};

struct GlRule {
  Side side;
  AccountFrom account;
  AmountFrom amount;
  Scope scope;
};

enum class StockEffect { In, Out };
enum class LocationFrom { LineLocation, LineFromLocation, LineToLocation };

// Stock rules are always per line: qty of the line's item, in or out of the chosen location.
struct StockRule {
  StockEffect effect;
  LocationFrom location;
};

struct PostingRules {
  std::string_view doctype;
  std::string_view name;
  std::vector<GlRule> gl;
  std::vector<StockRule> stock;
};

// The whole table, and one row (nullptr for an unknown document type).
std::span<const PostingRules> all_posting_rules();
const PostingRules* rules_for(std::string_view doctype);

// Empty if the rule set is consistent (document-level amounts in Document scope, line amounts in
// PerLine scope); otherwise what is wrong. Checked by the tests for every row of the table.
std::string rule_set_problem(const PostingRules& rules);

// Interprets the table. Throws PostingError for an unknown doctype or an amount/qty with more
// decimals than the ledger stores. Does NOT check balance or empty accounts (post() does, see
// check_postable) so that a caller can show a draft journal.
std::vector<JournalLine> journal_for(const PostingDocument& doc);
std::vector<StockMove> stock_moves_for(const PostingDocument& doc);

// Everything post() refuses, without touching storage: bad postdate, an empty account on a
// non-zero line (PostingError naming the line), an unbalanced journal (Unbalanced naming both
// totals), an empty item on a non-zero stock move.
void check_postable(const PostingDocument& doc, const std::vector<JournalLine>& journal,
                    const std::vector<StockMove>& moves);

}  // namespace sqlacc::ledger
