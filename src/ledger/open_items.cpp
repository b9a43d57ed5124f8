#include "ledger/open_items.h"

#include <fmt/format.h>

#include <map>
#include <utility>

#include "store/batch_insert.h"

namespace sqlacc::ledger {

namespace {

Decimal money(std::int64_t units) { return Decimal::from_units(units, kMoneyScale); }
std::int64_t abs_units(std::int64_t v) { return v < 0 ? -v : v; }

// Columns shared by every OpenItem query; "applied" is what knock-offs took on either side.
constexpr std::string_view kItemColumns =
    "o.doctype, o.dockey, o.docno, o.postdate, o.party, o.account, o.amount, "
    "(SELECT COALESCE(SUM(k.amount), 0) FROM knockoff k WHERE (k.doctype = o.doctype AND "
    "k.dockey = o.dockey) OR (k.target_doctype = o.doctype AND k.target_dockey = o.dockey))";

OpenItem read_item(const store::Statement& st) {
  OpenItem i;
  i.doctype = std::string(st.get_text(0));
  i.dockey = st.get_int(1);
  i.docno = std::string(st.get_text(2));
  i.postdate = std::string(st.get_text(3));
  i.party = std::string(st.get_text(4));
  i.account = std::string(st.get_text(5));
  i.amount = money(st.get_int(6));
  i.outstanding = money(abs_units(st.get_int(6)) - st.get_int(7));
  return i;
}

std::string name_of(const OpenItem& i) {
  return fmt::format("{} {} (dockey {})", i.doctype, i.docno, i.dockey);
}

// What other documents knocked off against this one, and the first of them (for messages).
struct Applied {
  std::int64_t units = 0;
  std::string by;  // "PM OR-00001 (dockey 3)"
};
Applied applied_by_others(store::Connection& conn, std::string_view doctype, std::int64_t dockey) {
  store::Statement& st = conn.prepare(
      "SELECT k.amount, k.doctype, k.dockey, COALESCE(o.docno, '') FROM knockoff k "
      "LEFT JOIN open_item o ON o.doctype = k.doctype AND o.dockey = k.dockey "
      "WHERE k.target_doctype = ? AND k.target_dockey = ? ORDER BY k.id");
  st.bind_text(1, doctype);
  st.bind_int(2, dockey);
  Applied a;
  while (st.step()) {
    a.units += st.get_int(0);
    if (a.by.empty())
      a.by = fmt::format("{} {} (dockey {})", st.get_text(1), st.get_text(3), st.get_int(2));
  }
  return a;
}

void exec_doc(store::Connection& conn, std::string_view sql, std::string_view doctype,
              std::int64_t dockey);

// Knock-offs move no party total: they net to zero between two items of one party.
void add_to_party(store::Connection& conn, std::string_view party, std::int64_t units) {
  detail::add_to_totals(conn, "party_total", {{std::string(party), units}});
}

// Deletes the document's item, taking its amount off its party's total.
void delete_item(store::Connection& conn, std::string_view doctype, std::int64_t dockey) {
  if (const std::optional<OpenItem> old = find_open_item(conn, doctype, {}, dockey))
    add_to_party(conn, old->party, -old->amount.units());
  exec_doc(conn, "DELETE FROM open_item WHERE doctype = ? AND dockey = ?", doctype, dockey);
}

void exec_doc(store::Connection& conn, std::string_view sql, std::string_view doctype,
              std::int64_t dockey) {
  store::Statement& st = conn.prepare(sql);
  st.bind_text(1, doctype);
  st.bind_int(2, dockey);
  st.step();
}

}  // namespace

std::optional<OpenItem> find_open_item(store::Connection& conn, std::string_view doctype,
                                       std::string_view docno, std::int64_t dockey) {
  const std::string sql =
      dockey > 0 ? fmt::format("SELECT {} FROM open_item o WHERE o.doctype = ? AND o.dockey = ?",
                               kItemColumns)
                 : fmt::format(
                       "SELECT {} FROM open_item o WHERE o.doctype = ? AND UPPER(o.docno) = "
                       "UPPER(?)",
                       kItemColumns);
  store::Statement& st = conn.prepare(sql);
  st.bind_text(1, doctype);
  if (dockey > 0)
    st.bind_int(2, dockey);
  else
    st.bind_text(2, docno);
  std::optional<OpenItem> out;
  if (st.step()) out = read_item(st);
  while (st.step()) {
  }
  return out;
}

std::vector<OpenItem> open_items(store::Connection& conn, std::string_view party) {
  store::Statement& st = conn.prepare(fmt::format(
      "SELECT {} FROM open_item o WHERE o.party = ? ORDER BY o.postdate, o.docno", kItemColumns));
  st.bind_text(1, party);
  std::vector<OpenItem> out;
  while (st.step()) {
    OpenItem i = read_item(st);
    if (!i.outstanding.is_zero()) out.push_back(std::move(i));
  }
  return out;
}

Decimal party_balance(store::Connection& conn, std::string_view party) {
  // Kept per party as items come and go (O(1) per posting); verify() checks it against the items.
  store::Statement& st = conn.prepare("SELECT total FROM party_total WHERE code = ?");
  st.bind_text(1, party);
  std::int64_t units = 0;
  if (st.step()) units = st.get_int(0);
  while (st.step()) {
  }
  return money(units);
}

std::string party_balance_sql(std::string_view code) {
  return fmt::format("COALESCE((SELECT total FROM party_total WHERE code = {}), 0)", code);
}

std::vector<std::string> parties_with_items(store::Connection& conn) {
  store::Statement& st = conn.prepare("SELECT DISTINCT party FROM open_item ORDER BY party");
  std::vector<std::string> out;
  while (st.step()) out.emplace_back(st.get_text(0));
  return out;
}

namespace detail {

void add_to_totals(store::Connection& conn, std::string_view table,
                   const std::map<std::string, std::int64_t>& units) {
  store::BatchInsert totals(
      conn, fmt::format("INSERT INTO {} (code, total)", table), 2,
      fmt::format("ON CONFLICT (code) DO UPDATE SET total = {}.total + excluded.total", table));
  for (const auto& [code, n] : units)
    if (n != 0) totals.text(code).integer(n).end_row();
  totals.finish();
}

void replace_open_item(store::Connection& conn, const PostingDocument& doc,
                       const std::vector<JournalLine>& journal) {
  if (!doc.is_new)
    exec_doc(conn, "DELETE FROM knockoff WHERE doctype = ? AND dockey = ?", doc.doctype,
             doc.dockey);
  std::int64_t amount = 0;
  std::string account;
  bool has_item = false;
  for (const JournalLine& j : journal) {
    if (j.party.empty()) continue;
    has_item = true;
    amount += j.dr.rescaled(kMoneyScale).units() - j.cr.rescaled(kMoneyScale).units();
    if (account.empty()) account = j.account;
  }
  // Documents that knocked this one off must stay valid: same party, same side, enough left.
  const Applied others = doc.is_new ? Applied{} : applied_by_others(conn, doc.doctype, doc.dockey);
  if (others.units > 0) {
    const std::optional<OpenItem> before = find_open_item(conn, doc.doctype, {}, doc.dockey);
    if (!has_item || !before || before->party != doc.party ||
        (amount < 0) != before->amount.is_negative() || abs_units(amount) < others.units)
      throw knocked_off(fmt::format(
          "{} is knocked off by {} ({} applied): its party and amount cannot go below that; "
          "change or delete the knock-off first",
          describe(doc), others.by, money(others.units).to_string()));
  }
  if (!doc.is_new) delete_item(conn, doc.doctype, doc.dockey);
  if (!has_item) {
    if (!doc.knockoffs.empty())
      throw posting_error(fmt::format(
          "{}: knock-off rows need a party document with a control account", describe(doc)));
    return;
  }
  {
    store::Statement& st = conn.prepare(
        "INSERT INTO open_item (doctype, dockey, docno, postdate, party, account, amount) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind_text(1, doc.doctype);
    st.bind_int(2, doc.dockey);
    st.bind_text(3, doc.docno);
    st.bind_text(4, doc.postdate);
    st.bind_text(5, doc.party);
    st.bind_text(6, account);
    st.bind_int(7, amount);
    st.run_deferred();
  }
  add_to_party(conn, doc.party, amount);
  // Own knock-offs: each target an opposite item of the same party, with enough outstanding;
  // together no more than this document's own size.
  std::int64_t own_total = others.units;
  for (const KnockOff& k : doc.knockoffs) {
    const std::string where =
        fmt::format("{} knock-off {}", describe(doc), k.line < 0 ? 0 : k.line + 1);
    std::int64_t units = 0;
    try {
      units = k.amount.rescaled(kMoneyScale).units();
    } catch (const std::exception&) {
      throw knock_off_refused(fmt::format("{}: amount {} has more than {} decimals", where,
                                          k.amount.to_string(), kMoneyScale),
                              k);
    }
    if (units <= 0)
      throw knock_off_refused(
          fmt::format("{}: amount {} must be greater than 0", where, k.amount.to_string()), k);
    const std::optional<OpenItem> target = find_open_item(conn, k.doctype, k.docno, k.dockey);
    const std::string target_name = k.dockey > 0 ? fmt::format("{} dockey {}", k.doctype, k.dockey)
                                                 : fmt::format("{} {}", k.doctype, k.docno);
    if (!target || (target->doctype == doc.doctype && target->dockey == doc.dockey))
      throw knock_off_refused(fmt::format("{}: no open document {}", where, target_name), k);
    if (target->party != doc.party)
      throw knock_off_refused(fmt::format("{}: {} belongs to '{}', not '{}'", where,
                                          name_of(*target), target->party, doc.party),
                              k);
    if (target->amount.is_negative() == (amount < 0))
      throw knock_off_refused(
          fmt::format("{}: {} is on the same side; a knock-off settles an opposite "
                      "document (a payment against an invoice)",
                      where, name_of(*target)),
          k);
    if (units > target->outstanding.units())
      throw knock_off_refused(
          fmt::format("{}: {} exceeds the outstanding {} of {}", where, money(units).to_string(),
                      target->outstanding.to_string(), name_of(*target)),
          k);
    own_total += units;
    if (own_total > abs_units(amount))
      throw knock_off_refused(
          fmt::format("{}: knock-offs total {} exceed the document amount {}", describe(doc),
                      money(own_total).to_string(), money(abs_units(amount)).to_string()),
          k);
    store::Statement& st = conn.prepare(
        "INSERT INTO knockoff (doctype, dockey, target_doctype, target_dockey, amount) "
        "VALUES (?, ?, ?, ?, ?)");
    st.bind_text(1, doc.doctype);
    st.bind_int(2, doc.dockey);
    st.bind_text(3, target->doctype);
    st.bind_int(4, target->dockey);
    st.bind_int(5, units);
    st.run_deferred();
  }
}

void remove_open_item(store::Connection& conn, std::string_view doctype, std::int64_t dockey) {
  const Applied others = applied_by_others(conn, doctype, dockey);
  if (others.units > 0) {
    const std::optional<OpenItem> item = find_open_item(conn, doctype, {}, dockey);
    throw knocked_off(
        fmt::format("{} is knocked off by {} ({} applied); change or delete that "
                    "document first",
                    item ? name_of(*item) : fmt::format("{} dockey {}", doctype, dockey), others.by,
                    money(others.units).to_string()));
  }
  exec_doc(conn, "DELETE FROM knockoff WHERE doctype = ? AND dockey = ?", doctype, dockey);
  delete_item(conn, doctype, dockey);
}

void check_open_items(store::Connection& conn, std::vector<std::string>& problems) {
  // 1. The sub-ledger equals the journal: per party and control account, the items' amounts sum
  //    to the party-tagged journal lines.
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> sums;
  {
    store::Statement& st = conn.prepare(
        "SELECT party, account, SUM(dr) - SUM(cr) FROM gl_entry WHERE party <> '' "
        "GROUP BY party, account");
    while (st.step())
      sums[{std::string(st.get_text(0)), std::string(st.get_text(1))}].first = st.get_int(2);
  }
  {
    store::Statement& st =
        conn.prepare("SELECT party, account, SUM(amount) FROM open_item GROUP BY party, account");
    while (st.step())
      sums[{std::string(st.get_text(0)), std::string(st.get_text(1))}].second = st.get_int(2);
  }
  for (const auto& [key, v] : sums)
    if (v.first != v.second)
      problems.push_back(
          fmt::format("party '{}' account {}: journal balance {} <> open items total {}", key.first,
                      key.second, money(v.first).to_string(), money(v.second).to_string()));
  // 2. Every item: knocked off no more than its size.
  {
    store::Statement& st = conn.prepare(fmt::format("SELECT {} FROM open_item o", kItemColumns));
    while (st.step()) {
      const OpenItem i = read_item(st);
      if (i.outstanding.is_negative())
        problems.push_back(fmt::format("{}: knocked off more than its amount {} (outstanding {})",
                                       name_of(i), i.amount.to_string(),
                                       i.outstanding.to_string()));
    }
  }
  // 3. Every knock-off: positive, between two existing opposite items of one party.
  {
    store::Statement& st = conn.prepare(
        "SELECT k.id, k.doctype, k.dockey, k.target_doctype, k.target_dockey, k.amount, "
        "s.party, t.party, s.amount, t.amount FROM knockoff k "
        "LEFT JOIN open_item s ON s.doctype = k.doctype AND s.dockey = k.dockey "
        "LEFT JOIN open_item t ON t.doctype = k.target_doctype AND t.dockey = k.target_dockey "
        "ORDER BY k.id");
    while (st.step()) {
      const std::string what =
          fmt::format("knock-off {} ({} dockey {} -> {} dockey {})", st.get_int(0), st.get_text(1),
                      st.get_int(2), st.get_text(3), st.get_int(4));
      if (st.get_int(5) <= 0)
        problems.push_back(
            fmt::format("{}: amount {} is not positive", what, money(st.get_int(5)).to_string()));
      if (st.is_null(6) || st.is_null(7))
        problems.push_back(fmt::format("{}: a side is not an open item", what));
      else if (st.get_text(6) != st.get_text(7))
        problems.push_back(
            fmt::format("{}: parties differ ('{}', '{}')", what, st.get_text(6), st.get_text(7)));
      else if ((st.get_int(8) < 0) == (st.get_int(9) < 0))
        problems.push_back(fmt::format("{}: both sides have the same sign", what));
    }
  }
  // 4. Each party's balance in the journal equals the sum of its open items' outstanding, and the
  //    total kept for it (party_balance()).
  for (const std::string& party : parties_with_items(conn)) {
    store::Statement& st =
        conn.prepare("SELECT COALESCE(SUM(dr) - SUM(cr), 0) FROM gl_entry WHERE party = ?");
    st.bind_text(1, party);
    std::int64_t journal = 0;
    if (st.step()) journal = st.get_int(0);
    while (st.step()) {
    }
    Decimal items = money(0);
    for (const OpenItem& i : open_items(conn, party))
      items += i.amount.is_negative() ? -i.outstanding : i.outstanding;
    if (items != money(journal))
      problems.push_back(fmt::format("party '{}': balance {} <> sum of open items {}", party,
                                     money(journal).to_string(), items.to_string()));
    const Decimal kept = party_balance(conn, party);  // (parties without items: below)
    if (kept != money(journal))
      problems.push_back(fmt::format("party '{}': kept total {} <> journal balance {}", party,
                                     kept.to_string(), money(journal).to_string()));
  }
  {
    store::Statement& st = conn.prepare(
        "SELECT code, total FROM party_total WHERE total <> 0 AND code NOT IN "
        "(SELECT party FROM open_item) ORDER BY code");
    while (st.step())
      problems.push_back(fmt::format("party '{}': kept total {} but no open items", st.get_text(0),
                                     money(st.get_int(1)).to_string()));
  }
}

}  // namespace detail

}  // namespace sqlacc::ledger
