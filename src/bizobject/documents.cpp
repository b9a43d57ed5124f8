#include "bizobject/documents.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "bizobject/cursor.h"
#include "bizobject/master_lookup.h"
#include "bizobject/problem.h"
#include "bizobject/record_input.h"
#include "bizobject/text.h"
#include "ledger/ledger_store.h"
#include "ledger/open_items.h"
#include "ledger/reports.h"
#include "util/decimal.h"

namespace sqlacc::bizobject {
namespace {

constexpr int kMoney = 2;

int find_in(std::span<const FieldSpec> fields, std::string_view name) {
  if (name.empty()) return -1;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (iequals(fields[i].name, name)) return static_cast<int>(i);
  return -1;
}

bool is_local_currency(std::string_view code) { return code.empty() || code == "----"; }

Decimal decimal_of(const FieldSpec& f, const Cell& c) { return Decimal::from_units(c.i, f.scale); }

// A copy entry of PartyFillSpec / AmountSpec::item_defaults: "to=from", or "name" for both.
std::pair<std::string_view, std::string_view> copy_names(std::string_view entry) {
  const std::size_t eq = entry.find('=');
  if (eq == std::string_view::npos) return {entry, entry};
  return {entry.substr(0, eq), entry.substr(eq + 1)};
}

const DatasetInfo* dataset_of(const ObjectInfo& info, std::string_view name) {
  const int ds = name.empty() ? -1 : info.find_dataset(name);
  return ds < 0 ? nullptr : &info.datasets[static_cast<std::size_t>(ds)];
}

std::string_view lines_name(const ObjectSpec& spec) {
  if (spec.amounts) return spec.amounts->lines;
  return spec.posting ? spec.posting->lines : std::string_view();
}

// ---- Party defaults -----------------------------------------------------------------------------

void fill_from_party(MasterLookup& lookup, store::Connection& conn, RecordEdit& e) {
  const PartyFillSpec& pf = *e.info.spec->party_fill;
  const auto p = e.field(pf.party);
  const ObjectInfo* party = e.info.ref_targets[p];
  const Record* r = party ? lookup.record(*party, e.row[p].s) : nullptr;
  if (!r) return;
  auto copy = [&](std::string_view entry, std::span<const FieldSpec> from, const Row& row) {
    const auto [to_name, from_name] = copy_names(entry);
    const std::size_t to = e.field(to_name);
    const int at = find_in(from, from_name);
    if (at >= 0 && !e.given[to]) e.row[to] = row[static_cast<std::size_t>(at)];
  };
  for (std::string_view name : pf.fields) copy(name, party->spec->fields, r->row);
  const DatasetInfo* address = dataset_of(*party, pf.address_dataset);
  if (!address) return;
  Cursor st(conn, address->sql_rows);
  st->bind_int(1, r->id);
  if (!st->step()) return;
  const Row first = read_cells(address->spec->fields, *st);
  for (std::string_view name : pf.address_fields) copy(name, address->spec->fields, first);
}

// An update that leaves the lines out keeps them, but they are recomputed (a new currency rate
// changes every local amount): load them into the edit as rows kept unchanged.
void load_kept_rows(store::Connection& conn, RecordEdit& e, std::size_t ds) {
  DatasetEdit& edit = e.datasets[ds];
  if (e.creating || edit.given) return;
  edit.given = true;
  std::map<std::int64_t, DatasetRowEdit> rows = stored_rows(conn, e.info.datasets[ds], e.id);
  std::vector<DatasetRowEdit> ordered;
  for (auto& [key, row] : rows) ordered.push_back(std::move(row));
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const DatasetRowEdit& a, const DatasetRowEdit& b) { return a.seq < b.seq; });
  edit.rows = std::move(ordered);
}

// ---- Transfers (Sales Order -> Sales Invoice) ---------------------------------------------------

struct TransferFields {
  int type = -1, dockey = -1, dtlkey = -1, qty = -1;
};
TransferFields transfer_fields(const DatasetInfo& d) {
  return {d.find_field("fromdoctype"), d.find_field("fromdockey"), d.find_field("fromdtlkey"),
          d.find_field("qty")};
}

std::int64_t transferred_elsewhere(store::Connection& conn, std::string_view from_doctype,
                                   std::int64_t from_dtlkey, std::string_view doctype,
                                   std::int64_t dockey) {
  Cursor st(conn,
            "SELECT COALESCE(SUM(\"qty\"), 0) FROM \"doc_transfer\" WHERE \"from_doctype\" = ? "
            "AND \"from_dtlkey\" = ? AND NOT (\"doctype\" = ? AND \"dockey\" = ?)");
  st->bind_text(1, from_doctype);
  st->bind_int(2, from_dtlkey);
  st->bind_text(3, doctype);
  st->bind_int(4, dockey);
  return st->step() ? st->get_int(0) : 0;
}

// A row field the AmountSpec computes (never copied from a transfer source).
bool is_computed(const AmountSpec* a, std::string_view name) {
  if (!a) return false;
  for (std::string_view n :
       {a->taxrate, a->taxamt, a->localamount, a->localtaxamt, a->amountwithtax, a->uom_rate})
    if (!n.empty() && n == name) return true;
  return !a->price.empty() && a->amount == name;
}

