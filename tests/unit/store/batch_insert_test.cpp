#include "store/batch_insert.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_connection.h"
#include "support/temp_dir.h"

namespace sqlacc::store {
namespace {

class BatchInsertTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = std::make_unique<SqliteConnection>(tmp_.path() / "t.db");
    conn_->exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, d TEXT);"
        "CREATE TABLE total (code TEXT PRIMARY KEY, total INTEGER NOT NULL)");
  }
  test_support::TempDir tmp_;
  std::unique_ptr<SqliteConnection> conn_;
};

TEST_F(BatchInsertTest, RowsGoInTheirOrderAcrossSeveralStatements) {
  const int rows = BatchInsert::kRowsPerStatement * 2 + 5;  // two full statements and a rest
  BatchInsert b(*conn_, "INSERT INTO t (name, n, d)", 3);
  for (int i = 0; i < rows; ++i) {
    b.text("row" + std::to_string(i)).integer(i);
    if (i % 2)
      b.null();
    else
      b.text("2026-01-01");
    b.end_row();
  }
  b.finish();
  Cursor st(*conn_, "SELECT id, name, n, d IS NULL FROM t ORDER BY id");
  int i = 0;
  while (st->step()) {
    EXPECT_EQ(st->get_text(1), "row" + std::to_string(i));
    EXPECT_EQ(st->get_int(2), i);
    EXPECT_EQ(st->get_int(3), i % 2);
    ++i;
  }
  EXPECT_EQ(i, rows);
}

TEST_F(BatchInsertTest, AnUpsertTailAppliesToEveryRow) {
  conn_->exec("INSERT INTO total VALUES ('A', 10)");
  BatchInsert b(*conn_, "INSERT INTO total (code, total)", 2,
                "ON CONFLICT (code) DO UPDATE SET total = total.total + excluded.total");
  b.text("A").integer(5).end_row();
  b.text("B").integer(7).end_row();
  b.finish();
  Cursor st(*conn_,
            "SELECT group_concat(code || '=' || total, ',') FROM (SELECT * FROM total "
            "ORDER BY code)");
  ASSERT_TRUE(st->step());
  EXPECT_EQ(st->get_text(0), "A=15,B=7");
}

TEST_F(BatchInsertTest, ARowOfTheWrongWidthIsAProgrammingError) {
  BatchInsert b(*conn_, "INSERT INTO t (name, n, d)", 3);
  b.text("x").integer(1);
  EXPECT_THROW(b.end_row(), std::logic_error);
  EXPECT_THROW(b.finish(), std::logic_error);
}

TEST_F(BatchInsertTest, NothingAddedWritesNothing) {
  BatchInsert b(*conn_, "INSERT INTO t (name, n, d)", 3);
  b.finish();
  Cursor st(*conn_, "SELECT COUNT(*) FROM t");
  ASSERT_TRUE(st->step());
  EXPECT_EQ(st->get_int(0), 0);
}

}  // namespace
}  // namespace sqlacc::store
