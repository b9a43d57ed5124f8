// store::migrate on both backends: the SQLite cases always run; the PostgreSQL ones when
// SQLACC_TEST_PG_URL is set (ctest's unit_store_pg), each in a company schema of its own.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/postgres/pg_pool.h"
#include "store/schema_catalog.h"
#include "store/sqlite/sqlite_connection.h"
#include "support/temp_dir.h"

namespace sqlacc::store {
namespace {

std::atomic<int> applied{0};  // how often the counting step ran

// Module "m" at two releases: the second adds a column, an index and a step.
SchemaRegistry release(int n) {
  SchemaRegistry r;
  r.add_module("m");
  if (n == 1)
    r.table(table_of("m", "thing", {"id INTEGER PRIMARY KEY", "code TEXT NOT NULL"}));
  else
    r.table(table_of(
        "m", "thing",
        {"id INTEGER PRIMARY KEY", "code TEXT NOT NULL", "note TEXT NOT NULL DEFAULT 'n/a'"}));
  r.index({"m", "thing_code", "CREATE UNIQUE INDEX IF NOT EXISTS thing_code ON thing (code)"});
  r.step({"m", 1, "count once", [](Connection&) { ++applied; }});
  if (n >= 2) {
    r.index({"m", "thing_note", "CREATE INDEX IF NOT EXISTS thing_note ON thing (note)"});
    r.step({"m", 2, "fill notes", [](Connection& c) {
              c.exec("UPDATE thing SET note = 'old:' || code WHERE note = 'n/a'");
            }});
  }
  return r;
}

std::vector<std::string> described(const std::vector<PendingChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes)
    out.push_back(c.module + (c.version ? " " + std::to_string(c.version) : "") + ": " +
                  c.description);
  return out;
}

std::int64_t count(Connection& c, const std::string& sql) {
  Cursor st(c, sql);
  return st->step() ? st->get_int(0) : -1;
}

class MigrateTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    applied = 0;
    if (GetParam() == Dialect::PostgreSQL) {
      const char* url = std::getenv("SQLACC_TEST_PG_URL");
      if (!url || !*url) GTEST_SKIP() << "SQLACC_TEST_PG_URL is not set (unit_store_pg sets it)";
      url_ = url;
      static int n = 0;
      company_ = "m" + std::to_string(::getpid()) + "-" + std::to_string(++n);
    }
  }
  void TearDown() override {
    conns_.clear();
    pool_.reset();
    if (url_.empty()) return;
    PgConnection admin(url_, "public", 0);
    admin.exec("DROP SCHEMA IF EXISTS \"" + PgPool::schema_of(company_) + "\" CASCADE");
  }
  // A new connection to the test's database (another node or thread when called again).
  Connection& connect() {
    if (GetParam() == Dialect::SQLite) {
      conns_.push_back(std::make_unique<SqliteConnection>(dir_.path() / "c.db"));
    } else {
      if (!pool_) pool_ = std::make_unique<PgPool>(url_, nullptr, PoolOptions{4, 5000});
      conns_.push_back(pool_->open(company_, /*create=*/true));
    }
    return *conns_.back();
  }
  Connection& conn() { return conns_.empty() ? connect() : *conns_.front(); }

  test_support::TempDir dir_;
  std::string url_, company_;
  std::unique_ptr<PgPool> pool_;
  std::vector<std::unique_ptr<Connection>> conns_;
};

TEST_P(MigrateTest, PendingListsTablesColumnsIndexesThenSteps) {
  EXPECT_EQ(described(migrate(conn(), release(1), /*dry_run=*/true)),
            (std::vector<std::string>{"m: create table thing", "m: create index thing_code",
                                      "m 1: count once"}));
  migrate(conn(), release(1));
  EXPECT_EQ(described(migrate(conn(), release(2), true)),
            (std::vector<std::string>{"m: add column thing.note", "m: create index thing_note",
                                      "m 2: fill notes"}));
}

TEST_P(MigrateTest, DryRunWritesNothing) {
  EXPECT_EQ(migrate(conn(), release(2), true).size(), 5u);
  const Catalog cat = read_catalog(conn());
  EXPECT_FALSE(cat.has_table("thing"));
  EXPECT_FALSE(cat.has_table("schema_migration"));
  EXPECT_EQ(applied, 0);
  EXPECT_EQ(migrate(conn(), release(2), true).size(), 5u);  // still all pending
}

TEST_P(MigrateTest, EachStepIsAppliedOnceAndRecorded) {
  EXPECT_EQ(migrate(conn(), release(1)).size(), 3u);
  EXPECT_TRUE(migrate(conn(), release(1)).empty());
  EXPECT_TRUE(migrate(connect(), release(1)).empty());  // another connection finds it done
  EXPECT_EQ(applied, 1);
  EXPECT_EQ(count(conn(), "SELECT COUNT(*) FROM schema_migration WHERE module = 'm'"), 1);
  const SchemaStatus s = schema_status(conn(), release(1));
  ASSERT_EQ(s.modules.size(), 1u);
  EXPECT_EQ(s.modules[0].database, 1);
  EXPECT_EQ(s.pending, 0u);
}

TEST_P(MigrateTest, ALaterReleaseAddsItsColumnWithDefaultsThenRunsItsStep) {
  migrate(conn(), release(1));
  conn().exec("INSERT INTO thing (code) VALUES ('a')");
  EXPECT_EQ(schema_status(conn(), release(2)).pending, 3u);
  migrate(conn(), release(2));
  Cursor st(conn(), "SELECT note FROM thing WHERE code = 'a'");
  ASSERT_TRUE(st->step());
  EXPECT_EQ(st->get_text(0), "old:a");
  EXPECT_EQ(applied, 1);
  EXPECT_TRUE(read_catalog(conn()).has_index("thing_note"));
}

