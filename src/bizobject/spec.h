#pragma once
// The declarative description of a business object. One ObjectSpec per resource, written as plain
// constexpr data (masters.cpp); everything else is generic code driven by it: table DDL, JSON
// mapping, validation, list filters, the Postman collection (and later OpenAPI).
//
// Conventions every spec follows (the Engine checks them when it registers a spec):
//   * field names are the lower-case wire names and also the SQL column names;
//   * exactly one field has `key = true`: the code (String), unique case-insensitively;
//   * KeyKind::AutoKey objects also have a read-only Int field named "autokey" or "dockey" (the
//     row's integer key, usable in the path instead of the code, as the original keys such
//     masters: tax by autokey, stock item by dockey);
//   * every object has a read-only Int field "lastmodified" (Unix seconds, set by the server).
#include <span>
#include <string_view>

namespace sqlacc::bizobject {

enum class FieldType { String, Int, Decimal, Bool, Date };
enum class KeyKind { Code, AutoKey };

struct FieldSpec {
  std::string_view name;               // wire and column name, lower-case
  FieldType type = FieldType::String;  //
  int width = 0;                       // String: max characters (code points); 0 = unlimited
  int scale = 0;                       // Decimal: digits after the point (0..18); stored scaled
  bool required = false;               // must be given, non-empty, on create
  bool key = false;                    // the code: unique, case-insensitively; the path key
  bool read_only = false;            // server-maintained (autokey, lastmodified): ignored on input
  std::string_view references = {};  // resource whose code this must be ("" value = none)
  std::string_view default_value = {};             // wire text used when a create omits the field
  std::string_view example = {};                   // wire text for the Postman collection and docs
  std::span<const std::string_view> choices = {};  // String enumeration, matched ignoring case
  std::string_view doc = {};                       // one line for generated documentation
};

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
struct PostingSpec {
  std::string_view doctype;  // "JE" (ledger/posting_rules.h)
  std::string_view lines;    // the dataset of posting lines: "sdsdocdetail"
  std::string_view account = "code";
  std::string_view dr = {};  // Decimal fields of a journal line: exactly one non-zero, none < 0
  std::string_view cr = {};
  std::string_view amount = {};
  std::string_view description = "description";
  std::string_view project = "project";
  std::string_view postdate = "postdate";  // master Date; empty on write: docdate is used
  std::string_view docdate = "docdate";
  std::string_view cancelled = "cancelled";  // master Bool
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
  // Documents: the key (docno) may be left empty on create and is then the next number of this
  // series, "JV-00001" (table docno_series, taken inside the create's write transaction).
  std::string_view docno_prefix = {};
  const PostingSpec* posting = nullptr;  // posts to the ledger on create/update, unposts on delete
};
// Optimistic locking (the original's rule) applies to every spec with an Int field "updatecount":
// 0 on create; an update must send the stored value + 1 (else 409 "Record has been changed by
// other users."), which is then stored.

// The built-in objects in display order (Agent first).
std::span<const ObjectSpec* const> builtin_objects();

}  // namespace sqlacc::bizobject
