#pragma once
// Many rows of one table written by multi-row INSERTs (`VALUES (...), (...)`), up to 32 rows a
// statement, instead of one statement per row. A posting writes ~25 rows (document lines, journal
// lines, stock moves, totals); on PostgreSQL each statement is a round trip, and the company's
// writer holds its lock for all of them. Rows go in the order added (ids are assigned in that
// order on both backends).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace sqlacc::store {

class BatchInsert {
 public:
  static constexpr int kRowsPerStatement = 32;
  // `head`: `INSERT INTO t (a, b)`; `columns`: values per row; `tail`: after the VALUES list (e.g.
  // `ON CONFLICT (a) DO UPDATE ...`; then a key must not repeat within the rows of one batch).
  BatchInsert(Connection& conn, std::string head, int columns, std::string tail = {});
  BatchInsert(const BatchInsert&) = delete;
  BatchInsert& operator=(const BatchInsert&) = delete;

  // The next value of the current row.
  BatchInsert& text(std::string_view v);
  BatchInsert& integer(std::int64_t v);
  BatchInsert& null();
  // Ends the current row (exactly `columns` values); writes a full statement's worth.
  void end_row();
  // Writes the rows still pending. Call before the rows are needed (not done by the destructor:
  // a failed write must throw where it happens).
  void finish();

 private:
  struct Value {
    enum class Kind { Null, Int, Text } kind;
    std::int64_t i = 0;
    std::string s;
  };
  void write(int rows);

  Connection& conn_;
  const std::string head_, tail_;
  const int columns_;
  std::vector<Value> values_;
};

}  // namespace sqlacc::store
