#include "api/service.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <ctime>
#include <string_view>
#include <vector>

#include "api/admin.h"
#include "api/lanes.h"
#include "api/openapi.h"
#include "api/pdf_request.h"
#include "api/postman.h"
#include "api/problem.h"
#include "api/read_cache.h"
#include "api/write_batch.h"
#include "bizobject/engine.h"
#include "bizobject/text.h"
#include "keys/api_keys.h"
#include "keys/error.h"
#include "keys/master_key.h"
#include "keys/schema.h"
#include "ledger/ledger_store.h"
#include "ledger/reports.h"
#include "store/company_profile.h"
#include "store/connection_pool.h"
#include "store/migrations.h"
#include "util/text.h"

namespace sqlacc::api {
namespace {

std::atomic<std::uint64_t> next_service_id{1};

// Set by lookup_key when this thread's request was authenticated from the read cache because the
// database did not answer the change-counter check: the request may then only be answered from
// that cache (anything else: 503 DatabaseUnavailable).
thread_local bool unconfirmed = false;

store::Error database_not_answering() {
  return store::Error(store::ErrorKind::Unavailable,
                      "the database did not answer the change-counter check in time");
}

// Thrown inside the router to end a request with a JSON problem.
struct Reject {
  unsigned status;
  std::string code;
  std::string message;
  std::string field;
};

void set_json(Response& res, unsigned status, std::string body) {
  res.status = status;
  res.content_type = "application/json";
  res.body = std::move(body);
}

// Copies into the response's existing buffer (the http layer reuses it across a connection).
void set_json_copy(Response& res, std::string_view body) {
  res.status = 200;
  res.content_type = "application/json";
  res.body.assign(body);
}

std::string json_text(const boost::json::value& v) { return boost::json::serialize(v); }

bool is_method(const Request& r, std::string_view m) { return r.method == m; }

// A presigned URL carries its signature in X-Amz-* query parameters: they are not filters.
bool is_signature_param(std::string_view key) {
  return key.size() > 6 && text::iequals(key.substr(0, 6), "x-amz-");
}

}  // namespace

boost::json::value openapi_document(const bizobject::Engine& engine, std::string_view server_url) {
  return make_openapi(engine, server_url, admin_routes());
}

namespace {
// Numbered changes the schema sync below cannot make (store/migrations.h). Append; never edit one
// that has shipped.
constexpr store::Migration kMigrations[] = {
    {1, "baseline: the schema the sync creates (objects, ledger, keys, company profile)", nullptr},
};
}  // namespace

void ensure_company_schema(store::Connection& c) {
  store::ensure_company_profile_schema(c);
  bizobject::Engine::ensure_schema(c);
  ledger::ensure_schema(c);
  keys::ensure_schema(c);
  store::apply_migrations(c, kMigrations, std::time(nullptr));
}

struct Service::Impl {
  store::ConnectionPool& pool;
  const keys::MasterKey& master_key;
  const bizobject::Engine& engine;
  const auth::Clock& clock;
  ServiceOptions options;
  auth::Verifier verifier;
  WriteBatcher batcher{pool};
  AdminConsole admin{pool, master_key, engine, clock,
                     admin_options(options.default_company, options.verifier.accepted_scopes)};
  const std::uint64_t id = next_service_id++;  // names this instance's read caches

  Impl(store::ConnectionPool& p, const keys::MasterKey& mk, const bizobject::Engine& e,
       const auth::Clock& c, ServiceOptions o)
      : pool(p),
        master_key(mk),
        engine(e),
        clock(c),
        options(std::move(o)),
        verifier(options.verifier, c,
                 [this](std::string_view access_key) { return lookup_key(access_key); }) {}

  std::int64_t now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
  }

  // Called by the verifier exactly once per signed request, before anything else touches the
  // company's data: so this is where the request's read cache is synchronised with the database.
  // A key is found only through the company its access key names, and a revoked or regenerated key
  // changes the database, so it is refused on the very next request.
  std::optional<auth::KeyMaterial> lookup_key(std::string_view access_key) {
    auto company = keys::company_of_access_key(access_key);
    if (!company) return std::nullopt;
    ReadCache& cache = ReadCache::of(id, *company);
    store::Lease conn;
    if (!pool.remote()) {  // SQLite: a local counter, always answers at once
      conn = pool.find(*company);
      if (!conn) return std::nullopt;
      cache.sync(conn->data_version());
    } else {
      // PostgreSQL: a bounded wait (README, "When the database does not answer").
      if (!pool.company_exists(*company)) return std::nullopt;
      if (auto v = pool.check_version(*company)) {
        cache.sync(*v);
      } else if (options.read_cache && cache.confirmed_within(pool.stale_read_bound())) {
        unconfirmed = true;
      } else {
        throw database_not_answering();
      }
    }
    if (auto hit = cache.find_key(access_key)) return hit;
    if (unconfirmed) throw database_not_answering();
    if (!conn) conn = pool.connection(*company);
    auto record = keys::lookup(*conn, master_key, access_key);
    if (!record) return std::nullopt;
    auth::KeyMaterial key{std::move(record->secret), record->key_version};
    if (options.read_cache) cache.store_key(access_key, key);
    return key;
  }

