// The public functions of documents.h that tie the parts together (document_parts.h: amounts,
// transfers, posting), the spec checks of link_documents, party defaults and kept rows.
#include "bizobject/documents.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "bizobject/cursor.h"
#include "bizobject/document_parts.h"
#include "bizobject/master_lookup.h"
#include "bizobject/record_input.h"
#include "ledger/ledger_store.h"
#include "ledger/posting_rules.h"

namespace sqlacc::bizobject {

using document_parts::check_transfer_source;
using document_parts::compute_amounts;
using document_parts::copy_names;
using document_parts::dataset_of;
using document_parts::find_in;
using document_parts::is_cancelled;
using document_parts::keep_transferred;
using document_parts::posting_document;
using document_parts::record_transfers;
using document_parts::resolve_knockoffs;
using document_parts::take_transfers;

namespace {

// ---- Party defaults -----------------------------------------------------------------------------

void fill_from_party(MasterLookup& lookup, RecordEdit& e) {
  const DocumentFields& f = e.info.doc;
  const auto p = static_cast<std::size_t>(f.fill_party);
  const ObjectInfo* party = e.info.ref_targets[p];
  const Record* r = lookup.record(*party, e.row[p].s);
  if (!r) return;
  auto copy = [&](const std::vector<std::pair<std::size_t, std::size_t>>& pairs, const Row& from) {
    for (const auto& [to, at] : pairs)
      if (!e.given[to]) e.row[to] = from[at];
  };
  copy(f.fill_fields, r->row);
  if (!f.fill_address) return;
  const std::vector<Row>& branches = lookup.rows(*f.fill_address, r->id);
  if (branches.empty()) return;
  copy(f.fill_address_fields, branches[0]);
  const Row* delivery = &branches[0];
  if (f.fill_delivery_select >= 0)
    for (const Row& b : branches)
      if (iequals(b[static_cast<std::size_t>(f.fill_delivery_select)].s, f.fill_delivery_value)) {
        delivery = &b;
        break;
      }
  copy(f.fill_delivery_fields, *delivery);
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

}  // namespace

// ---- Public -------------------------------------------------------------------------------------

namespace {

[[noreturn]] void bad_spec(const ObjectSpec& s, std::string_view what) {
  throw std::invalid_argument(fmt::format("bizobject spec '{}': {}", s.resource, what));
}

// Where a name is looked up: the master's fields or a dataset's, with their reference targets.
struct Scope {
  std::span<const FieldSpec> fields;
  const std::vector<const ObjectInfo*>& targets;
  std::string_view of;  // "" = the master, else the dataset's name (for messages)
};
Scope master_scope(const ObjectInfo& info, std::string_view of = {}) {
  return {info.spec->fields, info.ref_targets, of};
}
Scope rows_scope(const DatasetInfo& d) { return {d.spec->fields, d.ref_targets, d.spec->name}; }

std::string where(const Scope& in) {
  return in.of.empty() ? std::string() : fmt::format(" of {}", in.of);
}

// A plain field name of the spec (-1 when `name` is empty).
int resolve_field(const ObjectSpec& s, const Scope& in, std::string_view what,
                  std::string_view name) {
  if (name.empty()) return -1;
  const int i = find_in(in.fields, name);
  if (i < 0) bad_spec(s, fmt::format("{} '{}' is not a field{}", what, name, where(in)));
  return i;
}

// A path "a>b>c": every step but the last a reference, each name a field of the object reached.
FieldPath resolve_path(const ObjectSpec& s, const Scope& in, std::string_view what,
                       std::string_view path) {
  FieldPath out;
  if (path.empty()) return out;
  std::span<const FieldSpec> fields = in.fields;
  const std::vector<const ObjectInfo*>* targets = &in.targets;
  std::string_view rest = path, object = in.of.empty() ? s.resource : in.of;
  for (;;) {
    const std::size_t cut = rest.find('>');
    const std::string_view name = rest.substr(0, cut);
    const int i = find_in(fields, name);
    if (i < 0)
      bad_spec(s, fmt::format("{} '{}': '{}' is not a field of {}", what, path, name, object));
    const auto at = static_cast<std::size_t>(i);
    out.fields.push_back(at);
    if (cut == std::string_view::npos) {
      out.last = &fields[at];
      return out;
    }
    const ObjectInfo* target = (*targets)[at];
    if (!target)
      bad_spec(s, fmt::format("{} '{}': '{}' of {} references nothing", what, path, name, object));
    out.targets.push_back(target);
    fields = target->spec->fields;
    targets = &target->ref_targets;
    object = target->spec->resource;
    rest = rest.substr(cut + 1);
  }
}

const DatasetInfo* resolve_dataset(const ObjectSpec& s, const ObjectInfo& info,
                                   std::string_view what, std::string_view name, int& index) {
  index = name.empty() ? -1 : info.find_dataset(name);
  if (index < 0) bad_spec(s, fmt::format("{} '{}' is not a dataset", what, name));
  return &info.datasets[static_cast<std::size_t>(index)];
}

void resolve_posting(ObjectInfo& info) {
  const ObjectSpec& s = *info.spec;
  const PostingSpec& ps = *s.posting;
  DocumentFields& f = info.doc;
  if (const std::string problem = ledger::rule_set_problem(ps.rules); !problem.empty())
    bad_spec(s, fmt::format("posting {}", problem));
  const Scope m = master_scope(info);
  // The conventional master names (description, project, postdate...) are optional: a spec
  // without such a field posts without it.
  auto optional = [&](std::string_view name) { return find_in(s.fields, name); };
  f.postdate = optional(ps.postdate);
  f.docdate = optional(ps.docdate);
  f.description = optional(ps.description);
  f.project = optional(ps.project);
  f.cancelled = optional(ps.cancelled);
  if (f.cancelled >= 0 && s.fields[static_cast<std::size_t>(f.cancelled)].type != FieldType::Bool)
    bad_spec(s, fmt::format("posting cancelled '{}' is not a Bool", ps.cancelled));
  f.party = resolve_field(s, m, "posting party", ps.party);
  f.payment_account = resolve_field(s, m, "posting payment_account", ps.payment_account);
  f.doc_amount = resolve_field(s, m, "posting doc_amount", ps.doc_amount);
  f.control_account = resolve_path(s, m, "posting control_account", ps.control_account);

  const DatasetInfo& d = *resolve_dataset(s, info, "posting lines", ps.lines, f.lines);
  const Scope l = rows_scope(d);
  f.account = resolve_field(s, l, "posting account", ps.account);
  f.dr = resolve_field(s, l, "posting dr", ps.dr);
  f.cr = resolve_field(s, l, "posting cr", ps.cr);
  f.amount = resolve_field(s, l, "posting amount", ps.amount);
  f.tax = resolve_field(s, l, "posting tax", ps.tax);
  f.item = resolve_field(s, l, "posting item", ps.item);
  f.location = resolve_field(s, l, "posting location", ps.location);
  f.from_location = resolve_field(s, l, "posting from_location", ps.from_location);
  f.to_location = resolve_field(s, l, "posting to_location", ps.to_location);
  f.qty = resolve_field(s, l, "posting qty", ps.qty);
  f.qty_rate = resolve_field(s, l, "posting qty_rate", ps.qty_rate);
  f.line_description = find_in(d.spec->fields, ps.description);
  f.line_project = find_in(d.spec->fields, ps.project);
  f.tax_account = resolve_path(s, l, "posting tax_account", ps.tax_account);
  f.stock_control = resolve_path(s, l, "posting stock_control", ps.stock_control);
  if ((f.dr < 0) != (f.cr < 0)) bad_spec(s, "posting dr and cr go together");
  if (!ps.knockoffs.empty()) {
    const DatasetInfo& kd =
        *resolve_dataset(s, info, "posting knockoffs", ps.knockoffs, f.knockoffs);
    if (ps.party.empty()) bad_spec(s, "posting knockoffs need a party");
    const Scope k = rows_scope(kd);
    auto at = [&](std::string_view name) {
      return static_cast<std::size_t>(resolve_field(s, k, "knock-off", name));
    };
    f.knockoff = {at("doctype"), at("docno"), at("refdockey"), at("koamt"), at("knockoff")};
  }
}

void resolve_amounts(ObjectInfo& info) {
  const ObjectSpec& s = *info.spec;
  const AmountSpec& a = *s.amounts;
  DocumentFields::Amounts& f = info.doc.amounts;
  const DatasetInfo& d = *resolve_dataset(s, info, "amount lines", a.lines, info.doc.amount_lines);
  const Scope l = rows_scope(d), m = master_scope(info);
  f.qty = resolve_field(s, l, "amount qty", a.qty);
  f.price = resolve_field(s, l, "amount price", a.price);
  f.disc = resolve_field(s, l, "amount disc", a.disc);
  f.tax = resolve_field(s, l, "amount tax", a.tax);
  f.taxinclusive = resolve_field(s, l, "amount taxinclusive", a.taxinclusive);
  f.taxrate = resolve_field(s, l, "amount taxrate", a.taxrate);
  f.taxamt = resolve_field(s, l, "amount taxamt", a.taxamt);
  f.amount = resolve_field(s, l, "amount amount", a.amount);
  f.localamount = resolve_field(s, l, "amount localamount", a.localamount);
  f.localtaxamt = resolve_field(s, l, "amount localtaxamt", a.localtaxamt);
  f.amountwithtax = resolve_field(s, l, "amount amountwithtax", a.amountwithtax);
  f.account = resolve_field(s, l, "amount account", a.account);
  f.item = resolve_field(s, l, "amount item", a.item);
  f.uom = resolve_field(s, l, "amount uom", a.uom);
  f.uom_rate = resolve_field(s, l, "amount uom_rate", a.uom_rate);
  f.item_account = resolve_path(s, l, "amount item_account", a.item_account);
  f.currency = resolve_field(s, m, "amount currency", a.currency);
  f.currencyrate = resolve_field(s, m, "amount currencyrate", a.currencyrate);
  f.docamt = resolve_field(s, m, "amount docamt", a.docamt);
  f.localdocamt = resolve_field(s, m, "amount localdocamt", a.localdocamt);
  f.unapplied = resolve_field(s, m, "amount unapplied", a.unapplied);
  f.paid = resolve_field(s, m, "amount paid", a.paid);
  f.party_currency = resolve_path(s, m, "amount party_currency", a.party_currency);
  f.default_rate = resolve_path(s, m, "amount default_rate", a.default_rate);
  if (f.price >= 0 && f.qty < 0) bad_spec(s, "a price needs a qty");
  if (a.docamt_entered && f.docamt < 0) bad_spec(s, "an entered docamt needs its field");
  if (f.unapplied >= 0 && s.posting->knockoffs.empty()) bad_spec(s, "unapplied needs knockoffs");
  if (f.paid >= 0 && (f.docamt < 0 || a.docamt_entered))
    bad_spec(s, "paid needs a computed docamt");
  const ObjectInfo* item = f.item < 0 ? nullptr : d.ref_targets[static_cast<std::size_t>(f.item)];
  for (std::string_view n : a.item_defaults) {
    const auto [to, from] = copy_names(n);
    const int into = find_in(d.spec->fields, to);
    if (into < 0 || !item)
      bad_spec(s, fmt::format("item default '{}' needs a row field and an item", n));
    const int taken =
        resolve_field(s, master_scope(*item, item->spec->resource), "item default", from);
    f.item_defaults.emplace_back(static_cast<std::size_t>(into), static_cast<std::size_t>(taken));
  }
  // The item's units of measure (a convention of the stockitem master): its base uom, and the
  // rate of each of its units.
  if (item && f.uom >= 0) {
    f.item_uom = item->find_field("uom");
    f.item_units = dataset_of(*item, "sdsuom");
    if (f.item_units) {
      const Scope u = rows_scope(*f.item_units);
      f.unit_uom = static_cast<std::size_t>(resolve_field(s, u, "amount uom: unit", "uom"));
      f.unit_rate = static_cast<std::size_t>(resolve_field(s, u, "amount uom: unit", "rate"));
    }
  }
  // The tax code's rate (without one every line's tax is 0).
  if (f.tax >= 0)
    if (const ObjectInfo* taxes = d.ref_targets[static_cast<std::size_t>(f.tax)])
      f.tax_rate = taxes->find_field("taxrate");
}

void resolve_party_fill(ObjectInfo& info) {
  const ObjectSpec& s = *info.spec;
  const PartyFillSpec& pf = *s.party_fill;
  DocumentFields& f = info.doc;
  const Scope m = master_scope(info);
  f.fill_party = resolve_field(s, m, "party_fill party", pf.party);
  const ObjectInfo* party =
      f.fill_party < 0 ? nullptr : info.ref_targets[static_cast<std::size_t>(f.fill_party)];
  if (!party) bad_spec(s, fmt::format("party_fill party '{}' references nothing", pf.party));
  auto pairs = [&](std::span<const std::string_view> entries, const Scope& from) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::string_view n : entries) {
      const auto [to, at] = copy_names(n);
      const int into = resolve_field(s, m, "party_fill", to);  // this document's field first
      const int taken = resolve_field(s, from, "party_fill", at);
      out.emplace_back(static_cast<std::size_t>(into), static_cast<std::size_t>(taken));
    }
    return out;
  };
  f.fill_fields = pairs(pf.fields, master_scope(*party, party->spec->resource));
  f.fill_address = dataset_of(*party, pf.address_dataset);
  if (!pf.address_dataset.empty() && !f.fill_address)
    bad_spec(s, fmt::format("party_fill address_dataset '{}' is not a dataset of {}",
                            pf.address_dataset, party->spec->resource));
  if (f.fill_address) {
    f.fill_address_fields = pairs(pf.address_fields, rows_scope(*f.fill_address));
    f.fill_delivery_fields = pairs(pf.delivery_fields, rows_scope(*f.fill_address));
    if (!pf.delivery_row.empty()) {
      const auto [field, value] = copy_names(pf.delivery_row);
      f.fill_delivery_select =
          resolve_field(s, rows_scope(*f.fill_address), "party_fill delivery_row", field);
      f.fill_delivery_value = std::string(value);
    }
  } else if (!pf.address_fields.empty() || !pf.delivery_fields.empty()) {
    bad_spec(s, "party_fill address_fields need a dataset");
  }
}

// Every name a printed form uses: the detail dataset, its columns, the master's info and totals.
void check_print_templates(const ObjectInfo& info) {
  const ObjectSpec& s = *info.spec;
  for (const PrintTemplate& t : s.print_templates) {
    const PrintLayout& layout = *t.layout;
    const std::string what = fmt::format("print template '{}'", t.name);
    const Scope m = master_scope(info);
    for (const InfoSpec& i : layout.info) resolve_field(s, m, what + " info", i.field);
    const DatasetInfo* d = layout.detail.empty() ? nullptr : dataset_of(info, layout.detail);
    if (!d && (!layout.detail.empty() || !layout.columns.empty() || !layout.totals.empty()))
      bad_spec(s, fmt::format("{}: detail '{}' is not a dataset", what, layout.detail));
    for (const ColumnSpec& c : layout.columns)
      if (c.field != "#") resolve_field(s, rows_scope(*d), what + " column", c.field);
    for (const TotalSpec& total : layout.totals) {
      if (total.rule == TotalRule::DetailSum)
        resolve_field(s, rows_scope(*d), what + " total", total.field);
      else
        resolve_field(s, m, what + " total", total.field);
    }
  }
}

// ---- The accounts a posting may use ------------------------------------------------------------

// The special type field of the account master `accounts` (-1 when it has none, or its choices
// lack the types the checks use: such a master is not checked).
int account_type_field(const ObjectInfo* accounts) {
  const int f = accounts ? accounts->find_field(document_parts::kAccountTypeField) : -1;
  if (f < 0) return -1;
  const std::span<const std::string_view> choices =
      accounts->field(static_cast<std::size_t>(f)).choices;
  for (auto types :
       {std::span(document_parts::kBankCashTypes), std::span(document_parts::kControlTypes)})
    for (std::string_view t : types)
      if (!document_parts::is_one_of(choices, t)) return -1;
  return f;
}

// A party field that names a control account: the last step of a posting's control_account path
// (customer.controlaccount, supplier.controlaccount), and the account master it references.
struct PartyControl {
  const ObjectInfo* owner;
  std::size_t field;
  const ObjectInfo* accounts;
};
std::vector<PartyControl> party_controls(const std::vector<std::unique_ptr<ObjectInfo>>& infos) {
  std::vector<PartyControl> out;
  for (const auto& info : infos) {
    const FieldPath& p = info->doc.control_account;
    if (!info->spec->posting || p.empty()) continue;
    const ObjectInfo* owner = p.targets.empty() ? info.get() : p.targets.back();
    const PartyControl c{owner, p.fields.back(), owner->ref_targets[p.fields.back()]};
    if (c.accounts && std::none_of(out.begin(), out.end(), [&](const PartyControl& o) {
          return o.owner == c.owner && o.field == c.field;
        }))
      out.push_back(c);
  }
  return out;
}

bool posts_line_accounts(const ledger::PostingRules& rules) {
  return std::any_of(rules.gl.begin(), rules.gl.end(), [](const ledger::GlRule& r) {
    return r.account == ledger::AccountFrom::LineAccount;
  });
}

// Resolves DocumentFields::accounts of every document: the payment account must be a bank or cash
// account; a line's account must be no control account, by its special type or because a party
// names it (the resource of the first party that does: one `?` per party field).
void resolve_account_checks(std::vector<std::unique_ptr<ObjectInfo>>& infos) {
  const std::vector<PartyControl> controls = party_controls(infos);
  for (auto& info : infos) {
    if (!info->spec->posting) continue;
    DocumentFields& f = info->doc;
    if (f.payment_account >= 0)
      f.accounts.payment_type =
          account_type_field(info->ref_targets[static_cast<std::size_t>(f.payment_account)]);
    if (f.account < 0 || !posts_line_accounts(info->spec->posting->rules)) continue;
    const DatasetInfo& d = info->datasets[static_cast<std::size_t>(f.lines)];
    const ObjectInfo* accounts = d.ref_targets[static_cast<std::size_t>(f.account)];
    f.accounts.line_type = account_type_field(accounts);
    std::string& sql = f.accounts.sql_party_control;
    for (const PartyControl& c : controls) {
      if (c.accounts != accounts) continue;
      sql += fmt::format(
          "{}SELECT CAST('{}' AS TEXT) WHERE EXISTS (SELECT 1 FROM {} WHERE UPPER({}) = UPPER(?))",
          sql.empty() ? "" : " UNION ALL ", c.owner->spec->resource,
          quote_ident(c.owner->spec->table), quote_ident(c.owner->field(c.field).name));
      ++f.accounts.party_control_params;
      f.accounts.party_control_tables.emplace_back(c.owner->spec->table);
    }
  }
}

}  // namespace