void take_transfers(store::Connection& conn, RecordEdit& e, std::size_t ds) {
  const DatasetInfo& d = e.info.datasets[ds];
  const TransferFields tf = transfer_fields(d);
  const std::string_view doctype = e.info.spec->posting->doctype;
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> taken;  // by this body
  std::size_t index = 0;
  for (DatasetRowEdit& row : e.datasets[ds].rows) {
    const std::string at = fmt::format("{}[{}]", d.spec->name, index++);
    Cell& type = row.cells[static_cast<std::size_t>(tf.type)];
    if (type.s.empty()) continue;
    const ObjectInfo* src = nullptr;
    for (const ObjectInfo* s : e.info.transfer_sources)
      if (iequals(s->spec->posting->doctype, type.s)) src = s;
    if (!src)
      throw validation_error(at + ".fromdoctype",
                             fmt::format("Field '{}.fromdoctype': {} cannot be transferred from "
                                         "'{}'",
                                         at, e.info.spec->resource, type.s));
    type.s = std::string(src->spec->posting->doctype);
    const std::int64_t from_dockey = row.cells[static_cast<std::size_t>(tf.dockey)].i;
    const std::int64_t from_dtlkey = row.cells[static_cast<std::size_t>(tf.dtlkey)].i;
    Row master;
    {
      Cursor st(conn, src->sql_by_id);
      st->bind_int(1, from_dockey);
      if (!st->step())
        throw validation_error(at + ".fromdockey",
                               fmt::format("Field '{}.fromdockey': no {} with dockey {}", at,
                                           src->spec->resource, from_dockey));
      master = read_cells(src->spec->fields, *st);
    }
    const std::string& src_docno = master[src->key_field].s;
    if (const int c = find_in(src->spec->fields, src->spec->posting->cancelled);
        c >= 0 && master[static_cast<std::size_t>(c)].i)
      throw validation_error(at + ".fromdockey",
                             fmt::format("Field '{}.fromdockey': {} {} is cancelled", at,
                                         src->spec->resource, src_docno));
    const std::string_view party_name = e.info.spec->posting->party;
    const int our_party = find_in(e.info.spec->fields, party_name);
    const int their_party = find_in(src->spec->fields, src->spec->posting->party);
    if (our_party >= 0 && their_party >= 0 &&
        !iequals(e.row[static_cast<std::size_t>(our_party)].s,
                 master[static_cast<std::size_t>(their_party)].s))
      throw validation_error(at + ".fromdockey",
                             fmt::format("Field '{}.fromdockey': {} {} belongs to '{}', not '{}'",
                                         at, src->spec->resource, src_docno,
                                         master[static_cast<std::size_t>(their_party)].s,
                                         e.row[static_cast<std::size_t>(our_party)].s));
    const DatasetInfo& sd = *dataset_of(*src, src->spec->posting->lines);
    std::optional<Row> source;
    {
      Cursor st(conn, sd.sql_rows);
      st->bind_int(1, from_dockey);
      const auto n = static_cast<int>(sd.field_count());
      while (st->step())
        if (st->get_int(n) == from_dtlkey) source = read_cells(sd.spec->fields, *st);
    }
    if (!source)
      throw validation_error(at + ".fromdtlkey",
                             fmt::format("Field '{}.fromdtlkey': {} {} has no row with dtlkey {}",
                                         at, src->spec->resource, src_docno, from_dtlkey));
    const auto src_qty = static_cast<std::size_t>(sd.find_field("qty"));
    const std::int64_t ordered = (*source)[src_qty].i;
    std::int64_t& mine = taken[{std::string(src->spec->posting->doctype), from_dtlkey}];
    const std::int64_t outstanding =
        ordered - mine -
        transferred_elsewhere(conn, src->spec->posting->doctype, from_dtlkey, doctype, e.id);
    const auto q = static_cast<std::size_t>(tf.qty);
    const int scale = d.field(q).scale;
    const auto qty_text = [&](std::int64_t units) {
      return Decimal::from_units(units, scale).to_string();
    };
    if (row.cells[q].i == 0) {  // 0 or left out: what is outstanding
      if (outstanding <= 0)
        throw validation_error(at + ".qty",
                               fmt::format("Field '{}.qty': nothing left to transfer from {} {} "
                                           "row dtlkey {}",
                                           at, src->spec->resource, src_docno, from_dtlkey));
      row.cells[q].i = outstanding;
    } else if (row.cells[q].i > outstanding) {
      throw validation_error(
          at + ".qty",
          fmt::format("Field '{}.qty': {} is more than the {} outstanding on {} {} row dtlkey {}",
                      at, qty_text(row.cells[q].i),
                      qty_text(std::max<std::int64_t>(outstanding, 0)), src->spec->resource,
                      src_docno, from_dtlkey));
    }
    mine += row.cells[q].i;
    if (row.dtlkey != 0) continue;  // a kept row keeps its own values
    for (std::size_t j = 0; j < sd.field_count(); ++j) {
      const FieldSpec& f = sd.field(j);
      if (f.name == "qty" || f.name == "transferredqty" || f.name.starts_with("from") ||
          is_computed(e.info.spec->amounts, f.name))
        continue;
      const int to = d.find_field(f.name);
      if (to < 0 || row.given[static_cast<std::size_t>(to)] ||
          d.field(static_cast<std::size_t>(to)).type != f.type ||
          d.field(static_cast<std::size_t>(to)).read_only)
        continue;
      row.cells[static_cast<std::size_t>(to)] = (*source)[j];
      row.given[static_cast<std::size_t>(to)] = true;  // as if sent: item defaults stay off
    }
  }
}

// ---- Amounts ------------------------------------------------------------------------------------

// Applies a discount expression ("10%", "5", "10%+5") to an amount, term by term.
Decimal apply_discount(const Decimal& gross, std::string_view expr, const std::string& path) {
  Decimal amount = gross.rescaled(kMoney);
  std::string_view rest = expr;
  while (!rest.empty()) {
    const std::size_t plus = rest.find('+');
    std::string_view term = rest.substr(0, plus);
    rest = plus == std::string_view::npos ? std::string_view() : rest.substr(plus + 1);
    while (!term.empty() && term.front() == ' ') term.remove_prefix(1);
    while (!term.empty() && term.back() == ' ') term.remove_suffix(1);
    if (term.empty() && rest.empty() && plus == std::string_view::npos) break;
    const bool percent = !term.empty() && term.back() == '%';
    if (percent) term.remove_suffix(1);
    const std::optional<Decimal> value = Decimal::parse(term, percent ? 4 : kMoney);
    if (term.empty() || !value || value->is_negative())
      throw validation_error(path, fmt::format("Field '{}': discount '{}' is not like '10%', '5' "
                                               "or '10%+5'",
                                               path, expr));
    amount -= percent ? amount.multiply_divide(*value, *Decimal::from_int(100, 0), kMoney) : *value;
  }
  if (amount.is_negative() && !gross.is_negative())
    throw validation_error(path, fmt::format("Field '{}': discount '{}' is more than the amount {}",
                                             path, expr, gross.rescaled(kMoney).to_string()));
  return amount;
}

