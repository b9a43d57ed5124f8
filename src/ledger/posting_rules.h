#pragma once
// Posting as data: a document's PostingRules say which GL lines and stock moves it produces.
// journal_for()/stock_moves_for() interpret them; the ledger knows no document types: each
// business object carries its rules in its own spec (src/bizobject/objects/<object>.cpp) and hands
// them over with every PostingDocument. Adding a document type is writing its rules there, not
// writing a poster.
//
// Decisions:
// - A negative amount goes to the other side as a positive one (a discount line of an invoice
//   debits sales), so every JournalLine has dr >= 0 and cr >= 0, one of them zero.
// - Zero amounts and zero quantities produce nothing.
// - Lines are NOT merged by (account, side): one journal line per rule and source line, so each
//   keeps its description, project and source line index (the drill-down a GL listing needs).
// - Document totals (AmountFrom::DocTotalInclTax) are recomputed from the lines; the document's
//   doc_amount is used only by rules that say AmountFrom::DocAmount (customer payment).
// - A line with no item or qty 0 moves nothing (the caller zeroes the qty of items without stock
//   control). Empty rules post nothing (a sales order).
#include <string>
#include <vector>

#include "ledger/document.h"

namespace sqlacc::ledger {

// Empty if the rule set is consistent (document-level amounts in Document scope, line amounts in
// PerLine scope); otherwise what is wrong ("GL rule 2: ..."). Checked once for every document
// spec when it is registered (bizobject::compile_objects).
std::string rule_set_problem(const PostingRules& rules);

// Interprets doc.rules, in order (rule order is the order of the produced journal lines). Throws
// posting_error() for an amount/qty with more decimals than the ledger stores. Does NOT check
// balance or empty accounts (post() does, see check_postable) so that a caller can show a draft
// journal.
std::vector<JournalLine> journal_for(const PostingDocument& doc);
std::vector<StockMove> stock_moves_for(const PostingDocument& doc);

// Everything post() refuses, without touching storage: bad postdate, an empty account on a
// non-zero line (posting_error() naming the line), an unbalanced journal (unbalanced() naming both
// totals), an empty item on a non-zero stock move.
void check_postable(const PostingDocument& doc, const std::vector<JournalLine>& journal,
                    const std::vector<StockMove>& moves);

}  // namespace sqlacc::ledger
