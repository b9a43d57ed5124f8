#include "store/postgres/pg_connection.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "store/postgres/pg_sql.h"

namespace sqlacc::store {
namespace {

std::string_view code_of(std::string_view sqlstate, bool connection_lost) {
  if (connection_lost) return problem_code::kDatabaseUnavailable;
  if (sqlstate == "23505") return problem_code::kUniqueViolation;
  // serialization failure, deadlock, lock not available, too many connections
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "53300")
    return problem_code::kServiceBusy;
  // connection exceptions; the server shutting down, crashed or starting up
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P"))
    return problem_code::kDatabaseUnavailable;
  return problem_code::kInternalError;
}

std::string_view trimmed(const char* s) {
  std::string_view v = s ? s : "";
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
  return v;
}

std::int64_t affected_rows(PGresult* res) {
  std::string_view t = PQcmdTuples(res);
  std::int64_t n = 0;
  std::from_chars(t.data(), t.data() + t.size(), n);
  return n;
}

void ignore_notice(void*, const char*) {}  // "already exists, skipping" and the like

// Statements held back (savepoint()) or sent into a pipeline as they are: NUL-terminated.
constexpr std::string_view kSavepoint = "SAVEPOINT sqlacc_write;";
constexpr std::string_view kRelease = "RELEASE SAVEPOINT sqlacc_write;";
constexpr std::string_view kCommit = "COMMIT";

}  // namespace

// ---- Statement -------------------------------------------------------------------------------

class PgStatement final : public Statement {
 public:
  PgStatement(PgConnection& c, std::string_view sql)
      : c_(c),
        read_only_(pg::is_select(sql)),
        // fmt, not "s" + std::to_string(...): GCC 12 at -O3 flags the inlined string insert of
        // that operator+ with a false -Wrestrict (GCC bug 105329), which broke Release builds.
        name_(fmt::format("s{}", ++c.next_name_)),
        table_(read_only_ ? std::string() : pg::written_table(sql)) {
    text_ = pg::numbered_placeholders(sql, params_);
    values_.resize(static_cast<std::size_t>(params_));
    nulls_.assign(static_cast<std::size_t>(params_), true);
  }
  ~PgStatement() override { clear(); }

  void bind_null(int i) override { nulls_[slot(i)] = true; }
  void bind_int(int i, std::int64_t v) override {
    const std::size_t k = slot(i);
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    values_[k].assign(buf, end);
    nulls_[k] = false;
  }
  void bind_text(int i, std::string_view v) override {
    const std::size_t k = slot(i);
    values_[k].assign(v);
    nulls_[k] = false;
  }

  bool step() override {
    if (!executed_) {
      if (read_only_ || c_.in_transaction()) {
        execute();
      } else {  // a write on its own: in a transaction of its own, under the company's lock
        Transaction tx(c_);
        execute();
        tx.commit();
      }
    }
    if (row_ >= rows_) return false;
    current_ = row_++;
    return true;
  }
  int column_count() const override { return result_ ? PQnfields(result_) : 0; }
  bool is_null(int c) const override { return PQgetisnull(result_, current_, c) != 0; }
  std::int64_t get_int(int c) const override {
    std::string_view t = get_text(c);
    if (t == "t") return 1;  // a boolean expression's result
    if (t == "f") return 0;
    std::int64_t v = 0;
    std::from_chars(t.data(), t.data() + t.size(), v);
    return v;
  }
  std::string_view get_text(int c) const override {
    return {PQgetvalue(result_, current_, c),
            static_cast<std::size_t>(PQgetlength(result_, current_, c))};
  }
  void reset() override {
    clear();
    nulls_.assign(nulls_.size(), true);
  }

 private:
  std::size_t slot(int i) const {
    if (i < 1 || i > params_)
      throw store_problem(problem_code::kInternalError,
                          fmt::format("postgres: parameter {} of [{}]", i, text_));
    return static_cast<std::size_t>(i - 1);
  }
  void clear() {
    if (sent_ahead_) c_.abandon(this);
    sent_ahead_ = false;
    if (ahead_answer_) PQclear(ahead_answer_);
    ahead_answer_ = nullptr;
    if (result_) PQclear(result_);
    result_ = nullptr;
    executed_ = false;
    rows_ = row_ = current_ = 0;
  }

