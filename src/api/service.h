#pragma once
// The SQL Account REST surface: routing, SigV4 authentication, and the mapping of business-object
// operations and their errors onto HTTP. One instance serves every company in the data directory;
// the access key names the company (`<hex>.<company>/<USER>`).
#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "api/request.h"
#include "auth/verifier.h"

namespace sqlacc::store {
class Connection;
class ConnectionPool;
}  // namespace sqlacc::store
namespace sqlacc::keys {
class MasterKey;
}
namespace sqlacc::bizobject {
class Engine;
}

namespace sqlacc::api {

inline constexpr const char* kVersion = "0.1.0";

struct ServiceOptions {
  auth::VerifierConfig verifier;
  std::string default_company = "main";  // for POST /admin/login when the body names none
  bool read_cache = true;    // memoise GET responses and keys while the database is unchanged
  bool group_commit = true;  // concurrent writes of a company share a transaction (write_batch.h)
};

class Service final : public Handler {
 public:
  Service(store::ConnectionPool& pool, const keys::MasterKey& master_key,
          const bizobject::Engine& engine, const auth::Clock& clock, ServiceOptions options);
  ~Service() override;
  Lane lane(const Request& request) const override;  // lanes.h
  void handle(const Request& request, Response& response) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The service's OpenAPI 3.1 contract (openapi.h) with every route it serves, for `server_url`:
// what GET /openapi.json and `sqlacc openapi` return.
boost::json::value openapi_document(const bizobject::Engine& engine, std::string_view server_url);

// Creates every module's tables in a company database (idempotent) and applies the versioned
// migrations: the ConnectionPool's on-open hook.
void ensure_company_schema(store::Connection& connection);

}  // namespace sqlacc::api
