#include "http/work_pool.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <exception>

namespace sqlacc::http {

WorkPool::WorkPool(std::string name, unsigned threads, std::size_t max_queued,
                   std::chrono::milliseconds max_queue_wait)
    : name_(std::move(name)), max_queued_(max_queued), max_queue_wait_(max_queue_wait) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { work(); });
    // Named for top/perf/gdb ("sqlacc-read", "sqlacc-write"); at most 15 characters.
    pthread_setname_np(threads_.back().native_handle(), ("sqlacc-" + name_).substr(0, 15).c_str());
  }
}

WorkPool::~WorkPool() { stop(); }

bool WorkPool::try_post(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    queue_.push_back({std::move(job), std::chrono::steady_clock::now()});
  }
  ready_.notify_one();
  return true;
}

void WorkPool::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void WorkPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued has run
    Queued q = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    const bool expired = std::chrono::steady_clock::now() - q.since > max_queue_wait_;
    try {
      q.job(expired);
    } catch (const std::exception& e) {  // jobs answer their own errors; this is a bug
      spdlog::error("{} worker: {}", name_, e.what());
    } catch (...) {
      spdlog::error("{} worker: unknown exception", name_);
    }
    q = {};  // release what the job holds before waiting again
    lock.lock();
  }
}

}  // namespace sqlacc::http
