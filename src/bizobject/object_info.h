#pragma once
// Internal: an ObjectSpec compiled once for execution: SQL texts, defaults,
// who references it. Not part of the public API (engine.h is).
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bizobject/print_document.h"
#include "bizobject/record.h"
#include "bizobject/spec.h"
#include "store/batch_insert.h"
#include "store/connection.h"
#include "store/schema_registry.h"

namespace sqlacc::bizobject {

struct ObjectInfo;

struct Referrer {
  const ObjectInfo* from;  // the object holding the reference
  std::string field;       // its referencing field ("tax", or "sdstariff.tax" in a dataset)
  std::string sql;         // SELECT key FROM from WHERE UPPER(field)=UPPER(?) LIMIT 1
};

// A DatasetSpec compiled: its table's SQL. SELECT lists the fields in spec order (an input-only
// field as its default), then dtlkey, then seq.
struct DatasetInfo {
  const DatasetSpec* spec = nullptr;
  std::string table;
  std::vector<Cell> defaults;
  std::vector<const ObjectInfo*> ref_targets;
  std::vector<std::size_t> stored_fields;  // with a column (not input_only), in field order
  std::string sql_rows;                    // WHERE parentid = ? ORDER BY seq, dtlkey
  std::string
      insert_head;         // INSERT INTO t (dtlkey, parentid, seq, stored fields...): a BatchInsert
  std::string sql_update;  // SET seq, stored fields... WHERE dtlkey = ?
  std::string sql_delete_row;  // WHERE dtlkey = ?
  std::string sql_delete_all;  // WHERE parentid = ?

