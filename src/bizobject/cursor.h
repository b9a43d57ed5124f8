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

using store::Cursor;  // statements reset at scope end (store/connection.h)

}  // namespace sqlacc::bizobject