  // Sends this statement into the connection's pipeline without waiting for its answer: the
  // answer is read with the next statement that waits (PgConnection::sync_pipeline), and kept
  // here when `ahead`.
  void send_in_pipeline(bool ahead = false) {
    const std::vector<const char*> values = value_pointers();
    if (prepared_in_ != c_.session_) {
      c_.queue(PQsendPrepare(c_.conn_, name_.c_str(), text_.c_str(), params_, nullptr), text_,
               &prepared_in_);
      prepared_in_ = c_.session_;
    }
    c_.queue(
        PQsendQueryPrepared(c_.conn_, name_.c_str(), params_, values.data(), nullptr, nullptr, 0),
        text_, nullptr, ahead ? this : nullptr);
  }

  std::vector<const char*> value_pointers() const {
    std::vector<const char*> values(values_.size());
    for (std::size_t k = 0; k < values_.size(); ++k)
      values[k] = nulls_[k] ? nullptr : values_[k].c_str();
    return values;
  }

  void execute() {
    PGresult* res = nullptr;
    if (sent_ahead_) {  // its answer comes with the pipeline's, if it has not come yet
      if (!ahead_answer_ && c_.pipeline_) c_.sync_pipeline(false);
      sent_ahead_ = false;
      res = std::exchange(ahead_answer_, nullptr);
      if (!res) throw c_.earlier_failure();  // skipped: an earlier statement failed
    } else if (c_.pipeline_ || (c_.deferring() && !c_.pending_.empty())) {
      // Deferred writes on their way, or held-back savepoints: all go in this one round trip.
      c_.enter_pipeline();
      send_in_pipeline();
      res = c_.sync_pipeline(true);
    }
    if (res) {
      if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
        c_.fail(res, text_);
      took(res);
      return;
    }
    const std::vector<const char*> values = value_pointers();
    c_.flush_pending();
    // Only a read may run again on a new connection (see PgConnection::run).
    res = c_.run_with_retry(read_only_, text_, [&]() -> PGresult* {
      if (prepared_in_ != c_.session_) {  // a new session knows none of our statements
        PGresult* prep = PQprepare(c_.conn_, name_.c_str(), text_.c_str(), params_, nullptr);
        if (PQresultStatus(prep) != PGRES_COMMAND_OK) return prep;  // the failure
        PQclear(prep);
        prepared_in_ = c_.session_;
      }
      return PQexecPrepared(c_.conn_, name_.c_str(), params_, values.data(), nullptr, nullptr, 0);
    });
    took(res);
  }

  void took(PGresult* res) {
    c_.changes_ = affected_rows(res);
    if (!read_only_) c_.table_changed(table_);
    result_ = res;
    rows_ = PQntuples(res);
    executed_ = true;
  }

 public:
  // Called by PgConnection::sync_pipeline with the answer of a statement sent ahead: step() reads
  // it (or throws it, a failure).
  void take_answer(PGresult* res) {
    if (ahead_answer_) PQclear(ahead_answer_);
    ahead_answer_ = res;
  }

  void send_ahead() override {
    if (!read_only_ || executed_ || sent_ahead_ || !c_.deferring()) return;
    c_.enter_pipeline();
    send_in_pipeline(true);
    sent_ahead_ = true;
  }

  void run_deferred() override {
    if (executed_ || read_only_ || !c_.deferring()) {
      while (step()) {
      }
      return;
    }
    c_.enter_pipeline();
    send_in_pipeline();
    c_.changes_ = -1;  // not known until the answer is read
    c_.table_changed(table_);
    executed_ = true;
  }

 private:
  PgConnection& c_;
  const bool read_only_;
  const std::string name_;
  const std::string table_;  // what a write statement writes ("": unknown, tell everything)
  std::string text_;
  int params_ = 0;
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  std::uint64_t prepared_in_ = 0;  // the session it is prepared in (0: none)
  PGresult* result_ = nullptr;
  bool executed_ = false;
  bool sent_ahead_ = false;           // sent ahead; step() has not read its answer yet
  PGresult* ahead_answer_ = nullptr;  // that answer, once the pipeline brought it
  int rows_ = 0, row_ = 0, current_ = 0;
};

// ---- Connection ------------------------------------------------------------------------------

std::int64_t company_lock_key(std::string_view schema) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : std::string("sqlacc:") + std::string(schema)) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h);
}