void link_documents(std::vector<std::unique_ptr<ObjectInfo>>& infos) {
  for (auto& info : infos) {
    const ObjectSpec& s = *info->spec;
    check_print_templates(*info);
    for (const PrintTemplate& t : s.print_templates)
      info->forms.push_back(compile_printed_form(*t.layout, s));
    if ((s.amounts || s.party_fill || !s.transfer_from.empty()) && !s.posting)
      bad_spec(s, "amounts, party_fill and transfer_from need a posting spec");
    if (!s.posting) continue;
    resolve_posting(*info);
    if (s.amounts) resolve_amounts(*info);
    if (s.party_fill) resolve_party_fill(*info);
  }
  resolve_account_checks(infos);  // reads the control_account paths resolved above
  // Transfers read the posting lines of their sources: resolved above for every spec.
  for (auto& info : infos) {
    const ObjectSpec& s = *info->spec;
    if (!s.posting) continue;
    // Rows that move no stock are told apart by their fromdoctype: only a transfer source can be
    // one, and naming one only makes sense for a spec that moves stock.
    for (std::string_view doctype : s.posting->stock_moved_by) {
      if (std::find(s.transfer_from.begin(), s.transfer_from.end(), doctype) ==
          s.transfer_from.end())
        bad_spec(s,
                 fmt::format("posting stock_moved_by '{}' is not one of transfer_from", doctype));
      if (s.posting->rules.stock.empty())
        bad_spec(s, fmt::format("posting stock_moved_by '{}': the spec moves no stock", doctype));
    }
    const DatasetInfo& lines = info->datasets[static_cast<std::size_t>(info->doc.lines)];
    const int type = lines.find_field("fromdoctype"), dockey = lines.find_field("fromdockey"),
              dtlkey = lines.find_field("fromdtlkey"), qty = lines.find_field("qty");
    if (type >= 0 && dockey >= 0 && dtlkey >= 0 && qty >= 0)
      info->doc.transfer = {static_cast<std::size_t>(type), static_cast<std::size_t>(dockey),
                            static_cast<std::size_t>(dtlkey), static_cast<std::size_t>(qty), true};
    for (std::string_view doctype : s.transfer_from) {
      ObjectInfo* src = nullptr;
      for (auto& other : infos)
        if (other->spec->posting && other->spec->posting->doctype == doctype) src = other.get();
      if (!src) bad_spec(s, fmt::format("transfer source '{}' is not registered", doctype));
      const DatasetInfo& sl = src->datasets[static_cast<std::size_t>(src->doc.lines)];
      if (sl.find_field("qty") < 0 || sl.find_field("transferredqty") < 0)
        bad_spec(s, fmt::format("transfer source '{}' rows need qty and transferredqty", doctype));
      if (!info->doc.transfer.present)
        bad_spec(s, "transfer rows need fromdoctype, fromdockey, fromdtlkey and qty");
      if (!src->transfer_source) {
        const auto flag = [](const auto& fields_of, int i) {
          return i >= 0 && fields_of.field(static_cast<std::size_t>(i)).type == FieldType::Bool
                     ? i
                     : -1;
        };
        src->doc.source = {flag(*src, src->find_field("transferable")),
                           flag(sl, sl.find_field("transferable"))};
      }
      info->transfer_sources.push_back(document_parts::transfer_source(*info, *src));
      src->transfer_source = true;
    }
  }
}

