#pragma once
// Group commit. Every API write is one transaction, and on SQLite the commit (WAL frames, and
// now and then a checkpoint) costs as much as the posting itself. Writes of one company that arrive
// while another is being written wait, then run together: one thread (the leader, whichever
// request found nobody writing) runs each of them in its own savepoint inside one transaction and
// commits once; everyone returns after that commit. A write that fails is rolled back to its
// savepoint alone; a commit that fails fails every write of the batch. Nothing is acknowledged
// before it is committed, as before.
//
// Callers are the write pool's threads (`serve --write-workers`), never the I/O threads: a write
// waits here for its batch and, inside it, for the database's write lock (up to --write-wait-ms,
// then a ServiceBusy Problem: 503). With one write worker there is never anyone to batch with.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/connection_pool.h"

namespace sqlacc::api {

class WriteBatcher {
 public:
  explicit WriteBatcher(store::ConnectionPool& pool, std::size_t max_batch = 64);
  ~WriteBatcher();
  WriteBatcher(const WriteBatcher&) = delete;
  WriteBatcher& operator=(const WriteBatcher&) = delete;

  // Runs write(conn) for `company` in a transaction shared with the writes queued with it, on
  // whichever thread leads the batch (conn is that thread's connection), and returns once the
  // transaction has committed. Rethrows what write threw (only its own savepoint was undone), or
  // the commit's error. `write` must not call run() itself (it would wait for its own batch).
  void run(const std::string& company, const std::function<void(store::Connection&)>& write);

  // Batches committed and writes run so far (for tests and logs).
  std::size_t batches() const;
  std::size_t writes() const;

 private:
  struct Company;
  Company& company(const std::string& name);
  void lead(const std::string& name, Company& c);

  store::ConnectionPool& pool_;
  const std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<Company>> companies_;
  std::size_t batches_ = 0, writes_ = 0;
};

}  // namespace sqlacc::api
