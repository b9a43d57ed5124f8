// Posting of documents: knock-off rows before the write; after it the ledger posting (or
// unposting) and its errors as Problems, and the balances kept on masters (written, and checked
// by verify()).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "bizobject/cursor.h"
#include "bizobject/document_parts.h"
#include "bizobject/documents.h"
#include "bizobject/master_lookup.h"
#include "bizobject/text.h"
#include "ledger/ledger_store.h"
#include "ledger/open_items.h"
#include "ledger/reports.h"
#include "util/decimal.h"
#include "util/problem.h"

namespace sqlacc::bizobject {
namespace document_parts {

// ---- Knock-off rows -----------------------------------------------------------------------------

void resolve_knockoffs(store::Connection& conn, RecordEdit& e) {
  const auto ds = static_cast<std::size_t>(e.info.doc.knockoffs);
  const DatasetInfo& d = e.info.datasets[ds];
  const DocumentFields::KnockOffs& k = e.info.doc.knockoff;
  const std::string& party = e.row[static_cast<std::size_t>(e.info.doc.party)].s;
  // Open items are in local currency; applying a foreign amount would need the realised exchange
  // gain or loss posted, which sqlacc does not do yet: refuse rather than post wrong numbers.
  const int currency = e.info.spec->amounts ? e.info.doc.amounts.currency : -1;
  const bool foreign =
      currency >= 0 && !is_local_currency(e.row[static_cast<std::size_t>(currency)].s);
  std::size_t index = 0;
  for (DatasetRowEdit& row : e.datasets[ds].rows) {
    const std::string at = fmt::format("{}[{}]", d.spec->name, index++);
    Row& c = row.cells;
    if (!c[k.knockoff].i) continue;
    if (foreign)
      throw validation_error(at + ".knockoff",
                             fmt::format("Field '{}.knockoff': knock-off of a foreign-currency "
                                         "payment is not supported yet (no exchange gain/loss "
                                         "posting); record it unapplied",
                                         at));
    if (c[k.koamt].i <= 0)
      throw validation_error(at + ".koamt",
                             fmt::format("Field '{}.koamt' must be greater than 0", at));
    c[k.doctype].s = to_upper(c[k.doctype].s);
    const auto item = ledger::find_open_item(conn, c[k.doctype].s, c[k.docno].s, c[k.refdockey].i);
    if (!item)
      throw validation_error(
          at + ".docno",
          fmt::format("Field '{}.docno': no posted document {} '{}'{}", at, c[k.doctype].s,
                      c[k.docno].s,
                      c[k.refdockey].i > 0 ? fmt::format(" with dockey {}", c[k.refdockey].i)
                                           : std::string()));
    if (item->party != party)
      throw validation_error(at + ".docno",
                             fmt::format("Field '{}.docno': {} {} belongs to '{}', not '{}'", at,
                                         item->doctype, item->docno, item->party, party));
    c[k.docno].s = item->docno;
    c[k.refdockey].i = item->dockey;
  }
}

// ---- The accounts a posting may use ------------------------------------------------------------

namespace {

// The special type of account `code` in master `accounts` (field `type`); empty: none, or no such
// account.
std::string special_type(MasterLookup& lookup, const ObjectInfo* accounts, int type,
                         const std::string& code) {
  if (!accounts || type < 0 || code.empty()) return {};
  const Record* r = lookup.record(*accounts, code);
  return r ? std::string(trim(r->row[static_cast<std::size_t>(type)].s)) : std::string();
}

// A payment is paid into or out of a bank or cash account: the original's Maintain Payment
// Method lists only those (GL accounts of special type BA or CH).
void check_payment_account(MasterLookup& lookup, const ObjectInfo& info, const Row& row) {
  const DocumentFields& f = info.doc;
  if (f.payment_account < 0 || f.accounts.payment_type < 0) return;
  const auto at = static_cast<std::size_t>(f.payment_account);
  const std::string& code = row[at].s;
  const std::string_view name = info.field(at).name;
  // Empty is allowed on a cancelled cash sale (which posts nothing and is not checked), not on
  // one that posts.
  if (code.empty())
    throw validation_error(
        std::string(name),
        fmt::format("Field '{}' is required: the bank or cash account ({} BA or CH) paid through",
                    name, kAccountTypeField));
  const std::string type =
      special_type(lookup, info.ref_targets[at], f.accounts.payment_type, code);
  if (is_one_of(kBankCashTypes, type)) return;
  throw validation_error(
      std::string(name),
      fmt::format("Field '{}': account '{}' is not a bank or cash account (its {} is {}); a "
                  "payment method must be an account whose {} is BA (bank) or CH (cash)",
                  name, code, kAccountTypeField, type.empty() ? "empty" : "'" + type + "'",
                  kAccountTypeField));
}

// Which accounts some party names as its control account, as found by ControlAccountCheck, kept
// on the connection until a row of a party table changes (store::RowWatcher): every posting line
// asks, and the answer changes only when a customer or supplier is written.
class PartyControlCache final : public store::RowWatcher {
 public:
  // The kept answer for `upper_code` ("" none names it), or nullptr.
  const std::string* find(const std::string& sql, const std::string& upper_code) const {
    const auto q = why_.find(sql);  // looked up without copying the query's text
    if (q == why_.end()) return nullptr;
    const auto it = q->second.find(upper_code);
    return it == q->second.end() ? nullptr : &it->second;
  }
  void keep(const DocumentFields::Accounts& a, std::string upper_code, std::string why) {
    tables_.insert(a.party_control_tables.begin(), a.party_control_tables.end());
    if (entries_ >= kMaxEntries) forget_all();
    ++entries_;  // a bound, not a count: an answer kept again counts twice
    why_[a.sql_party_control][std::move(upper_code)] = std::move(why);
  }