PgConnection::PgConnection(std::string url, std::string schema, std::int64_t lock_key,
                           int lock_wait_ms)
    : url_(std::move(url)),
      schema_(std::move(schema)),
      lock_key_(lock_key),
      lock_wait_ms_(lock_wait_ms) {
  connect();
}

PgConnection::~PgConnection() {
  cache_.clear();
  if (conn_) PQfinish(conn_);
}

void PgConnection::connect() {
  if (conn_) PQfinish(conn_);
  // The URL's own connect_timeout (if any) wins: it comes later in the expansion.
  const char* keys[] = {"connect_timeout", "dbname", "client_encoding", "fallback_application_name",
                        nullptr};
  const char* values[] = {"5", url_.c_str(), "UTF8", "sqlacc", nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg(trimmed(PQerrorMessage(conn_)));
    PQfinish(conn_);
    conn_ = nullptr;
    throw store_problem(problem_code::kDatabaseUnavailable, "postgres: cannot connect: " + msg);
  }
  PQsetNoticeProcessor(conn_, &ignore_notice, nullptr);
  ++session_;
  // Not a startup option: pgbouncer refuses unknown startup parameters.
  check_command(PQexec(conn_, fmt::format("SET search_path TO \"{}\"; SET lock_timeout = {}",
                                          schema_, std::max(0, lock_wait_ms_))
                                  .c_str()),
                "set search_path");
}

void PgConnection::revive_if_idle() {
  if (!conn_ || PQstatus(conn_) == CONNECTION_BAD) connect();
}

bool PgConnection::broken() const { return !conn_ || PQstatus(conn_) == CONNECTION_BAD; }

bool PgConnection::in_transaction() const {
  if (!conn_) return false;
  const PGTransactionStatusType s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

void PgConnection::fail(PGresult* res, std::string_view context) {
  const char* field = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = field ? field : "";  // copied: it lives in `res`
  std::string msg(trimmed(res ? PQresultErrorMessage(res) : nullptr));
  if (msg.empty() && conn_) msg = std::string(trimmed(PQerrorMessage(conn_)));
  if (res) PQclear(res);
  throw store_problem(code_of(state, broken()),
                      fmt::format("postgres: {} [{}]", msg, context.substr(0, 300)));
}

void PgConnection::check_command(PGresult* res, std::string_view context) {
  const ExecStatusType s = PQresultStatus(res);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) fail(res, context);
  PQclear(res);
}

PGresult* PgConnection::run(const std::string& sql, bool retry) {
  return run_with_retry(retry, sql, [&] { return PQexec(conn_, sql.c_str()); });
}

PGresult* PgConnection::run_with_retry(bool retry, std::string_view context,
                                       const std::function<PGresult*()>& send) {
  if (pipeline_) sync_pipeline(false);  // what waits runs after what was sent before it
  for (int attempt = 0;; ++attempt) {
    const bool in_tx = in_transaction();
    if (!in_tx) revive_if_idle();
    PGresult* res = send();
    const ExecStatusType s = PQresultStatus(res);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) return res;
    // Found lost while idle: once more on a new connection, if repeating is harmless (a read, a
    // BEGIN). A write, or anything inside a transaction, may have taken effect or lost its
    // transaction: that fails as it is.
    if (attempt == 0 && retry && !in_tx && broken()) {
      PQclear(res);
      continue;
    }
    fail(res, context);
  }
}

Statement& PgConnection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(std::string(sql), std::make_unique<PgStatement>(*this, sql)).first;
  } else {
    it->second->reset();
  }
  return *it->second;
}

// Schema statements (in the schema sync's transaction); rows are written through prepare(). Run as
// given, also outside a transaction (a test dropping a schema has no change counter to move).
void PgConnection::exec(std::string_view sql) {
  forget_all();  // which rows it touches is not known
  if (in_transaction()) written_.emplace("*");
  flush_pending();
  PQclear(run(pg::ddl_for_postgres(sql), false));
}

