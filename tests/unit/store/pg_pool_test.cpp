// The PostgreSQL adapter against a real server: ctest runs this binary a second time as
// unit_store_pg with SQLACC_TEST_PG_URL set to the throw-away server of the e2e fixture
// (tests/support/pg_server.sh). Without that variable these tests skip.
#include "store/postgres/pg_pool.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.h"

namespace sqlacc::store {
namespace {

void make_table(Connection& c) {
  c.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE)");
}

// Each test works in companies of its own (schemas sqlacc_u<pid>_<n>), dropped at the end.
class PgPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("SQLACC_TEST_PG_URL");
    if (!url || !*url)
      GTEST_SKIP() << "SQLACC_TEST_PG_URL is not set (ctest's unit_store_pg sets it)";
    url_ = url;
    static int n = 0;
    company_ = "u" + std::to_string(::getpid()) + "-" + std::to_string(++n);
  }
  void TearDown() override {
    if (url_.empty()) return;
    PgConnection admin(url_, "public", 0);
    admin.exec("DROP SCHEMA IF EXISTS \"" + PgPool::schema_of(company_) + "\" CASCADE");
  }
  std::unique_ptr<PgPool> pool(int max, int wait_ms) {
    return std::make_unique<PgPool>(url_, &make_table, PoolOptions{max, wait_ms});
  }
  static void insert(Connection& c, const char* code) {
    Cursor st(c, "INSERT INTO t (code) VALUES (?)");
    st->bind_text(1, code);
    st->step();
  }
  // The same insert as a deferred write (sent without waiting when the connection defers).
  static void insert_deferred(Connection& c, const char* code) {
    Statement& st = c.prepare("INSERT INTO t (code) VALUES (?)");
    st.bind_text(1, code);
    st.run_deferred();
  }
  static std::string codes(Connection& c) {  // the codes in t, sorted, comma-separated
    Cursor st(c, "SELECT string_agg(code, ',' ORDER BY code) FROM t");
    return st->step() ? std::string(st->get_text(0)) : std::string();
  }
  static std::int64_t backend_pid(Connection& c) {
    Cursor st(c, "SELECT pg_backend_pid()");
    st->step();
    return st->get_int(0);
  }
  void terminate(std::int64_t pid) {
    PgConnection admin(url_, "public", 0);
    Cursor st(admin, "SELECT pg_terminate_backend(?)");
    st->bind_int(1, pid);
    st->step();
  }
  std::string url_, company_;
};

TEST_F(PgPoolTest, CompaniesAreSchemasMadeOnFirstUse) {
  auto p = pool(2, 1000);
  EXPECT_FALSE(p->company_exists(company_));
  EXPECT_FALSE(p->find(company_));
  EXPECT_THROW(p->connection(company_), Problem);
  { Lease l = p->connection(company_, /*create=*/true); }
  EXPECT_TRUE(p->company_exists(company_));
  auto all = p->companies();
  EXPECT_NE(std::find(all.begin(), all.end(), company_), all.end());
  // Another process (a second pool) sees it too, and finds its schema already made.
  auto other = pool(1, 1000);
  EXPECT_TRUE(other->company_exists(company_));
  EXPECT_TRUE(other->find(company_));
}

