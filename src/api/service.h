#pragma once
// The SQL Account REST surface: its route table (service.cpp), SigV4 authentication, and the
// mapping of business-object operations and their errors onto HTTP. One instance serves every
// company in the data directory; the access key names the company (`<hex>.<company>/<USER>`).
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "api/request.h"
#include "auth/verifier.h"
#include "contract/route_doc.h"

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
  bool read_cache = true;    // memoise GET responses and keys while the database is unchanged
  bool group_commit = true;  // concurrent writes of a company share a transaction (write_batch.h)
  std::size_t write_queue = 256;  // writes of a company that may wait for their group commit
  std::chrono::milliseconds write_wait{5000};  // ... and how long (then 503 ServiceBusy)
};

class Service final : public Handler {
 public:
  Service(store::ConnectionPool& pool, const keys::MasterKey& master_key,
          const bizobject::Engine& engine, const auth::Clock& clock, ServiceOptions options);
  ~Service() override;
  Lane lane(const Request& request) const override;  // lanes.h
  void handle(const Request& request, Response& response) override;
  // A write through the group commit is answered by the batch's leader after the commit; this
  // thread is free as soon as the write is queued (write_batch.h).
  void handle_write(const Request& request, Response& response,
                    std::function<void()> done) override;
  // SQLite with the read cache on: a signed read whose key and answer the company's read cache
  // holds, answered on the I/O thread after one `PRAGMA data_version` (no lock, no query).
  bool answer_at_once(const Request& request, Response& response) override;

  // Serves every path whose first segment is `prefix` with `handler`, and lists `routes` in
  // GET /openapi.json: how the admin console (admin/console.h) joins the service without the
  // service knowing it. Call before serving; `handler` and `routes` must outlive the service.
  void mount(std::string prefix, Handler& handler, std::span<const contract::RouteDoc> routes);

  // The service's own route table (what GET /openapi.json lists besides the mounted routes).
  static std::span<const contract::RouteDoc> routes();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The service's OpenAPI 3.1 contract (contract/openapi.h) with its routes and the `mounted` ones,
// for `server_url`: what GET /openapi.json and `sqlacc openapi` return.
boost::json::value openapi_document(const bizobject::Engine& engine, std::string_view server_url,
                                    std::span<const contract::RouteDoc> mounted);

}  // namespace sqlacc::api