void PgConnection::create_schema() {
  // Raw statements: begin() reads the change counter this makes.
  PQclear(run(fmt::format("BEGIN; SELECT pg_advisory_xact_lock({0}); "
                          "CREATE SCHEMA IF NOT EXISTS \"{1}\"; "
                          "CREATE TABLE IF NOT EXISTS \"{1}\".sqlacc_change (id INT PRIMARY KEY "
                          "CHECK (id = 1), n BIGINT NOT NULL); "
                          "INSERT INTO \"{1}\".sqlacc_change VALUES (1, 0) ON CONFLICT DO NOTHING; "
                          "ALTER TABLE \"{1}\".sqlacc_change ADD COLUMN IF NOT EXISTS log TEXT NOT "
                          "NULL DEFAULT ''; "
                          "COMMIT",
                          lock_key_, schema_),
              true));
}

std::int64_t PgConnection::last_insert_id() const {
  throw store_problem(problem_code::kInternalError,
                      "postgres: last_insert_id is not supported; use RETURNING");
}

void PgConnection::begin() {
  deferred_error_.clear();
  // One round trip (the last statement's rows are the answer); repeating it is harmless if the
  // connection was found lost. With the counter, the log of what the last commits wrote (see
  // change_log_sql()).
  PGresult* res = nullptr;
  try {
    res = run(fmt::format("BEGIN; SELECT pg_advisory_xact_lock({}); SELECT n, log{} FROM "
                          "sqlacc_change",
                          lock_key_, sequences_sql()),
              true);
  } catch (...) {
    // The lock timed out (or the counter could not be read) after BEGIN ran: no Transaction owns
    // that aborted transaction, and every later statement of this connection would fail in it.
    if (conn_ && !broken() && in_transaction()) PQclear(PQexec(conn_, "ROLLBACK"));
    throw;
  }
  std::int64_t n = -1;
  log_.clear();
  std::vector<std::optional<std::int64_t>> last_ids;  // of ids_.tables(), in order
  if (PQntuples(res) == 1) {
    std::string_view t = PQgetvalue(res, 0, 0);
    std::from_chars(t.data(), t.data() + t.size(), n);
    log_ = PQgetvalue(res, 0, 1);
    for (int c = 2; c < PQnfields(res); ++c) {
      std::int64_t v = 0;
      t = PQgetvalue(res, 0, c);
      if (PQgetisnull(res, 0, c) ||
          std::from_chars(t.data(), t.data() + t.size(), v).ec != std::errc{})
        last_ids.emplace_back();
      else
        last_ids.emplace_back(v);
    }
  }
  PQclear(res);
  if (n != seen_ || n < 0) others_committed(n, last_ids);
  seen_ = n;
  written_.clear();
}

void PgConnection::commit() {
  PGresult* res = nullptr;
  const std::string ids = ids_commit_sql();
  const std::string log = change_log_sql();
  written_.clear();
  try {
    if (pipeline_) {  // the deferred writes, the counter and the COMMIT in one round trip
      send_pending_in_pipeline();
      if (!ids.empty()) send_in_pipeline(ids.c_str(), "next_id: setval");
      send_in_pipeline(log.c_str(), "UPDATE sqlacc_change");
      send_in_pipeline(kCommit.data(), kCommit);
      res = sync_pipeline(true);
      if (PQresultStatus(res) != PGRES_COMMAND_OK) fail(res, "COMMIT");
    } else {
      std::string sql = std::move(pending_);
      pending_.clear();
      if (!ids.empty()) sql += ids + ';';
      res = run(sql + log + "; COMMIT", false);
    }
  } catch (...) {
    forget_all();
    ids_.clear();
    seen_ = -1;
    throw;
  }
  // COMMIT of a transaction that had failed answers ROLLBACK instead of an error.
  const std::string_view tag = PQcmdStatus(res);
  const bool committed = tag == "COMMIT";
  PQclear(res);
  if (!committed) {
    forget_all();
    ids_.clear();
    throw store_problem(problem_code::kInternalError,
                        "postgres: the transaction failed earlier and was rolled back");
  }
  // The lock was held since begin(): nobody else moved the counter in between.
  if (seen_ >= 0) ++seen_;
  ids_.committed();  // the sequences are where the counting left them
}

void PgConnection::rollback() {
  forget_all();  // rows this transaction wrote (and watchers were told of) are undone
  pending_.clear();
  ids_.clear();  // the sequences say what is next (the ids counted here were never stored)
  written_.clear();
  if (pipeline_ && !broken()) sync_pipeline(false);
  pipeline_ = false;
  queued_.clear();
  if (in_transaction() && !broken()) PQclear(run("ROLLBACK", false));
}

