#pragma once
// A fixed set of threads with a bounded queue: where the server runs handlers that may wait (on a
// database, a lock, the network), so that the I/O threads never do. A full queue refuses new work
// at once (the caller answers 503) instead of letting it pile up: memory stays bounded, and a
// client learns it must back off while the server is still responsive.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sqlacc::http {

class WorkPool {
 public:
  // A job is called with `expired` true when it waited in the queue longer than `max_queue_wait`:
  // it must then answer without doing the work (its client has waited long enough).
  using Job = std::function<void(bool expired)>;

  WorkPool(std::string name, unsigned threads, std::size_t max_queued,
           std::chrono::milliseconds max_queue_wait);
  ~WorkPool();  // stop()
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // Queues `job`; false (and `job` is not kept) when max_queued jobs are already waiting.
  bool try_post(Job job);
  // Runs what is queued, then joins the threads. Later try_post() calls return false.
  void stop();

  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }
  std::size_t max_queued() const { return max_queued_; }

 private:
  struct Queued {
    Job job;
    std::chrono::steady_clock::time_point since;
  };
  void work();

  const std::string name_;
  const std::size_t max_queued_;
  const std::chrono::milliseconds max_queue_wait_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace sqlacc::http
