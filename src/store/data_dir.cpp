#include "store/data_dir.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <unordered_map>

#include "store/sqlite/sqlite_connection.h"

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

namespace {
std::atomic<std::uint64_t> next_pool_id{1};
using PerCompany = std::map<std::string, std::unique_ptr<Connection>, std::less<>>;
thread_local std::unordered_map<std::uint64_t, PerCompany> thread_connections;
}  // namespace

ConnectionPool::ConnectionPool(DataDir dir, OnOpen on_open)
    : dir_(std::move(dir)), on_open_(on_open), id_(next_pool_id++) {}

// Connections of other threads are closed when those threads exit; this thread's now.
ConnectionPool::~ConnectionPool() { thread_connections.erase(id_); }

Connection* ConnectionPool::find(std::string_view company) {
  auto& mine = thread_connections[id_];
  if (auto it = mine.find(company); it != mine.end()) return it->second.get();
  if (!dir_.company_exists(company)) return nullptr;
  return &connection(company);
}

Connection& ConnectionPool::connection(std::string_view company, bool create) {
  auto& mine = thread_connections[id_];
  if (auto it = mine.find(company); it != mine.end()) return *it->second;
  return *mine.emplace(std::string(company), open(company, create)).first->second;
}

std::unique_ptr<Connection> ConnectionPool::open(std::string_view company, bool create) {
  if (!is_valid_company_id(company)) {
    throw Error(ErrorKind::Other, "invalid company id '" + std::string(company) + "'");
  }
  if (!create && !dir_.company_exists(company)) {
    throw Error(ErrorKind::Other, "company '" + std::string(company) + "' does not exist");
  }
  if (create) dir_.create();
  auto conn = std::make_unique<SqliteConnection>(dir_.company_file(company));
  if (on_open_) on_open_(*conn);
  return conn;
}

}  // namespace sqlacc::store