std::string percent_text(const Decimal& rate) {
  std::string s = rate.to_string();
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s + "%";
}

// Field indexes of one AmountSpec in its lines dataset and master (-1 = not used).
struct AmountFields {
  int qty, price, disc, tax, taxinclusive, taxrate, taxamt, amount, localamount, localtaxamt,
      amountwithtax, account, item, uom, uom_rate;
  int currencyrate, docamt, localdocamt, unapplied;
};
AmountFields amount_fields(const ObjectInfo& info, const DatasetInfo& d, const AmountSpec& a) {
  auto line = [&](std::string_view n) { return n.empty() ? -1 : d.find_field(n); };
  auto master = [&](std::string_view n) { return n.empty() ? -1 : info.find_field(n); };
  return {
      line(a.qty),          line(a.price),         line(a.disc),          line(a.tax),
      line(a.taxinclusive), line(a.taxrate),       line(a.taxamt),        line(a.amount),
      line(a.localamount),  line(a.localtaxamt),   line(a.amountwithtax), line(a.account),
      line(a.item),         line(a.uom),           line(a.uom_rate),      master(a.currencyrate),
      master(a.docamt),     master(a.localdocamt), master(a.unapplied)};
}

// Stores a computed value; a value the client sent for the field must be the same.
void put(std::span<const FieldSpec> fields, Row& cells, const std::vector<bool>& given, int index,
         const Decimal& value, const std::string& path) {
  if (index < 0) return;
  const auto i = static_cast<std::size_t>(index);
  const FieldSpec& f = fields[i];
  const Decimal v = value.rescaled(f.scale);
  if (given[i] && cells[i].i != v.units())
    throw validation_error(path, fmt::format("Field '{}' is {} but the server computes {}", path,
                                             decimal_of(f, cells[i]).to_string(), v.to_string()));
  cells[i].i = v.units();
}

// The item's units: `uom` empty -> the item's base uom (filled); the rate of that uom.
Decimal uom_rate(store::Connection& conn, const ObjectInfo& item_info, const Record& item,
                 std::string& uom, const std::string& path) {
  const DatasetInfo* units = dataset_of(item_info, "sdsuom");
  const int base = item_info.find_field("uom");
  if (uom.empty() && base >= 0) uom = item.row[static_cast<std::size_t>(base)].s;
  if (!units) return *Decimal::from_int(1, 0);
  const auto f_uom = static_cast<std::size_t>(units->find_field("uom"));
  const auto f_rate = static_cast<std::size_t>(units->find_field("rate"));
  std::string known;
  Cursor st(conn, units->sql_rows);
  st->bind_int(1, item.id);
  while (st->step()) {
    const Row r = read_cells(units->spec->fields, *st);
    if (iequals(r[f_uom].s, uom)) {
      uom = r[f_uom].s;
      return decimal_of(units->field(f_rate), r[f_rate]);
    }
    known += known.empty() ? r[f_uom].s : ", " + r[f_uom].s;
  }
  throw validation_error(path, fmt::format("Field '{}': '{}' is not a UOM of item '{}' ({})", path,
                                           uom, item.row[item_info.key_field].s, known));
}

// The document's currency rules (AmountSpec::currency): it is the party's currency; the local
// currency has rate 1; a foreign one left without a rate takes the currency's default rate.
// Returns the rate (1 without a rate field).
Decimal currency_rate(MasterLookup& lookup, RecordEdit& e) {
  const AmountSpec& a = *e.info.spec->amounts;
  const int rf = a.currencyrate.empty() ? -1 : e.info.find_field(a.currencyrate);
  if (rf < 0) return *Decimal::from_int(1, 0);
  const auto r = static_cast<std::size_t>(rf);
  const FieldSpec& rate_field = e.info.field(r);
  const std::string name(a.currencyrate);
  const std::int64_t one = Decimal::from_units(1, 0).rescaled(rate_field.scale).units();
  if (!a.currency.empty()) {
    const std::size_t c = e.field(a.currency);
    const std::string& code = e.row[c].s;
    if (!a.party_currency.empty()) {
      const std::string party =
          lookup.follow(e.info.spec->fields, e.info.ref_targets, e.row, a.party_currency);
      const std::string_view party_field = a.party_currency.substr(0, a.party_currency.find('>'));
      if (is_local_currency(code) != is_local_currency(party) ||
          (!is_local_currency(code) && !iequals(code, party)))
        throw validation_error(
            std::string(a.currency),
            fmt::format("Field '{}': the document is in '{}' but '{}' deals in '{}'", a.currency,
                        code, e.row[e.field(party_field)].s, party.empty() ? "----" : party));
    }
    const bool currency_changed = !e.stored || !iequals((*e.stored)[c].s, code);
    if (is_local_currency(code)) {
      if (e.given[r] && e.row[r].i != one)
        throw validation_error(name,
                               fmt::format("Field '{}' must be 1 for the local currency", name));
      e.row[r].i = one;
    } else if (!e.given[r] && currency_changed && !a.default_rate.empty()) {
      const auto v =
          lookup.follow_value(e.info.spec->fields, e.info.ref_targets, e.row, a.default_rate);
      if (!v || v->cell.i <= 0)
        throw validation_error(
            name,
            fmt::format("Field '{}' is required: currency '{}' has no default rate", name, code));
      e.row[r].i = decimal_of(*v->field, v->cell).rescaled(rate_field.scale).units();
    }
  }
  const Decimal fx = decimal_of(rate_field, e.row[r]);
  if (fx.is_negative() || fx.is_zero())
    throw validation_error(name, fmt::format("Field '{}' must be greater than 0", name));
  return fx;
}