  const FieldSpec& field(std::size_t i) const { return spec->fields[i]; }
  std::size_t field_count() const { return spec->fields.size(); }
  // Case-insensitive; -1 if unknown. For registration and the names a client sends: requests
  // use the indexes resolved at registration.
  int find_field(std::string_view name) const;
};

// A reference path of a spec ("itemcode>stockgroup>sales", spec.h) resolved when the spec is
// registered (link_documents): the field index at each step, and the object each step but the last
// references. Followed per row by MasterLookup::follow without looking up a name.
struct FieldPath {
  std::vector<std::size_t> fields;
  std::vector<const ObjectInfo*> targets;  // fields.size() - 1 entries
  const FieldSpec* last = nullptr;         // the field the path ends on
  bool empty() const { return fields.empty(); }
};

// The names of a document's PostingSpec and AmountSpec (spec.h) as field indexes (-1, or an empty
// path: not used), resolved and checked once by link_documents. Master fields, then fields of the
// rows of `lines` (the posting lines) and `amount_lines` (the rows amounts are computed on).
struct DocumentFields {
  // PostingSpec, master.
  int postdate = -1, docdate = -1, description = -1, project = -1, party = -1, payment_account = -1,
      doc_amount = -1, cancelled = -1;
  FieldPath control_account;
  // PostingSpec, rows of `lines`.
  int lines = -1;  // the dataset
  int account = -1, dr = -1, cr = -1, amount = -1, tax = -1, item = -1, location = -1,
      from_location = -1, to_location = -1, qty = -1, qty_rate = -1, line_description = -1,
      line_project = -1;
  FieldPath tax_account, stock_control;
  // PostingSpec::knockoffs: the dataset (-1: none) and its conventional fields.
  int knockoffs = -1;
  struct KnockOffs {
    std::size_t doctype = 0, docno = 0, refdockey = 0, koamt = 0, knockoff = 0;
  } knockoff;
  // The balances the party and item masters show (PostingSpec::party_balance, ::item_balance):
  // the field of the master, -1 if it has none.
  int party_balance = -1, item_balance = -1;
  // The accounts a posting may use (documents.h: the account checks): the special type field of
  // the account master the payment account and the lines' account reference (-1: not checked),
  // and whether a line account is some party's control account (SQL, one `?` per party; "": none).
  struct Accounts {
    int payment_type = -1, line_type = -1;
    std::string sql_party_control;
    int party_control_params = 0;
    std::vector<std::string> party_control_tables;  // what sql_party_control reads
  } accounts;
  // ObjectSpec::transfer_from: the conventional fields of the rows of `lines`. `present`: the rows
  // have them (then a row naming a source the spec does not list is refused, also when it lists
  // none).
  struct Transfers {
    std::size_t type = 0, dockey = 0, dtlkey = 0, qty = 0;
    bool present = false;
  } transfer;
  // As a transfer source (ObjectInfo::transfer_source): its Bool "transferable" fields, of the
  // master and of the rows of `lines` (-1: it has none). False: nothing more may be taken from
  // the document or the row (SQL Account's "UnTransferable"), and it lists as not outstanding.
  struct Source {
    int transferable = -1, row_transferable = -1;
  } source;
  // AmountSpec: rows of `amount_lines`, then master.
  int amount_lines = -1;
  struct Amounts {
    int qty = -1, price = -1, disc = -1, tax = -1, taxinclusive = -1, taxrate = -1, taxamt = -1,
        amount = -1, localamount = -1, localtaxamt = -1, amountwithtax = -1, account = -1,
        item = -1, uom = -1, uom_rate = -1;
    int currency = -1, currencyrate = -1, docamt = -1, localdocamt = -1, unapplied = -1, paid = -1;
    FieldPath item_account, party_currency, default_rate;
    // Of the item `item` references: its base "uom" (-1: none) and its "sdsuom" units (nullptr:
    // none, every uom has rate 1) with their "uom" and "rate"; item_defaults as (row field, item
    // field) pairs.
    int item_uom = -1;
    const DatasetInfo* item_units = nullptr;
    std::size_t unit_uom = 0, unit_rate = 0;
    std::vector<std::pair<std::size_t, std::size_t>> item_defaults;
    // Of the tax code `tax` references: its "taxrate" (-1: none, the rate is 0).
    int tax_rate = -1;
  } amounts;
  // PartyFillSpec: the party field, then (document field, party field) pairs to copy from the
  // party's master and from the first row of its address dataset.
  int fill_party = -1;
  const DatasetInfo* fill_address = nullptr;
  std::vector<std::pair<std::size_t, std::size_t>> fill_fields, fill_address_fields;
  // The delivery address: the rows' field that picks the row (-1: the first row), its value.
  int fill_delivery_select = -1;
  std::string fill_delivery_value;
  std::vector<std::pair<std::size_t, std::size_t>> fill_delivery_fields;
};

// A document rows may be transferred from (ObjectSpec::transfer_from), resolved.
struct TransferSource {
  const ObjectInfo* info = nullptr;
  std::size_t qty = 0;  // of its rows (posting lines)
  // (its row field, the taking row's field): what a new row takes from its source row.
  std::vector<std::pair<std::size_t, std::size_t>> copied;
};

struct FilterSql {
  std::string select;  // ... LIMIT ? OFFSET ?
  std::string count;
};

struct ObjectInfo {
  const ObjectSpec* spec = nullptr;
  std::string id_column;  // "autokey" (AutoKey specs, also a field) or "id" (hidden)
  std::size_t key_field = 0;
  std::size_t lastmodified_field = 0;
  int autokey_field = -1;
  int updatecount_field = -1;                    // the optimistic lock (spec.h), -1 without one
  std::vector<Cell> defaults;                    // per field
  std::vector<const ObjectInfo*> ref_targets;    // per field: the referenced object, or nullptr
  std::vector<std::size_t> insert_fields;        // bound in this order by sql_insert
  std::vector<std::size_t> update_fields;        // bound in this order by sql_update, then the id
  std::vector<Referrer> referrers;               // objects whose fields reference this one
  std::vector<DatasetInfo> datasets;             // parallel to spec->datasets
  std::vector<PrintedForm> forms;                // parallel to spec->print_templates
  DocumentFields doc;                            // spec->posting and ->amounts, resolved
  std::vector<TransferSource> transfer_sources;  // spec->transfer_from, resolved
  bool transfer_source = false;                  // another spec transfers from this one
  std::vector<std::size_t> hook_indexes;         // spec->hook_names, resolved

  // Per field, what a SELECT reads: its column, or for a balance the ledger keeps (a customer's
  // outstanding, an item's balsqty; documents.h set_ledger_balances) an expression over the
  // ledger's running totals. Filters use it too.
  std::vector<std::string> column_sql;
  std::vector<bool> from_ledger;  // per field: column_sql is such an expression

