#pragma once
// What the engine answers (engine.h): typed records of one spec, not text. The api layer writes
// them as JSON once, at the edge (api/record_json.h); the PDF path reads the same cells
// (print_document.h). Cells follow the spec's field order; what a cell holds depends on the
// field's FieldType (Cell below).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bizobject/spec.h"

namespace sqlacc::bizobject {

namespace udf {
class Fields;  // a company's user-defined fields of one object (udf.h)
}

// One field's value as stored: String/Date in s (Date: null when unset), Int/Decimal
// (scaled units at the field's scale)/Bool in i. The engine's edits use the same cells.
struct Cell {
  bool null = false;
  std::int64_t i = 0;
  std::string s;
};
using Row = std::vector<Cell>;  // by field index

// A row of a sub-dataset: its key, its order and its cells (in DatasetSpec field order).
struct DatasetRow {
  std::int64_t dtlkey = 0;
  std::int64_t seq = 0;
  Row cells;
  Row udf = {};  // parallel to Result::row_udf's specs of its dataset; empty without
};

// The rows one record owns in one sub-dataset, in seq then dtlkey order.
struct DatasetRows {
  const DatasetSpec* spec = nullptr;
  std::vector<DatasetRow> rows;
};

// A record: its cells, its row id (not on the wire; the engine's and the master cache's key) and
// its sub-datasets.
struct Record {
  Row row;                            // in ObjectSpec field order
  std::int64_t id = 0;                // the table's row id
  std::vector<DatasetRows> datasets;  // parallel to ObjectSpec::datasets; empty in list rows
  Row udf = {};                       // parallel to Result::udf's specs; empty without
};

// A list's page: where it starts, its size limit, the records on it and all that match.
struct Pagination {
  std::int64_t offset = 0, limit = 0, count = 0, total = 0;
};

// The answer of one engine call.
struct Result {
  unsigned status = 200;
  const ObjectSpec* spec = nullptr;      // what the records are
  std::optional<Pagination> pagination;  // list only
  std::string_view message;              // "Deleted" for a delete; else empty
  std::vector<Record> records;
  // The user-defined fields the company declared on this object (udf.h), written after the
  // spec's fields; nullptr when none.
  std::shared_ptr<const udf::Fields> udf;
  // Those declared on its datasets' rows, parallel to ObjectSpec::datasets (nullptr: none); empty
  // when no dataset has any.
  std::vector<std::shared_ptr<const udf::Fields>> row_udf;
};

}  // namespace sqlacc::bizobject
