// The worker pool the server runs database work on (work_pool.h): bounded queue, queue-wait
// deadline, and stop() running what is queued.
#include "http/work_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace sqlacc::http {
namespace {

using namespace std::chrono_literals;

TEST(WorkPoolTest, AFullQueueRefusesAtOnceAndRunsNothingOfTheRefused) {
  WorkPool pool("test", 1, 2, 10s);
  std::promise<void> go;
  std::shared_future<void> released = go.get_future().share();
  std::atomic<int> ran{0};
  std::atomic<bool> busy{false};
  ASSERT_TRUE(pool.try_post([&](bool) {
    busy = true;
    released.wait();
    ++ran;
  }));
  while (!busy) std::this_thread::yield();  // the one worker is taken
  EXPECT_TRUE(pool.try_post([&](bool) { ++ran; }));
  EXPECT_TRUE(pool.try_post([&](bool) { ++ran; }));
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(pool.try_post([&](bool) { ran += 100; }));  // two queued: full
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 100ms);
  go.set_value();
  pool.stop();
  EXPECT_EQ(ran, 3);
}

TEST(WorkPoolTest, AJobThatWaitedPastTheDeadlineIsToldSo) {
  WorkPool pool("test", 1, 8, 50ms);
  std::promise<void> go;
  std::shared_future<void> released = go.get_future().share();
  std::atomic<bool> busy{false};
  ASSERT_TRUE(pool.try_post([&](bool) {
    busy = true;
    released.wait();
  }));
  while (!busy) std::this_thread::yield();
  std::promise<bool> late;
  ASSERT_TRUE(pool.try_post([&](bool expired) { late.set_value(expired); }));
  std::this_thread::sleep_for(100ms);
  go.set_value();
  EXPECT_TRUE(late.get_future().get());
  std::promise<bool> prompt;
  ASSERT_TRUE(pool.try_post([&](bool expired) { prompt.set_value(expired); }));
  EXPECT_FALSE(prompt.get_future().get());
}

TEST(WorkPoolTest, AfterStopNothingIsAccepted) {
  WorkPool pool("test", 2, 8, 1s);
  pool.stop();
  EXPECT_FALSE(pool.try_post([](bool) {}));
}

}  // namespace
}  // namespace sqlacc::http