  struct Caller {
    std::string company;
    std::string user;
  };

  Caller authenticate(const auth::RequestView& view) {
    unconfirmed = false;
    auth::Result result = verifier.verify(view);
    if (!result.ok()) throw Reject{401, result.failure.code, result.failure.message, {}};
    const auto& ak = result.identity->access_key;
    return Caller{keys::company_of_access_key(ak).value_or(""),
                  keys::user_of_access_key(ak).value_or("")};
  }

  static auth::RequestView make_view(const Request& req, std::vector<auth::HeaderView>& views) {
    views.clear();
    for (const auto& h : req.headers) views.push_back({h.name, h.value});
    return auth::RequestView{req.method, req.target, views, req.body};
  }

  void route(const Request& req, Response& res) {
    auto parsed = boost::urls::parse_origin_form(req.target);
    if (!parsed)
      throw Reject{400, "InvalidRequestTarget", "The request target is not a valid URL path", {}};
    const boost::urls::url_view url = *parsed;
    std::vector<std::string> segs;
    for (auto s : url.segments()) segs.emplace_back(s);
    // "/agent/" lists like "/agent" (both forms appear in the original's docs).
    if (segs.size() == 2 && segs[1].empty()) segs.pop_back();

    thread_local std::vector<auth::HeaderView> views;
    const auth::RequestView view = make_view(req, views);

    if (segs.empty() || (segs.size() == 1 && segs[0].empty())) return index(req, res);
    const std::string& first = segs[0];
    if (first == "healthcheck" && segs.size() == 1) return healthcheck(req, res, view);
    if (first == "openapi.json" && segs.size() == 1) return openapi(req, res);
    if (first == "admin") return admin.handle(req, res, segs);  // the console: api/admin.h

    // Everything else is the signed API.
    if (!verifier.is_signed(view)) {
      throw Reject{401,
                   "MissingAuthenticationToken",
                   "This endpoint needs a request signed with AWS Signature Version 4 (an "
                   "Authorization header or a presigned URL); see GET /healthcheck to test keys",
                   {}};
    }
    Caller caller = authenticate(view);
    if (unconfirmed) return serve_unconfirmed(req, res, caller, url, segs);
    store::Lease lease = pool.connection(caller.company);
    store::Connection& conn = *lease;

    if (segs.size() == 1 && first == "version") return require_get(req), version(res);
    if (segs.size() == 1 && first == "profile") return require_get(req), profile(res, conn, caller);
    if (segs.size() == 1 && first == "trialbalance") {
      require_get(req);
      return trial_balance(res, conn, url);
    }
    if (segs.size() == 1 && first == "postman_collection.json") {
      require_get(req);
      return postman(req, res);
    }
    return resource(req, res, conn, caller, url, segs);
  }

  // The database did not answer: a GET whose answer this thread's read cache holds (confirmed
  // within the stale-read bound) is served from it; anything else needs the database.
  void serve_unconfirmed(const Request& req, Response& res, const Caller& caller,
                         const boost::urls::url_view& url, const std::vector<std::string>& segs) {
    const bool read = is_method(req, "GET") || is_method(req, "HEAD");
    if (read && engine.find(segs[0]) != nullptr && segs.size() <= 2 &&
        !(segs.size() == 2 && requested_pdf_template(req))) {
      const std::string key = read_cache_key(url, segs, nullptr);
      if (const std::string* body = ReadCache::of(id, caller.company).find_body(key))
        return set_json_copy(res, *body);
    }
    throw database_not_answering();
  }

  // The read cache key: the path and the decoded parameters, without the signature's X-Amz-*
  // ones (a presigned URL carries them; they are not filters). Fills `params` when given.
  static std::string read_cache_key(const boost::urls::url_view& url,
                                    const std::vector<std::string>& segs,
                                    bizobject::Params* params) {
    std::string key = segs[0] + "/" + (segs.size() > 1 ? segs[1] : std::string());
    for (auto p : url.params()) {
      if (is_signature_param(p.key)) continue;
      key += '\x1f' + p.key + '\x1e' + p.value;
      if (params) params->emplace_back(p.key, p.has_value ? p.value : std::string());
    }
    return key;
  }