void compute_amounts(store::Connection& conn, MasterLookup& lookup, RecordEdit& e, std::size_t ds) {
  const AmountSpec& a = *e.info.spec->amounts;
  const DatasetInfo& d = e.info.datasets[ds];
  const AmountFields f = amount_fields(e.info, d, a);
  const std::span<const FieldSpec> lf = d.spec->fields;
  const Decimal hundred = *Decimal::from_int(100, 0);
  const Decimal fx = currency_rate(lookup, e);
  Decimal total = Decimal::from_units(0, kMoney), local_total = total;
  std::size_t index = 0;
  try {
    for (DatasetRowEdit& row : e.datasets[ds].rows) {
      Row& c = row.cells;
      const std::string at = fmt::format("{}[{}]", d.spec->name, index++);
      auto path = [&](int i) {
        return fmt::format("{}.{}", at, lf[static_cast<std::size_t>(i)].name);
      };
      const ObjectInfo* item_info =
          f.item < 0 ? nullptr : d.ref_targets[static_cast<std::size_t>(f.item)];
      const Record* item =
          item_info ? lookup.record(*item_info, c[static_cast<std::size_t>(f.item)].s) : nullptr;
      if (item && row.dtlkey == 0)
        for (std::string_view entry : a.item_defaults) {
          const auto [to_name, from_name] = copy_names(entry);
          const auto to = static_cast<std::size_t>(d.find_field(to_name));
          const int at = item_info->find_field(from_name);
          if (!row.given[to] && at >= 0) c[to] = item->row[static_cast<std::size_t>(at)];
        }
      if (item && f.uom >= 0) {
        const Decimal rate =
            uom_rate(conn, *item_info, *item, c[static_cast<std::size_t>(f.uom)].s, path(f.uom));
        put(lf, c, row.given, f.uom_rate, rate, path(f.uom_rate));
      }
      if (f.account >= 0 && c[static_cast<std::size_t>(f.account)].s.empty()) {
        std::string account;
        if (item && !a.item_account.empty())
          account = lookup.follow(lf, d.ref_targets, c, a.item_account);
        if (account.empty()) account = std::string(a.default_account);
        const ObjectInfo* accounts = d.ref_targets[static_cast<std::size_t>(f.account)];
        const Record* r = accounts ? lookup.record(*accounts, account) : nullptr;
        if (!r)
          throw validation_error(path(f.account),
                                 fmt::format("Field '{}' is empty and no default GL account "
                                             "exists ('{}'): give one",
                                             path(f.account), account));
        c[static_cast<std::size_t>(f.account)].s = r->row[accounts->key_field].s;
      }
      if (f.price < 0 && f.amount < 0) continue;  // units only (stock transfer)
      Decimal amount;
      if (f.price >= 0) {
        const Decimal qty =
            decimal_of(lf[static_cast<std::size_t>(f.qty)], c[static_cast<std::size_t>(f.qty)]);
        const Decimal price =
            decimal_of(lf[static_cast<std::size_t>(f.price)], c[static_cast<std::size_t>(f.price)]);
        amount = qty.multiply(price, kMoney);
        if (f.disc >= 0)
          amount = apply_discount(amount, c[static_cast<std::size_t>(f.disc)].s, path(f.disc));
      } else {
        amount = decimal_of(lf[static_cast<std::size_t>(f.amount)],
                            c[static_cast<std::size_t>(f.amount)]);
      }
      Decimal rate = Decimal::from_units(0, 2), tax = Decimal::from_units(0, kMoney);
      if (f.tax >= 0 && !c[static_cast<std::size_t>(f.tax)].s.empty()) {
        const ObjectInfo* taxes = d.ref_targets[static_cast<std::size_t>(f.tax)];
        const Record* code =
            taxes ? lookup.record(*taxes, c[static_cast<std::size_t>(f.tax)].s) : nullptr;
        const int rf = taxes ? taxes->find_field("taxrate") : -1;
        if (code && rf >= 0)
          rate = decimal_of(taxes->field(static_cast<std::size_t>(rf)),
                            code->row[static_cast<std::size_t>(rf)]);
      }
      const bool inclusive = f.taxinclusive >= 0 && c[static_cast<std::size_t>(f.taxinclusive)].i;
      if (!rate.is_zero()) {
        if (inclusive) {
          tax = amount.multiply_divide(rate, hundred + rate, kMoney);
          amount -= tax;
        } else {
          tax = amount.multiply_divide(rate, hundred, kMoney);
        }
      }
      if (f.taxrate >= 0)
        c[static_cast<std::size_t>(f.taxrate)].s = rate.is_zero() ? "" : percent_text(rate);
      const Decimal local_amount = amount.multiply(fx, kMoney);
      const Decimal local_tax = tax.multiply(fx, kMoney);
      if (f.price >= 0) put(lf, c, row.given, f.amount, amount, path(f.amount));
      put(lf, c, row.given, f.taxamt, tax, path(f.taxamt));
      put(lf, c, row.given, f.localamount, local_amount, path(f.localamount));
      put(lf, c, row.given, f.localtaxamt, local_tax, path(f.localtaxamt));
      put(lf, c, row.given, f.amountwithtax, amount + tax, path(f.amountwithtax));
      total += amount + tax;
      local_total += local_amount + local_tax;
    }
    const std::span<const FieldSpec> mf = e.info.spec->fields;
    std::vector<bool> given(e.given.begin(), e.given.end());
    if (a.docamt_entered) {
      const auto i = static_cast<std::size_t>(f.docamt);
      total = decimal_of(mf[i], e.row[i]);
      if (!e.given[i] && e.creating)
        throw validation_error(std::string(a.docamt),
                               fmt::format("Field '{}' is required", a.docamt));
      if (total.is_negative() || total.is_zero())
        throw validation_error(std::string(a.docamt),
                               fmt::format("Field '{}' must be greater than 0", a.docamt));
      local_total = total.multiply(fx, kMoney);
    } else if (f.docamt >= 0) {
      put(mf, e.row, given, f.docamt, total, std::string(a.docamt));
    }
    put(mf, e.row, given, f.localdocamt, local_total, std::string(a.localdocamt));
    if (f.unapplied >= 0) {
      const PostingSpec& ps = *e.info.spec->posting;
      const std::size_t kds = e.dataset(ps.knockoffs);
      const DatasetInfo& kd = e.info.datasets[kds];
      const auto f_ko = static_cast<std::size_t>(kd.find_field("koamt"));
      const auto f_on = static_cast<std::size_t>(kd.find_field("knockoff"));
      Decimal applied = Decimal::from_units(0, kMoney);
      for (const DatasetRowEdit& r : e.datasets[kds].rows)
        if (r.cells[f_on].i) applied += decimal_of(kd.field(f_ko), r.cells[f_ko]);
      if (applied > total)
        throw validation_error(
            std::string(ps.knockoffs),
            fmt::format("Field '{}': knock-offs total {} exceed {} {}", ps.knockoffs,
                        applied.to_string(), a.docamt, total.to_string()));
      put(mf, e.row, given, f.unapplied, total - applied, std::string(a.unapplied));
    }
  } catch (const std::overflow_error&) {
    throw validation_error(std::string(a.docamt), "Amounts are too large");
  }
}

