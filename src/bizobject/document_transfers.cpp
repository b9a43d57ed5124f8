// Transfers (an order's rows into a delivery order or an invoice, ...): the outstanding quantity a
// document takes from its source rows before the write, the doc_transfer bookkeeping after it, and
// what a transfer source may no longer do.
#include <fmt/format.h>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "bizobject/cursor.h"
#include "bizobject/document_parts.h"
#include "bizobject/record_input.h"
#include "bizobject/text.h"
#include "util/decimal.h"
#include "util/problem.h"

namespace sqlacc::bizobject::document_parts {
namespace {

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

// The row's GL account when the two documents take it from different accounts of the item: a
// credit note's row from an invoice's posts to sales returns, not to the invoice's sales account.
bool is_other_account(const AmountSpec* taker, const AmountSpec* src, std::string_view name) {
  return taker && src && !taker->account.empty() && taker->account == name &&
         (taker->item_account != src->item_account ||
          taker->default_account != src->default_account);
}

// What each row of document `dockey` took before this write, by (row dtlkey, source doctype,
// source row dtlkey): a closed source (transferable: false) lets a row keep that, not take more.
std::map<std::tuple<std::int64_t, std::string, std::int64_t>, std::int64_t> taken_before(
    store::Connection& conn, std::string_view doctype, std::int64_t dockey) {
  std::map<std::tuple<std::int64_t, std::string, std::int64_t>, std::int64_t> out;
  if (dockey == 0) return out;
  Cursor st(conn,
            "SELECT \"dtlkey\", \"from_doctype\", \"from_dtlkey\", \"qty\" FROM \"doc_transfer\" "
            "WHERE \"doctype\" = ? AND \"dockey\" = ?");
  st->bind_text(1, doctype);
  st->bind_int(2, dockey);
  while (st->step())
    out[{st->get_int(0), std::string(st->get_text(1)), st->get_int(2)}] += st->get_int(3);
  return out;
}

// What other documents took from the rows of source document `id`: per source row (in dtlkey
// order) the quantity taken and the first document that took it (by doctype, then dockey: a row
// may go to a delivery order and an invoice alike, and the one named must be one that really
// took it).
struct Taken {
  std::int64_t dtlkey, qty;
  std::string by;
};
std::vector<Taken> takers_of(store::Connection& conn, const ObjectInfo& info, std::int64_t id) {
  std::vector<Taken> rows;
  Cursor st(conn,
            "SELECT \"from_dtlkey\", \"qty\", \"doctype\", \"dockey\" FROM \"doc_transfer\" "
            "WHERE \"from_doctype\" = ? AND \"from_dockey\" = ? ORDER BY \"from_dtlkey\", "
            "\"doctype\", \"dockey\"");
  st->bind_text(1, info.spec->posting->doctype);
  st->bind_int(2, id);
  while (st->step()) {
    const std::int64_t dtlkey = st->get_int(0);
    if (rows.empty() || rows.back().dtlkey != dtlkey)
      rows.push_back({dtlkey, 0, fmt::format("{} dockey {}", st->get_text(2), st->get_int(3))});
    rows.back().qty += st->get_int(1);
  }
  return rows;
}

// The rows' item field: the one amounts price (an invoice's), else the one posting moves.
int row_item_field(const ObjectInfo& info) {
  return info.doc.amounts.item >= 0 ? info.doc.amounts.item : info.doc.item;
}

}  // namespace

TransferSource transfer_source(const ObjectInfo& taker, const ObjectInfo& src) {
  const DatasetInfo& d = taker.datasets[static_cast<std::size_t>(taker.doc.lines)];
  const DatasetInfo& sd = src.datasets[static_cast<std::size_t>(src.doc.lines)];
  TransferSource out{&src, static_cast<std::size_t>(sd.find_field("qty")), {}};
  for (std::size_t j = 0; j < sd.field_count(); ++j) {
    const FieldSpec& f = sd.field(j);
    // Serial numbers (a List) name the very units a row holds: a partial transfer cannot know
    // which of them it takes, so the taking row names its own.
    if (f.type == FieldType::List) continue;
    if (f.name == "qty" || f.name == "transferredqty" || f.name.starts_with("from") ||
        is_computed(taker.spec->amounts, f.name) ||
        is_other_account(taker.spec->amounts, src.spec->amounts, f.name))
      continue;
    const int to = d.find_field(f.name);
    if (to < 0 || d.field(static_cast<std::size_t>(to)).type != f.type ||
        d.field(static_cast<std::size_t>(to)).read_only)
      continue;
    out.copied.emplace_back(j, static_cast<std::size_t>(to));
  }
  return out;
}

void take_transfers(store::Connection& conn, RecordEdit& e, std::size_t ds) {
  const DatasetInfo& d = e.info.datasets[ds];
  const DocumentFields::Transfers& tf = e.info.doc.transfer;
  const std::string_view doctype = e.info.spec->posting->doctype;
  const int item = row_item_field(e.info);
  const int uom = e.info.doc.amounts.uom;
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> taken;  // by this body
  const auto before = taken_before(conn, doctype, e.id);
  std::size_t index = 0;
  for (DatasetRowEdit& row : e.datasets[ds].rows) {
    const std::string at = fmt::format("{}[{}]", d.spec->name, index++);
    Cell& type = row.cells[tf.type];
    if (type.s.empty()) continue;
    const TransferSource* from = nullptr;
    for (const TransferSource& s : e.info.transfer_sources)
      if (iequals(s.info->spec->posting->doctype, type.s)) from = &s;
    if (!from)
      throw validation_error(at + ".fromdoctype",
                             fmt::format("Field '{}.fromdoctype': {} cannot be transferred from "
                                         "'{}'",
                                         at, e.info.spec->resource, type.s));
    const ObjectInfo* src = from->info;
    type.s = std::string(src->spec->posting->doctype);
    const std::int64_t from_dockey = row.cells[tf.dockey].i;
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
    if (is_cancelled(*src, master))
      throw validation_error(at + ".fromdockey",
                             fmt::format("Field '{}.fromdockey': {} {} is cancelled", at,
                                         src->spec->resource, src_docno));
    // A row that took from this source row before the source was closed stays valid and may
    // take less; anything else is a new taking: a new row, or a kept row sent with another (or
    // a first) fromdtlkey, which a dtlkey test alone let through.
    const std::int64_t from_dtlkey = row.cells[tf.dtlkey].i;
    const auto was = before.find({row.dtlkey, type.s, from_dtlkey});
    const std::int64_t took = was == before.end() ? 0 : was->second;
    const int closed = src->doc.source.transferable;
    const bool doc_closed = closed >= 0 && master[static_cast<std::size_t>(closed)].i == 0;
    if (took == 0 && doc_closed)
      throw validation_error(at + ".fromdockey",
                             fmt::format("Field '{}.fromdockey': {} {} is not transferable "
                                         "(transferable: false)",
                                         at, src->spec->resource, src_docno));
    const int our_party = e.info.doc.party;
    const int their_party = src->doc.party;
    if (our_party >= 0 && their_party >= 0 &&
        !iequals(e.row[static_cast<std::size_t>(our_party)].s,
                 master[static_cast<std::size_t>(their_party)].s))
      throw validation_error(at + ".fromdockey",
                             fmt::format("Field '{}.fromdockey': {} {} belongs to '{}', not '{}'",
                                         at, src->spec->resource, src_docno,
                                         master[static_cast<std::size_t>(their_party)].s,
                                         e.row[static_cast<std::size_t>(our_party)].s));
    const DatasetInfo& sd = src->datasets[static_cast<std::size_t>(src->doc.lines)];
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
    const int row_closed = src->doc.source.row_transferable;
    const bool closed_row =
        row_closed >= 0 && (*source)[static_cast<std::size_t>(row_closed)].i == 0;
    if (took == 0 && closed_row)
      throw validation_error(at + ".fromdtlkey",
                             fmt::format("Field '{}.fromdtlkey': {} {} row dtlkey {} is not "
                                         "transferable (transferable: false)",
                                         at, src->spec->resource, src_docno, from_dtlkey));
    const std::int64_t ordered = (*source)[from->qty].i;
    std::int64_t& mine = taken[{std::string(src->spec->posting->doctype), from_dtlkey}];
    const std::int64_t outstanding =
        ordered - mine -
        transferred_elsewhere(conn, src->spec->posting->doctype, from_dtlkey, doctype, e.id);
    const std::size_t q = tf.qty;
    const int scale = d.field(q).scale;
    const auto qty_text = [&](std::int64_t units) {
      return Decimal::from_units(units, scale).to_string();
    };
    // A negative quantity would hand the source back what nobody returned (a return is a
    // document of its own: a credit note, a purchase return).
    if (row.cells[q].i < 0)
      throw validation_error(at + ".qty",
                             fmt::format("Field '{}.qty': a transferred row takes a positive qty "
                                         "(or none: what is outstanding), not {}",
                                         at, qty_text(row.cells[q].i)));
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
    if ((doc_closed || closed_row) && row.cells[q].i > took)
      throw validation_error(
          at + ".qty",
          fmt::format("Field '{}.qty': {} {} {}is not transferable (transferable: false): the row "
                      "keeps the {} it took, and takes no more ({})",
                      at, src->spec->resource, src_docno,
                      doc_closed ? "" : fmt::format("row dtlkey {} ", from_dtlkey), qty_text(took),
                      qty_text(row.cells[q].i)));
    mine += row.cells[q].i;
    // The source row's item and unit stay the row's (sent empty: the source's): both quantities
    // are in the rows' own UOM, so 2 BOX taken from a row of 2 UNIT, or CABLE from an ANT row,
    // would count as what the source row holds while other goods move. Kept rows too: an update
    // may not switch them.
    for (const auto& [j, to] : from->copied) {
      if (static_cast<int>(to) != item && static_cast<int>(to) != uom) continue;
      Cell& ours = row.cells[to];
      const Cell& theirs = (*source)[j];
      if (ours.s.empty()) ours = theirs;
      if (!iequals(ours.s, theirs.s))
        throw validation_error(
            fmt::format("{}.{}", at, d.field(to).name),
            fmt::format("Field '{}.{}': '{}' is not the '{}' of {} {} row dtlkey {} it is "
                        "transferred from (a transferred row keeps its source row's item and UOM)",
                        at, d.field(to).name, ours.s, theirs.s, src->spec->resource, src_docno,
                        from_dtlkey));
    }
    if (row.dtlkey != 0) continue;  // a kept row keeps its own values
    for (const auto& [j, to] : from->copied) {
      if (row.given[to]) continue;
      row.cells[to] = (*source)[j];
      row.given[to] = true;  // as if sent: item defaults stay off
    }
  }
}

void record_transfers(store::Connection& conn, const ObjectInfo& info, std::int64_t id,
                      bool released, bool creating) {
  if (info.transfer_sources.empty()) return;
  const std::string_view doctype = info.spec->posting->doctype;
  std::set<std::pair<std::string, std::int64_t>> affected;
  if (!creating) {
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
    const DatasetInfo& d = info.datasets[static_cast<std::size_t>(info.doc.lines)];
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
    for (const TransferSource& from : info.transfer_sources) {
      const ObjectInfo* src = from.info;
      if (src->spec->posting->doctype != from_doctype) continue;
      const DatasetInfo& sd = src->datasets[static_cast<std::size_t>(src->doc.lines)];
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

void keep_transferred(store::Connection& conn, RecordEdit& e) {
  const ObjectInfo& info = e.info;
  if (!info.transfer_source || e.creating || !e.stored) return;
  std::map<std::int64_t, std::string> taken;  // source row dtlkey -> the first document taking it
  for (Taken& t : takers_of(conn, info, e.id)) taken.emplace(t.dtlkey, std::move(t.by));
  if (taken.empty()) return;
  const auto refuse = [&](const std::string& field, std::string_view what, std::string_view by,
                          std::string_view was) {
    throw Problem(409, problem_code::kConflict,
                  fmt::format("{} dockey {}: {} was transferred to {}: its {} stays '{}'",
                              info.spec->resource, e.id, what, by, field, was),
                  field);
  };
  if (const int party = info.doc.party; party >= 0) {
    const auto p = static_cast<std::size_t>(party);
    if (!iequals(e.row[p].s, (*e.stored)[p].s))
      refuse(std::string(info.field(p).name), "the document", taken.begin()->second,
             (*e.stored)[p].s);
  }
  const auto ds = static_cast<std::size_t>(info.doc.lines);
  if (!e.datasets[ds].given) return;
  const DatasetInfo& d = info.datasets[ds];
  const int fields[] = {row_item_field(info), info.doc.amounts.uom};
  const std::map<std::int64_t, DatasetRowEdit> before = stored_rows(conn, d, e.id);
  std::size_t index = 0;
  for (DatasetRowEdit& row : e.datasets[ds].rows) {
    const std::string at = fmt::format("{}[{}]", d.spec->name, index++);
    const auto by = taken.find(row.dtlkey);
    const auto was = before.find(row.dtlkey);
    if (by == taken.end() || was == before.end()) continue;
    for (const int f : fields) {
      if (f < 0) continue;
      const auto i = static_cast<std::size_t>(f);
      Cell& now = row.cells[i];
      if (now.s.empty()) now = was->second.cells[i];  // sent empty: as it was
      if (!iequals(now.s, was->second.cells[i].s))
        refuse(fmt::format("{}.{}", at, d.field(i).name), fmt::format("row dtlkey {}", row.dtlkey),
               by->second, was->second.cells[i].s);
    }
  }
}

void check_transfer_source(store::Connection& conn, const ObjectInfo& info, std::int64_t id,
                           bool going) {
  if (!info.transfer_source) return;
  const DatasetInfo& d = info.datasets[static_cast<std::size_t>(info.doc.lines)];
  for (const auto& [dtlkey, taken, by] : takers_of(conn, info, id)) {
    if (going)
      throw Problem(409, problem_code::kConflict,
                    fmt::format("{} dockey {} has rows transferred to {}: it cannot be cancelled "
                                "or deleted",
                                info.spec->resource, id, by));
    Cursor row(conn, fmt::format("SELECT \"qty\" FROM {} WHERE \"dtlkey\" = ? AND \"parentid\" = ?",
                                 quote_ident(d.table)));
    row->bind_int(1, dtlkey);
    row->bind_int(2, id);
    if (!row->step())
      throw Problem(409, problem_code::kConflict,
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

}  // namespace sqlacc::bizobject::document_parts
