#pragma once
// The data directory: the master key file and, on the SQLite backend, one file per company
// (`companies/<id>.db`). Company ids are short lower-case names ([a-z0-9-], 1..32 chars) because
// they appear inside access keys (`<32 hex>.<company>/<USER>`), file names and schema names.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace sqlacc::store
