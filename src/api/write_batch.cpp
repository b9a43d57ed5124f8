#include "api/write_batch.h"

#include <deque>
#include <exception>
#include <semaphore>
#include <vector>

#include "store/connection.h"

namespace sqlacc::api {

namespace {

struct Job {
  const std::function<void(store::Connection&)>* write;
  std::exception_ptr error;
  bool done = false;  // committed or failed: return
  bool lead = false;  // lead the next batch
  // Each waiting request is woken alone, when it is done or is to lead. One shared condition
  // variable woke every waiter on every commit, and the leader paid those futex wake-ups inside
  // the serial part (~4 % of the server's CPU under POST load).
  std::binary_semaphore woken{0};
};

}  // namespace

struct WriteBatcher::Company {
  std::mutex mutex;
  std::deque<Job*> queued;
  bool writing = false;  // a leader is running a batch, or has been chosen to
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
  Job job{&write, nullptr};
  {
    std::lock_guard lock(c.mutex);
    c.queued.push_back(&job);
    if (!c.writing) c.writing = job.lead = true;
  }
  if (!job.lead) job.woken.acquire();
  if (!job.done) lead(name, c);
  if (job.error) std::rethrow_exception(job.error);
}

void WriteBatcher::lead(const std::string& name, Company& c) {
  // Take what is queued (this thread's job first) and write it as one transaction.
  std::vector<Job*> batch;
  {
    std::lock_guard lock(c.mutex);
    const std::size_t n = std::min(c.queued.size(), max_batch_);
    batch.assign(c.queued.begin(), c.queued.begin() + static_cast<std::ptrdiff_t>(n));
    c.queued.erase(c.queued.begin(), c.queued.begin() + static_cast<std::ptrdiff_t>(n));
  }
  std::exception_ptr failed;
  // First with deferred writes (PostgreSQL sends a posting's writes without waiting for each);
  // if one of them failed, its error may have surfaced in another write of the batch, so the
  // batch is rolled back and run again with every statement answered in turn: each write then
  // gets its own error, as it would have alone.
  for (const bool deferred : {true, false}) {
    failed = nullptr;
    bool again = false;
    try {
      if (!c.writer) c.writer = pool_.open(name);
      store::Connection& conn = *c.writer;
      store::Transaction tx(conn);
      conn.set_deferred_writes(deferred);
      for (Job* j : batch) {
        j->error = nullptr;
        try {
          store::WriteScope one(conn);  // a failing write undoes only itself
          (*j->write)(conn);
          one.commit();
        } catch (...) {
          j->error = std::current_exception();
        }
      }
      again = conn.deferred_failed();
      if (!again) tx.commit();
    } catch (...) {
      failed = std::current_exception();
      again = c.writer && !c.writer->broken() && c.writer->deferred_failed();
    }
    if (c.writer) c.writer->set_deferred_writes(false);
    // A lost database connection (PostgreSQL restarted) is opened anew by the next batch.
    if (c.writer && c.writer->broken()) c.writer.reset();
    if (!deferred || !again) break;
  }
  {
    std::lock_guard stats(mutex_);
    ++batches_;
    writes_ += batch.size();
  }
  Job* next = nullptr;
  {
    std::lock_guard lock(c.mutex);
    for (Job* j : batch) {
      if (failed && !j->error) j->error = failed;
      j->done = true;
    }
    if (c.queued.empty()) {
      c.writing = false;
    } else {
      next = c.queued.front();
      next->lead = true;
    }
  }
  // The next leader first: the writer is idle until it runs. A woken job may return at once and
  // take its Job with it, so none is touched after its release (batch[0] is this thread's own).
  if (next) next->woken.release();
  for (std::size_t i = 1; i < batch.size(); ++i) batch[i]->woken.release();
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