  void row_changed(std::string_view table, std::int64_t) override { table_changed(table); }
  void table_changed(std::string_view table) override {
    if (tables_.count(std::string(table))) forget_all();
  }
  void forget_all() override {
    why_.clear();
    entries_ = 0;
  }

 private:
  static constexpr std::size_t kMaxEntries = 10000;
  // the query -> the code -> why
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> why_;
  std::size_t entries_ = 0;
  std::set<std::string> tables_;
};

// A line may not post to a control account (debtors or creditors control): the customers' or
// suppliers' balances (the open items, the sub-ledger) would no longer add up to it. What names
// an account a control account: its special type (DC, CC), or a customer or supplier naming it
// as its controlaccount. `fine_` keeps the accounts already found fine for this document.
class ControlAccountCheck {
 public:
  ControlAccountCheck(store::Connection& conn, MasterLookup& lookup, const ObjectInfo& info)
      : conn_(conn), lookup_(lookup), info_(info) {
    const DocumentFields& f = info.doc;
    if (f.account >= 0) {
      const DatasetInfo& d = info.datasets[static_cast<std::size_t>(f.lines)];
      accounts_ = d.ref_targets[static_cast<std::size_t>(f.account)];
      lines_ = d.spec;
    }
  }

  void check(const std::string& code, std::size_t line) {
    const DocumentFields::Accounts& a = info_.doc.accounts;
    if (!lines_ || code.empty() || (a.line_type < 0 && a.sql_party_control.empty())) return;
    const std::string key = to_upper(code);
    if (fine_.count(key)) return;
    std::string why;
    if (const std::string type = special_type(lookup_, accounts_, a.line_type, code);
        is_one_of(kControlTypes, type)) {
      why = fmt::format("its {} is {}", kAccountTypeField, type);
    } else if (!a.sql_party_control.empty()) {
      why = party_naming(a, key);
    }
    if (why.empty()) {
      fine_.insert(key);
      return;
    }
    const std::string field =
        fmt::format("{}[{}].{}", lines_->name, line, info_.spec->posting->account);
    throw validation_error(
        field, fmt::format("Field '{}': account '{}' is a control account ({}); a line posting to "
                           "it directly would leave the customers' or suppliers' balances out of "
                           "agreement with it: record what the party owes or pays with a "
                           "customer or supplier document instead",
                           field, code, why));
  }