// ---- Knock-off rows -----------------------------------------------------------------------------

struct KnockOffFields {
  std::size_t doctype, docno, refdockey, koamt, knockoff;
};
KnockOffFields knockoff_fields(const DatasetInfo& d) {
  auto at = [&](std::string_view n) {
    const int i = d.find_field(n);
    if (i < 0) throw std::logic_error(fmt::format("bizobject: knock-off field '{}' missing", n));
    return static_cast<std::size_t>(i);
  };
  return {at("doctype"), at("docno"), at("refdockey"), at("koamt"), at("knockoff")};
}

// Names each applied row's target by its stored docno and dockey, and checks it is a document of
// this party; the amounts are checked by the ledger (it knows what is outstanding).
void resolve_knockoffs(store::Connection& conn, RecordEdit& e) {
  const PostingSpec& ps = *e.info.spec->posting;
  const std::size_t ds = e.dataset(ps.knockoffs);
  const DatasetInfo& d = e.info.datasets[ds];
  const KnockOffFields k = knockoff_fields(d);
  const std::string& party = e.row[e.field(ps.party)].s;
  // Open items are in local currency; applying a foreign amount would need the realised exchange
  // gain or loss posted, which sqlacc does not do yet: refuse rather than post wrong numbers.
  const AmountSpec* a = e.info.spec->amounts;
  const bool foreign =
      a && !a->currency.empty() && !is_local_currency(e.row[e.field(a->currency)].s);
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

// ---- After the write ----------------------------------------------------------------------------

[[noreturn]] void rethrow_posting(const ledger::PostingError& e, const ObjectInfo& info) {
  if (dynamic_cast<const ledger::KnockedOff*>(&e)) throw Problem(409, "Conflict", e.what());
  if (const auto* k = dynamic_cast<const ledger::KnockOffRefused*>(&e))
    throw Problem(400, "ValidationError", e.what(),
                  fmt::format("{}[{}].koamt", info.spec->posting->knockoffs, k->line()));
  if (dynamic_cast<const ledger::Unbalanced*>(&e)) throw Problem(400, "Unbalanced", e.what());
  throw Problem(400, "PostingError", e.what());
}

ledger::PostingDocument posting_document(store::Connection& conn, MasterLookup& lookup,
                                         const ObjectInfo& info, const Row& row, std::int64_t id) {
  const PostingSpec& ps = *info.spec->posting;
  const std::span<const FieldSpec> mf = info.spec->fields;
  auto text_of = [](std::span<const FieldSpec> fields, const Row& r, std::string_view name) {
    const int i = find_in(fields, name);
    return i < 0 ? std::string() : r[static_cast<std::size_t>(i)].s;
  };
  auto money_of = [](std::span<const FieldSpec> fields, const Row& r, std::string_view name) {
    const int i = find_in(fields, name);
    return i < 0 ? Decimal()
                 : decimal_of(fields[static_cast<std::size_t>(i)], r[static_cast<std::size_t>(i)]);
  };
  ledger::PostingDocument doc;
  doc.doctype = std::string(ps.doctype);
  doc.dockey = id;
  doc.docno = row[info.key_field].s;
  doc.postdate = text_of(mf, row, ps.postdate);
  doc.description = text_of(mf, row, ps.description);
  doc.project = text_of(mf, row, ps.project);
  doc.party = text_of(mf, row, ps.party);
  if (!ps.control_account.empty())
    doc.control_account = lookup.follow(mf, info.ref_targets, row, ps.control_account);
  doc.payment_account = text_of(mf, row, ps.payment_account);
  doc.doc_amount = money_of(mf, row, ps.doc_amount);

  const DatasetInfo& d = *dataset_of(info, ps.lines);
  const std::span<const FieldSpec> lf = d.spec->fields;
  const int f_dr = find_in(lf, ps.dr), f_cr = find_in(lf, ps.cr);
  Cursor st(conn, d.sql_rows);
  st->bind_int(1, id);
  std::size_t n = 0;
  while (st->step()) {
    const Row r = read_cells(lf, *st);
    if (f_dr >= 0 && f_cr >= 0) {
      const std::int64_t dr = r[static_cast<std::size_t>(f_dr)].i;
      const std::int64_t cr = r[static_cast<std::size_t>(f_cr)].i;
      if (dr < 0 || cr < 0 || (dr != 0) == (cr != 0))
        throw validation_error(
            fmt::format("{}[{}].{}", d.spec->name, n, ps.dr),
            fmt::format("Row {}[{}] must have exactly one of {} and {} non-zero, none negative",
                        d.spec->name, n, ps.dr, ps.cr));
    }
    ledger::PostingLine line;
    line.account = text_of(lf, r, ps.account);
    line.dr = money_of(lf, r, ps.dr);
    line.cr = money_of(lf, r, ps.cr);
    line.amount = money_of(lf, r, ps.amount);
    line.tax = money_of(lf, r, ps.tax);
    if (!line.tax.is_zero() && !ps.tax_account.empty())
      line.tax_account = lookup.follow(lf, d.ref_targets, r, ps.tax_account);
    line.item = text_of(lf, r, ps.item);
    line.location = text_of(lf, r, ps.location);
    line.from_location = text_of(lf, r, ps.from_location);
    line.to_location = text_of(lf, r, ps.to_location);
    line.qty = money_of(lf, r, ps.qty);
    if (!ps.qty_rate.empty())
      line.qty = line.qty.multiply(money_of(lf, r, ps.qty_rate), ledger::kQtyScale);
    if (!ps.stock_control.empty() && !line.item.empty()) {
      const auto control = lookup.follow_value(lf, d.ref_targets, r, ps.stock_control);
      if (control && control->cell.i == 0) line.qty = Decimal();  // a service: no stock
    }
    if (line.item.empty()) line.qty = Decimal();  // a text or GL line
    line.description = text_of(lf, r, ps.description);
    line.project = text_of(lf, r, ps.project);
    doc.lines.push_back(std::move(line));
    ++n;
  }
  st->reset();
  if (const DatasetInfo* kd = dataset_of(info, ps.knockoffs)) {
    const KnockOffFields k = knockoff_fields(*kd);
    Cursor ks(conn, kd->sql_rows);
    ks->bind_int(1, id);
    int line = 0;
    while (ks->step()) {
      const Row r = read_cells(kd->spec->fields, *ks);
      if (r[k.knockoff].i)
        doc.knockoffs.push_back({r[k.doctype].s, r[k.docno].s, r[k.refdockey].i,
                                 decimal_of(kd->field(k.koamt), r[k.koamt]), line});
      ++line;
    }
  }
  return doc;
}

bool is_cancelled(const ObjectInfo& info, const Row& row) {
  const int c = find_in(info.spec->fields, info.spec->posting->cancelled);
  return c >= 0 && row[static_cast<std::size_t>(c)].i;
}

// Re-records the transfers this document's rows make (none when cancelled or deleted) and brings
// each source row's transferredqty up to date; a source row over-transferred is a 400.
void record_transfers(store::Connection& conn, const ObjectInfo& info, std::int64_t id,
                      bool released) {
  if (info.transfer_sources.empty()) return;
  const std::string_view doctype = info.spec->posting->doctype;
  std::set<std::pair<std::string, std::int64_t>> affected;
  {
    Cursor st(conn,
              "SELECT \"from_doctype\", \"from_dtlkey\" FROM \"doc_transfer\" WHERE \"doctype\" = "
              "? AND \"dockey\" = ?");
    st->bind_text(1, doctype);
    st->bind_int(2, id);
    while (st->step()) affected.emplace(std::string(st->get_text(0)), st->get_int(1));
  }
  if (!affected.empty()) {
    Cursor st(conn, "DELETE FROM \"doc_transfer\" WHERE \"doctype\" = ? AND \"dockey\" = ?");
    st->bind_text(1, doctype);
    st->bind_int(2, id);
    st->step();
  }
  if (!released) {
    const DatasetInfo& d = *dataset_of(info, info.spec->posting->lines);
    std::vector<std::array<std::int64_t, 4>> rows;  // dtlkey, from_dockey, from_dtlkey, qty
    std::vector<std::string> types;
    {
      Cursor st(conn, fmt::format("SELECT \"dtlkey\", \"fromdoctype\", \"fromdockey\", "
                                  "\"fromdtlkey\", \"qty\" FROM {} WHERE \"parentid\" = ? AND "
                                  "\"fromdoctype\" <> ''",
                                  quote_ident(d.table)));
      st->bind_int(1, id);
      while (st->step()) {
        types.emplace_back(st->get_text(1));
        rows.push_back({st->get_int(0), st->get_int(2), st->get_int(3), st->get_int(4)});
      }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      Cursor st(conn,
                "INSERT INTO \"doc_transfer\" (\"doctype\", \"dockey\", \"dtlkey\", "
                "\"from_doctype\", \"from_dockey\", \"from_dtlkey\", \"qty\") "
                "VALUES (?, ?, ?, ?, ?, ?, ?)");
      st->bind_text(1, doctype);
      st->bind_int(2, id);
      st->bind_int(3, rows[i][0]);
      st->bind_text(4, types[i]);
      st->bind_int(5, rows[i][1]);
      st->bind_int(6, rows[i][2]);
      st->bind_int(7, rows[i][3]);
      st->step();
      affected.emplace(types[i], rows[i][2]);
    }
  }
  for (const auto& [from_doctype, from_dtlkey] : affected)
    for (const ObjectInfo* src : info.transfer_sources) {
      if (src->spec->posting->doctype != from_doctype) continue;
      const DatasetInfo& sd = *dataset_of(*src, src->spec->posting->lines);
      {
        Cursor st(conn, fmt::format("UPDATE {} SET \"transferredqty\" = (SELECT "
                                    "COALESCE(SUM(\"qty\"), 0) FROM \"doc_transfer\" WHERE "
                                    "\"from_doctype\" = ? AND \"from_dtlkey\" = ?) "
                                    "WHERE \"dtlkey\" = ?",
                                    quote_ident(sd.table)));
        st->bind_text(1, from_doctype);
        st->bind_int(2, from_dtlkey);
        st->bind_int(3, from_dtlkey);
        st->step();
      }
      Cursor st(conn, fmt::format("SELECT \"qty\", \"transferredqty\" FROM {} WHERE \"dtlkey\" = ?",
                                  quote_ident(sd.table)));
      st->bind_int(1, from_dtlkey);
      if (st->step() && st->get_int(1) > st->get_int(0))
        throw validation_error(std::string(info.spec->posting->lines),
                               fmt::format("Over-transfer: {} row dtlkey {} would have {} "
                                           "transferred of {}",
                                           src->spec->resource, from_dtlkey,
                                           Decimal::from_units(st->get_int(1), 4).to_string(),
                                           Decimal::from_units(st->get_int(0), 4).to_string()));
    }
}

// A document other documents transferred rows from: those rows stay, with at least the quantity
// transferred, and the document cannot be cancelled or deleted (409 naming the taker).
void check_transfer_source(store::Connection& conn, const ObjectInfo& info, std::int64_t id,
                           bool going) {
  if (!info.transfer_source) return;
  const DatasetInfo& d = *dataset_of(info, info.spec->posting->lines);
  Cursor st(conn,
            "SELECT \"from_dtlkey\", SUM(\"qty\"), MIN(\"doctype\"), MIN(\"dockey\") FROM "
            "\"doc_transfer\" WHERE \"from_doctype\" = ? AND \"from_dockey\" = ? GROUP BY "
            "\"from_dtlkey\" ORDER BY \"from_dtlkey\"");
  st->bind_text(1, info.spec->posting->doctype);
  st->bind_int(2, id);
  while (st->step()) {
    const std::int64_t dtlkey = st->get_int(0), taken = st->get_int(1);
    const std::string by = fmt::format("{} dockey {}", st->get_text(2), st->get_int(3));
    if (going)
      throw Problem(409, "Conflict",
                    fmt::format("{} dockey {} has rows transferred to {}: it cannot be cancelled "
                                "or deleted",
                                info.spec->resource, id, by));
    Cursor row(conn, fmt::format("SELECT \"qty\" FROM {} WHERE \"dtlkey\" = ? AND \"parentid\" = ?",
                                 quote_ident(d.table)));
    row->bind_int(1, dtlkey);
    row->bind_int(2, id);
    if (!row->step())
      throw Problem(409, "Conflict",
                    fmt::format("{} row dtlkey {} was transferred to {}: it cannot be removed",
                                info.spec->resource, dtlkey, by),
                    std::string(d.spec->name));
    if (row->get_int(0) < taken)
      throw validation_error(
          std::string(d.spec->name),
          fmt::format("{} row dtlkey {}: qty {} is less than the {} "
                      "transferred to {}",
                      d.spec->name, dtlkey, Decimal::from_units(row->get_int(0), 4).to_string(),
                      Decimal::from_units(taken, 4).to_string(), by));
  }
}

// The balances kept on masters: a party's outstanding, an item's quantity on hand.
struct Balances {
  std::set<std::string> parties, items;
};

void collect_balances(store::Connection& conn, const ObjectInfo& info, const Row* row,
                      std::int64_t id, Balances& b) {
  const PostingSpec& ps = *info.spec->posting;
  if (!ps.party_balance.empty() && row) {
    const int p = find_in(info.spec->fields, ps.party);
    if (p >= 0 && !(*row)[static_cast<std::size_t>(p)].s.empty())
      b.parties.insert((*row)[static_cast<std::size_t>(p)].s);
  }
  if (!ps.item_balance.empty())
    for (const ledger::StockMove& m : ledger::posted_stock_moves(conn, ps.doctype, id))
      b.items.insert(m.item);
}

void write_balances(store::Connection& conn, const ObjectInfo& info, const Balances& b) {
  const PostingSpec& ps = *info.spec->posting;
  auto write = [&](const ObjectInfo* target, std::string_view field, const std::string& key,
                   const Decimal& value) {
    const int f = target ? target->find_field(field) : -1;
    if (f < 0) return;
    Cursor st(conn, fmt::format("UPDATE {} SET {} = ? WHERE UPPER({}) = UPPER(?)",
                                quote_ident(target->spec->table), quote_ident(field),
                                quote_ident(target->field(target->key_field).name)));
    st->bind_int(1, value.rescaled(target->field(static_cast<std::size_t>(f)).scale).units());
    st->bind_text(2, key);
    st->step();
  };
  if (!b.parties.empty()) {
    const ObjectInfo* party =
        info.ref_targets[static_cast<std::size_t>(find_in(info.spec->fields, ps.party))];
    for (const std::string& p : b.parties) {
      const Decimal balance = ledger::party_balance(conn, p);
      write(party, ps.party_balance, p, ps.credit_party ? -balance : balance);
    }
  }
  if (!b.items.empty()) {
    const DatasetInfo& d = *dataset_of(info, ps.lines);
    const ObjectInfo* item = d.ref_targets[static_cast<std::size_t>(d.find_field(ps.item))];
    for (const std::string& i : b.items)
      write(item, ps.item_balance, i, ledger::stock_on_hand(conn, i));
  }
}

}  // namespace

