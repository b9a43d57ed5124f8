#include "store/postgres/pg_pool.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "store/data_dir.h"

namespace sqlacc::store {

struct PgPool::Slot {
  std::mutex mutex;
  std::condition_variable freed;
  std::vector<std::unique_ptr<PgConnection>> all;  // open connections, idle or lent
  std::vector<PgConnection*> idle;
};

PgPool::PgPool(std::string url, OnOpen on_open, PoolOptions options)
    : url_(std::move(url)), on_open_(on_open), options_(options) {
  options_.max_connections = std::max(1, options_.max_connections);
}

PgPool::~PgPool() = default;

// postgres://user:secret@host/db → postgres://user@host/db
std::string PgPool::describe() const {
  std::string shown = url_;
  const auto scheme = shown.find("://");
  const auto at = shown.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    const auto colon = shown.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) shown.erase(colon, at - colon);
  }
  return "PostgreSQL " + shown;
}

std::unique_ptr<PgConnection> PgPool::new_connection(std::string_view company) const {
  const std::string schema = schema_of(company);
  return std::make_unique<PgConnection>(url_, schema, company_lock_key(schema),
                                        options_.lock_wait_ms);
}

PgConnection& PgPool::catalog() {
  if (!catalog_ || catalog_->broken()) catalog_ = new_connection("");
  return *catalog_;
}

std::vector<std::string> PgPool::companies() {
  std::lock_guard lock(catalog_mutex_);
  std::vector<std::string> out;
  // A schema is made with its tables in one transaction (prepare_company): it exists whole or not.
  Cursor st(catalog(),
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sqlacc\\_%' ORDER BY 1");
  while (st->step()) out.push_back(company_of(st->get_text(0)));
  return out;
}

bool PgPool::company_exists(std::string_view company) {
  if (!is_valid_company_id(company)) return false;
  {
    std::lock_guard lock(mutex_);
    if (ready_.count(company)) return true;
  }
  std::lock_guard lock(catalog_mutex_);
  Cursor st(catalog(), "SELECT 1 FROM pg_namespace WHERE nspname = ?");
  st->bind_text(1, schema_of(company));
  return st->step();
}

void PgPool::prepare_company(std::string_view company, bool create) {
  if (!is_valid_company_id(company)) {
    throw store_problem(problem_code::kInternalError,
                        "invalid company id '" + std::string(company) + "'");
  }
  {
    std::lock_guard lock(mutex_);
    if (ready_.count(company)) return;
  }
  if (!create && !company_exists(company)) {
    throw store_problem(problem_code::kInternalError,
                        "company '" + std::string(company) + "' does not exist");
  }
  auto conn = new_connection(company);
  {
    conn->create_schema();
    Transaction tx(*conn);  // holds the company's advisory lock until committed
    if (on_open_) on_open_(*conn);
    tx.commit();
  }
  std::lock_guard lock(mutex_);
  ready_.emplace(company);
}

PgPool::Slot& PgPool::slot(std::string_view company) {
  std::lock_guard lock(mutex_);
  auto it = slots_.find(company);
  if (it == slots_.end()) it = slots_.emplace(std::string(company), std::make_unique<Slot>()).first;
  return *it->second;
}

Lease PgPool::acquire(std::string_view company) {
  Slot& s = slot(company);
  std::unique_lock lock(s.mutex);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.wait_ms);
  while (s.idle.empty() && static_cast<int>(s.all.size()) >= options_.max_connections) {
    if (s.freed.wait_until(lock, deadline) == std::cv_status::timeout && s.idle.empty() &&
        static_cast<int>(s.all.size()) >= options_.max_connections) {
      throw store_problem(
          problem_code::kServiceBusy,
          fmt::format("all {} database connections of company '{}' stayed busy for {} ms",
                      options_.max_connections, company, options_.wait_ms));
    }
  }
  if (!s.idle.empty()) {
    PgConnection* c = s.idle.back();
    s.idle.pop_back();
    return Lease(c, this);
  }
  // Open a new one outside the lock (connecting takes a round trip or a timeout); the place is
  // reserved by a null entry meanwhile.
  s.all.emplace_back();
  lock.unlock();
  std::unique_ptr<PgConnection> conn;
  try {
    conn = new_connection(company);
  } catch (...) {
    lock.lock();
    s.all.erase(std::find(s.all.begin(), s.all.end(), nullptr));
    s.freed.notify_one();
    throw;
  }
  lock.lock();
  auto hole = std::find(s.all.begin(), s.all.end(), nullptr);
  *hole = std::move(conn);
  return Lease(hole->get(), this);
}

void PgPool::give_back(Connection* given) {
  auto* c = static_cast<PgConnection*>(given);
  // A lease ends with its transaction closed; one left open (an exception between begin and the
  // scope's end) is rolled back here so the next borrower starts clean.
  if (c->in_transaction() && !c->broken()) {
    try {
      c->rollback();
    } catch (const Problem&) {
    }
  }
  const std::string company = company_of(c->schema());
  Slot& s = slot(company);
  std::lock_guard lock(s.mutex);
  if (c->broken()) {
    auto it = std::find_if(s.all.begin(), s.all.end(), [&](const auto& p) { return p.get() == c; });
    if (it != s.all.end()) s.all.erase(it);
  } else {
    s.idle.push_back(c);
  }
  s.freed.notify_one();
}

Lease PgPool::connection(std::string_view company, bool create) {
  prepare_company(company, create);
  return acquire(company);
}

Lease PgPool::find(std::string_view company) {
  if (!company_exists(company)) return {};  // known companies answer without a query
  prepare_company(company, false);
  return acquire(company);
}

std::optional<DataVersion> PgPool::check_version(std::string_view company) {
  VersionProbe* probe = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto it = probes_.find(company);
    if (it == probes_.end()) {
      auto open = [this, name = std::string(company)]() -> std::unique_ptr<Connection> {
        std::unique_ptr<PgConnection> c = new_connection(name);
        c->watch_tables(options_.watched_tables);
        return c;
      };
      it = probes_
               .emplace(std::string(company),
                        std::make_unique<VersionProbe>(
                            open, std::chrono::milliseconds(options_.check_ms)))
               .first;
    }
    probe = it->second.get();
  }
  return probe->read();
}

std::unique_ptr<Connection> PgPool::open(std::string_view company, bool create) {
  prepare_company(company, create);
  return new_connection(company);
}

}  // namespace sqlacc::store
