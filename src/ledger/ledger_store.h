#pragma once
// Where postings live: gl_entry (money as INTEGER units at kMoneyScale) and stock_move (qty as
// INTEGER units at kQtyScale). Portable SQL with `?` placeholders; the only dialect-specific
// bit is `id INTEGER PRIMARY KEY` (the PostgreSQL adapter maps it to an identity column, as for
// audit_log).
#include <cstdint>
#include <string_view>
#include <vector>

#include "ledger/document.h"
#include "ledger/schema.h"  // ensure_schema, for callers that set up a ledger alone
#include "store/connection.h"

namespace sqlacc::ledger {

// Replaces the postings of (doc.doctype, doc.dockey) with the document's journal and stock moves.
// Everything post() refuses (see check_postable) is checked before anything is written, so a
// refused document leaves storage untouched. Joins the caller's transaction if one is open (inside
// a SAVEPOINT, so a failure undoes only this posting), else runs in its own.
void post(store::Connection& conn, const PostingDocument& doc);

// Removes every posting of the document; returns the number of rows removed. Same transaction
// rule as post(). Unposting a document that was never posted is not an error.
std::int64_t unpost(store::Connection& conn, std::string_view doctype, std::int64_t dockey);

// What is stored for one document, in insertion order (JournalLine::line / StockMove::line = -1:
// the source line is not stored).
std::vector<JournalLine> posted_journal(store::Connection& conn, std::string_view doctype,
                                        std::int64_t dockey);
std::vector<StockMove> posted_stock_moves(store::Connection& conn, std::string_view doctype,
                                          std::int64_t dockey);

}  // namespace sqlacc::ledger
