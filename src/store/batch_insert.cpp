#include "store/batch_insert.h"

#include <stdexcept>

namespace sqlacc::store {

BatchInsert::BatchInsert(Connection& conn, std::string head, int columns, std::string tail)
    : conn_(conn), head_(std::move(head)), tail_(std::move(tail)), columns_(columns) {
  values_.reserve(static_cast<std::size_t>(columns) * 8);
}

BatchInsert& BatchInsert::text(std::string_view v) {
  values_.push_back({Value::Kind::Text, 0, std::string(v)});
  return *this;
}

BatchInsert& BatchInsert::integer(std::int64_t v) {
  values_.push_back({Value::Kind::Int, v, {}});
  return *this;
}

BatchInsert& BatchInsert::null() {
  values_.push_back({Value::Kind::Null, 0, {}});
  return *this;
}

void BatchInsert::end_row() {
  if (values_.size() % static_cast<std::size_t>(columns_) != 0)
    throw std::logic_error("BatchInsert: a row of the wrong width for " + head_);
  if (values_.size() == static_cast<std::size_t>(columns_) * kRowsPerStatement)
    write(kRowsPerStatement);
}

void BatchInsert::finish() {
  if (values_.size() % static_cast<std::size_t>(columns_) != 0)
    throw std::logic_error("BatchInsert: an unfinished row for " + head_);
  if (!values_.empty()) write(static_cast<int>(values_.size()) / columns_);
}

void BatchInsert::write(int rows) {
  // One SQL text per row count: each is prepared once per connection.
  std::string row = "(";
  for (int c = 0; c < columns_; ++c) row += c ? ",?" : "?";
  row += ')';
  std::string sql = head_ + " VALUES ";
  for (int r = 0; r < rows; ++r) {
    if (r) sql += ',';
    sql += row;
  }
  if (!tail_.empty()) sql += ' ' + tail_;
  Cursor st(conn_, sql);
  int index = 1;
  for (const Value& v : values_) {
    switch (v.kind) {
      case Value::Kind::Null:
        st->bind_null(index++);
        break;
      case Value::Kind::Int:
        st->bind_int(index++, v.i);
        break;
      case Value::Kind::Text:
        st->bind_text(index++, v.s);
        break;
    }
  }
  st->run_deferred();
  values_.clear();
}

}  // namespace sqlacc::store
