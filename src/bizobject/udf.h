#pragma once
// User-defined fields (udf_*): a company adds its own fields to an object (SQL Account's "UDF"),
// e.g. `udf_colour` on a stock item. They are the company's data, not part of an ObjectSpec: the
// Engine and its compiled ObjectInfo are shared by every company of a server, so declarations and
// values live in two tables of each company database, on both backends:
//
//   udf_field (object, name, type, width, scale)     one row per declaration
//   udf_value (object, recid, name, s, i)            one row per record and field holding a value
//
// Why a side table and not ALTER TABLE ADD COLUMN on the object's table: the engine's SQL texts
// (SELECT lists, INSERT, UPDATE, filters) are built once per spec and shared by every company; a
// column that exists in one company's table and not another's would make every one of them per
// company. A side table keeps them shared, needs no DDL at run time (no table lock on
// PostgreSQL, no schema drift that `sqlacc migrate` would have to understand), and removing a field
// is a DELETE. A value is kept as its cell (udf.cpp: `s` for string and date, `i` for int, decimal
// units at the declared scale, bool), so a udf reads, binds and filters exactly as a built-in
// field of its type. A value equal to the type's default ("", 0, false, no date) is not stored:
// reading gives the default, so "holds a value" (udf remove) is "has a row".
//
// Declarations are read per engine call (one indexed query on a tiny table, inside the call's
// transaction), not cached: a declaration made through the API or CLI on another node is seen by
// the next request, with no invalidation protocol.
//
// Dataset rows take their own: declared on "OBJECT.DATASET" ("salesinvoice.sdsdocdetail"), their
// values keyed by the row's dtlkey. They follow the rows: a row left out of a PUT, or deleted with
// its record, takes its values with it; a kept row keeps the values the body leaves out.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/record.h"
#include "store/connection.h"
#include "store/schema_registry.h"
#include "util/problem.h"

namespace sqlacc::bizobject {

class Engine;
struct ObjectInfo;
struct DatasetEdit;

namespace udf {

// Limits of a declaration (refused with a 400 naming the field).
inline constexpr std::size_t kMaxNameLength = 30;  // "udf_" + 26
inline constexpr int kDefaultWidth = 100;
inline constexpr int kMaxWidth = 8000;
inline constexpr int kDefaultScale = 2;
inline constexpr int kMaxScale = 8;
inline constexpr std::size_t kMaxPerObject = 100;

struct Declaration {
  std::string object;  // the resource: "stockitem"
  std::string name;    // "udf_colour"
  FieldType type = FieldType::String;
  int width = 0;  // String only
  int scale = 0;  // Decimal only
};

// The wire names of the types: "string", "int", "decimal", "bool", "date".
std::string_view type_name(FieldType t);

// The user-defined fields one company declared on one object, as FieldSpecs (in name order) so
// that validation, filters and JSON treat them as fields of their type.
class Fields {
 public:
  explicit Fields(std::vector<Declaration> declarations);
  Fields(const Fields&) = delete;
  Fields& operator=(const Fields&) = delete;
  std::span<const FieldSpec> specs() const { return specs_; }
  const std::vector<Declaration>& declarations() const { return declarations_; }
  // Case-insensitive; nullptr when not declared.
  const FieldSpec* find(std::string_view name) const;