  static void require_get(const Request& req) {
    if (!is_method(req, "GET") && !is_method(req, "HEAD")) {
      throw Reject{405, "MethodNotAllowed", "Only GET is allowed here", {}};
    }
  }

  void index(const Request& req, Response& res) {
    require_get(req);
    boost::json::object o{{"service", "sqlacc"},
                          {"version", kVersion},
                          {"description", "SQL Account API Service compatible REST API"},
                          {"healthcheck", "/healthcheck"}};
    set_json(res, 200, json_text(o));
  }

  void healthcheck(const Request& req, Response& res, const auth::RequestView& view) {
    require_get(req);
    boost::json::object o{{"status", "ok"}, {"service", "sqlacc"}, {"version", kVersion}};
    if (verifier.is_signed(view)) {
      // Test Connection: a signed probe proves the key pair, and names who it belongs to.
      Caller caller = authenticate(view);
      auto profile = store::load_company_profile(*pool.connection(caller.company));
      o["authenticated"] = true;
      o["user"] = caller.user;
      o["company"] = caller.company;
      o["companyname"] = profile.companyname;
    } else {
      o["authenticated"] = false;
    }
    set_json(res, 200, json_text(o));
  }

  void version(Response& res) {
    boost::json::object d{
        {"version", kVersion}, {"service", "sqlacc"}, {"compatibility", "SQL Account API Service"}};
    set_json(res, 200, json_text(boost::json::object{{"data", boost::json::array{d}}}));
  }

  void profile(Response& res, store::Connection& conn, const Caller& caller) {
    auto p = store::load_company_profile(conn);
    boost::json::object d{{"company", caller.company},
                          {"companyname", p.companyname},
                          {"regno", p.regno},
                          {"tin", p.tin},
                          {"sstno", p.sstno},
                          {"address1", p.address1},
                          {"address2", p.address2},
                          {"address3", p.address3},
                          {"address4", p.address4},
                          {"postcode", p.postcode},
                          {"city", p.city},
                          {"state", p.state},
                          {"country", p.country},
                          {"phone1", p.phone1},
                          {"email", p.email},
                          {"basecurrency", p.basecurrency},
                          {"user", caller.user}};
    set_json(res, 200, json_text(boost::json::object{{"data", boost::json::array{d}}}));
  }

  // GET /trialbalance?date=YYYY-MM-DD (default: today, UTC): each account's net balance on the
  // debit or credit side from the posted ledger, and the two totals (equal when the books balance).
  void trial_balance(Response& res, store::Connection& conn, const boost::urls::url_view& url) {
    std::string date;
    for (auto p : url.params()) {
      if (p.key == "date") {
        date = p.value;
      } else if (!is_signature_param(p.key)) {
        throw Reject{400, "InvalidParameter",
                     "Unknown parameter '" + p.key + "': use date=YYYY-MM-DD", p.key};
      }
    }
    if (date.empty()) date = today();
    if (!bizobject::is_valid_date(date)) {
      throw Reject{400, "InvalidParameter", "date must be a calendar date YYYY-MM-DD", "date"};
    }
    auto tb = ledger::trial_balance(conn, date);
    std::string b = "{\"date\":";
    text::append_json_string(b, date);
    b += ",\"data\":[";
    for (std::size_t i = 0; i < tb.rows.size(); ++i) {
      const auto& r = tb.rows[i];
      b += i ? ",{\"account\":" : "{\"account\":";
      text::append_json_string(b, r.account);
      b += ",\"dr\":\"" + r.dr.to_string() + "\",\"cr\":\"" + r.cr.to_string() + "\"}";
    }
    b += "],\"totals\":{\"dr\":\"" + tb.total_dr.to_string() + "\",\"cr\":\"" +
         tb.total_cr.to_string() + "\"}}";
    set_json(res, 200, std::move(b));
  }

