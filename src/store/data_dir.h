#pragma once
// The data directory: one SQLite file per company (`companies/<id>.db`) and the master key file.
// Company ids are short lower-case names ([a-z0-9-], 1..32 chars) because they appear inside access
// keys (`<32 hex>.<company>/<USER>`) and file names.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/connection.h"

namespace sqlacc::store {

bool is_valid_company_id(std::string_view id);

class DataDir {
 public:
  explicit DataDir(std::filesystem::path root);
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path company_file(std::string_view company) const;
  bool company_exists(std::string_view company) const;
  std::vector<std::string> companies() const;  // sorted
  // Creates the directory tree (mode 0700) if missing.
  void create() const;

 private:
  std::filesystem::path root_;
};

// Hands out one connection per (thread, company): SQLite connections are not shared across threads,
// and each keeps its own prepared-statement cache. Opening runs `on_open` once per new connection
// (schema creation / migrations are idempotent).
class ConnectionPool {
 public:
  using OnOpen = void (*)(Connection&);
  ConnectionPool(DataDir dir, OnOpen on_open);
  ~ConnectionPool();
  // Throws Error if the company does not exist (unless create is true).
  Connection& connection(std::string_view company, bool create = false);
  // Like connection(), but nullptr when the company does not exist; no file-system check once this
  // thread has the connection open (the per-request path of key lookup).
  Connection* find(std::string_view company);
  // A new connection of the caller's own, not the thread's (e.g. one writer connection that
  // several threads use in turn, never at once). Same checks as connection().
  std::unique_ptr<Connection> open(std::string_view company, bool create = false);
  const DataDir& dir() const { return dir_; }

 private:
  DataDir dir_;
  OnOpen on_open_;
  std::uint64_t id_;  // distinguishes pools in the thread-local map, even at a reused address
};

}  // namespace sqlacc::store