 private:
  std::vector<Declaration> declarations_;  // owns the names specs_ view
  std::vector<FieldSpec> specs_;
};
using FieldsPtr = std::shared_ptr<const Fields>;

// The declarations of one object (`record`) and of its datasets' rows (`rows`, parallel to the
// object's datasets), each nullptr when it has none; read in one query.
struct Declared {
  FieldsPtr record;
  std::vector<FieldsPtr> rows;
};

// The object name of a dataset's rows: "salesinvoice.sdsdocdetail".
std::string rows_object(std::string_view resource, std::string_view dataset);
// An object as a client names it ("SalesInvoice", "salesinvoice.SDSDOCDETAIL") in its own
// spelling, or nothing when there is no such object or dataset.
std::optional<std::string> canonical_object(const Engine& engine, std::string_view object);

// Declares udf_field and udf_value with the business objects' tables (module "bizobject").
void register_tables(store::SchemaRegistry& registry);

// True for a name of the udf_ family (letter case ignored): such a name is never a built-in field.
bool is_udf_name(std::string_view name);
// The 400 for a udf_ name the company has not declared on `object`, saying how to declare it.
Problem undeclared(std::string_view object, std::string_view name, std::string field = {});

// ---- Declarations (CLI `sqlacc udf`, API /udf) ----

// Every declaration of the company, or those of one object, in object then name order.
std::vector<Declaration> list(store::Connection& conn, std::string_view object = {});
// The declarations of one object, nullptr when it has none (most objects: nothing else to do).
FieldsPtr fields_of(store::Connection& conn, std::string_view object);
// The declarations of an object and of its rows.
Declared declared_on(store::Connection& conn, const ObjectInfo& info);
// A declaration from its parts as typed (CLI) or sent (API), checked: a known object, a name
// `udf_[a-z0-9_]` of at most 30 characters, a type, a width for strings only (default 100, at most
// 8000), a scale for decimals only (default 2, at most 8). -1 = not given. 400 naming the part.
Declaration make_declaration(const Engine& engine, std::string_view object, std::string_view name,
                             std::string_view type, int width, int scale);
// Stores a declaration (one transaction); 409 when the object already has that name.
void add(store::Connection& conn, const Declaration& d);
// Removes a declaration; 404 when there is none. While a record holds a value it is refused (409
// naming a record) unless `force`, which deletes the values with it: a field that disappears
// silently with data in it is data loss a user did not ask for.
Declaration remove(store::Connection& conn, const Engine& engine, std::string_view object,
                   std::string_view name, bool force);
// The declaration as JSON: {"object","name","type","width","scale"}.
boost::json::object to_json(const Declaration& d);
// A value of the declared type that its validation accepts, for example bodies (Postman).
boost::json::value example_value(const Declaration& d);

// ---- Records (engine.cpp) ----

// The udf_* values of one body, taken out of it (so that apply_body sees only built-in fields),
// validated against `fields` (400 naming an undeclared or mistyped one).
struct Input {
  std::vector<std::pair<const FieldSpec*, Cell>> values;  // given, in body order
};
Input take_input(const ObjectInfo& info, const FieldsPtr& fields, boost::json::object& body);
// The udf_* values of a body's dataset rows, taken out of them: one entry per row that has any
// (`row`: its index in the body's array), validated against the rows' declarations (400 naming
// "sdsdocdetail[2].udf_x").
struct RowInput {
  std::size_t dataset = 0, row = 0;
  Input input;
};
std::vector<RowInput> take_row_input(const ObjectInfo& info, const Declared& declared,
                                     boost::json::object& body);
// Writes the values of a body for record `id` (inside the caller's transaction).
void write(store::Connection& conn, const ObjectInfo& info, std::int64_t id, const Input& input);
void write_values(store::Connection& conn, std::string_view object, std::int64_t id,
                  const Input& input);
// Writes the rows' values after write_datasets wrote `edits` for record `parent`.
void write_rows(store::Connection& conn, const ObjectInfo& info, std::int64_t parent,
                const std::vector<DatasetEdit>& edits, const std::vector<RowInput>& inputs);
// Before the rows are written or deleted: deletes the values of the rows of `parent` that go,
// those the given arrays of `edits` leave out, or all of them (edits == nullptr: a delete).
void forget_rows(store::Connection& conn, const ObjectInfo& info, const Declared& declared,
                 std::int64_t parent, const std::vector<DatasetEdit>* edits);
// Loads the rows' values of every record of `r` (DatasetRow::udf, Result::row_udf).
void attach_rows(store::Connection& conn, const ObjectInfo& info, const Declared& declared,
                 Result& r);
// Loads the values of every record of `r` (Record::udf, parallel to fields->specs()); a field
// without a stored value reads as its type's default.
void attach(store::Connection& conn, const ObjectInfo& info, const FieldsPtr& fields, Result& r);
// Deletes the values of a deleted record.
void erase(store::Connection& conn, const ObjectInfo& info, const FieldsPtr& fields,
           std::int64_t id);
// What a list filter on a udf compares: its value for the record, as a SQL expression of the
// object's table (the type's default when none is stored), so a udf filters like a built-in
// field of its type (query.cpp).
std::string column_sql(const ObjectInfo& info, const FieldSpec& f);

}  // namespace udf
}  // namespace sqlacc::bizobject
