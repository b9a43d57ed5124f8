#include "api/write_batch.h"

#include <spdlog/spdlog.h>

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
  std::chrono::steady_clock::time_point queued_at;
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
                           std::size_t max_queued, std::chrono::milliseconds max_wait)
    : pool_(pool),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      max_queued_(max_queued),
      max_wait_(max_wait) {}

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
  if (enqueue(name, std::move(write), std::move(done))) lead(name);
}

bool WriteBatcher::enqueue(const std::string& name, Write write, Done done) {
  Company& c = company(name);
  std::lock_guard lock(c.mutex);
  if (c.queued.size() >= max_queued_)
    throw busy("Too many writes of this company are waiting; retry shortly", 1);
  c.queued.push_back(
      Job{std::move(write), std::move(done), nullptr, std::chrono::steady_clock::now()});
  if (c.writing) return false;  // the leader takes it into its next batch
  c.writing = true;
  return true;
}

bool WriteBatcher::take(Company& c, std::vector<Job>& batch, std::vector<Job>& expired) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(c.mutex);
  while (!c.queued.empty() && batch.size() < max_batch_) {
    Job& j = c.queued.front();
    const bool too_late = max_wait_.count() > 0 && now - j.queued_at > max_wait_;
    (too_late ? expired : batch).push_back(std::move(j));
    c.queued.pop_front();
  }
  if (batch.empty() && expired.empty()) c.writing = false;  // nothing left: nobody leads
  return !batch.empty() || !expired.empty();
}

void WriteBatcher::lead(const std::string& name) {
  Company& c = company(name);
  for (;;) {
    std::vector<Job> batch, expired;
    try {
      if (!take(c, batch, expired)) return;
      write_batch(name, c, batch);
    } catch (...) {  // only what the batch's own handling could not hold (no memory)
      for (Job& j : batch)
        if (!j.error) j.error = std::current_exception();
    }
    for (Job& j : expired)
      j.error = std::make_exception_ptr(
          busy("The write waited too long for the company's earlier writes; retry shortly", 1));
    for (std::vector<Job>* jobs : {&expired, &batch})
      for (Job& j : *jobs) {
        try {
          j.done(j.error);
        } catch (...) {  // a Done that throws is a bug; the other writes are still answered
          spdlog::error("group commit: a write's completion threw");
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
