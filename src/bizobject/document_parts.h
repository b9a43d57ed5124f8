#pragma once
// INTERNAL header of the documents.cpp family (document_amounts.cpp, document_transfers.cpp,
// document_posting.cpp): what one part calls in another, and the small helpers they share. Not
// part of the bizobject interface: everything else includes documents.h.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "bizobject/object_info.h"
#include "bizobject/text.h"
#include "ledger/document.h"
#include "store/connection.h"
#include "util/decimal.h"

namespace sqlacc::bizobject {

class MasterLookup;

namespace document_parts {

// ---- Shared helpers -----------------------------------------------------------------------------

inline int find_in(std::span<const FieldSpec> fields, std::string_view name) {
  return name.empty() ? -1 : text::find_by_name(fields, name);
}

inline bool is_local_currency(std::string_view code) { return code.empty() || code == "----"; }

inline Decimal decimal_of(const FieldSpec& f, const Cell& c) {
  return Decimal::from_units(c.i, f.scale);
}

// A copy entry of PartyFillSpec / AmountSpec::item_defaults: "to=from", or "name" for both.
inline std::pair<std::string_view, std::string_view> copy_names(std::string_view entry) {
  const std::size_t eq = entry.find('=');
  if (eq == std::string_view::npos) return {entry, entry};
  return {entry.substr(0, eq), entry.substr(eq + 1)};
}

// The account master's special types (objects/masters.cpp, the original's SPECIALACCTYPE): a
// convention like the item's "uom". A String field "specialacctype" whose choices include these;
// an account master without it is not checked.
inline constexpr std::string_view kAccountTypeField = "specialacctype";
inline constexpr std::string_view kBankCashTypes[] = {"BA", "CH"};  // what a payment may use
inline constexpr std::string_view kControlTypes[] = {"DC", "CC"};   // debtors, creditors control
// Its class ("acctype"): a bank or cash account is a current asset, or a current liability (an
// overdraft). Only the migration of existing companies reads it (documents.h).
inline constexpr std::string_view kAccountClassField = "acctype";
inline constexpr std::string_view kBankAccountClasses[] = {"CA", "CL"};

inline bool is_one_of(std::span<const std::string_view> types, std::string_view t) {
  for (std::string_view x : types)
    if (iequals(x, t)) return true;
  return false;
}

// At registration (requests use the resolved DocumentFields).
inline const DatasetInfo* dataset_of(const ObjectInfo& info, std::string_view name) {
  const int ds = name.empty() ? -1 : info.find_dataset(name);
  return ds < 0 ? nullptr : &info.datasets[static_cast<std::size_t>(ds)];
}

// ---- document_transfers.cpp ---------------------------------------------------------------------

// At registration: what rows of `taker` (its posting lines, fields `taker.doc.transfer`) take from
// the rows of `src`, which has checked Decimal "qty" and "transferredqty" fields.
TransferSource transfer_source(const ObjectInfo& taker, const ObjectInfo& src);

// Checks each row's transfer source and fills its quantity (what is outstanding when left out)
// and, for a new row, the source row's values.
void take_transfers(store::Connection& conn, RecordEdit& e, std::size_t ds);

// Re-records the transfers this document's rows make (none when cancelled or deleted) and brings
// each source row's transferredqty up to date; a source row over-transferred is a 400. `creating`:
// a new document (a fresh dockey, so nothing recorded to look up).
void record_transfers(store::Connection& conn, const ObjectInfo& info, std::int64_t id,
                      bool released, bool creating);

// Before an update of a document other documents transferred rows from: the rows taken keep
// their item and UOM, and the document its party (409 naming the taker); quantities are checked
// after the write (check_transfer_source).
void keep_transferred(store::Connection& conn, RecordEdit& e);

// A document other documents transferred rows from: those rows stay, with at least the quantity
// transferred, and the document cannot be cancelled or deleted (409 naming the taker).
void check_transfer_source(store::Connection& conn, const ObjectInfo& info, std::int64_t id,
                           bool going);

// ---- document_amounts.cpp -----------------------------------------------------------------------

// Fills the computed amounts of the lines (and item defaults, uom rates, GL accounts) and the
// document totals.
void compute_amounts(MasterLookup& lookup, RecordEdit& e, std::size_t ds);

// ---- document_posting.cpp -----------------------------------------------------------------------

// Names each applied row's target by its stored docno and dockey, and checks it is a document of
// this party; the amounts are checked by the ledger (it knows what is outstanding).
void resolve_knockoffs(store::Connection& conn, RecordEdit& e);

// The ledger document of a written record, with its lines and knock-offs: the rows of `written`
// where the edit carried them (they are what was just written), else read back.
ledger::PostingDocument posting_document(store::Connection& conn, MasterLookup& lookup,
                                         const ObjectInfo& info, const Row& row, std::int64_t id,
                                         const std::vector<DatasetEdit>& written);

bool is_cancelled(const ObjectInfo& info, const Row& row);

}  // namespace document_parts
}  // namespace sqlacc::bizobject