  // SELECT lists every field in spec order, then the id column (index fields.size()).
  std::string select_columns;
  std::string sql_by_key;  // WHERE UPPER(code) = UPPER(?)
  // sql_by_key with the fields from the ledger read as 0: what MasterCache keeps (those change
  // with every posting and are read fresh by every GET).
  std::string sql_master_by_key;
  std::string sql_by_id;   // WHERE id = ?
  std::string sql_key_of;  // SELECT code ... WHERE UPPER(code) = UPPER(?)  (reference checks)
  std::string sql_insert;  // the id column (bound first), then insert_fields
  std::string sql_update;
  std::string sql_delete;
  FilterSql unfiltered;

  // Filter shape ("3=;5B;") -> SQL; bounded, guarded (the Engine is shared across threads).
  mutable std::mutex cache_mutex;
  mutable std::unordered_map<std::string, FilterSql> filter_cache;

  const FieldSpec& field(std::size_t i) const { return spec->fields[i]; }
  std::size_t field_count() const { return spec->fields.size(); }
  // Case-insensitive; -1 if unknown. For registration and the names a client sends: requests
  // use the indexes resolved at registration.
  int find_field(std::string_view name) const;
  int find_dataset(std::string_view name) const;
};

// One dataset row of a create/update: dtlkey 0 = to insert.
struct DatasetRowEdit {
  std::int64_t dtlkey = 0;
  std::int64_t seq = 0;
  Row cells;
  std::vector<bool> given;  // per field: set by the body (or by a hook)
};
struct DatasetEdit {
  bool given = false;  // the body carried the array (absent: rows stay as they are)
  std::vector<DatasetRowEdit> rows;
};

// What an ObjectSpec::hook sees and may change before the write.
struct RecordEdit {
  const ObjectInfo& info;
  bool creating;
  Row& row;                            // the master record as it will be written
  const std::vector<bool>& given;      // master fields the body set
  const Row* stored;                   // the record before the update; nullptr on create
  std::vector<DatasetEdit>& datasets;  // parallel to info.datasets
  std::int64_t id = 0;                 // the record's row id on update; 0 on create

  // The index of the k-th of spec.hook_names: a field, a dataset, or a field of a dataset's rows.
  std::size_t hook_index(std::size_t k) const { return info.hook_indexes[k]; }
};

// Quotes an SQL identifier: "name".
std::string quote_ident(std::string_view name);
// Column DDL for one field (without the primary key column).
std::string column_ddl(const FieldSpec& f, const Cell& default_value);

}  // namespace sqlacc::bizobject

namespace sqlacc::bizobject {

// Reads wire text (a query value, a spec default or example) as a value of the field's type.
// Returns false with a reason ("must be an integer") if it does not parse.
bool cell_from_text(const FieldSpec& f, std::string_view text, Cell& out, std::string& why);
// Binds a cell as the field type stores it (dates NULL when empty, bools and decimals as integers).
void bind_cell(store::Statement& st, int index, const FieldSpec& f, const Cell& c);
// The same, as the next value of a multi-row INSERT.
void add_cell(store::BatchInsert& insert, const FieldSpec& f, const Cell& c);
// Copies the row of a positioned statement (columns in field order) into cells.
Row read_cells(std::span<const FieldSpec> fields, const store::Statement& st);

// (Re)builds the SELECT texts from column_sql.
void build_read_sql(ObjectInfo& info);

// Builds the ObjectInfo of every spec (checking the conventions of spec.h, throwing
// std::invalid_argument) and links references between them.
std::vector<std::unique_ptr<ObjectInfo>> compile_objects(std::span<const ObjectSpec* const> specs);

// Declares the tables and indexes of these objects (and the ledger's when one of them posts) as
// module "bizobject" of a company schema; store::migrate creates them and adds the columns a newer
// spec introduced.
inline constexpr std::string_view kSchemaModule = "bizobject";
void register_tables(store::SchemaRegistry& registry,
                     const std::vector<std::unique_ptr<ObjectInfo>>& infos);

}  // namespace sqlacc::bizobject
