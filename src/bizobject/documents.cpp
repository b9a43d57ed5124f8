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

namespace sqlacc::bizobject {

using document_parts::check_transfer_source;
using document_parts::compute_amounts;
using document_parts::copy_names;
using document_parts::dataset_of;
using document_parts::find_in;
using document_parts::is_cancelled;
using document_parts::knockoff_fields;
using document_parts::posting_document;
using document_parts::record_transfers;
using document_parts::resolve_knockoffs;
using document_parts::rethrow_posting;
using document_parts::take_transfers;
using document_parts::transfer_fields;
using document_parts::TransferFields;

namespace {

std::string_view lines_name(const ObjectSpec& spec) {
  if (spec.amounts) return spec.amounts->lines;
  return spec.posting ? spec.posting->lines : std::string_view();
}

// ---- Party defaults -----------------------------------------------------------------------------

void fill_from_party(MasterLookup& lookup, RecordEdit& e) {
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
  const std::vector<Row>& branches = lookup.rows(*address, r->id);
  if (branches.empty()) return;
  for (std::string_view name : pf.address_fields) copy(name, address->spec->fields, branches[0]);
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

void complete_document(store::Connection& conn, MasterLookup& lookup, RecordEdit& e) {
  const ObjectSpec& spec = *e.info.spec;
  if (!spec.posting) return;
  if (spec.party_fill && e.creating) fill_from_party(lookup, e);
  const int ds = e.info.find_dataset(lines_name(spec));
  if (ds >= 0 && (spec.amounts || !e.info.transfer_sources.empty()))
    load_kept_rows(conn, e, static_cast<std::size_t>(ds));
  if (!e.info.transfer_sources.empty()) take_transfers(conn, e, static_cast<std::size_t>(ds));
  if (!spec.posting->knockoffs.empty()) {
    const std::size_t kds = e.dataset(spec.posting->knockoffs);
    if (!e.creating && !e.datasets[kds].given) load_kept_rows(conn, e, kds);
    resolve_knockoffs(conn, e);
  }
  if (spec.amounts) compute_amounts(lookup, e, static_cast<std::size_t>(ds));
}

void document_written(store::Connection& conn, MasterLookup& lookup, const ObjectInfo& info,
                      const Row& row, const Row* stored, std::int64_t id,
                      const std::vector<DatasetEdit>& written) {
  if (!info.spec->posting) return;
  const bool cancelled = is_cancelled(info, row);
  const bool creating = stored == nullptr;  // a fresh dockey: nothing recorded for it yet
  record_transfers(conn, info, id, cancelled, creating);
  check_transfer_source(conn, info, id, cancelled);
  try {
    if (cancelled) {
      ledger::unpost(conn, info.spec->posting->doctype, id);
    } else {
      ledger::PostingDocument doc = posting_document(conn, lookup, info, row, id, written);
      doc.is_new = creating;
      ledger::post(conn, doc);
    }
  } catch (const ledger::PostingError& e) {
    rethrow_posting(e, info);
  }
}

void document_deleting(store::Connection& conn, const ObjectInfo& info, std::int64_t id) {
  if (!info.spec->posting) return;
  check_transfer_source(conn, info, id, true);
  record_transfers(conn, info, id, true, false);
  try {
    ledger::unpost(conn, info.spec->posting->doctype, id);
  } catch (const ledger::PostingError& e) {
    rethrow_posting(e, info);
  }
}

}  // namespace sqlacc::bizobject