TEST_P(MigrateTest, ADatabaseOfANewerReleaseIsRefusedBeforeAnythingIsWritten) {
  migrate(conn(), release(2));
  SchemaRegistry older = release(1);
  older.table(table_of("m", "added_by_older", {"x TEXT"}));
  try {
    migrate(conn(), older);
    FAIL() << "a database at m 2 was migrated by a binary that knows m 1";
  } catch (const Problem& e) {
    EXPECT_NE(std::string(e.what()).find("module 'm' is at version 2"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(read_catalog(conn()).has_table("added_by_older"));
  EXPECT_TRUE(schema_status(conn(), older).newer);
  // A module this binary does not have at all is refused too.
  SchemaRegistry other;
  other.add_module("m");
  other.step({"m", 1, "one", {}});
  other.step({"m", 2, "two", {}});
  migrate(conn(), other);  // the same steps: fine
  SchemaRegistry lacking;
  lacking.add_module("n");
  EXPECT_THROW(migrate(conn(), lacking), Problem);
}

TEST_P(MigrateTest, AFailingStepUndoesTheWholeMigration) {
  SchemaRegistry r = release(1);
  r.step({"m", 2, "fails", [](Connection& c) { c.exec("INSERT INTO no_such_table VALUES (1)"); }});
  EXPECT_THROW(migrate(conn(), r), Problem);
  const Catalog cat = read_catalog(conn());
  EXPECT_FALSE(cat.has_table("thing"));
  EXPECT_FALSE(cat.has_table("schema_migration"));
}

// What the first versioned release left: schema_migration without modules (version 1 the
// baseline), a table that lacks a column a later release declares, an index since dropped.
TEST_P(MigrateTest, ADatabaseOfTheFirstVersionedReleaseIsUpgraded) {
  conn().exec(
      "CREATE TABLE schema_migration (version INTEGER NOT NULL PRIMARY KEY CHECK (version > 0), "
      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  conn().exec("INSERT INTO schema_migration VALUES (1, 'baseline', 42)");
  conn().exec("CREATE TABLE thing (id INTEGER PRIMARY KEY, code TEXT NOT NULL)");
  conn().exec("CREATE INDEX thing_legacy ON thing (code)");
  conn().exec("INSERT INTO thing (code) VALUES ('a')");

  SchemaRegistry r = release(2);
  r.add_module("store");
  r.step({"store", 1, "baseline", [](Connection&) { ++applied; }});  // must not run again
  r.step({"store", 2, "drop thing_legacy",
          [](Connection& c) { c.exec("DROP INDEX IF EXISTS thing_legacy"); }});
  const auto changes = described(migrate(conn(), r));
  EXPECT_EQ(changes.front(), "store: schema_migration: record steps per module");
  EXPECT_EQ(applied, 1);  // m 1 ran, store 1 did not
  const Catalog cat = read_catalog(conn());
  EXPECT_TRUE(cat.has_column("schema_migration", "module"));
  EXPECT_TRUE(cat.has_column("thing", "note"));
  EXPECT_FALSE(cat.has_index("thing_legacy"));
  EXPECT_EQ(count(conn(),
                  "SELECT applied_at FROM schema_migration WHERE module = 'store' AND version = 1"),
            42);
  EXPECT_EQ(count(conn(), "SELECT COUNT(*) FROM thing WHERE note = 'old:a'"), 1);
  EXPECT_TRUE(migrate(conn(), r).empty());
}

// Threads (SQLite: connections of one file; PostgreSQL: nodes) migrating together take turns
// under the company's lock, and each step runs once.
TEST_P(MigrateTest, ConcurrentMigrationsTakeTurns) {
  std::vector<Connection*> all;
  for (int i = 0; i < 4; ++i) all.push_back(&connect());
  const SchemaRegistry r = release(2);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (Connection* c : all)
    threads.emplace_back([&, c] {
      try {
        migrate(*c, r);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(applied, 1);
  EXPECT_EQ(count(conn(), "SELECT COUNT(*) FROM schema_migration"), 2);
}

TEST(SchemaCatalog, HasColumnAsksTheCatalogueWithoutFailing) {
  test_support::TempDir dir;
  SqliteConnection c(dir.path() / "c.db");
  c.exec("CREATE TABLE t (a TEXT)");
  EXPECT_TRUE(has_column(c, "t", "a"));
  EXPECT_FALSE(has_column(c, "t", "b"));
  EXPECT_FALSE(has_column(c, "missing", "a"));
}

TEST(SchemaRegistry, DeclarationMistakesAreCaughtWhenRegistered) {
  SchemaRegistry r;
  EXPECT_THROW(r.table(table_of("x", "t", {"a TEXT"})), std::logic_error);  // module not added
  EXPECT_TRUE(r.add_module("x"));
  EXPECT_FALSE(r.add_module("x"));
  r.table(table_of("x", "t", {"a TEXT"}));
  EXPECT_THROW(r.table(table_of("x", "t", {"b TEXT"})), std::logic_error);
  r.step({"x", 2, "two", {}});
  EXPECT_THROW(r.step({"x", 1, "one", {}}), std::logic_error);  // out of order
  EXPECT_EQ(r.latest("x"), 2);
  EXPECT_EQ(table_of("x", "q", {"\"quoted\" TEXT NOT NULL"}).columns[0].name, "quoted");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateTest,
                         ::testing::Values(Dialect::SQLite, Dialect::PostgreSQL),
                         [](const auto& info) {
                           return info.param == Dialect::SQLite ? "SQLite" : "PostgreSQL";
                         });

}  // namespace
}  // namespace sqlacc::store
