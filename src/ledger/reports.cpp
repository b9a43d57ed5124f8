#include "ledger/reports.h"

#include <fmt/format.h>

#include "ledger/document.h"
#include "ledger/open_items.h"

namespace sqlacc::ledger {

namespace {

Decimal money(std::int64_t units) { return Decimal::from_units(units, kMoneyScale); }

std::string doc_name(store::Statement& st, int doctype, int docno, int dockey) {
  return fmt::format("{} {} (dockey {})", st.get_text(doctype), st.get_text(docno),
                     st.get_int(dockey));
}

}  // namespace

TrialBalance trial_balance(store::Connection& conn, std::string_view date) {
  store::Statement& st = conn.prepare(
      "SELECT account, SUM(dr), SUM(cr) FROM gl_entry WHERE postdate <= ? "
      "GROUP BY account ORDER BY account");
  st.bind_text(1, date);
  TrialBalance tb{{}, money(0), money(0)};
  while (st.step()) {
    const Decimal net = money(st.get_int(1)) - money(st.get_int(2));
    if (net.is_zero()) continue;
    TrialBalanceRow row{std::string(st.get_text(0)), money(0), money(0)};
    if (net.is_negative())
      row.cr = -net;
    else
      row.dr = net;
    tb.total_dr += row.dr;
    tb.total_cr += row.cr;
    tb.rows.push_back(std::move(row));
  }
  return tb;
}

Decimal stock_balance(store::Connection& conn, std::string_view item, std::string_view location,
                      std::string_view date) {
  store::Statement& st =
      date.empty()
          ? conn.prepare(
                "SELECT COALESCE(SUM(qty), 0) FROM stock_move WHERE item = ? AND location = ?")
          : conn.prepare(
                "SELECT COALESCE(SUM(qty), 0) FROM stock_move "
                "WHERE item = ? AND location = ? AND postdate <= ?");
  st.bind_text(1, item);
  st.bind_text(2, location);
  if (!date.empty()) st.bind_text(3, date);
  std::int64_t units = 0;
  if (st.step()) units = st.get_int(0);
  while (st.step()) {
  }
  return Decimal::from_units(units, kQtyScale);
}

Decimal stock_on_hand(store::Connection& conn, std::string_view item) {
  store::Statement& st = conn.prepare("SELECT total FROM item_total WHERE code = ?");
  st.bind_text(1, item);
  std::int64_t units = 0;
  if (st.step()) units = st.get_int(0);
  while (st.step()) {
  }
  return Decimal::from_units(units, kQtyScale);
}

std::string stock_on_hand_sql(std::string_view code) {
  return fmt::format("COALESCE((SELECT total FROM item_total WHERE code = {}), 0)", code);
}

std::vector<std::string> verify(store::Connection& conn, std::span<const LedgerCheck> extra) {
  std::vector<std::string> problems;
  {
    store::Statement& st = conn.prepare(
        "SELECT id, doctype, docno, dockey, account, dr, cr FROM gl_entry "
        "WHERE dr < 0 OR cr < 0 OR (dr = 0 AND cr = 0) OR (dr <> 0 AND cr <> 0) OR account = '' "
        "ORDER BY id");
    while (st.step())
      problems.push_back(fmt::format(
          "gl_entry id {} of {}: malformed line (account '{}', dr {}, cr {}): needs an account "
          "and exactly one positive side",
          st.get_int(0), doc_name(st, 1, 2, 3), st.get_text(4), money(st.get_int(5)).to_string(),
          money(st.get_int(6)).to_string()));
  }
  {
    store::Statement& st =
        conn.prepare("SELECT COALESCE(SUM(dr), 0), COALESCE(SUM(cr), 0) FROM gl_entry");
    if (st.step() && st.get_int(0) != st.get_int(1))
      problems.push_back(fmt::format("ledger does not balance: total debit {} <> total credit {}",
                                     money(st.get_int(0)).to_string(),
                                     money(st.get_int(1)).to_string()));
    while (st.step()) {
    }
  }
  {
    store::Statement& st = conn.prepare(
        "SELECT doctype, MIN(docno), dockey, SUM(dr), SUM(cr) FROM gl_entry "
        "GROUP BY doctype, dockey HAVING SUM(dr) <> SUM(cr) ORDER BY doctype, dockey");
    while (st.step())
      problems.push_back(fmt::format("{} does not balance: total debit {} <> total credit {}",
                                     doc_name(st, 0, 1, 2), money(st.get_int(3)).to_string(),
                                     money(st.get_int(4)).to_string()));
  }
  {
    store::Statement& st = conn.prepare(
        "SELECT doctype, MIN(docno), dockey, item, SUM(qty) FROM stock_move WHERE doctype = 'XF' "
        "GROUP BY doctype, dockey, item HAVING SUM(qty) <> 0 ORDER BY dockey, item");
    while (st.step())
      problems.push_back(fmt::format("stock transfer {} item '{}' does not net to zero: net qty {}",
                                     doc_name(st, 0, 1, 2), st.get_text(3),
                                     Decimal::from_units(st.get_int(4), kQtyScale).to_string()));
  }
  {
    // (SQLite 3.39+ and PostgreSQL have FULL OUTER JOIN; two LEFT JOINs keep older SQLite happy.)
    store::Statement& st = conn.prepare(
        "SELECT item, SUM(moved), SUM(kept) FROM ("
        " SELECT item, qty AS moved, 0 AS kept FROM stock_move"
        " UNION ALL SELECT code, 0, total FROM item_total) AS kept_and_moved GROUP BY item "
        "HAVING SUM(moved) <> SUM(kept) ORDER BY item");
    while (st.step())
      problems.push_back(fmt::format("item '{}': kept quantity {} <> sum of stock moves {}",
                                     st.get_text(0),
                                     Decimal::from_units(st.get_int(2), kQtyScale).to_string(),
                                     Decimal::from_units(st.get_int(1), kQtyScale).to_string()));
  }
  detail::check_open_items(conn, problems);
  for (const LedgerCheck& check : extra) check(conn, problems);
  return problems;
}

}  // namespace sqlacc::ledger