void register_document_tables(store::SchemaRegistry& r) {
  const std::string m(kSchemaModule);
  r.table(store::table_of(
      m, "doc_transfer",
      {"\"doctype\" TEXT NOT NULL", "\"dockey\" BIGINT NOT NULL", "\"dtlkey\" BIGINT NOT NULL",
       "\"from_doctype\" TEXT NOT NULL", "\"from_dockey\" BIGINT NOT NULL",
       "\"from_dtlkey\" BIGINT NOT NULL", "\"qty\" BIGINT NOT NULL"}));
  r.index(
      {m, "doc_transfer_doc",
       R"(CREATE INDEX IF NOT EXISTS "doc_transfer_doc" ON "doc_transfer" ("doctype", "dockey"))"});
  r.index(
      {m, "doc_transfer_from",
       R"(CREATE INDEX IF NOT EXISTS "doc_transfer_from" ON "doc_transfer" ("from_doctype", "from_dtlkey"))"});
  r.index(
      {m, "doc_transfer_from_doc",
       R"(CREATE INDEX IF NOT EXISTS "doc_transfer_from_doc" ON "doc_transfer" ("from_doctype", "from_dockey"))"});
}

void register_document_steps(store::SchemaRegistry& r,
                             const std::vector<std::unique_ptr<ObjectInfo>>& infos) {
  // Companies made before payment methods had to be bank or cash accounts: the accounts their
  // posted payments already use are their bank and cash accounts (few companies marked them: the
  // field was optional), so those become BA (bank), if they are of a class a bank account can be
  // (document_parts::kBankAccountClasses), have no special type and no party names them as its
  // control account. Payments made to any other account (sales, a control account) are left to
  // fail when next posted; cancelling or deleting them still works.
  using document_parts::kAccountClassField;
  using document_parts::kBankAccountClasses;
  using document_parts::kBankCashTypes;
  auto upper_of = [](const ObjectInfo& o, int field) {
    return fmt::format("UPPER({})", quote_ident(o.field(static_cast<std::size_t>(field)).name));
  };
  // Per account master: what its payments use (SELECT of the accounts), in registration order.
  std::vector<std::pair<const ObjectInfo*, std::string>> used;
  for (const auto& info : infos) {
    const DocumentFields& f = info->doc;
    if (!info->spec->posting || f.accounts.payment_type < 0) continue;
    const ObjectInfo* m = info->ref_targets[static_cast<std::size_t>(f.payment_account)];
    auto it = std::find_if(used.begin(), used.end(), [&](const auto& u) { return u.first == m; });
    if (it == used.end()) it = used.insert(used.end(), {m, std::string()});
    it->second += fmt::format(
        "{}SELECT {} FROM {}{}", it->second.empty() ? "" : " UNION ",
        upper_of(*info, f.payment_account), quote_ident(info->spec->table),
        f.cancelled < 0
            ? std::string()
            : fmt::format(" WHERE {} = 0",
                          quote_ident(info->field(static_cast<std::size_t>(f.cancelled)).name)));
  }
  std::vector<std::string> statements;
  const std::vector<PartyControl> controls = party_controls(infos);
  for (const auto& [m, payments] : used) {
    const int cls = m->find_field(kAccountClassField);
    if (cls < 0) continue;  // no class: nothing tells a bank account from a sales account
    std::string classes, named;
    for (std::string_view c : kBankAccountClasses)
      classes += fmt::format("{}'{}'", classes.empty() ? "" : ", ", c);
    for (const PartyControl& c : controls)
      if (c.accounts == m)
        named += fmt::format("{}SELECT {} FROM {}", named.empty() ? "" : " UNION ",
                             upper_of(*c.owner, static_cast<int>(c.field)),
                             quote_ident(c.owner->spec->table));
    const std::string type =
        quote_ident(m->field(static_cast<std::size_t>(account_type_field(m))).name);
    const std::string code = upper_of(*m, static_cast<int>(m->key_field));
    statements.push_back(fmt::format(
        "UPDATE {} SET {} = '{}' WHERE TRIM({}) = '' AND {} IN ({}) AND {} IN ({}){}",
        quote_ident(m->spec->table), type, kBankCashTypes[0], type, upper_of(*m, cls), classes,
        code, payments,
        named.empty() ? std::string() : fmt::format(" AND {} NOT IN ({})", code, named)));
  }
  r.step({std::string(kSchemaModule), 2,
          "payment methods: the accounts posted payments use become bank accounts (BA)",
          [statements](store::Connection& c) {
            for (const std::string& sql : statements) c.exec(sql);
          }});
}

