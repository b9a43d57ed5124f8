#include "api/write_batch.h"

#include <algorithm>
#include <deque>
#include <semaphore>
#include <utility>

#include "store/connection.h"
#include "util/problem.h"

namespace sqlacc::api {

struct WriteBatcher::Job {
  Write write;
  Done done;
  std::exception_ptr error;
};

struct WriteBatcher::Company {
  std::mutex mutex;
  std::deque<Job> queued;
  bool writing = false;  // a leader is running batches
  // The connection every batch writes through, whichever thread leads it (only one at a time:
  // `writing`). One connection keeps its page cache warm across batches; thread-local ones would
  // each find their cache stale after every other thread's commit.
  std::unique_ptr<store::Connection> writer;
};

WriteBatcher::WriteBatcher(store::ConnectionPool& pool, std::size_t max_batch,
                           std::size_t max_queued)
    : pool_(pool), max_batch_(max_batch == 0 ? 1 : max_batch), max_queued_(max_queued) {}

WriteBatcher::~WriteBatcher() = default;

WriteBatcher::Company& WriteBatcher::company(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::unique_ptr<Company>& c = companies_[name];
  if (!c) c = std::make_unique<Company>();
  return *c;
}

void WriteBatcher::run(const std::string& name, const Write& write) {
  std::binary_semaphore finished{0};
  std::exception_ptr error;
  submit(
      name, [&write](store::Connection& conn) { write(conn); },
      [&](std::exception_ptr e) {
        error = std::move(e);
        finished.release();  // the last touch: this frame may be gone right after
      });
  finished.acquire();
  if (error) std::rethrow_exception(error);
}

void WriteBatcher::submit(const std::string& name, Write write, Done done) {
  Company& c = company(name);
  {
    std::lock_guard lock(c.mutex);
    if (c.queued.size() >= max_queued_)
      throw busy("Too many writes of this company are waiting; retry shortly", 1);
    c.queued.push_back(Job{std::move(write), std::move(done), nullptr});
    if (c.writing) return;  // the leader takes it into its next batch
    c.writing = true;
  }
  // Lead: take what is queued and write it as one transaction, as long as anything is queued.
  for (;;) {
    std::vector<Job> batch;
    {
      std::lock_guard lock(c.mutex);
      if (c.queued.empty()) {
        c.writing = false;
        return;
      }
      const std::size_t n = std::min(c.queued.size(), max_batch_);
      batch.reserve(n);
      for (std::size_t k = 0; k < n; ++k) {
        batch.push_back(std::move(c.queued.front()));
        c.queued.pop_front();
      }
    }
    write_batch(name, c, batch);
    for (Job& j : batch) {
      try {
        j.done(j.error);
      } catch (...) {  // a Done that throws is a bug; the other writes are still answered
      }
    }
  }
}

void WriteBatcher::write_batch(const std::string& name, Company& c, std::vector<Job>& batch) {
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
      for (Job& j : batch) {
        j.error = nullptr;
        try {
          store::WriteScope one(conn);  // a failing write undoes only itself
          j.write(conn);
          one.commit();
        } catch (...) {
          j.error = std::current_exception();
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
  if (failed)
    for (Job& j : batch)
      if (!j.error) j.error = failed;
  std::lock_guard stats(mutex_);
  ++batches_;
  writes_ += batch.size();
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
