// The change-counter probe (pg_version_probe.h) over a real SQLite file: readings see commits made
// before they were asked for, and a database that does not answer costs a request at most the
// probe's wait, later requests nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "store/postgres/pg_version_probe.h"
#include "store/sqlite/sqlite_connection.h"
#include "support/temp_dir.h"

namespace sqlacc::store {
namespace {

using namespace std::chrono_literals;

TEST(VersionProbeTest, AReadingSeesWhatWasCommittedBeforeItWasAskedFor) {
  test_support::TempDir tmp;
  const auto file = tmp.path() / "c.db";
  SqliteConnection writer(file);
  writer.exec("CREATE TABLE t (x INTEGER)");
  VersionProbe probe([&] { return std::make_unique<SqliteConnection>(file); }, 2000ms);
  const auto before = probe.read();
  ASSERT_TRUE(before);
  EXPECT_EQ(probe.read(), before);  // nothing committed in between
  writer.exec("INSERT INTO t VALUES (1)");
  const auto after = probe.read();
  ASSERT_TRUE(after);
  EXPECT_NE(after, before);
}

TEST(VersionProbeTest, ADatabaseThatDoesNotAnswerCostsOneWaitThenNothing) {
  test_support::TempDir tmp;
  const auto file = tmp.path() / "c.db";
  std::promise<void> answer;
  std::shared_future<void> answered = answer.get_future().share();
  // Opening the connection hangs until the test lets it: a frozen server.
  VersionProbe probe(
      [&] {
        answered.wait();
        return std::make_unique<SqliteConnection>(file);
      },
      200ms);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(probe.read());
  const auto first = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(first, 150ms);
  EXPECT_LT(first, 2s);
  std::this_thread::sleep_for(50ms);
  t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(probe.read());  // the reading is stuck longer than the wait: no waiting at all
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 100ms);
  answer.set_value();
  // Answers again: the stuck reading ends, and the next request gets a reading of its own.
  std::optional<DataVersion> v;
  for (int i = 0; i < 100 && !v; ++i) {
    v = probe.read();
    if (!v) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(v);
}

}  // namespace
}  // namespace sqlacc::store
