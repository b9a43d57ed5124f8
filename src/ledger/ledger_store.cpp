#include "ledger/ledger_store.h"

#include <exception>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ledger/open_items.h"
#include "ledger/posting_rules.h"
#include "store/batch_insert.h"

namespace sqlacc::ledger {

namespace {

// The quantity on hand per item is kept as moves come and go (O(1) to read instead of summing
// every move of the item); verify() checks it against stock_move.
void add_to_items(store::Connection& conn, const std::map<std::string, std::int64_t>& units) {
  detail::add_to_totals(conn, "item_total", units);
}

std::int64_t delete_postings(store::Connection& conn, std::string_view doctype,
                             std::int64_t dockey) {
  std::map<std::string, std::int64_t> unmoved;
  {
    store::Statement& st = conn.prepare(
        "SELECT item, SUM(qty) FROM stock_move WHERE doctype = ? AND dockey = ? GROUP BY item");
    st.bind_text(1, doctype);
    st.bind_int(2, dockey);
    while (st.step()) unmoved[std::string(st.get_text(0))] -= st.get_int(1);
  }
  add_to_items(conn, unmoved);
  std::int64_t removed = 0;
  for (std::string_view sql : {"DELETE FROM gl_entry WHERE doctype = ? AND dockey = ?",
                               "DELETE FROM stock_move WHERE doctype = ? AND dockey = ?"}) {
    store::Statement& st = conn.prepare(sql);
    st.bind_text(1, doctype);
    st.bind_int(2, dockey);
    st.step();
    removed += conn.changes();
  }
  return removed;
}

}  // namespace

void post(store::Connection& conn, const PostingDocument& doc) {
  const std::vector<JournalLine> journal = journal_for(doc);
  const std::vector<StockMove> moves = stock_moves_for(doc);
  check_postable(doc, journal, moves);
  store::WriteScope scope(conn);
  if (!doc.is_new) delete_postings(conn, doc.doctype, doc.dockey);
  store::BatchInsert entries(conn,
                             "INSERT INTO gl_entry (doctype, dockey, docno, postdate, account, dr, "
                             "cr, description, project, party)",
                             10);
  for (const JournalLine& j : journal) {
    entries.text(doc.doctype).integer(doc.dockey).text(doc.docno).text(doc.postdate);
    entries.text(j.account)
        .integer(j.dr.rescaled(kMoneyScale).units())
        .integer(j.cr.rescaled(kMoneyScale).units());
    entries.text(j.description).text(j.project).text(j.party).end_row();
  }
  entries.finish();
  store::BatchInsert stock(
      conn, "INSERT INTO stock_move (doctype, dockey, docno, postdate, item, location, qty)", 7);
  std::map<std::string, std::int64_t> moved;
  for (const StockMove& m : moves) {
    const std::int64_t units = m.qty.rescaled(kQtyScale).units();
    stock.text(doc.doctype).integer(doc.dockey).text(doc.docno).text(doc.postdate);
    stock.text(m.item).text(m.location).integer(units).end_row();
    moved[m.item] += units;
  }
  stock.finish();
  add_to_items(conn, moved);
  detail::replace_open_item(conn, doc, journal);
  scope.commit();
}

std::int64_t unpost(store::Connection& conn, std::string_view doctype, std::int64_t dockey) {
  store::WriteScope scope(conn);
  detail::remove_open_item(conn, doctype, dockey);
  const std::int64_t removed = delete_postings(conn, doctype, dockey);
  scope.commit();
  return removed;
}

std::vector<JournalLine> posted_journal(store::Connection& conn, std::string_view doctype,
                                        std::int64_t dockey) {
  store::Statement& st = conn.prepare(
      "SELECT account, dr, cr, description, project FROM gl_entry "
      "WHERE doctype = ? AND dockey = ? ORDER BY id");
  st.bind_text(1, doctype);
  st.bind_int(2, dockey);
  std::vector<JournalLine> out;
  while (st.step()) {
    JournalLine j;
    j.account = std::string(st.get_text(0));
    j.dr = Decimal::from_units(st.get_int(1), kMoneyScale);
    j.cr = Decimal::from_units(st.get_int(2), kMoneyScale);
    j.description = std::string(st.get_text(3));
    j.project = std::string(st.get_text(4));
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<StockMove> posted_stock_moves(store::Connection& conn, std::string_view doctype,
                                          std::int64_t dockey) {
  store::Statement& st = conn.prepare(
      "SELECT item, location, qty FROM stock_move WHERE doctype = ? AND dockey = ? ORDER BY id");
  st.bind_text(1, doctype);
  st.bind_int(2, dockey);
  std::vector<StockMove> out;
  while (st.step()) {
    StockMove m;
    m.item = std::string(st.get_text(0));
    m.location = std::string(st.get_text(1));
    m.qty = Decimal::from_units(st.get_int(2), kQtyScale);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace sqlacc::ledger