void complete_document(store::Connection& conn, MasterLookup& lookup, RecordEdit& e) {
  const ObjectSpec& spec = *e.info.spec;
  if (!spec.posting) return;
  if (spec.party_fill && e.creating) fill_from_party(lookup, e);
  const int ds = spec.amounts ? e.info.doc.amount_lines : e.info.doc.lines;
  const bool transfers = e.info.doc.transfer.present;
  if (ds >= 0 && (spec.amounts || transfers)) load_kept_rows(conn, e, static_cast<std::size_t>(ds));
  if (transfers) take_transfers(conn, e, static_cast<std::size_t>(ds));
  keep_transferred(conn, e);
  if (e.info.doc.knockoffs >= 0) {
    const auto kds = static_cast<std::size_t>(e.info.doc.knockoffs);
    if (!e.creating && !e.datasets[kds].given) load_kept_rows(conn, e, kds);
    resolve_knockoffs(conn, e);
  }
  if (spec.amounts) compute_amounts(lookup, e, static_cast<std::size_t>(ds));
}

namespace {

// Whether any written row of the posting lines names a transfer source (fromdoctype).
bool takes_rows(const ObjectInfo& info, const std::vector<DatasetEdit>& written) {
  if (!info.doc.transfer.present || info.doc.lines < 0) return false;
  const auto lines = static_cast<std::size_t>(info.doc.lines);
  if (lines >= written.size()) return true;  // not known here: let record_transfers look
  for (const DatasetRowEdit& r : written[lines].rows)
    if (!r.cells[info.doc.transfer.type].s.empty()) return true;
  return false;
}

}  // namespace

