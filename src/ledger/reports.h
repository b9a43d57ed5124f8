#pragma once
// Reports over the stored postings, and verify(): the whole-ledger invariants (peers.md §3, I1
// and I11) a test can assert after every scenario.
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"
#include "util/decimal.h"

namespace sqlacc::ledger {

// One account's net balance as of a date: on the debit side (dr > 0, cr = 0) or the credit side
// (cr > 0, dr = 0). Accounts that net to zero are left out.
struct TrialBalanceRow {
  std::string account;
  Decimal dr, cr;
};

struct TrialBalance {
  std::vector<TrialBalanceRow> rows;  // ordered by account
  Decimal total_dr, total_cr;         // equal when the ledger is sound
};

// Entries with postdate <= date (YYYY-MM-DD; compared as text).
TrialBalance trial_balance(store::Connection& conn, std::string_view date);

// Quantity on hand (kQtyScale) of an item at a location, over all stored moves; with a date,
// only moves with postdate <= date.
Decimal stock_balance(store::Connection& conn, std::string_view item, std::string_view location,
                      std::string_view date = {});

// Quantity on hand of an item over every location and date (kept per item as moves are posted).
Decimal stock_on_hand(store::Connection& conn, std::string_view item);
// The same as an SQL expression (units of kQtyScale) for the item whose code is the SQL expression
// `code` (see party_balance_sql).
std::string stock_on_hand_sql(std::string_view code);

// An extra check for verify(): appends a text per broken invariant.
using LedgerCheck = std::function<void(store::Connection&, std::vector<std::string>& problems)>;

// Every broken invariant, one text each naming what and where; empty when all hold:
//   - every gl_entry row has dr >= 0, cr >= 0, exactly one of them non-zero, and an account;
//   - overall sum of debits = sum of credits;
//   - per document (doctype, dockey): sum of debits = sum of credits;
//   - per stock transfer (XF) document and item: the moves net to zero;
//   - the quantity kept per item (stock_on_hand) equals the sum of its moves;
//   - open items (open_items.h): per party and control account the items sum to the journal;
//     no item is knocked off beyond its amount; every knock-off joins two opposite items of one
//     party; each party's journal balance equals the sum of its items' outstanding (I4/I11).
std::vector<std::string> verify(store::Connection& conn, std::span<const LedgerCheck> extra = {});

}  // namespace sqlacc::ledger