  std::string today() const {
    std::time_t t = std::chrono::system_clock::to_time_t(clock.now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
  }

  void openapi(const Request& req, Response& res) {
    require_get(req);
    set_json(res, 200, json_text(openapi_document(engine, req.base_url())));
  }

  void postman(const Request& req, Response& res) {
    set_json(res, 200, json_text(make_postman_collection(engine, req.base_url())));
    res.headers.push_back(
        {"Content-Disposition", "attachment; filename=\"postman_collection.json\""});
  }

  void resource(const Request& req, Response& res, store::Connection& conn, const Caller& caller,
                const boost::urls::url_view& url, const std::vector<std::string>& segs) {
    const bizobject::ObjectSpec* spec = engine.find(segs[0]);
    if (!spec) {
      std::string known;
      for (const auto* o : engine.objects())
        known += (known.empty() ? "" : ", ") + std::string(o->resource);
      throw Reject{404,
                   "UnknownResource",
                   "Unknown resource '/" + segs[0] + "'. Available: " + known +
                       ", trialbalance, version, profile, healthcheck",
                   {}};
    }
    if (segs.size() > 2) throw Reject{404, "NotFound", "No such path", {}};
    bizobject::Params params;
    std::string cache_key = read_cache_key(url, segs, &params);
    const std::string& m = req.method;
    const bool read = m == "GET" || m == "HEAD";
    if (read && segs.size() == 2 && segs[1] != "*") {
      if (auto tmpl = requested_pdf_template(req)) {
        const bizobject::Reply record = engine.get(conn, *spec, segs[1]);
        return render_pdf_reply(res, spec->resource, *tmpl, record.json,
                                store::load_company_profile(conn));
      }
    }
    ReadCache& cache = ReadCache::of(id, caller.company);
    if (read) {
      if (const std::string* body = cache.find_body(cache_key)) return set_json_copy(res, *body);
    }
    bizobject::Reply reply;
    // Writes go through the group commit (write_batch.h); reads run on this thread's connection.
    auto write = [&](auto&& op) {
      if (options.group_commit)
        batcher.run(caller.company, [&](store::Connection& c) { reply = op(c); });
      else
        reply = op(conn);
    };
    if (segs.size() == 1) {
      if (read) {
        reply = engine.list(conn, *spec, params);
      } else if (m == "POST") {
        write([&](store::Connection& c) { return engine.create(c, *spec, req.body, now()); });
      } else {
        throw Reject{405, "MethodNotAllowed", "Use GET to list or POST to create " + segs[0], {}};
      }
    } else if (segs[1] == "*") {
      if (!read) throw Reject{405, "MethodNotAllowed", "Only GET is allowed on /*", {}};
      reply = engine.star(conn, *spec, params);
    } else if (read) {
      reply = engine.get(conn, *spec, segs[1]);
    } else if (m == "PUT") {
      write(
          [&](store::Connection& c) { return engine.update(c, *spec, segs[1], req.body, now()); });
    } else if (m == "DELETE") {
      write([&](store::Connection& c) { return engine.remove(c, *spec, segs[1], now()); });
    } else {
      throw Reject{405, "MethodNotAllowed", "Use GET, PUT or DELETE on a record", {}};
    }
    if (read && reply.status == 200 && options.read_cache)
      cache.store_body(std::move(cache_key), reply.json);
    set_json(res, reply.status, std::move(reply.json));
  }
};

Service::Service(store::ConnectionPool& pool, const keys::MasterKey& master_key,
                 const bizobject::Engine& engine, const auth::Clock& clock, ServiceOptions options)
    : impl_(std::make_unique<Impl>(pool, master_key, engine, clock, std::move(options))) {
  impl_->admin.set_api(*this);  // Test Connection sends its signed request through handle()
}

Service::~Service() = default;

Lane Service::lane(const Request& req) const { return lane_of(req); }

void Service::handle(const Request& req, Response& res) {
  try {
    impl_->route(req, res);
  } catch (const Reject& r) {
    set_problem(res, r.status, r.code, r.message, req.request_id, r.field);
  } catch (const bizobject::Problem& p) {
    set_problem(res, p.status, p.code, p.what(), req.request_id, p.field);
  } catch (const keys::KeyError& e) {
    set_key_problem(res, e, req.request_id);
  } catch (const store::Error& e) {
    if (e.kind() == store::ErrorKind::Unavailable) {
      spdlog::warn("request {}: database unavailable: {}", req.request_id, e.what());
      set_problem(res, 503, "DatabaseUnavailable", "The database cannot be reached; retry shortly",
                  req.request_id);
      res.headers.push_back({"Retry-After", "1"});
    } else if (e.kind() == store::ErrorKind::Busy) {
      set_problem(res, 503, "ServiceBusy", "The database is busy; retry shortly", req.request_id);
      res.headers.push_back({"Retry-After", "1"});
    } else {
      spdlog::error("request {}: store error: {}", req.request_id, e.what());
      set_problem(res, 500, "InternalError", "Internal error; see the server log for request id",
                  req.request_id);
    }
  } catch (const std::exception& e) {
    spdlog::error("request {}: {}", req.request_id, e.what());
    set_problem(res, 500, "InternalError", "Internal error; see the server log for request id",
                req.request_id);
  }
}

}  // namespace sqlacc::api
