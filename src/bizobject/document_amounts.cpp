// Computed amounts of a document (AmountSpec): item defaults, UOM rates, discounts, tax, the
// currency rate and local amounts of each line, and the document totals.
#include <fmt/format.h>

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "bizobject/cursor.h"
#include "bizobject/discount.h"
#include "bizobject/document_parts.h"
#include "bizobject/master_lookup.h"
#include "bizobject/text.h"
#include "util/decimal.h"
#include "util/problem.h"

namespace sqlacc::bizobject::document_parts {
namespace {

constexpr int kMoney = 2;

std::string percent_text(const Decimal& rate) {
  std::string s = rate.to_string();
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s + "%";
}

using AmountFields = DocumentFields::Amounts;

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
Decimal uom_rate(MasterLookup& lookup, const AmountFields& f, const ObjectInfo& item_info,
                 const Record& item, std::string& uom, const std::string& path) {
  const DatasetInfo* units = f.item_units;
  const int base = f.item_uom;
  if (uom.empty() && base >= 0) uom = item.row[static_cast<std::size_t>(base)].s;
  if (!units) return *Decimal::from_int(1, 0);
  const std::size_t f_uom = f.unit_uom;
  const std::size_t f_rate = f.unit_rate;
  std::string known;
  for (const Row& r : lookup.rows(*units, item.id)) {
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
  const AmountFields& f = e.info.doc.amounts;
  const int rf = f.currencyrate;
  if (rf < 0) return *Decimal::from_int(1, 0);
  const auto r = static_cast<std::size_t>(rf);
  const FieldSpec& rate_field = e.info.field(r);
  const std::string name(a.currencyrate);
  const std::int64_t one = Decimal::from_units(1, 0).rescaled(rate_field.scale).units();
  if (f.currency >= 0) {
    const auto c = static_cast<std::size_t>(f.currency);
    const std::string& code = e.row[c].s;
    if (!f.party_currency.empty()) {
      const std::string party = lookup.follow(f.party_currency, e.row);
      if (is_local_currency(code) != is_local_currency(party) ||
          (!is_local_currency(code) && !iequals(code, party)))
        throw validation_error(
            std::string(a.currency),
            fmt::format("Field '{}': the document is in '{}' but '{}' deals in '{}'", a.currency,
                        code, e.row[f.party_currency.fields[0]].s, party.empty() ? "----" : party));
    }
    const bool currency_changed = !e.stored || !iequals((*e.stored)[c].s, code);
    if (is_local_currency(code)) {
      if (e.given[r] && e.row[r].i != one)
        throw validation_error(name,
                               fmt::format("Field '{}' must be 1 for the local currency", name));
      e.row[r].i = one;
    } else if (!e.given[r] && currency_changed && !f.default_rate.empty()) {
      const auto v = lookup.follow_value(f.default_rate, e.row);
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

}  // namespace

void compute_amounts(MasterLookup& lookup, RecordEdit& e, std::size_t ds) {
  const AmountSpec& a = *e.info.spec->amounts;
  const DatasetInfo& d = e.info.datasets[ds];
  const AmountFields& f = e.info.doc.amounts;
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
        for (const auto& [to, at] : f.item_defaults)
          if (!row.given[to]) c[to] = item->row[at];
      if (item && f.uom >= 0) {
        const Decimal rate = uom_rate(lookup, f, *item_info, *item,
                                      c[static_cast<std::size_t>(f.uom)].s, path(f.uom));
        put(lf, c, row.given, f.uom_rate, rate, path(f.uom_rate));
      }
      if (f.account >= 0 && c[static_cast<std::size_t>(f.account)].s.empty()) {
        std::string account;
        if (item && !f.item_account.empty()) account = lookup.follow(f.item_account, c);
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
        const int rf = taxes ? f.tax_rate : -1;
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
    // Paid at once: the total, except the 0 of a cancelled document (AmountSpec::paid).
    if (f.paid >= 0) {
      const auto i = static_cast<std::size_t>(f.paid);
      if (!(is_cancelled(e.info, e.row) && given[i] && e.row[i].i == 0))
        put(mf, e.row, given, f.paid, total, std::string(a.paid));
    }
    if (f.unapplied >= 0) {
      const PostingSpec& ps = *e.info.spec->posting;
      const auto kds = static_cast<std::size_t>(e.info.doc.knockoffs);
      const DatasetInfo& kd = e.info.datasets[kds];
      const std::size_t f_ko = e.info.doc.knockoff.koamt;
      const std::size_t f_on = e.info.doc.knockoff.knockoff;
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

}  // namespace sqlacc::bizobject::document_parts
