#include "cli/context.h"

#include <sys/stat.h>

#include <chrono>
#include <stdexcept>

#include "api/company_schema.h"
#include "keys/master_key_check.h"
#include "store/company_profile.h"

namespace sqlacc::cli {

Context::Context(const GlobalOptions& options, store::PoolOptions pool_options, bool migrate)
    : options_(options),
      dir_(options.data),
      pool_(store::open_pool(options.db, options.data, migrate ? &api::migrate_company : nullptr,
                             pool_options)) {
  // Company files (and their -wal/-shm) hold the books and the encrypted keys: owner-only.
  ::umask(077);
}

const keys::MasterKey& Context::master_key() {
  if (!master_key_) {
    dir_.create();
    master_key_ = std::make_unique<keys::MasterKey>(keys::MasterKey::load(dir_.root()));
  }
  return *master_key_;
}

std::string Context::company() const {
  if (!options_.company.empty()) {
    if (!pool_->company_exists(options_.company)) {
      throw std::runtime_error("company '" + options_.company + "' does not exist in " +
                               pool_->describe() + " (create it with: sqlacc init --company " +
                               options_.company + ")");
    }
    return options_.company;
  }
  auto all = pool_->companies();
  if (all.size() == 1) return all.front();
  if (all.empty()) {
    throw std::runtime_error("no company in " + pool_->describe() +
                             " yet: run `sqlacc init --sample` (or `make run`) first");
  }
  for (const auto& c : all) {
    if (c == "main") return c;
  }
  throw std::runtime_error("several companies in " + pool_->describe() +
                           ": pick one with --company");
}

void Context::init_company(const std::string& id, bool sample, const std::string& name) {
  if (!store::is_valid_company_id(id)) {
    throw std::runtime_error("company id must be 1-32 characters of a-z, 0-9 and '-': '" + id +
                             "'");
  }
  bool existed = pool_->company_exists(id);
  master_key();  // create the key file together with the data dir
  store::Lease lease = pool_->connection(id, /*create=*/true);
  store::Connection& conn = *lease;
  // Read and written in one transaction: two nodes starting together on an empty database take
  // turns (the write lock), and the second finds the first one's company.
  store::Transaction tx(conn);
  auto profile = store::load_company_profile(conn);
  if (existed && sample && !profile.companyname.empty()) {
    throw std::runtime_error("company '" + id +
                             "' already exists; the sample is loaded only into a new one");
  }
  if (profile.created_at == 0) {
    profile.created_at = now();
    profile.companyname = !name.empty() ? name : (sample ? "SQLACC SAMPLE SDN BHD" : id);
    if (sample) {
      profile.regno = "202601000001 (1234567-A)";
      profile.tin = "C20880050010";
      profile.sstno = "W10-1808-31000001";
      profile.address1 = "No. 1, Jalan Sample 1/1";
      profile.address2 = "Taman Contoh";
      profile.postcode = "47300";
      profile.city = "Petaling Jaya";
      profile.state = "Selangor";
      profile.phone1 = "03-7800 0000";
      profile.email = "accounts@sample.example";
    }
    store::save_company_profile(conn, profile);
    if (sample) bizobject::load_sample_company(engine_, conn, now());
  }
  tx.commit();
  keys::check_master_key(conn, master_key(), id);  // records which key encrypts its secrets
}

std::int64_t Context::now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sqlacc::cli