// ---- Public -------------------------------------------------------------------------------------

void link_documents(std::vector<std::unique_ptr<ObjectInfo>>& infos) {
  auto bad = [](const ObjectSpec& s, std::string_view what) {
    throw std::invalid_argument(fmt::format("bizobject spec '{}': {}", s.resource, what));
  };
  for (auto& info : infos) {
    const ObjectSpec& s = *info->spec;
    if ((s.amounts || s.party_fill || !s.transfer_from.empty()) && !s.posting)
      bad(s, "amounts, party_fill and transfer_from need a posting spec");
    if (!s.posting) continue;
    const PostingSpec& ps = *s.posting;
    const DatasetInfo* lines = dataset_of(*info, ps.lines);
    if (!lines) bad(s, fmt::format("posting lines '{}' is not a dataset", ps.lines));
    auto need_line = [&](std::string_view n) {
      if (!n.empty() && lines->find_field(n.substr(0, n.find('>'))) < 0)
        bad(s, fmt::format("'{}' is not a field of {}", n, ps.lines));
    };
    auto need_master = [&](std::string_view n) {
      if (!n.empty() && info->find_field(n.substr(0, n.find('>'))) < 0)
        bad(s, fmt::format("'{}' is not a field", n));
    };
    for (std::string_view n :
         {ps.dr, ps.cr, ps.amount, ps.tax, ps.tax_account, ps.item, ps.location, ps.from_location,
          ps.to_location, ps.qty, ps.qty_rate, ps.stock_control})
      need_line(n);
    for (std::string_view n : {ps.party, ps.control_account, ps.payment_account, ps.doc_amount})
      need_master(n);
    if (!ps.knockoffs.empty()) {
      const DatasetInfo* k = dataset_of(*info, ps.knockoffs);
      if (!k || ps.party.empty()) bad(s, "knock-offs need their dataset and a party");
      knockoff_fields(*k);
    }
    if (const AmountSpec* a = s.amounts) {
      const DatasetInfo* al = dataset_of(*info, a->lines);
      if (!al) bad(s, "amount lines are not a dataset");
      for (std::string_view n :
           {a->qty, a->price, a->disc, a->tax, a->taxinclusive, a->taxrate, a->taxamt, a->amount,
            a->localamount, a->localtaxamt, a->amountwithtax, a->account, a->item, a->uom,
            a->uom_rate, a->item_account})
        if (!n.empty() && al->find_field(n.substr(0, n.find('>'))) < 0)
          bad(s, fmt::format("amount field '{}' is not a field of {}", n, a->lines));
      for (std::string_view n : {a->currencyrate, a->docamt, a->localdocamt, a->unapplied,
                                 a->currency, a->default_rate, a->party_currency})
        need_master(n);
      if (!a->price.empty() && a->qty.empty()) bad(s, "a price needs a qty");
      for (std::string_view n : a->item_defaults)
        if (al->find_field(copy_names(n).first) < 0 || a->item.empty())
          bad(s, fmt::format("item default '{}' needs a row field and an item", n));
    }
    if (const PartyFillSpec* pf = s.party_fill) {
      need_master(pf->party);
      for (std::string_view n : pf->fields) need_master(copy_names(n).first);
      for (std::string_view n : pf->address_fields) need_master(copy_names(n).first);
    }
    for (std::string_view doctype : s.transfer_from) {
      const ObjectInfo* src = nullptr;
      for (auto& other : infos)
        if (other->spec->posting && other->spec->posting->doctype == doctype) src = other.get();
      if (!src) bad(s, fmt::format("transfer source '{}' is not registered", doctype));
      const DatasetInfo* sl = dataset_of(*src, src->spec->posting->lines);
      if (sl->find_field("qty") < 0 || sl->find_field("transferredqty") < 0)
        bad(s, fmt::format("transfer source '{}' rows need qty and transferredqty", doctype));
      const TransferFields tf = transfer_fields(*lines);
      if (tf.type < 0 || tf.dockey < 0 || tf.dtlkey < 0 || tf.qty < 0)
        bad(s, "transfer rows need fromdoctype, fromdockey, fromdtlkey and qty");
      info->transfer_sources.push_back(src);
      const_cast<ObjectInfo*>(src)->transfer_source = true;
    }
  }
}