void document_written(store::Connection& conn, MasterLookup& lookup, const ObjectInfo& info,
                      const Row& row, const Row* stored, std::int64_t id,
                      const std::vector<DatasetEdit>& written) {
  if (!info.spec->posting) return;
  const bool cancelled = is_cancelled(info, row);
  const bool creating = stored == nullptr;  // a fresh dockey: nothing recorded for it yet
  // A new document that takes no row from another records no transfer, and nothing can have
  // been taken from it yet: two queries fewer per posting (each a round trip on PostgreSQL).
  if (!creating || takes_rows(info, written)) record_transfers(conn, info, id, cancelled, creating);
  if (!creating) check_transfer_source(conn, info, id, cancelled);
  if (cancelled) {
    ledger::unpost(conn, info.spec->posting->doctype, id);
  } else {
    ledger::PostingDocument doc = posting_document(conn, lookup, info, row, id, written);
    doc.is_new = creating;
    ledger::post(conn, doc);
  }
}

void document_deleting(store::Connection& conn, const ObjectInfo& info, std::int64_t id) {
  if (!info.spec->posting) return;
  check_transfer_source(conn, info, id, true);
  record_transfers(conn, info, id, true, false);
  ledger::unpost(conn, info.spec->posting->doctype, id);
}

}  // namespace sqlacc::bizobject
