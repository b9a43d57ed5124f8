#pragma once
// Open items: the receivable/payable sub-ledger. A posted document with a party (customer or
// supplier) and a control-account line is an open item of that party, with the signed amount of
// its control lines (an invoice +, a payment -, a purchase invoice -). A knock-off applies part of
// one item to an opposite one of the same party (a payment settles an invoice); an item's
// outstanding is its size minus what is applied on either side, and never goes below zero.
//
// post()/unpost() (ledger_store.h) keep these tables in step with the journal in the same
// transaction; the functions here read them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/document.h"
#include "store/connection.h"

namespace sqlacc::ledger {

struct OpenItem {
  std::string doctype;
  std::int64_t dockey = 0;
  std::string docno;
  std::string postdate;
  std::string party;
  std::string account;  // the control account
  Decimal amount;       // signed: dr - cr of the control lines (kMoneyScale)
  Decimal outstanding;  // >= 0: |amount| - knocked off
};

// The item of a document: by dockey when > 0, else by doctype and docno (ignoring case).
std::optional<OpenItem> find_open_item(store::Connection& conn, std::string_view doctype,
                                       std::string_view docno, std::int64_t dockey);

// The items of a party with a non-zero outstanding, oldest postdate first.
std::vector<OpenItem> open_items(store::Connection& conn, std::string_view party);

// What a party owes (+) or is owed (-): the sum of its items' signed outstanding.
Decimal party_balance(store::Connection& conn, std::string_view party);
// The same as an SQL expression (units of kMoneyScale) for the party whose code is the SQL
// expression `code`: masters show it in their SELECT instead of storing a copy per posting.
std::string party_balance_sql(std::string_view code);

// The parties that have items (for checks over every party).
std::vector<std::string> parties_with_items(store::Connection& conn);

namespace detail {
// table (code TEXT PRIMARY KEY, total BIGINT) += units for each code: the running totals the
// ledger keeps per party (party_total) and per item (item_total) so that reading one is O(1). One
// statement for all the codes (a map: each code once, as a multi-row upsert needs); zeros skipped.
void add_to_totals(store::Connection& conn, std::string_view table,
                   const std::map<std::string, std::int64_t>& units);
// Inside post()'s transaction, after the journal is written: replaces the document's item and its
// knock-offs. Throws posting_error() or knock_off_refused() for a bad knock-off, knocked_off() when
// the change would break knock-offs other documents made against this one.
void replace_open_item(store::Connection& conn, const PostingDocument& doc,
                       const std::vector<JournalLine>& journal);
// Inside unpost()'s transaction: knocked_off() if another document knocks this one off.
void remove_open_item(store::Connection& conn, std::string_view doctype, std::int64_t dockey);
// verify(): every broken open-item invariant, appended as text.
void check_open_items(store::Connection& conn, std::vector<std::string>& problems);
}  // namespace detail

}  // namespace sqlacc::ledger
