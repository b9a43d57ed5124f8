#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "keys/schema.h"
#include "store/sqlite/sqlite_connection.h"
#include "support/temp_dir.h"

namespace sqlacc::keys::test {

using TempDir = test_support::TempDir;

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A company database in a temp dir with the keys schema.
class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("SQLACC_MASTER_KEY");
    conn = std::make_unique<store::SqliteConnection>(db_file());
    ensure_schema(*conn);
  }
  std::filesystem::path db_file() const { return dir.path() / "acme.db"; }
  // Every byte SQLite has written: the main file and the WAL.
  std::string all_db_bytes() const {
    std::string bytes = read_bytes(db_file());
    auto wal = db_file();
    wal += "-wal";
    if (std::filesystem::exists(wal)) bytes += read_bytes(wal);
    return bytes;
  }

  TempDir dir;
  std::unique_ptr<store::SqliteConnection> conn;
  static constexpr std::int64_t kNow = 1'750'000'000;
};

}  // namespace sqlacc::keys::test