// Savepoints are taken and released around every write of a batch, nested two or three deep:
// sent one by one they were a third of a posting's round trips. They are held back instead and go
// with the next statement's round trip (flush_pending) or the commit; a savepoint released before
// anything ran inside it is never sent at all.
void PgConnection::savepoint() { pending_ += kSavepoint; }
void PgConnection::release_savepoint() {
  // The last held-back statement is this savepoint (not "RELEASE SAVEPOINT ...;"): drop both.
  const std::size_t n = pending_.size(), k = kSavepoint.size();
  if (pending_.ends_with(kSavepoint) && (n == k || pending_[n - k - 1] == ';'))
    pending_.resize(pending_.size() - kSavepoint.size());
  else
    pending_ += kRelease;
}
void PgConnection::rollback_to_savepoint() {
  forget_all();
  flush_pending();
  PQclear(run("ROLLBACK TO SAVEPOINT sqlacc_write", false));
}

void PgConnection::flush_pending() {
  if (pending_.empty()) return;
  const std::string sql = std::move(pending_);
  pending_.clear();
  PQclear(run(sql, false));
}

// ---- Deferred writes (libpq pipeline mode) ------------------------------------------------------
//
// A posting writes ~10 statements whose answers nobody reads before the commit (document lines,
// journal lines, stock moves, totals). With deferred writes on, they are sent without waiting;
// the next statement that needs its answer (a read, the COMMIT) goes in the same round trip, and
// their answers are read then. A deferred statement that failed has aborted the transaction: it
// is recorded (deferred_failed()) and every later statement fails until the rollback.

bool PgConnection::deferring() const { return defer_writes_ && in_transaction() && !broken(); }

void PgConnection::enter_pipeline() {
  if (!pipeline_) {
    if (PQenterPipelineMode(conn_) != 1)
      throw store_problem(problem_code::kInternalError, "postgres: cannot enter pipeline mode");
    pipeline_ = true;
  }
  send_pending_in_pipeline();  // what comes next runs inside the savepoints held back
}

void PgConnection::queue(int sent, std::string_view context, std::uint64_t* prepared_in,
                         PgStatement* ahead) {
  if (sent != 1) {  // nothing was sent: the connection is gone or the buffer could not grow
    deferred_error_ = fmt::format("postgres: cannot send [{}]: {}", context.substr(0, 300),
                                  trimmed(PQerrorMessage(conn_)));
    throw store_problem(
        broken() ? problem_code::kDatabaseUnavailable : problem_code::kInternalError,
        deferred_error_);
  }
  queued_.push_back({context, prepared_in, ahead});
}

void PgConnection::send_in_pipeline(const char* sql, std::string_view context) {
  queue(PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0), context);
}

Problem PgConnection::earlier_failure() const {
  return store_problem(
      problem_code::kInternalError,
      "postgres: an earlier statement of the transaction failed: " + deferred_error_);
}

void PgConnection::abandon(const PgStatement* ahead) {
  for (Queued& q : queued_)
    if (q.ahead == ahead) q.ahead = nullptr;
}

void PgConnection::send_pending_in_pipeline() {
  // pending_ holds only kSavepoint and kRelease texts (see savepoint()).
  std::string_view rest = pending_;
  while (!rest.empty()) {
    const std::string_view sql = rest.starts_with(kSavepoint) ? kSavepoint : kRelease;
    rest.remove_prefix(sql.size());
    send_in_pipeline(std::string(sql.substr(0, sql.size() - 1)).c_str(), sql);  // without ';'
  }
  pending_.clear();
}

