#pragma once
// From a request body to validated rows: JSON parsing, field values by type, references that must
// exist, required fields, and the sub-dataset rows of a create or update (dtlkey rules) with their
// writing. Every failure is a Problem naming the field (`sdsbranch[2].address1` in a row).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "bizobject/object_info.h"
#include "store/connection.h"

namespace sqlacc::bizobject {

// The dataset arrays of a body, parallel to ObjectInfo::datasets (nullptr: absent from the body).
using DatasetArrays = std::vector<const boost::json::array*>;

// The body as a JSON object: 400 when empty, `{}`, invalid JSON, not an object, or when a key
// appears twice in one object (letter case ignored, as field names are), naming it.
boost::json::object parse_body(std::string_view body);

// One JSON value as a cell of field `f`, validated (type, width, choices; a List's objects and
// their members): a Problem naming the field ("sdsserialnumber[1].serialnumber" in a List).
Cell cell_from_json(const FieldSpec& f, const boost::json::value& v);

// The canonical JSON text a List cell holds (FieldType::List): `objects` as rows of f.items.
std::string list_json(const FieldSpec& f, const std::vector<Row>& objects);

// Applies a body to `row`: `given[i]` marks fields the body set. Unknown fields are refused,
// read-only ones ignored (clients send back records they fetched), input-only ones type-checked and
// ignored; null means the default.
// Dataset arrays are collected into `arrays` (parallel to info.datasets; nullptr = absent); one
// with more than `max_rows` rows is refused.
void apply_body(const ObjectInfo& info, const boost::json::object& body, Row& row,
                std::vector<bool>& given, DatasetArrays& arrays, std::size_t max_rows);

// A new record's code (the key field), when given: code_problem (text.h) refuses what cannot be
// addressed. Only new codes are checked: a stored one keeps working whatever it holds.
void check_new_code(const ObjectInfo& info, const Row& row);

// Checks references for the fields marked in `check`, and stores each with the referenced record's
// own spelling of the code.
void check_references(store::Connection& conn, const ObjectInfo& info, Row& row,
                      const std::vector<bool>& check);

// A reference to the object itself (account.parent) must not make a cycle.
void check_self_cycles(store::Connection& conn, const ObjectInfo& info, const Row& row,
                       const std::vector<bool>& given);

// Required fields must be given (on create) and never emptied (on update).
void check_required(const ObjectInfo& info, const Row& row, const std::vector<bool>& given,
                    bool creating);

// Reads the dataset arrays of a body into edits, validating every row as master fields are
// validated (types, widths, choices, required, references). `parent` is the record's row id on
// update (its stored rows are the only dtlkeys accepted), 0 on create.
std::vector<DatasetEdit> read_datasets(store::Connection& conn, const ObjectInfo& info,
                                       const DatasetArrays& arrays, std::int64_t parent);

// The stored rows of one dataset of a record, by dtlkey (given all false).
std::map<std::int64_t, DatasetRowEdit> stored_rows(store::Connection& conn, const DatasetInfo& d,
                                                   std::int64_t parent);

// Writes the dataset edits of record `parent`: on update, rows of a given dataset that the body
// left out are deleted; known dtlkeys are updated; the rest inserted, under dtlkeys handed out
// ahead (store::Connection::next_id). Returns each given dataset's dtlkeys, parallel to its rows
// (empty for a dataset not given).
std::vector<std::vector<std::int64_t>> write_datasets(store::Connection& conn,
                                                      const ObjectInfo& info, std::int64_t parent,
                                                      const std::vector<DatasetEdit>& edits,
                                                      bool creating);

}  // namespace sqlacc::bizobject