 private:
  // Why a party names `upper_code` as its control account ("": none does).
  std::string party_naming(const DocumentFields::Accounts& a, const std::string& upper_code) {
    PartyControlCache* cache = conn_.watcher<PartyControlCache>();
    if (cache)
      if (const std::string* kept = cache->find(a.sql_party_control, upper_code)) return *kept;
    std::string why;
    {
      Cursor st(conn_, a.sql_party_control);
      for (int i = 1; i <= a.party_control_params; ++i) st->bind_text(i, upper_code);
      if (st->step()) why = fmt::format("a {} names it as its control account", st->get_text(0));
    }
    if (cache) cache->keep(a, upper_code, why);
    return why;
  }

  store::Connection& conn_;
  MasterLookup& lookup_;
  const ObjectInfo& info_;
  const ObjectInfo* accounts_ = nullptr;
  const DatasetSpec* lines_ = nullptr;
  std::set<std::string> fine_;
};

}  // namespace

// ---- After the write ----------------------------------------------------------------------------

// The rows of dataset `d` of record `id` in stored order (seq, then as written): from the edit
// just written when it carried the dataset, else read back.
std::vector<Row> dataset_rows(store::Connection& conn, const ObjectInfo& info, const DatasetInfo& d,
                              std::int64_t id, const std::vector<DatasetEdit>& written) {
  const auto di = static_cast<std::size_t>(&d - info.datasets.data());
  std::vector<Row> rows;
  if (di < written.size() && written[di].given) {
    std::vector<const DatasetRowEdit*> order;
    for (const DatasetRowEdit& r : written[di].rows) order.push_back(&r);
    std::stable_sort(
        order.begin(), order.end(),
        [](const DatasetRowEdit* a, const DatasetRowEdit* b) { return a->seq < b->seq; });
    for (const DatasetRowEdit* r : order) rows.push_back(r->cells);
    return rows;
  }
  Cursor st(conn, d.sql_rows);
  st->bind_int(1, id);
  while (st->step()) rows.push_back(read_cells(d.spec->fields, *st));
  return rows;
}

ledger::PostingDocument posting_document(store::Connection& conn, MasterLookup& lookup,
                                         const ObjectInfo& info, const Row& row, std::int64_t id,
                                         const std::vector<DatasetEdit>& written) {
  const PostingSpec& ps = *info.spec->posting;
  const DocumentFields& f = info.doc;
  auto text_of = [](const Row& r, int i) {
    return i < 0 ? std::string() : r[static_cast<std::size_t>(i)].s;
  };
  auto money_of = [](std::span<const FieldSpec> fields, const Row& r, int i) {
    return i < 0 ? Decimal()
                 : decimal_of(fields[static_cast<std::size_t>(i)], r[static_cast<std::size_t>(i)]);
  };
  const std::span<const FieldSpec> mf = info.spec->fields;
  ledger::PostingDocument doc;
  doc.doctype = std::string(ps.doctype);
  doc.rules = ps.rules;
  doc.dockey = id;
  doc.docno = row[info.key_field].s;
  doc.postdate = text_of(row, f.postdate);
  doc.description = text_of(row, f.description);
  doc.project = text_of(row, f.project);
  doc.party = text_of(row, f.party);
  if (!f.control_account.empty()) doc.control_account = lookup.follow(f.control_account, row);
  check_payment_account(lookup, info, row);
  doc.payment_account = text_of(row, f.payment_account);
  doc.doc_amount = money_of(mf, row, f.doc_amount);

  const DatasetInfo& d = info.datasets[static_cast<std::size_t>(f.lines)];
  const std::span<const FieldSpec> lf = d.spec->fields;
  ControlAccountCheck control_accounts(conn, lookup, info);
  std::size_t n = 0;
  for (const Row& r : dataset_rows(conn, info, d, id, written)) {
    if (f.dr >= 0 && f.cr >= 0) {
      const std::int64_t dr = r[static_cast<std::size_t>(f.dr)].i;
      const std::int64_t cr = r[static_cast<std::size_t>(f.cr)].i;
      if (dr < 0 || cr < 0 || (dr != 0) == (cr != 0))
        throw validation_error(
            fmt::format("{}[{}].{}", d.spec->name, n, ps.dr),
            fmt::format("Row {}[{}] must have exactly one of {} and {} non-zero, none negative",
                        d.spec->name, n, ps.dr, ps.cr));
    }
    ledger::PostingLine line;
    line.account = text_of(r, f.account);
    control_accounts.check(line.account, n);
    line.dr = money_of(lf, r, f.dr);
    line.cr = money_of(lf, r, f.cr);
    line.amount = money_of(lf, r, f.amount);
    line.tax = money_of(lf, r, f.tax);
    if (!line.tax.is_zero() && !f.tax_account.empty())
      line.tax_account = lookup.follow(f.tax_account, r);
    line.item = text_of(r, f.item);
    line.location = text_of(r, f.location);
    line.from_location = text_of(r, f.from_location);
    line.to_location = text_of(r, f.to_location);
    line.qty = money_of(lf, r, f.qty);
    if (f.qty_rate >= 0)
      line.qty = line.qty.multiply(money_of(lf, r, f.qty_rate), ledger::kQtyScale);
    if (!f.stock_control.empty() && !line.item.empty()) {
      const auto control = lookup.follow_value(f.stock_control, r);
      if (control && control->cell.i == 0) line.qty = Decimal();  // a service: no stock
    }
    if (line.item.empty()) line.qty = Decimal();  // a text or GL line
    // A row taken from a document that moved the goods already (an invoice row from a delivery
    // order): the sale posts, the stock does not move twice. stock_moved_by names only transfer
    // sources (checked at registration), so the transfer fields are resolved; the stored
    // fromdoctype is the source's own spelling (take_transfers).
    if (!ps.stock_moved_by.empty() && is_one_of(ps.stock_moved_by, r[f.transfer.type].s))
      line.qty = Decimal();
    line.description = text_of(r, f.line_description);
    line.project = text_of(r, f.line_project);
    doc.lines.push_back(std::move(line));
    ++n;
  }
  // A journal (lines with a debit or a credit) posts only its lines: without one it is no entry.
  if (f.dr >= 0 && n == 0)
    throw validation_error(
        std::string(d.spec->name),
        fmt::format("Field '{}' needs at least one row (a journal entry posts only its lines: "
                    "debits and credits that balance)",
                    d.spec->name));
  if (f.knockoffs >= 0) {
    const DatasetInfo* kd = &info.datasets[static_cast<std::size_t>(f.knockoffs)];
    const DocumentFields::KnockOffs& k = f.knockoff;
    int line = 0;
    for (const Row& r : dataset_rows(conn, info, *kd, id, written)) {
      if (r[k.knockoff].i)
        doc.knockoffs.push_back({r[k.doctype].s, r[k.docno].s, r[k.refdockey].i,
                                 decimal_of(kd->field(k.koamt), r[k.koamt]), line,
                                 fmt::format("{}[{}].koamt", ps.knockoffs, line)});
      ++line;
    }
  }
  return doc;
}

bool is_cancelled(const ObjectInfo& info, const Row& row) {
  const int c = info.doc.cancelled;
  return c >= 0 && row[static_cast<std::size_t>(c)].i;
}

namespace {

// The masters that show balances for a document spec (nullptr: none), and what the ledger says
// such a balance is (a party's negated for a creditor). One place for both the showing
// (show_ledger_balances) and the checking (check_kept_balances).
const ObjectInfo* party_master(const ObjectInfo& info) {
  const PostingSpec& ps = *info.spec->posting;
  if (ps.party_balance.empty() || info.doc.party < 0) return nullptr;
  return info.ref_targets[static_cast<std::size_t>(info.doc.party)];
}

const ObjectInfo* item_master(const ObjectInfo& info) {
  const PostingSpec& ps = *info.spec->posting;
  if (ps.item_balance.empty() || info.doc.item < 0) return nullptr;
  const DatasetInfo& d = info.datasets[static_cast<std::size_t>(info.doc.lines)];
  return d.ref_targets[static_cast<std::size_t>(info.doc.item)];
}

Decimal ledger_party_balance(store::Connection& conn, const PostingSpec& ps,
                             std::string_view party) {
  const Decimal balance = ledger::party_balance(conn, party);
  return ps.credit_party ? -balance : balance;
}

}  // namespace
}  // namespace document_parts

// ---- Public (documents.h) ----------------------------------------------------------------------

using document_parts::item_master;
using document_parts::ledger_party_balance;
using document_parts::party_master;

void show_ledger_balances(std::vector<std::unique_ptr<ObjectInfo>>& infos) {
  auto show = [&](const ObjectInfo* shown_by, std::string_view field, int& index, auto sql_of) {
    for (auto& target : infos) {
      if (target.get() != shown_by) continue;
      const int f = target->find_field(field);
      index = f;
      if (f < 0) continue;
      const auto i = static_cast<std::size_t>(f);
      const std::string code = quote_ident(target->spec->table) + "." +
                               quote_ident(target->field(target->key_field).name);
      const std::string sql = sql_of(code);
      if (target->from_ledger[i] && target->column_sql[i] != sql)
        throw std::invalid_argument(
            fmt::format("bizobject: {}.{} is shown two ways", target->spec->resource, field));
      target->column_sql[i] = sql;
      target->from_ledger[i] = true;
      build_read_sql(*target);
    }
  };
  for (auto& info : infos) {
    const PostingSpec* ps = info->spec->posting;
    if (!ps) continue;
    show(party_master(*info), ps->party_balance, info->doc.party_balance,
         [&](const std::string& code) {
           const std::string sum = ledger::party_balance_sql(code);
           return ps->credit_party ? "-" + sum : sum;
         });
    show(item_master(*info), ps->item_balance, info->doc.item_balance, ledger::stock_on_hand_sql);
  }
}

void check_kept_balances(store::Connection& conn,
                         const std::vector<std::unique_ptr<ObjectInfo>>& infos,
                         std::vector<std::string>& problems) {
  std::set<std::pair<const ObjectInfo*, int>> checked;
  auto check = [&](const ObjectInfo* target, int f, auto expected_of) {
    if (!target || f < 0 || !checked.emplace(target, f).second) return;
    const FieldSpec& fs = target->field(static_cast<std::size_t>(f));
    const std::string_view field = fs.name;
    const std::string_view key = target->field(target->key_field).name;
    Cursor st(conn, fmt::format("SELECT {}, {} FROM {} ORDER BY {}", quote_ident(key),
                                target->column_sql[static_cast<std::size_t>(f)],
                                quote_ident(target->spec->table), quote_ident(key)));
    std::vector<std::pair<std::string, std::int64_t>> rows;
    while (st->step()) rows.emplace_back(std::string(st->get_text(0)), st->get_int(1));
    st->reset();
    for (const auto& [code, units] : rows) {
      const Decimal kept = Decimal::from_units(units, fs.scale);
      const Decimal expected = expected_of(code);
      if (kept != expected)
        problems.push_back(fmt::format("{} '{}': {} is {} but the ledger says {}",
                                       target->spec->resource, code, field, kept.to_string(),
                                       expected.rescaled(fs.scale).to_string()));
    }
  };
  for (const auto& info : infos) {
    const PostingSpec* ps = info->spec->posting;
    if (!ps) continue;
    check(party_master(*info), info->doc.party_balance,
          [&](const std::string& code) { return ledger_party_balance(conn, *ps, code); });
    check(item_master(*info), info->doc.item_balance,
          [&](const std::string& code) { return ledger::stock_on_hand(conn, code); });
  }
}

}  // namespace sqlacc::bizobject