PGresult* PgConnection::sync_pipeline(bool keep_last) {
  std::vector<Queued> queued = std::move(queued_);
  queued_.clear();
  PGresult* kept = nullptr;
  const bool synced = PQpipelineSync(conn_) == 1;
  for (std::size_t k = 0; synced && k < queued.size() && !broken(); ++k) {
    const bool keep = keep_last && k + 1 == queued.size();
    while (PGresult* res = PQgetResult(conn_)) {
      const ExecStatusType s = PQresultStatus(res);
      const bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
      if (!ok && queued[k].prepared_in) *queued[k].prepared_in = 0;  // not prepared after all
      if (s == PGRES_FATAL_ERROR && !keep && deferred_error_.empty())
        deferred_error_ = fmt::format("postgres: {} [{}]", trimmed(PQresultErrorMessage(res)),
                                      queued[k].context.substr(0, 300));
      if (keep && !kept)
        kept = res;
      else if (queued[k].ahead && s != PGRES_PIPELINE_ABORTED)
        std::exchange(queued[k].ahead, nullptr)->take_answer(res);
      else
        PQclear(res);
    }
  }
  if (synced && !broken()) {  // the sync's own result, then out of pipeline mode
    while (PGresult* res = PQgetResult(conn_)) {
      const bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
      PQclear(res);
      if (sync) break;
    }
    PQexitPipelineMode(conn_);
  }
  pipeline_ = false;
  if (broken() || !synced) {
    if (kept) PQclear(kept);
    if (deferred_error_.empty()) deferred_error_ = "postgres: connection lost in a pipeline";
    const std::string why(trimmed(conn_ ? PQerrorMessage(conn_) : nullptr));
    if (!broken()) {  // libpq could not send the sync: its state is unknown, start over
      PQfinish(conn_);
      conn_ = nullptr;
    }
    throw store_problem(problem_code::kDatabaseUnavailable,
                        fmt::format("postgres: connection lost: {}", why));
  }
  if (keep_last && !kept)
    throw store_problem(problem_code::kInternalError, "postgres: no answer in the pipeline");
  if (kept && PQresultStatus(kept) == PGRES_PIPELINE_ABORTED) {
    PQclear(kept);
    throw earlier_failure();
  }
  return kept;
}

// ---- Ids handed out ahead (next_id)
// --------------------------------------------------------------

std::int64_t PgConnection::next_id(std::string_view table, std::string_view column) {
  if (!in_transaction())
    throw store_problem(problem_code::kInternalError, "postgres: next_id outside a transaction");
  return ids_.next(table, column, [&] {
    Cursor st(*this, "SELECT nextval(pg_get_serial_sequence(?, ?))");
    st->bind_text(1, fmt::format("\"{}\"", table));
    st->bind_text(2, column);
    if (!st->step() || st->is_null(0))
      throw store_problem(problem_code::kInternalError,
                          fmt::format("postgres: no sequence for {}.{}", table, column));
    return st->get_int(0);
  });
}

// The first id came from nextval(); the ones counted on after it are past the sequence.
std::string PgConnection::ids_commit_sql() const {
  std::string sql;
  for (const IdCounter::Table& t : ids_.tables())
    if (t.next - 1 > t.first)
      sql += fmt::format("{}setval(pg_get_serial_sequence('\"{}\"', '{}'), {})",
                         sql.empty() ? "SELECT " : ", ", t.table, t.column, t.next - 1);
  return sql;
}

// ---- Other connections' commits
// ------------------------------------------------------------------
//
// Every commit keeps, beside the counter, a log of what the last kChangeLogSize commits wrote
// ("n:table,table;n:table;..." newest first): a writer that finds the counter moved by another
// node's commits forgets only what those tables held. Two nodes posting to one company take
// turns at its lock; forgetting every cached master at each turn cost a round trip for each
// master read again. In the counter's own row: the begin() that reads it reads the log too.
constexpr std::size_t kChangeLogSize = 8;

namespace {

// The tables written by the commits after `after` up to `upto`, as the change log `log` tells;
// nullopt when it no longer holds every one of them, or one wrote what it could not name ("*").
std::optional<std::vector<std::string_view>> tables_written(std::string_view log,
                                                            std::int64_t after, std::int64_t upto) {
  if (after < 0 || upto < after) return std::nullopt;
  std::vector<std::string_view> tables;
  std::int64_t found = 0, newer = std::numeric_limits<std::int64_t>::max();
  std::string_view rest = log;
  while (!rest.empty()) {
    const std::size_t end = rest.find(';');
    const std::string_view entry = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos) continue;
    std::int64_t k = -1;
    std::from_chars(entry.data(), entry.data() + colon, k);
    if (k >= newer) return std::nullopt;  // newest first, each once: else not a log we wrote
    newer = k;
    if (k <= after || k > upto) continue;
    ++found;
    std::string_view list = entry.substr(colon + 1);
    while (!list.empty()) {
      const std::size_t comma = list.find(',');
      tables.push_back(list.substr(0, comma));
      if (tables.back() == "*") return std::nullopt;
      list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    }
  }
  if (found != upto - after) return std::nullopt;
  return tables;
}

}  // namespace

