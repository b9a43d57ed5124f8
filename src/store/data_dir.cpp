#include "store/data_dir.h"

#include <algorithm>

namespace sqlacc::store {

bool is_valid_company_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

DataDir::DataDir(std::filesystem::path root) : root_(std::move(root)) {}

std::filesystem::path DataDir::company_file(std::string_view company) const {
  return root_ / "companies" / (std::string(company) + ".db");
}

bool DataDir::company_exists(std::string_view company) const {
  return is_valid_company_id(company) && std::filesystem::exists(company_file(company));
}

std::vector<std::string> DataDir::companies() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(root_ / "companies", ec)) {
    if (e.path().extension() == ".db") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void DataDir::create() const {
  namespace fs = std::filesystem;
  fs::create_directories(root_ / "companies");
  fs::permissions(root_, fs::perms::owner_all, fs::perm_options::replace);
  fs::permissions(root_ / "companies", fs::perms::owner_all, fs::perm_options::replace);
}

}  // namespace sqlacc::store