void check_kept_balances(store::Connection& conn,
                         const std::vector<std::unique_ptr<ObjectInfo>>& infos,
                         std::vector<std::string>& problems) {
  std::set<std::pair<const ObjectInfo*, std::string_view>> checked;
  auto check = [&](const ObjectInfo* target, std::string_view field, auto expected_of) {
    if (!target || !checked.emplace(target, field).second) return;
    const int f = target->find_field(field);
    if (f < 0) return;
    const FieldSpec& fs = target->field(static_cast<std::size_t>(f));
    const std::string_view key = target->field(target->key_field).name;
    Cursor st(conn,
              fmt::format("SELECT {}, {} FROM {} ORDER BY {}", quote_ident(key), quote_ident(field),
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
    if (!ps->party_balance.empty()) {
      const int p = find_in(info->spec->fields, ps->party);
      const bool credit = ps->credit_party;
      check(info->ref_targets[static_cast<std::size_t>(p)], ps->party_balance,
            [&](const std::string& code) {
              const Decimal b = ledger::party_balance(conn, code);
              return credit ? -b : b;
            });
    }
    if (!ps->item_balance.empty()) {
      const DatasetInfo& d = *dataset_of(*info, ps->lines);
      check(d.ref_targets[static_cast<std::size_t>(d.find_field(ps->item))], ps->item_balance,
            [&](const std::string& code) { return ledger::stock_on_hand(conn, code); });
    }
  }
}

void ensure_document_tables(store::Connection& conn) {
  conn.exec(R"sql(
CREATE TABLE IF NOT EXISTS "doc_transfer" (
  "doctype"      TEXT   NOT NULL,
  "dockey"       BIGINT NOT NULL,
  "dtlkey"       BIGINT NOT NULL,
  "from_doctype" TEXT   NOT NULL,
  "from_dockey"  BIGINT NOT NULL,
  "from_dtlkey"  BIGINT NOT NULL,
  "qty"          BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS "doc_transfer_doc" ON "doc_transfer" ("doctype", "dockey");
CREATE INDEX IF NOT EXISTS "doc_transfer_from" ON "doc_transfer" ("from_doctype", "from_dtlkey");
CREATE INDEX IF NOT EXISTS "doc_transfer_from_doc" ON "doc_transfer" ("from_doctype", "from_dockey");
)sql");
}

void complete_document(store::Connection& conn, MasterLookup& lookup, RecordEdit& e) {
  const ObjectSpec& spec = *e.info.spec;
  if (!spec.posting) return;
  if (spec.party_fill && e.creating) fill_from_party(lookup, conn, e);
  const int ds = e.info.find_dataset(lines_name(spec));
  if (ds >= 0 && (spec.amounts || !e.info.transfer_sources.empty()))
    load_kept_rows(conn, e, static_cast<std::size_t>(ds));
  if (!e.info.transfer_sources.empty()) take_transfers(conn, e, static_cast<std::size_t>(ds));
  if (!spec.posting->knockoffs.empty()) {
    const std::size_t kds = e.dataset(spec.posting->knockoffs);
    if (!e.creating && !e.datasets[kds].given) load_kept_rows(conn, e, kds);
    resolve_knockoffs(conn, e);
  }
  if (spec.amounts) compute_amounts(conn, lookup, e, static_cast<std::size_t>(ds));
}

void document_written(store::Connection& conn, MasterLookup& lookup, const ObjectInfo& info,
                      const Row& row, const Row* stored, std::int64_t id) {
  if (!info.spec->posting) return;
  const bool cancelled = is_cancelled(info, row);
  record_transfers(conn, info, id, cancelled);
  check_transfer_source(conn, info, id, cancelled);
  Balances balances;
  collect_balances(conn, info, stored, id, balances);
  try {
    if (cancelled)
      ledger::unpost(conn, info.spec->posting->doctype, id);
    else
      ledger::post(conn, posting_document(conn, lookup, info, row, id));
  } catch (const ledger::PostingError& e) {
    rethrow_posting(e, info);
  }
  collect_balances(conn, info, &row, id, balances);
  write_balances(conn, info, balances);
}

void document_deleting(store::Connection& conn, const ObjectInfo& info, const Row& row,
                       std::int64_t id) {
  if (!info.spec->posting) return;
  check_transfer_source(conn, info, id, true);
  record_transfers(conn, info, id, true);
  Balances balances;
  collect_balances(conn, info, &row, id, balances);
  try {
    ledger::unpost(conn, info.spec->posting->doctype, id);
  } catch (const ledger::PostingError& e) {
    rethrow_posting(e, info);
  }
  write_balances(conn, info, balances);
}

}  // namespace sqlacc::bizobject
