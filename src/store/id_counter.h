#pragma once
// The ids a write transaction hands out ahead of its inserts (Connection::next_id): the first
// for a table comes from the store (its AUTOINCREMENT sequence), the ones after it are counted on
// in memory. That is sound because a write transaction has the company to itself (SQLite: BEGIN
// IMMEDIATE; PostgreSQL: the company's advisory lock) and every insert into such a table names
// its id through next_id, so nothing takes an id between the first and the last.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sqlacc::store {

class IdCounter {
 public:
  struct Table {
    std::string table, column;
    std::int64_t first = 0, next = 0;  // the first id handed out (from the store) and the next
  };

  // The next id of table.column; `first` reads the store's next one (called once per transaction).
  std::int64_t next(std::string_view table, std::string_view column,
                    const std::function<std::int64_t()>& first) {
    for (Table& t : tables_)
      if (t.table == table && t.column == column) return t.next++;
    const std::int64_t id = first();
    tables_.push_back({std::string(table), std::string(column), id, id + 1});
    return id;
  }
  // What this transaction handed out (PostgreSQL moves each sequence past it before COMMIT).
  const std::vector<Table>& tables() const { return tables_; }
  // After a commit that moved each sequence to the last id handed out: counting may go on in the
  // next transaction if nobody else wrote in between (PostgreSQL: the company's change counter).
  void committed() {
    for (Table& t : tables_) t.first = t.next - 1;
  }
  // Otherwise (a rollback, another's commit): the store's sequence says what is next. An id
  // stored by a commit is never handed out again; one handed out by a transaction that rolled
  // back may be (nothing holds it).
  void clear() { tables_.clear(); }
  // Others' commits wrote the tables `written`. `last[k]` is the sequence of tables()[k] as read
  // under the lock (PostgreSQL, with the change counter): a written table counts on from there
  // without asking the store again; one whose sequence was not read asks it.
  void others_wrote(const std::vector<std::string_view>& written,
                    const std::vector<std::optional<std::int64_t>>& last) {
    std::vector<Table> kept;
    for (std::size_t k = 0; k < tables_.size(); ++k) {
      Table& t = tables_[k];
      if (std::find(written.begin(), written.end(), t.table) != written.end()) {
        if (k >= last.size() || !last[k]) continue;
        t.first = *last[k];
        t.next = t.first + 1;
      }
      kept.push_back(std::move(t));
    }
    tables_ = std::move(kept);
  }

 private:
  std::vector<Table> tables_;
};

}  // namespace sqlacc::store
