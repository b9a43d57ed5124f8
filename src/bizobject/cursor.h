#pragma once
// Statement and transaction scopes shared by the engine's reads and writes.
#include <optional>
#include <string_view>

#include "store/connection.h"

namespace sqlacc::bizobject {

// Joins the caller's transaction if one is open (sample company, batch tools), else owns one.
class WriteScope {
 public:
  explicit WriteScope(store::Connection& c) {
    if (!c.in_transaction()) tx_.emplace(c);
  }
  void commit() {
    if (tx_) tx_->commit();
  }

 private:
  std::optional<store::Transaction> tx_;
};

// A cached statement, reset when the scope ends. A statement left on a row would keep SQLite's
// implicit read transaction (an old snapshot) open on this pooled connection: later reads would be
// stale and the next write transaction would fail with "database is locked".
class Cursor {
 public:
  Cursor(store::Connection& c, std::string_view sql) : st_(c.prepare(sql)) {}
  ~Cursor() {
    try {
      st_.reset();
    } catch (...) {  // a destructor must not throw; the next prepare() resets again
    }
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  store::Statement* operator->() { return &st_; }
  store::Statement& operator*() { return st_; }

 private:
  store::Statement& st_;
};

}  // namespace sqlacc::bizobject
