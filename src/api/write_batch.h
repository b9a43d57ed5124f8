#pragma once
// Group commit. Every API write is one transaction, and on SQLite the commit (WAL frames, and
// now and then a checkpoint) costs as much as the posting itself. Writes of one company that arrive
// while another is being written wait, then run together: one thread (the leader, whichever
// request found nobody writing) runs each of them in its own savepoint inside one transaction and
// commits once; every write is answered after that commit. A write that fails is rolled back to its
// savepoint alone; a commit that fails fails every write of the batch. Nothing is acknowledged
// before it is committed, as before.
//
// A write waiting for its batch holds no thread (enqueue): the leader calls each write's `done`
// after the commit. When each waiting write held a thread of the write pool (`serve
// --write-workers`, 16 on 2 cores), those threads were shared by every company: four companies
// writing at once had ~4 writes each in flight, so their batches were of 2 and each paid a commit
// (and on PostgreSQL two round trips) for two postings; and a company waiting for its lock held
// by another node could take every thread and stall the other companies. Now a company writing
// holds one thread, its leader, which runs batches as long as writes are queued.
//
// Callers are the write pool's threads, never the I/O threads: a leader waits for the database's
// write lock (up to --write-wait-ms, then a ServiceBusy Problem: 503).
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/connection_pool.h"

namespace sqlacc::api {

class WriteBatcher {
 public:
  // `max_queued`: writes of one company that may wait for a batch; more are refused.
  // `max_wait`: a write that waited longer for its batch is answered ServiceBusy unrun (0: none),
  // so that a company whose lock another node holds does not keep writes for lock wait after lock
  // wait.
  explicit WriteBatcher(store::ConnectionPool& pool, std::size_t max_batch = 64,
                        std::size_t max_queued = 256,
                        std::chrono::milliseconds max_wait = std::chrono::milliseconds(0));
  ~WriteBatcher();
  WriteBatcher(const WriteBatcher&) = delete;
  WriteBatcher& operator=(const WriteBatcher&) = delete;

  using Write = std::function<void(store::Connection&)>;
  // Called once the write's batch has ended: nullptr when it committed, else what write threw
  // (only its own savepoint was undone) or the commit's error. Must not throw.
  using Done = std::function<void(std::exception_ptr)>;

  // Queues write(conn) for `company`'s next batch (conn: the company's writer); done() is called
  // on the thread that leads the batch. Returns true when nobody was writing the company: the
  // caller must then call lead(company), best once it holds nothing it does not need (it may lead
  // for long). Neither `write` nor `done` may refer to the caller's stack; `write` must not queue
  // writes itself (it would wait for its own batch). Throws ServiceBusy (503, nothing queued) when
  // `max_queued` writes of the company already wait.
  bool enqueue(const std::string& company, Write write, Done done);
  // Runs the company's batches, and answers their writes, until none is queued. Never throws.
  void lead(const std::string& company);
  // enqueue(), and lead() if it says so.
  void submit(const std::string& company, Write write, Done done);
  // submit(), then waits for done() and rethrows its error.
  void run(const std::string& company, const Write& write);

  // Batches committed and writes run so far (for tests and logs).
  std::size_t batches() const;
  std::size_t writes() const;

 private:
  struct Company;
  struct Job;
  Company& company(const std::string& name);
  void write_batch(const std::string& name, Company& c, std::vector<Job>& batch);
  // Takes the next batch (and the writes that waited too long) off the queue; false when empty.
  bool take(Company& c, std::vector<Job>& batch, std::vector<Job>& expired);

  store::ConnectionPool& pool_;
  const std::size_t max_batch_, max_queued_;
  const std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<Company>> companies_;
  std::size_t batches_ = 0, writes_ = 0;
};

}  // namespace sqlacc::api