void PgConnection::others_committed(std::int64_t n,
                                    const std::vector<std::optional<std::int64_t>>& last_ids) {
  const auto tables = tables_written(log_, seen_, n);
  if (!tables) {
    forget_all();
    ids_.clear();  // and may have taken ids: ask the sequences again
    return;
  }
  for (std::string_view table : *tables) watchers_.others_changed(table);
  ids_.others_wrote(*tables, last_ids);
}

// Two nodes posting to one company take turns at its lock, and each turn found the other's ids
// taken: a nextval round trip per table before the first insert. The sequences of the tables
// counted here are read with the counter instead (one column each; NULL: never used).
std::string PgConnection::sequences_sql() const {
  std::string sql;
  for (const IdCounter::Table& t : ids_.tables())
    sql += fmt::format(", pg_sequence_last_value(pg_get_serial_sequence('\"{}\"', '{}')::regclass)",
                       t.table, t.column);
  return sql;
}

std::string PgConnection::change_log_sql() const {
  std::string entry = fmt::format("{}:", seen_ + 1);
  bool first = true;
  for (const std::string& t : written_) {
    if (!first) entry += ',';
    first = false;
    for (char c : t) entry += c == '\'' ? std::string("''") : std::string(1, c);
  }
  // The newest first, then the older ones the log holds (read by begin(), under the lock).
  std::string log = seen_ < 0 ? std::string() : entry;  // unknown: others forget everything
  std::string_view rest = log_;
  for (std::size_t kept = 1; kept < kChangeLogSize && !rest.empty(); ++kept) {
    const std::size_t end = rest.find(';');
    if (!log.empty()) log += ';';
    log += rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  }
  return fmt::format("UPDATE sqlacc_change SET n = n + 1, log = '{}'", log);
}

std::int64_t PgConnection::change_counter() {
  Cursor st(*this, "SELECT n FROM sqlacc_change");
  return st->step() ? st->get_int(0) : -1;
}

namespace {
// DataVersion::watched values: taken from one counter for the whole process, so that no two
// readings ever name different states alike, whichever connection made them.
std::atomic<std::int64_t> next_watched{1};
}  // namespace

DataVersion PgConnection::data_version() {
  DataVersion v;
  v.local = 0;
  if (watched_tables_.empty()) {
    v.external = change_counter();
    return v;
  }
  Cursor st(*this, "SELECT n, log FROM sqlacc_change");
  if (!st->step()) return v;
  v.external = st->get_int(0);
  // The watched tables kept their state since the last reading if the log names every commit in
  // between and none of them wrote one.
  const auto tables = tables_written(st->get_text(1), watched_at_, v.external);
  const bool kept = watched_ > 0 && tables &&
                    std::none_of(tables->begin(), tables->end(), [&](std::string_view t) {
                      return std::find(watched_tables_.begin(), watched_tables_.end(), t) !=
                             watched_tables_.end();
                    });
  if (!kept) watched_ = next_watched.fetch_add(1, std::memory_order_relaxed);
  watched_at_ = v.external;
  v.watched = watched_;
  return v;
}

// ---- Row watchers
// --------------------------------------------------------------------------------

RowWatcher* PgConnection::watcher(std::type_index type,
                                  const std::function<std::unique_ptr<RowWatcher>()>& make) {
  bool made = false;
  RowWatcher* found = watchers_.get(type, make, made);
  if (made && !in_transaction()) seen_ = -1;
  // In a transaction begin() has checked the counter under the lock; outside one, check now.
  if (!in_transaction()) {
    const std::int64_t n = change_counter();
    if (n != seen_ || n < 0) {
      forget_all();
      ids_.clear();  // seen_ moves on: the next begin() would not know others took ids
    }
    seen_ = n;
  }
  return found;
}

void PgConnection::forget_all() { watchers_.forget_all(); }
void PgConnection::table_changed(std::string_view table) {
  watchers_.table_changed(table);
  if (in_transaction()) written_.emplace(table.empty() ? "*" : table);
}

}  // namespace sqlacc::store
