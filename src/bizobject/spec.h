#pragma once
// The declarative description of a business object. One ObjectSpec per resource, written as plain
// constexpr data in the object's own file (src/bizobject/objects/<object>.cpp, listed in
// objects/registry.cpp); everything else is generic code driven by it: table DDL, JSON mapping,
// validation, list filters, amounts, posting (the ledger interprets the spec's rules), transfers,
// printed forms, the Postman collection and OpenAPI. Every name a spec uses (fields, references,
// paths, posting and amount fields, transfer sources, layout columns) is resolved and checked once
// when the spec is registered (compile_objects): a bad one fails start-up naming the object.
//
// Conventions every spec follows (the Engine checks them when it registers a spec):
//   * field names are the lower-case wire names and also the SQL column names;
//   * exactly one field has `key = true`: the code (String), unique case-insensitively;
//   * KeyKind::AutoKey objects also have a read-only Int field named "autokey" or "dockey" (the
//     row's integer key, usable in the path instead of the code, as the original keys such
//     masters: tax by autokey, stock item by dockey);
//   * every object has a read-only Int field "lastmodified" (Unix seconds, set by the server).
#include <cstddef>
#include <span>
#include <string_view>

#include "bizobject/print_layout.h"
#include "ledger/document.h"

namespace sqlacc::bizobject {

// List: a small list of objects inside one record or row (a row's sdsserialnumber), each object's
// members declared by `items` (String, Int, Decimal, Bool or Date fields; an item field with
// `key` is unique in the list, ignoring case). Stored in one TEXT column as canonical JSON (every
// member in `items` order, values as record JSON writes them) and returned as the JSON array.
enum class FieldType { String, Int, Decimal, Bool, Date, List };
enum class KeyKind { Code, AutoKey };

struct FieldSpec {
  std::string_view name;               // wire and column name, lower-case
  FieldType type = FieldType::String;  //
  int width = 0;           // String: max characters (code points); 0 = a blob (note): kBlobWidth
  int scale = 0;           // Decimal: digits after the point (0..18); stored scaled
  bool required = false;   // must be given, non-empty, on create
  bool key = false;        // the code: unique, case-insensitively; the path key
  bool read_only = false;  // server-maintained (autokey, lastmodified): ignored on input
  std::string_view references = {};     // resource whose code this must be ("" value = none)
  std::string_view default_value = {};  // wire text used when a create omits the field
  std::string_view example = {};        // wire text for the Postman collection and docs
  std::span<const std::string_view> choices = {};  // String enumeration, matched ignoring case
  std::string_view doc = {};                       // one line for generated documentation
  bool indexed = false;  // filters and reference checks on it use an index (UPPER() for String)
  // List: the members of its objects. Its `width` is the most objects it holds (0: kMaxListItems).
  std::span<const FieldSpec> items = {};
  // Accepted on input, type-checked and then ignored: not stored, not returned (the original's
  // SDK flags a client sends back, such as `changed` or a row's `dockey`). No column; reads give
  // the default. Not required, not a key, not read-only.
  bool input_only = false;
  // A reference whose default value means "none" and is accepted without a record of that code:
  // the shipper's "----". Needed where the referenced master came later than the documents that
  // name it: companies made before `shipper` existed have no "----" shipper, and their documents
  // (which default to it) must keep working without a data migration that would also have to
  // guess at every other master. Any other value is checked as usual.
  bool default_is_none = false;
};

// Input limits (README "Limits"), refused with a 400 naming the field and the limit:
//   * a String field holds at most `width` characters; one without a width in SQL Account's schema
//     (a blob: note, attachments, giro) at most kBlobWidth: SQL Account keeps notes as rich text,
//     and a million characters is hundreds of pages (at most 4 MiB of UTF-8, within --max-body);
//   * a dataset array (sdsdocdetail, sdsbranch, ...) has at most Engine::max_rows() rows, by
//   default
//     kDefaultMaxRows: invoices of a few hundred lines exist, a thousand leaves room, and a
//     document's GET and PDF stay fast (`sqlacc serve --max-rows` for more).
inline constexpr int kBlobWidth = 1'000'000;
inline constexpr std::size_t kDefaultMaxRows = 1000;
//   * a List field holds at most `width` objects, or kMaxListItems without a width: a row's
//     serial numbers, one per unit, for a row of a few thousand serialised units.
inline constexpr int kMaxListItems = 10'000;

// The most characters a String field takes: its width, or kBlobWidth for a blob.
constexpr int max_length(const FieldSpec& f) { return f.width > 0 ? f.width : kBlobWidth; }

// A sub-dataset ("sdsbranch", "sdsuom"): rows owned by one record, emitted as a JSON array by get
// and star (not by list, as the original). Stored in its own table: "dtlkey" (the row's integer
// key), "parentid" (the owner's row id), "seq" (order), then the fields. Field names must not be
// dtlkey, seq or parentid; fields have no key and follow the master field rules otherwise.
struct DatasetSpec {
  std::string_view name;  // "sdsbranch"
  std::span<const FieldSpec> fields;
  std::string_view table = {};  // "" = "<object table>_<name>", e.g. "customer_sdsbranch"
  std::string_view doc = {};
  std::string_view example = {};  // JSON array of example rows (Postman); "" = one row of examples
};

// A per-object rule run on every create and update after field validation and before any write
// (engine-internal view of the record and its dataset rows: object_info.h). Throws Problem.
struct RecordEdit;
using RecordHook = void (*)(RecordEdit&);

// How a document record posts to the ledger (ledger::post): the ledger document type and which
// fields hold what. Master fields: docno = the key, postdate/description/project by name (a name
// the spec lacks is skipped). Each row of the `lines` dataset becomes one ledger::PostingLine.
// A true `cancelled` field unposts the document (it stays stored). Generic: no code per document.
//
// A "path" follows references: "code>controlaccount" is the controlaccount field of the record
// that this row's `code` field references; "itemcode>stockgroup>sales" takes two steps.
struct PostingSpec {
  std::string_view doctype;  // "JE": what the ledger's rows, transfers and knock-offs call it
  // The GL and stock rules the ledger interprets for it (ledger/posting_rules.h); empty: it posts
  // nothing (a sales order). Checked by ledger::rule_set_problem when the spec is registered.
  ledger::PostingRules rules = {};
  std::string_view lines;  // the dataset of posting lines: "sdsdocdetail"
  // Line fields.
  std::string_view account = "code";
  std::string_view dr = {};  // Decimal fields of a journal line: exactly one non-zero, none < 0
  std::string_view cr = {};
  std::string_view amount = {};       // Decimal, excluding tax, in local currency
  std::string_view tax = {};          // Decimal tax amount, local currency
  std::string_view tax_account = {};  // path to the line's tax GL account: "tax>taxaccount"
  std::string_view item = {};         // stock documents: item code, locations, quantity
  std::string_view location = {};
  std::string_view from_location = {};
  std::string_view to_location = {};
  std::string_view qty = {};
  std::string_view qty_rate = {};  // Decimal: base units per unit of the row's UOM (qty × rate)
  std::string_view stock_control = {};  // path to a Bool: false = the row's item moves no stock
  // Master fields.
  std::string_view description = "description";
  std::string_view project = "project";
  std::string_view postdate = "postdate";  // master Date; empty on write: docdate is used
  std::string_view docdate = "docdate";
  std::string_view cancelled = "cancelled";  // master Bool
  std::string_view party = {};               // reference to the customer/supplier: "code"
  std::string_view control_account = {};     // path: "code>controlaccount"
  std::string_view payment_account = {};     // bank/cash GL account: "paymentmethod"
  std::string_view doc_amount = {};          // Decimal, local currency: "localdocamt"
  // Knock-off rows (a payment settling invoices), with the conventional fields doctype, docno,
  // refdockey (Int), koamt (Decimal) and knockoff (Bool: only true rows apply).
  std::string_view knockoffs = {};
  // Balances masters show (read-only fields there), read from the ledger's running totals: the
  // party's open balance ("outstanding") and each item's quantity on hand ("balsqty").
  std::string_view party_balance = {};
  std::string_view item_balance = {};
  bool credit_party = false;  // the party is a creditor: its balance is shown as what we owe
  // Rows transferred from a document of one of these doctypes (each one of the spec's
  // transfer_from) move no stock: their source moved it already. An invoice row from a delivery
  // order posts the sale but the goods left with the DO; a purchase invoice row from a goods
  // received note likewise. The row's GL lines are posted as any other row's.
  std::span<const std::string_view> stock_moved_by = {};
};

// How the server computes a document's lines and totals before posting; a client may send the
// computed fields, and a value that disagrees is a 400 naming it ("sdsdocdetail[1].amount").
// Names are fields of the `lines` rows (line) or of the master; "" = not used.
//   amount   = round2(qty × price) − discount (or entered, when `price` is ""), then, with a
//              tax code: inclusive  tax = round2(amount × rate / (100 + rate)), amount −= tax;
//                        exclusive  tax = round2(amount × rate / 100);
//   local*   = round2(value × currencyrate) per line; docamt = Σ amount + tax, localdocamt =
//              Σ localamount + localtaxamt (so the posted journal is exactly the document).
// Rounding is half away from zero, per line (SST practice).
struct AmountSpec {
  std::string_view lines = "sdsdocdetail";
  std::string_view qty = {};           // line
  std::string_view price = {};         // line; "" = amount is entered
  std::string_view disc = {};          // line text: "10%", "5", "10%+5" (applied in turn)
  std::string_view tax = {};           // line tax code (references tax: taxrate, taxinclusive)
  std::string_view taxinclusive = {};  // line Bool
  std::string_view taxrate = {};       // line text, filled: "6%"
  std::string_view taxamt = {};        // line results
  std::string_view amount = "amount";
  std::string_view localamount = {};
  std::string_view localtaxamt = {};
  std::string_view amountwithtax = {};
  // The line's GL account, filled when empty: from the item (a path), else a default account.
  std::string_view account = {};
  std::string_view item_account = {};  // "itemcode>stockgroup>sales"
  std::string_view default_account = {};
  // Units: the row's uom (empty: the item's base uom) must be one of the item's sdsuom rows; its
  // rate (base units per uom) is filled into `uom_rate`.
  std::string_view item = {};
  std::string_view uom = {};
  std::string_view uom_rate = {};
  // Fields of a new row that its body left out, copied from the item ("description",
  // "tax=sltax": the item's sales tax code into the row's tax). Sent empty ("") means none.
  std::span<const std::string_view> item_defaults = {};
  // Master. The currency: the document is in its party's currency (`party_currency`, a path:
  // "code>currencycode"); the local currency ("----" or "") has rate 1; a foreign currency left
  // without a rate takes `default_rate` (a path: "currencycode>sellingrate").
  std::string_view currency = {};
  std::string_view party_currency = {};
  std::string_view default_rate = {};
  std::string_view currencyrate = {};
  std::string_view docamt = {};
  std::string_view localdocamt = {};
  // Payments: docamt is entered (> 0) and knock-off rows (PostingSpec::knockoffs) apply it;
  // `unapplied` = docamt − Σ applied koamt.
  bool docamt_entered = false;
  std::string_view unapplied = {};
  // A document paid at once (a cash sale): this master Decimal is what was paid, which is always
  // the document total (docamt): left out it takes docamt, a different value is a 400 (what is
  // not paid would be owed, and a cash document leaves nothing owing). A cancelled document may
  // carry 0: the original's clients cancel a cash sale with p_amount 0.
  std::string_view paid = {};
};

// Copying from the party (customer/supplier) into a new document, for the fields the body left
// out: `fields` from the party's master, `address_fields` from the first row of its
// `address_dataset` (the billing branch). An entry "terms=creditterm" copies the party's
// creditterm into the document's terms; a plain "city" copies a field of the same name.
struct PartyFillSpec {
  std::string_view party = "code";
  std::span<const std::string_view> fields = {};
  std::string_view address_dataset = {};
  std::span<const std::string_view> address_fields = {};
  // The delivery address: `delivery_fields` ("daddress1=address1") from the first row of
  // `address_dataset` whose field equals the value of `delivery_row` ("branchtype=D", ignoring
  // case), else from its first row (the billing address is where the goods go then).
  std::string_view delivery_row = {};
  std::span<const std::string_view> delivery_fields = {};
};

struct ObjectSpec {
  std::string_view resource;  // URL path segment, lower-case: "agent"
  std::string_view title;     // display name: "Agent" (Postman folder)
  std::string_view table;     // SQL table
  KeyKind key_kind = KeyKind::Code;
  std::span<const FieldSpec> fields;  // in wire order
  std::span<const DatasetSpec> datasets = {};
  std::string_view doc = {};
  RecordHook hook = nullptr;
  // The names `hook` uses: a field ("uom"), a dataset ("sdsuom") or a field of a dataset's rows
  // ("sdsuom.rate"). Resolved when the spec is registered (a name the spec lacks stops start-up);
  // the hook reads the k-th as an index, RecordEdit::hook_index(k), and looks up no name.
  std::span<const std::string_view> hook_names = {};
  // Documents: the key (docno) may be left empty on create and is then the next number of this
  // series, "JV-00001" (table docno_series, taken inside the create's write transaction).
  std::string_view docno_prefix = {};
  const PostingSpec* posting = nullptr;  // posts to the ledger on create/update, unposts on delete
  const AmountSpec* amounts = nullptr;   // computed lines and totals
  const PartyFillSpec* party_fill = nullptr;
  // Document transfer (Sales Order -> Sales Invoice): rows of `posting->lines` may carry
  // fromdoctype / fromdockey / fromdtlkey naming a row of a document whose posting doctype is
  // listed here. Conventions: both rows have a Decimal "qty"; the source rows a read-only Decimal
  // "transferredqty" (kept by the engine). A qty of 0 or left out takes what is outstanding;
  // more than that is a 400; fields the row leaves out are copied from the source row.
  std::span<const std::string_view> transfer_from = {};
  // Its printed forms (print_layout.h), the default first; none: GET as a PDF is a 406.
  std::span<const PrintTemplate> print_templates = {};
  // Its records in the sample company of `sqlacc init --sample`: create bodies (JSON), inserted
  // in this order through Engine::create (so each must pass validation; a parent account before
  // its children). load_sample_company loads an object's samples after those of every object
  // they reference, so no object needs to know where it stands in the load order.
  std::span<const std::string_view> samples = {};
};
// Optimistic locking (the original's rule) applies to every spec with an Int field "updatecount":
// 0 on create; an update must send the stored value + 1 (else 409 "Record has been changed by
// other users."), which is then stored.

// The built-in objects in display order (Agent first): the list in objects/registry.cpp.
std::span<const ObjectSpec* const> builtin_objects();

}  // namespace sqlacc::bizobject