TEST_F(PgPoolTest, ARequestWaitsForAFreeConnectionThenGetsBusy) {
  auto p = pool(1, 150);
  Lease first = p->connection(company_, true);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    Lease second = p->connection(company_);
    FAIL() << "a second connection beyond the bound";
  } catch (const Problem& e) {
    EXPECT_TRUE(e.is(problem_code::kServiceBusy));
  }
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(140));
  // A waiting request gets the connection as soon as it is given back.
  std::atomic<bool> got{false};
  auto p2 = pool(1, 5000);
  Lease held = p2->connection(company_);
  std::thread waiter([&] {
    Lease l = p2->connection(company_);
    got = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(got);
  held = Lease();
  waiter.join();
  EXPECT_TRUE(got);
}

TEST_F(PgPoolTest, AConnectionLostWhileIdleIsReopenedForTheNextRead) {
  auto p = pool(1, 1000);
  Lease l = p->connection(company_, true);
  const std::int64_t before = backend_pid(*l);
  terminate(before);
  std::int64_t after = 0;
  EXPECT_NO_THROW(after = backend_pid(*l));
  EXPECT_NE(after, before);
}

TEST_F(PgPoolTest, AConnectionLostInATransactionFailsAsUnavailableAndIsReplaced) {
  auto p = pool(1, 1000);
  {
    Lease l = p->connection(company_, true);
    const std::int64_t pid = backend_pid(*l);
    Transaction tx(*l);
    terminate(pid);
    try {
      Cursor st(*l, "INSERT INTO t (code) VALUES ('A') RETURNING id");
      st->step();
      FAIL() << "a write on a lost connection";
    } catch (const Problem& e) {
      EXPECT_TRUE(e.is(problem_code::kDatabaseUnavailable)) << e.what();
    }
    EXPECT_TRUE(l->broken());
  }
  // The lost one was dropped when given back: the bound of 1 is free again.
  Lease again = p->connection(company_);
  Cursor st(*again, "SELECT COUNT(*) FROM t");
  ASSERT_TRUE(st->step());
  EXPECT_EQ(st->get_int(0), 0);
}

TEST_F(PgPoolTest, UniqueViolationsAreTypedAndASavepointKeepsTheTransaction) {
  auto p = pool(1, 1000);
  Lease l = p->connection(company_, true);
  Transaction tx(*l);
  insert(*l, "A");
  try {
    WriteScope one(*l);
    insert(*l, "A");
    FAIL() << "a duplicate code";
  } catch (const Problem& e) {
    EXPECT_TRUE(e.is(problem_code::kUniqueViolation)) << e.what();
  }
  insert(*l, "B");
  tx.commit();
  EXPECT_EQ(codes(*l), "A,B");
}

// Savepoints are held back and sent with the next statement (pg_connection.cpp): nesting, an
// undone inner write and empty scopes must still end exactly as if each had been sent at once.
TEST_F(PgPoolTest, NestedWriteScopesUndoOnlyTheFailedOne) {
  auto p = pool(1, 1000);
  Lease l = p->connection(company_, true);
  {
    WriteScope outer(*l);
    insert(*l, "A");
    {
      WriteScope empty(*l);
      empty.commit();
    }  // never sent
    try {
      WriteScope inner(*l);
      {
        WriteScope deeper(*l);
        insert(*l, "B");
        deeper.commit();
      }
      insert(*l, "A");  // duplicate: the whole inner scope goes, B too
      inner.commit();
    } catch (const Problem& e) {
      EXPECT_TRUE(e.is(problem_code::kUniqueViolation));
    }
    { WriteScope empty(*l); }  // rolled back with nothing in it
    {
      WriteScope ok(*l);
      insert(*l, "C");
      ok.commit();
    }
    outer.commit();
  }
  EXPECT_EQ(codes(*l), "A,C");
  EXPECT_FALSE(l->in_transaction());
}

// Deferred writes (libpq pipeline mode): sent without waiting, answered with the next statement
// that waits (a read, the commit), in order.
TEST_F(PgPoolTest, DeferredWritesGoAheadOfTheNextReadAndTheCommit) {
  auto p = pool(1, 1000);
  Lease l = p->connection(company_, true);
  l->set_deferred_writes(true);
  {
    Transaction tx(*l);
    insert_deferred(*l, "A");
    {
      WriteScope one(*l);  // a savepoint held back, then sent with the deferred write in it
      insert_deferred(*l, "B");
      one.commit();
    }
    EXPECT_EQ(codes(*l), "A,B");  // the read waits for both writes
    insert_deferred(*l, "C");
    tx.commit();  // with C's answer
  }
  EXPECT_FALSE(l->deferred_failed());
  l->set_deferred_writes(false);
  EXPECT_EQ(codes(*l), "A,B,C");
}

// A deferred write that fails is found at a later statement: that statement fails, the failure
// stays recorded even when a savepoint undoes it (the group commit then runs its batch again), and
// a statement whose preparation was cut short by it is prepared again next time.
TEST_F(PgPoolTest, ADeferredWriteThatFailsIsFoundLaterAndOnlyRollbackRemains) {
  auto p = pool(1, 1000);
  Lease l = p->connection(company_, true);
  {
    Transaction tx(*l);
    insert(*l, "A");
    tx.commit();
  }
  l->set_deferred_writes(true);
  {
    Transaction tx(*l);
    {
      WriteScope one(*l);
      insert_deferred(*l, "A");  // a duplicate: fails on the server, nobody knows yet
      Statement& fresh = l->prepare("INSERT INTO t (code) VALUES (lower(?))");  // never prepared
      fresh.bind_text(1, "X");
      fresh.run_deferred();
      try {
        codes(*l);
        FAIL() << "the read after a failed deferred write";
      } catch (const Problem& e) {
        EXPECT_NE(std::string(e.what()).find("earlier statement"), std::string::npos) << e.what();
      }
    }                                   // the savepoint undoes the failed write ...
    EXPECT_TRUE(l->deferred_failed());  // ... but the failure is remembered until begin()
  }
  l->set_deferred_writes(false);
  {
    Transaction tx(*l);
    EXPECT_FALSE(l->deferred_failed());
    Cursor fresh(*l, "INSERT INTO t (code) VALUES (lower(?))");
    fresh->bind_text(1, "Y");
    fresh->step();
    tx.commit();
  }
  EXPECT_EQ(codes(*l), "A,y");
}

// What the master cache relies on (store::RowWatcher): told of each table this connection writes,
// and emptied when another connection (another node) committed to the company, or on rollback.
struct Probe : RowWatcher {
  std::vector<std::string> events;
  void row_changed(std::string_view t, std::int64_t) override {
    events.push_back("row " + std::string(t));
  }
  void table_changed(std::string_view t) override { events.push_back("table " + std::string(t)); }
  void forget_all() override { events.push_back("forget"); }
};

TEST_F(PgPoolTest, WatchersHearOfTablesWrittenAndOfOtherNodesCommits) {
  auto a = pool(1, 1000);
  auto b = pool(1, 1000);  // another node
  Lease la = a->connection(company_, true);
  Lease lb = b->connection(company_);
  Probe* probe = la->watcher<Probe>();
  ASSERT_NE(probe, nullptr);
  probe->events.clear();
  {
    Transaction tx(*la);
    insert(*la, "A");
    tx.commit();
  }
  EXPECT_EQ(probe->events, std::vector<std::string>{"table t"});  // its own commit: kept
  probe->events.clear();
  {
    Transaction tx(*la);  // nobody else committed: nothing to forget
    tx.commit();
  }
  EXPECT_TRUE(probe->events.empty());
  {
    Transaction tx(*lb);
    insert(*lb, "B");
    tx.commit();
  }
  probe->events.clear();
  {
    Transaction tx(*la);  // sees node B's commit under the lock, and what it wrote
    EXPECT_EQ(probe->events, std::vector<std::string>{"table t"});
    insert(*la, "C");
  }  // rolled back
  EXPECT_EQ(probe->events.back(), "forget");
  // More commits than the change log keeps: everything is forgotten.
  for (int i = 0; i < 70; ++i) {
    Transaction tx(*lb);
    insert(*lb, ("D" + std::to_string(i)).c_str());
    tx.commit();
  }
  probe->events.clear();
  {
    Transaction tx(*la);
    EXPECT_EQ(probe->events, std::vector<std::string>{"forget"});
  }
  // A commit whose writes are not known (exec: schema statements) makes others forget it all.
  {
    Transaction tx(*lb);
    lb->exec("CREATE TABLE IF NOT EXISTS t2 (id INTEGER PRIMARY KEY)");
    tx.commit();
  }
  probe->events.clear();
  {
    Transaction tx(*la);
    EXPECT_EQ(probe->events, std::vector<std::string>{"forget"});
  }
}

// check_version() tells apart commits that wrote a watched table (the service's API keys) from
// the others, through the change log; whatever it cannot be sure of counts as written.
TEST_F(PgPoolTest, CheckVersionSaysWhetherAWatchedTableWasWritten) {
  PoolOptions options{1, 1000};
  options.watched_tables = {"keys"};
  PgPool p(
      url_,
      [](Connection& c) {
        make_table(c);
        c.exec("CREATE TABLE IF NOT EXISTS keys (id INTEGER PRIMARY KEY, k TEXT)");
      },
      options);
  Lease w = p.connection(company_, true);
  int n = 0;
  auto commit = [&](const char* table) {
    Transaction tx(*w);
    Cursor st(*w, fmt::format("INSERT INTO {} ({}) VALUES ('{}')", table,
                              std::string_view(table) == "t" ? "code" : "k", ++n));
    st->step();
    tx.commit();
  };
  const DataVersion v0 = p.check_version(company_).value();
  ASSERT_GT(v0.watched, 0);
  EXPECT_EQ(p.check_version(company_)->watched, v0.watched);  // nothing committed
  commit("t");
  const DataVersion v1 = p.check_version(company_).value();
  EXPECT_GT(v1.external, v0.external);
  EXPECT_EQ(v1.watched, v0.watched);  // t is not watched
  commit("keys");
  const DataVersion v2 = p.check_version(company_).value();
  EXPECT_NE(v2.watched, v1.watched);
  for (int i = 0; i < 12; ++i) commit("t");  // more commits than the log keeps
  const DataVersion v3 = p.check_version(company_).value();
  EXPECT_NE(v3.watched, v2.watched);
  {
    Transaction tx(*w);  // a write whose tables are not known
    w->exec("CREATE TABLE IF NOT EXISTS t3 (id INTEGER PRIMARY KEY)");
    tx.commit();
  }
  EXPECT_NE(p.check_version(company_)->watched, v3.watched);
  // Without watched tables a pool does not tell (the reader falls back to `external`).
  EXPECT_EQ(pool(1, 1000)->check_version(company_)->watched, -1);
}

// Ids handed out ahead (next_id) on two nodes taking turns: never the same twice, and the
// sequence is where the last commit left it for inserts that do not name their id.
TEST_F(PgPoolTest, IdsHandedOutAheadStayUniqueAcrossNodes) {
  auto a = pool(1, 1000);
  auto b = pool(1, 1000);
  Lease la = a->connection(company_, true);
  Lease lb = b->connection(company_);
  std::set<std::int64_t> ids;
  const auto take = [&](Connection& c, int n, bool commit) {
    Transaction tx(c);
    for (int i = 0; i < n; ++i) {
      const std::int64_t id = c.next_id("t", "id");
      EXPECT_TRUE(ids.insert(id).second) << id;
      Cursor st(c, "INSERT INTO t (id, code) VALUES (?, ?)");
      st->bind_int(1, id);
      st->bind_text(2, "n" + std::to_string(id));
      st->step();
    }
    if (commit) tx.commit();
  };
  take(*la, 3, true);
  take(*la, 2, true);   // counted on without asking the sequence
  take(*lb, 2, true);   // the other node asks it
  take(*la, 1, false);  // rolled back: its id may be handed out again (nothing holds it)
  ids.erase(std::prev(ids.end()));
  take(*la, 2, true);
  insert(*lb, "plain");  // takes the sequence's next itself
  Cursor st(*la, "SELECT COUNT(*), COUNT(DISTINCT id) FROM t");
  ASSERT_TRUE(st->step());
  EXPECT_EQ(st->get_int(0), 10);
  EXPECT_EQ(st->get_int(1), 10);
  // Taking turns, each node counts on from where the other's commit left the sequence (read with
  // the lock, begin()): no id twice, none skipped.
  ids.clear();
  for (int turn = 0; turn < 6; ++turn) take(turn % 2 ? *lb : *la, 2, true);
  EXPECT_EQ(ids.size(), 12u);
  EXPECT_EQ(*ids.rbegin() - *ids.begin(), 11);
}

TEST_F(PgPoolTest, WritersOfACompanyTakeTurnsAcrossConnections) {
  auto a = pool(1, 1000);
  auto b = pool(1, 1000);  // as if another node
  Lease la = a->connection(company_, true);
  Lease lb = b->connection(company_);
  std::atomic<bool> b_began{false};
  la->begin();
  std::thread other([&] {
    lb->begin();  // waits for the company's lock
    b_began = true;
    lb->commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(b_began);
  la->commit();
  other.join();
  EXPECT_TRUE(b_began);
}

// A write that gives up waiting for the company's lock (lock_timeout) ends busy, and its
// connection is usable again once the lock is free (the aborted BEGIN does not stay open).
TEST_F(PgPoolTest, AWriteThatTimesOutOnTheLockLeavesItsConnectionUsable) {
  auto a = pool(1, 1000);
  auto b = std::make_unique<PgPool>(url_, &make_table, PoolOptions{1, 1000, 200});
  Lease la = a->connection(company_, true);
  Lease lb = b->connection(company_);
  la->begin();
  try {
    lb->begin();
    FAIL() << "the lock is held";
  } catch (const Problem& e) {
    EXPECT_TRUE(e.is(problem_code::kServiceBusy)) << e.what();
  }
  EXPECT_FALSE(lb->in_transaction());
  la->commit();
  {
    Transaction tx(*lb);
    insert(*lb, "after");
    tx.commit();
  }
  EXPECT_EQ(codes(*la), "after");
}

TEST_F(PgPoolTest, TextSortsByBytesAndMoneyFitsIn64Bits) {
  auto p = pool(1, 1000);
  Lease l = p->connection(company_, true);
  l->exec(
      "CREATE TABLE m (id INTEGER PRIMARY KEY, code TEXT NOT NULL, units INTEGER NOT NULL); "
      "INSERT INTO m (code, units) VALUES ('b', 1), ('B', 2), ('_a', 3), ('a-', 9000000000000)");
  std::string order;
  Cursor st(*l, "SELECT code, units FROM m ORDER BY code");
  while (st->step()) order += std::string(st->get_text(0)) + " ";
  EXPECT_EQ(order, "B _a a- b ");  // bytes: 'B' < '_' < 'a' < 'b', as SQLite's BINARY
  // Whatever the database's own locale: the column compares by bytes.
  Cursor coll(*l,
              "SELECT collation_name FROM information_schema.columns WHERE table_schema = "
              "current_schema() AND table_name = 'm' AND column_name = 'code'");
  ASSERT_TRUE(coll->step());
  EXPECT_EQ(coll->get_text(0), "C");
  Cursor big(*l, "SELECT units FROM m WHERE code = 'a-'");
  ASSERT_TRUE(big->step());
  EXPECT_EQ(big->get_int(0), 9000000000000);
}

TEST_F(PgPoolTest, NodesStartingTogetherMigrateACompanyOnce) {
  static std::atomic<int> applied{0};
  applied = 0;
  // The pool's on-open hook, as `serve` has it: migrate() with the modules' registry
  // (migrate_test.cpp covers the rest on both backends).
  auto on_open = [](Connection& c) {
    static const SchemaRegistry registry = [] {
      SchemaRegistry r;
      r.add_module("m");
      r.table(table_of("m", "t", {"id INTEGER PRIMARY KEY", "code TEXT NOT NULL UNIQUE"}));
      r.step({"m", 1, "one", [](Connection&) { ++applied; }});
      return r;
    }();
    migrate(c, registry);
  };
  std::vector<std::unique_ptr<PgPool>> nodes;
  for (int i = 0; i < 4; ++i)
    nodes.push_back(std::make_unique<PgPool>(url_, on_open, PoolOptions{1, 5000}));
  std::vector<std::thread> starts;
  std::atomic<int> failures{0};
  for (auto& n : nodes)
    starts.emplace_back([&, p = n.get()] {
      try {
        Lease l = p->connection(company_, /*create=*/true);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  for (auto& t : starts) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(applied, 1);
  Lease l = nodes[0]->connection(company_);
  Cursor st(*l, "SELECT COUNT(*) FROM schema_migration");
  ASSERT_TRUE(st->step());
  EXPECT_EQ(st->get_int(0), 1);
}

}  // namespace
}  // namespace sqlacc::store
