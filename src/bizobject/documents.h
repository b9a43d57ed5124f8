#pragma once
// Documents on top of the generic engine, driven by ObjectSpec::party_fill, ::amounts,
// ::transfer_from and ::posting (spec.h); no code per document type.
//   before the write: party defaults, transfers (outstanding quantities), computed amounts and
//                     totals, knock-off targets;
//   after the write:  posting (or unposting when cancelled), transfer bookkeeping, the balances
//                     kept on masters (customer outstanding, item quantity on hand).
// The account checks of a posting (not of a cancelled document, which posts nothing; the
// account master's special types, document_parts.h):
//   * a payment account (paymentmethod) must be a bank or cash account (BA, CH);
//   * a line's account must be no control account: neither of type DC/CC nor a customer's or
//     supplier's controlaccount (the sub-ledger of open items must keep adding up to it);
//   * a journal (lines with dr/cr) needs at least one line.
// Client errors are Problems: 400 naming the field, 409 for what other documents depend on.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bizobject/object_info.h"
#include "store/connection.h"
#include "store/schema_registry.h"

namespace sqlacc::bizobject {

// Links transfer sources and checks that every name a document spec uses is a field of the right
// type (std::invalid_argument otherwise). Called once by compile_objects.
void link_documents(std::vector<std::unique_ptr<ObjectInfo>>& infos);

// The engine's own document tables (doc_transfer), declared for module "bizobject".
void register_document_tables(store::SchemaRegistry& registry);
// The engine's numbered steps for documents' data (module "bizobject", from version 2; after the
// module's step 1): existing companies' payment accounts marked as bank accounts.
void register_document_steps(store::SchemaRegistry& registry,
                             const std::vector<std::unique_ptr<ObjectInfo>>& infos);

class MasterLookup;  // master_lookup.h: one per operation, shared by the two calls below

// After field validation and the spec's hook, before anything is written.
void complete_document(store::Connection& conn, MasterLookup& lookup, RecordEdit& edit);

// After the record and its rows are written (create/update): `stored` is the record before an
// update, nullptr on create; `written` the dataset edits just written (parallel to info.datasets).
void document_written(store::Connection& conn, MasterLookup& lookup, const ObjectInfo& info,
                      const Row& row, const Row* stored, std::int64_t id,
                      const std::vector<DatasetEdit>& written);

// Before the record and its rows are deleted.
void document_deleting(store::Connection& conn, const ObjectInfo& info, std::int64_t id);

// The balances masters show (a customer's outstanding, an item's balsqty; PostingSpec) are read
// from the ledger's running totals in the masters' SELECTs (ObjectInfo::column_sql), not stored on
// the master by every posting: a posting writes no master row, so the masters a document reads stay
// in the MasterCache (master_cache.h). Called once when the Engine compiles its specs.
void show_ledger_balances(std::vector<std::unique_ptr<ObjectInfo>>& infos);

// verify(): the balances masters show must equal what the ledger says; appends one text per master
// that differs.
void check_kept_balances(store::Connection& conn,
                         const std::vector<std::unique_ptr<ObjectInfo>>& infos,
                         std::vector<std::string>& problems);

}  // namespace sqlacc::bizobject
