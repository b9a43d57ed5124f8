#include "api/write_batch.h"

#include <exception>
#include <vector>

#include "store/connection.h"

namespace sqlacc::api {

namespace {

struct Job {
  const std::function<void(store::Connection&)>* write;
  std::exception_ptr error;
  bool done = false;
};

}  // namespace

struct WriteBatcher::Company {
  std::mutex mutex;
  std::condition_variable finished;
  std::vector<Job*> queued;
  bool writing = false;  // a leader is running a batch
  // The connection every batch writes through, whichever thread leads it (only one at a time:
  // `writing`). One connection keeps its page cache warm across batches; thread-local ones would
  // each find their cache stale after every other thread's commit.
  std::unique_ptr<store::Connection> writer;
};

WriteBatcher::WriteBatcher(store::ConnectionPool& pool, std::size_t max_batch)
    : pool_(pool), max_batch_(max_batch == 0 ? 1 : max_batch) {}

WriteBatcher::~WriteBatcher() = default;

WriteBatcher::Company& WriteBatcher::company(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::unique_ptr<Company>& c = companies_[name];
  if (!c) c = std::make_unique<Company>();
  return *c;
}

void WriteBatcher::run(const std::string& name,
                       const std::function<void(store::Connection&)>& write) {
  Company& c = company(name);
  Job job{&write, nullptr, false};
  std::unique_lock lock(c.mutex);
  c.queued.push_back(&job);
  while (!job.done) {
    if (c.writing) {
      c.finished.wait(lock);
      continue;
    }
    // Lead: take what is queued (ours included) and write it as one transaction.
    c.writing = true;
    std::vector<Job*> batch;
    const std::size_t n = std::min(c.queued.size(), max_batch_);
    batch.assign(c.queued.begin(), c.queued.begin() + static_cast<std::ptrdiff_t>(n));
    c.queued.erase(c.queued.begin(), c.queued.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();
    std::exception_ptr failed;
    try {
      if (!c.writer) c.writer = pool_.open(name);
      store::Connection& conn = *c.writer;
      store::Transaction tx(conn);
      for (Job* j : batch) {
        try {
          store::WriteScope one(conn);  // a failing write undoes only itself
          (*j->write)(conn);
          one.commit();
        } catch (...) {
          j->error = std::current_exception();
        }
      }
      tx.commit();
    } catch (...) {
      failed = std::current_exception();
    }
    {
      std::lock_guard stats(mutex_);
      ++batches_;
      writes_ += batch.size();
    }
    lock.lock();
    for (Job* j : batch) {
      if (failed && !j->error) j->error = failed;
      j->done = true;
    }
    c.writing = false;
    c.finished.notify_all();  // the finished, and the next leader
  }
  lock.unlock();
  if (job.error) std::rethrow_exception(job.error);
}

std::size_t WriteBatcher::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

std::size_t WriteBatcher::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

}  // namespace sqlacc::api
