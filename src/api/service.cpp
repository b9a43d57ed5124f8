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

#include "api/json_body.h"
#include "api/lanes.h"
#include "api/pdf_request.h"
#include "api/print_layouts.h"
#include "api/problem.h"
#include "api/read_cache.h"
#include "api/record_json.h"
#include "api/router.h"
#include "api/udf_routes.h"
#include "api/write_batch.h"
#include "bizobject/engine.h"
#include "bizobject/template_aliases.h"
#include "bizobject/text.h"
#include "bizobject/udf.h"
#include "contract/openapi.h"
#include "contract/postman.h"
#include "keys/api_keys.h"
#include "keys/master_key.h"
#include "ledger/ledger_store.h"
#include "ledger/reports.h"
#include "store/company_profile.h"
#include "store/connection_pool.h"
#include "util/text.h"

namespace sqlacc::api {
namespace {

std::atomic<std::uint64_t> next_service_id{1};

// What this thread knows of the request it is handling (lookup_key runs once per signed request,
// before anything else touches the company's data).
struct ThisRequest {
  // On an I/O thread (Service::answer_at_once): answered from the read cache, or handed to the
  // read pool by throwing NeedsWorker wherever it would wait.
  bool at_once = false;
  // Authenticated from the read cache because the database did not answer the change-counter
  // check: the request may then only be answered from that cache (anything else: 503
  // DatabaseUnavailable).
  bool unconfirmed = false;
  // What the company's read cache was synchronised to (ReadCache::sync): the epoch this request's
  // reads are stored under.
  ReadCache::Epoch epoch;
  // In Service::handle_write: a write through the group commit may be answered later, by the
  // batch's leader, which then calls `done`; `queued` says the request was handed on so, and
  // `lead` names the company whose batches this thread is to lead once the request is off its
  // hands (WriteBatcher::enqueue).
  struct Later {
    std::function<void()> done;
    bool queued = false;
    std::string lead = {};
  };
  Later* later = nullptr;
};
thread_local ThisRequest this_request;

// Thrown in at-once mode where the request would wait (a query, a lock, the network): not an
// error, the request is then handled on the read pool.
struct NeedsWorker {};

Problem database_not_answering() {
  return store::store_problem(problem_code::kDatabaseUnavailable,
                              "the database did not answer the change-counter check in time");
}

// A query is needed and this thread has no connection for it.
[[noreturn]] void cannot_query() {
  if (this_request.at_once) throw NeedsWorker{};
  throw database_not_answering();
}

void set_json(Response& res, unsigned status, std::string body) {
  res.status = status;
  res.content_type = "application/json";
  res.body = std::move(body);
}

// Boost.JSON writes string bytes as they are: the base URL (from the Host header) in the contract
// must not make the answer invalid UTF-8.
std::string json_text(const boost::json::value& v) {
  std::string s = boost::json::serialize(v);
  if (!text::valid_utf8(s)) s = text::to_valid_utf8(s);
  return s;
}

// A presigned URL carries its signature in X-Amz-* query parameters: they are not filters.
bool is_signature_param(std::string_view key) {
  return key.size() > 6 && text::iequals(key.substr(0, 6), "x-amz-");
}

}  // namespace

boost::json::value openapi_document(const bizobject::Engine& engine, std::string_view server_url,
                                    std::span<const contract::RouteDoc> mounted) {
  std::vector<contract::RouteDoc> routes(Service::routes().begin(), Service::routes().end());
  routes.insert(routes.end(), mounted.begin(), mounted.end());
  return contract::make_openapi(engine, server_url, kVersion, routes, print_template_names);
}

struct Service::Impl {
  store::ConnectionPool& pool;
  const keys::MasterKey& master_key;
  const bizobject::Engine& engine;
  const RecordJson record_json{engine.objects()};  // the keys of every object, built once
  const auth::Clock& clock;
  ServiceOptions options;
  auth::Verifier verifier;
  WriteBatcher batcher{pool, 64, options.write_queue, options.write_wait};
  struct Mount {
    std::string prefix;  // the first path segment: "admin"
    Handler* handler;
    std::span<const contract::RouteDoc> routes;
  };
  std::vector<Mount> mounts;
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
      conn = this_request.at_once ? pool.at_once(*company) : pool.find(*company);
      if (!conn) {
        if (this_request.at_once) throw NeedsWorker{};  // the worker tells why
        return std::nullopt;
      }
      this_request.epoch = cache.sync(conn->data_version());
    } else {
      // PostgreSQL: a bounded wait (README, "When the database does not answer").
      if (!pool.company_exists(*company)) return std::nullopt;
      if (auto v = pool.check_version(*company)) {
        this_request.epoch = cache.sync(*v);
      } else if (options.read_cache && cache.confirmed_within(pool.stale_read_bound())) {
        this_request.unconfirmed = true;
      } else {
        throw database_not_answering();
      }
    }
    if (auto hit = cache.find_key(access_key)) return hit;
    if (this_request.unconfirmed) throw database_not_answering();
    if (this_request.at_once) throw NeedsWorker{};
    if (!conn) conn = pool.connection(*company);
    auto record = keys::lookup(*conn, master_key, access_key);
    if (!record) return std::nullopt;
    auth::KeyMaterial key{std::move(record->secret), record->key_version};
    if (options.read_cache) cache.store_key(this_request.epoch, access_key, key);
    return key;
  }

  struct Caller {
    std::string company;
    std::string user;
  };

  Caller authenticate(const auth::RequestView& view) {
    this_request.unconfirmed = false;
    this_request.epoch = {};
    auth::Result result = verifier.verify(view);
    if (!result.ok()) throw Problem(401, result.failure.code, result.failure.message);
    const auto& ak = result.identity->access_key;
    return Caller{keys::company_of_access_key(ak).value_or(""),
                  keys::user_of_access_key(ak).value_or("")};
  }

  static auth::RequestView make_view(const Request& req, std::vector<auth::HeaderView>& views) {
    views.clear();
    for (const auto& h : req.headers) views.push_back({h.name, h.value});
    return auth::RequestView{req.method, req.target, views, req.body};
  }

  // What a route's handler gets: the request, the response to fill, and for Signed routes who
  // signed and that company's database connection: none when the database did not answer the
  // change-counter check in time, and the request may only be answered from the read cache.
  struct Call {
    const Request& req;
    Response& res;
    const boost::urls::url_view& url;
    const PathParams& params;
    const auth::RequestView& view;
    Caller caller;
    store::Connection* conn = nullptr;

    store::Connection& db() const {
      if (!conn) cannot_query();
      return *conn;
    }
  };
  struct Route {
    contract::RouteDoc doc;
    void (Impl::*handle)(Call&);
  };
  static const Route kRoutes[];  // the route table, below: the router and the contract read it
  static std::span<const Route> table();  // kRoutes, where its size is known

  void route(const Request& req, Response& res) {
    auto parsed = boost::urls::parse_origin_form(req.target);
    if (!parsed)
      throw Problem(400, problem_code::kInvalidRequestTarget,
                    "The request target is not a valid URL path");
    const boost::urls::url_view url = *parsed;
    const std::vector<std::string> segs = path_segments(url);
    for (const Mount& m : mounts)
      if (!segs.empty() && segs[0] == m.prefix) {
        if (this_request.at_once) throw NeedsWorker{};
        return m.handler->handle(req, res);
      }

    thread_local std::vector<auth::HeaderView> views;
    const auth::RequestView view = make_view(req, views);
    const RouteMatch match = match_route(table(), req.method, segs);
    Call call{req, res, url, match.params, view, {}, nullptr};
    store::Lease lease;
    // The signed API answers every path but the public ones: an unsigned request learns nothing
    // about which paths exist (as the original's API gateway).
    if (match.outcome == RouteMatch::Outcome::NotFound ||
        match.access == contract::Access::Signed) {
      if (!verifier.is_signed(view)) {
        throw Problem(
            401, "MissingAuthenticationToken",
            "This endpoint needs a request signed with AWS Signature Version 4 (an "
            "Authorization header or a presigned URL); see GET /healthcheck to test keys");
      }
      call.caller = authenticate(view);
      if (!this_request.unconfirmed && !this_request.at_once) {
        lease = pool.connection(call.caller.company);
        call.conn = &*lease;
      }
    }
    if (match.outcome == RouteMatch::Outcome::NotFound) throw not_found("No such path");
    if (match.outcome == RouteMatch::Outcome::MethodNotAllowed) {
      res.headers.push_back({"Allow", match.allow});
      throw Problem(405, problem_code::kMethodNotAllowed,
                    req.method + " is not allowed here: use " + match.allow);
    }
    (this->*table()[match.index].handle)(call);
  }

  void index(Call& c) {
    boost::json::object o{{"service", "sqlacc"},
                          {"version", kVersion},
                          {"description", "SQL Account API Service compatible REST API"},
                          {"healthcheck", "/healthcheck"}};
    set_json(c.res, 200, json_text(o));
  }

  void healthcheck(Call& c) {
    boost::json::object o{{"status", "ok"}, {"service", "sqlacc"}, {"version", kVersion}};
    if (verifier.is_signed(c.view)) {
      // Test Connection: a signed probe proves the key pair, and names who it belongs to.
      Caller caller = authenticate(c.view);
      if (this_request.at_once) throw NeedsWorker{};
      auto profile = store::load_company_profile(*pool.connection(caller.company));
      o["authenticated"] = true;
      o["user"] = caller.user;
      o["company"] = caller.company;
      o["companyname"] = profile.companyname;
    } else {
      o["authenticated"] = false;
    }
    set_json(c.res, 200, json_text(o));
  }

  void version(Call& c) {
    boost::json::object d{
        {"version", kVersion}, {"service", "sqlacc"}, {"compatibility", "SQL Account API Service"}};
    set_json(c.res, 200, json_text(boost::json::object{{"data", boost::json::array{d}}}));
  }

  void profile(Call& c) {
    auto p = store::load_company_profile(c.db());
    boost::json::object d{{"company", c.caller.company},
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
                          {"user", c.caller.user}};
    set_json(c.res, 200, json_text(boost::json::object{{"data", boost::json::array{d}}}));
  }

  // GET /trialbalance?date=YYYY-MM-DD (default: today, UTC): each account's net balance on the
  // debit or credit side from the posted ledger, and the two totals (equal when the books balance).
  void trial_balance(Call& c) {
    std::string date;
    for (auto p : c.url.params()) {
      if (p.key == "date") {
        date = p.value;
      } else if (!is_signature_param(p.key)) {
        throw Problem(400, problem_code::kInvalidParameter,
                      "Unknown parameter '" + p.key + "': use date=YYYY-MM-DD", p.key);
      }
    }
    if (date.empty()) date = today();
    if (!bizobject::is_valid_date(date)) {
      throw Problem(400, problem_code::kInvalidParameter, "date must be a calendar date YYYY-MM-DD",
                    "date");
    }
    auto tb = ledger::trial_balance(c.db(), date);
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
    set_json(c.res, 200, std::move(b));
  }

  std::string today() const {
    std::time_t t = std::chrono::system_clock::to_time_t(clock.now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
  }

  void openapi(Call& c) {
    std::vector<contract::RouteDoc> mounted;
    for (const Mount& m : mounts) mounted.insert(mounted.end(), m.routes.begin(), m.routes.end());
    set_json(c.res, 200, json_text(openapi_document(engine, c.req.base_url(), mounted)));
  }

  void postman(Call& c) {
    const auto udfs = bizobject::udf::list(c.db());  // the signing company's own fields
    set_json(c.res, 200,
             json_text(contract::make_postman_collection(engine, c.req.base_url(), udfs)));
    c.res.headers.push_back(
        {"Content-Disposition", "attachment; filename=\"postman_collection.json\""});
  }

  // --- business objects: /{resource}, /{resource}/*, /{resource}/{key} ---

  const bizobject::ObjectSpec& object_of(const Call& c) const {
    const std::string_view resource = c.params["resource"];
    if (const bizobject::ObjectSpec* spec = engine.find(resource)) return *spec;
    std::string known;
    for (const auto* o : engine.objects())
      known += (known.empty() ? "" : ", ") + std::string(o->resource);
    throw Problem(404, "UnknownResource",
                  "Unknown resource '/" + std::string(resource) + "'. Available: " + known +
                      ", trialbalance, version, profile, healthcheck");
  }

  // Answers a read of `item` ("" the list, "*" every record, else a key) from the company's read
  // cache when the database has not changed since the same request (path and decoded parameters,
  // without the X-Amz-* ones of a presigned URL) was last answered; else runs `op(params)` and
  // remembers a 200.
  template <class Op>
  void read(Call& c, std::string_view item, Op&& op) {
    std::string key = std::string(c.params["resource"]) + "/" + std::string(item);
    bizobject::Params params;
    for (auto p : c.url.params()) {
      if (is_signature_param(p.key)) continue;
      key += '\x1f' + p.key + '\x1e' + p.value;
      params.emplace_back(p.key, p.has_value ? p.value : std::string());
    }
    ReadCache& cache = ReadCache::of(id, c.caller.company);
    if (cache.find_body(key, c.res.body)) return;  // status 200, JSON: a fresh response
    if (!c.conn) cannot_query();                   // at once or unconfirmed: the cache or nothing
    const bizobject::Result result = op(params);
    std::string body = record_json.write(result);
    if (result.status == 200 && options.read_cache)
      cache.store_body(this_request.epoch, std::move(key), body);
    set_json(c.res, result.status, std::move(body));
  }

  // Writes go through the group commit (write_batch.h), or alone on the caller's connection.
  // op(conn) writes and returns what respond(res, result) answers with. In handle_write the write
  // is queued and this returns at once: the batch's leader runs op and respond later, so neither
  // may refer to the caller's frame (`c`, its locals: capture copies; the request and the
  // response live until the answer is sent).
  template <class Op, class Respond>
  void commit_then(Call& c, Op op, Respond respond) {
    if (!c.conn) throw database_not_answering();
    using Result = decltype(op(c.db()));
    if (!options.group_commit) return respond(c.res, op(c.db()));
    if (this_request.later) {
      auto result = std::make_shared<Result>();
      const bool lead = batcher.enqueue(
          c.caller.company, [op, result](store::Connection& conn) { *result = op(conn); },
          [respond, result, &req = c.req, &res = c.res,
           done = this_request.later->done](std::exception_ptr error) {
            answer(req, res, [&] {
              if (error) std::rethrow_exception(error);
              respond(res, *result);
            });
            done();
          });
      this_request.later->queued = true;  // (enqueue throws when it refuses the write)
      if (lead) this_request.later->lead = c.caller.company;
      return;
    }
    Result result;
    batcher.run(c.caller.company, [&](store::Connection& conn) { result = op(conn); });
    respond(c.res, result);
  }

  // Calls fill(), answering what it throws as Service::handle does.
  template <class Fill>
  static void answer(const Request& req, Response& res, Fill&& fill) {
    try {
      fill();
    } catch (const Problem& p) {
      set_problem(res, p, req.request_id);
    } catch (const std::exception& e) {  // a bug: logged, answered 500 without its detail
      set_problem(res, internal(e.what()), req.request_id);
    } catch (const NeedsWorker&) {
      throw;  // answer_at_once hands the request to a worker
    } catch (...) {
      set_problem(res, internal("unknown exception"), req.request_id);
    }
  }

  // A business object's write, answered in the record envelope.
  template <class Op>
  void write(Call& c, Op op) {
    commit_then(c, std::move(op), [this](Response& res, const bizobject::Result& result) {
      set_json(res, result.status, record_json.write(result));
    });
  }

  void list(Call& c) {
    const auto& spec = object_of(c);
    read(c, "", [&](const bizobject::Params& p) { return engine.list(c.db(), spec, p); });
  }

  void list_all(Call& c) {
    const auto& spec = object_of(c);
    read(c, "*", [&](const bizobject::Params& p) { return engine.star(c.db(), spec, p); });
  }

  void get(Call& c) {
    const auto& spec = object_of(c);
    const std::string key(c.params["key"]);
    if (auto tmpl = requested_pdf_template(c.req)) {
      return render_pdf_reply(c.res, engine, c.db(), *tmpl, engine.get(c.db(), spec, key),
                              store::load_company_profile(c.db()));
    }
    read(c, key, [&](const bizobject::Params&) { return engine.get(c.db(), spec, key); });
  }

  void create(Call& c) {
    const auto& spec = object_of(c);
    require_json_content_type(c.req);
    write(c, [this, &spec, &body = c.req.body](store::Connection& conn) {
      return engine.create(conn, spec, body, now());
    });
  }

  void update(Call& c) {
    const auto& spec = object_of(c);
    const std::string key(c.params["key"]);
    require_json_content_type(c.req);
    write(c, [this, &spec, key, &body = c.req.body](store::Connection& conn) {
      return engine.update(conn, spec, key, body, now());
    });
  }

  void remove(Call& c) {
    const auto& spec = object_of(c);
    const std::string key(c.params["key"]);
    write(c, [this, &spec, key](store::Connection& conn) {
      return engine.remove(conn, spec, key, now());
    });
  }

  // --- a company's template aliases (bizobject/template_aliases.h) ---

  // GET /template/alias[?object=RESOURCE]
  void list_template_aliases(Call& c) {
    std::string resource;
    for (auto p : c.url.params()) {
      if (p.key == "object") {
        resource = bizobject::printable_object(engine, p.value).resource;
      } else if (!is_signature_param(p.key)) {
        throw Problem(400, problem_code::kInvalidParameter,
                      "Unknown parameter '" + p.key + "': use object=RESOURCE", p.key);
      }
    }
    boost::json::array data;
    for (const auto& a : bizobject::list_template_aliases(c.db(), resource))
      data.push_back(bizobject::to_json(a));
    set_json(c.res, 200, json_text(boost::json::object{{"data", std::move(data)}}));
  }

  // POST /template/alias {"object":"salesinvoice","name":"...","template":"Sales Invoice 8 (SST
  // 1)"}
  void add_template_alias(Call& c) {
    require_json_content_type(c.req);
    const boost::json::object o = parse_object(c.req, R"({"object":…,"name":…,"template":…})");
    only_fields(o, {"object", "name", "template"});
    const auto& spec = bizobject::printable_object(engine, required_string(o, "object"));
    const std::string name = required_string(o, "name");
    const std::string builtin = required_string(o, "template");
    commit_then(
        c,
        [this, &spec, name, builtin](store::Connection& conn) {
          return bizobject::add_template_alias(conn, spec, name, builtin, now());
        },
        [](Response& res, const bizobject::TemplateAlias& alias) {
          set_json(res, 200,
                   json_text(boost::json::object{
                       {"data", boost::json::array{bizobject::to_json(alias)}}}));
        });
  }

  // DELETE /template/alias/{object}/{name}
  void remove_template_alias(Call& c) {
    const auto& spec = bizobject::printable_object(engine, c.params["object"]);
    const std::string name(c.params["name"]);
    commit_then(
        c,
        [&spec, name](store::Connection& conn) {
          return bizobject::remove_template_alias(conn, spec, name);
        },
        [](Response& res, const bizobject::TemplateAlias& alias) {
          set_json(res, 200,
                   json_text(boost::json::object{
                       {"message", "Deleted"},
                       {"data", boost::json::array{bizobject::to_json(alias)}}}));
        });
  }

  // --- user-defined fields: /udf (api/udf_routes.h) ---

  static bizobject::Params query_of(const Call& c) {
    bizobject::Params params;
    for (auto p : c.url.params())
      if (!is_signature_param(p.key)) params.emplace_back(p.key, p.value);
    return params;
  }

  // A declaration changes what every later write of the company accepts: one transaction, through
  // the group commit as every write.
  template <class Op>
  void write_text(Call& c, Op op) {
    commit_then(c, std::move(op),
                [](Response& res, const std::string& text) { set_json(res, 200, text); });
  }

  void udf_list(Call& c) { set_json(c.res, 200, api::udf_list(c.db(), engine, query_of(c))); }

  void udf_declare(Call& c) {
    require_json_content_type(c.req);
    write_text(c, [this, &body = c.req.body](store::Connection& conn) {
      return api::udf_declare(conn, engine, body);
    });
  }

  void udf_remove(Call& c) {
    write_text(
        c, [this, object = std::string(c.params["object"]), name = std::string(c.params["name"]),
            query = query_of(c)](store::Connection& conn) {
          return api::udf_remove(conn, engine, object, name, query);
        });
  }
};

// The service's routes: the router dispatches on them (most literal pattern first, whatever the
// order here) and GET /openapi.json lists them in this order. `{resource}` rows serve every
// business object; the contract writes their operations per object from its spec.
using contract::Access;
const Service::Impl::Route Service::Impl::kRoutes[] = {
    {{"GET", "/", Access::Public, "Service name and version", "ServiceInfo"}, &Impl::index},
    {{"GET", "/healthcheck", Access::Public,
      "Health check; signed, it is Test Connection: names the key's user and company", "Health"},
     &Impl::healthcheck},
    {{"GET", "/openapi.json", Access::Public, "This contract (OpenAPI 3.1)"}, &Impl::openapi},
    {{"GET", "/version", Access::Signed, "Service version, in the record envelope",
      "VersionSingle"},
     &Impl::version},
    {{"GET", "/profile", Access::Signed, "The company of the signing key, and its user",
      "ProfileSingle"},
     &Impl::profile},
    {{"GET", "/trialbalance", Access::Signed, "Trial balance of the posted ledger on a date",
      "TrialBalance"},
     &Impl::trial_balance},
    {{"GET", "/postman_collection.json", Access::Signed,
      "Postman collection (v2.1) of every object"},
     &Impl::postman},
    {{"GET", "/template/alias", Access::Signed,
      "The company's template aliases (?object=RESOURCE: of one object)", "TemplateAliasList"},
     &Impl::list_template_aliases},
    {{"POST", "/template/alias", Access::Signed,
      "Register a template name of the company's as an alias of a built-in one of the object",
      "TemplateAliasSingle", "TemplateAliasInput"},
     &Impl::add_template_alias},
    {{"DELETE", "/template/alias/{object}/{name}", Access::Signed,
      "Remove a template alias (the name percent-encoded)", "TemplateAliasSingle"},
     &Impl::remove_template_alias},
    {{"GET", "/udf", Access::Signed,
      "The company's user-defined fields (udf_*), of one object with ?object=", "UdfList"},
     &Impl::udf_list},
    {{"POST", "/udf", Access::Signed,
      "Declare a user-defined field: {\"object\" (OBJECT, or OBJECT.DATASET for its rows),"
      "\"name\":\"udf_...\",\"type\":\"string|int|decimal|bool|date\",\"width\",\"scale\"}",
      "UdfList"},
     &Impl::udf_declare},
    {{"DELETE", "/udf/{object}/{name}", Access::Signed,
      "Remove a user-defined field; refused while records hold values unless ?force=true",
      "UdfList"},
     &Impl::udf_remove},
    {{"GET", "/{resource}", Access::Signed, "List records"}, &Impl::list},
    {{"POST", "/{resource}", Access::Signed, "Create a record"}, &Impl::create},
    {{"GET", "/{resource}/*", Access::Signed, "Every record with its datasets"}, &Impl::list_all},
    {{"GET", "/{resource}/{key}", Access::Signed, "One record, or its PDF"}, &Impl::get},
    {{"PUT", "/{resource}/{key}", Access::Signed, "Update a record"}, &Impl::update},
    {{"DELETE", "/{resource}/{key}", Access::Signed, "Delete a record"}, &Impl::remove},
};

std::span<const Service::Impl::Route> Service::Impl::table() { return kRoutes; }

std::span<const contract::RouteDoc> Service::routes() {
  static const std::vector<contract::RouteDoc> docs = [] {
    std::vector<contract::RouteDoc> d;
    for (const Impl::Route& r : Impl::kRoutes) d.push_back(r.doc);
    return d;
  }();
  return docs;
}

void Service::mount(std::string prefix, Handler& handler,
                    std::span<const contract::RouteDoc> routes) {
  impl_->mounts.push_back({std::move(prefix), &handler, routes});
}

Service::Service(store::ConnectionPool& pool, const keys::MasterKey& master_key,
                 const bizobject::Engine& engine, const auth::Clock& clock, ServiceOptions options)
    : impl_(std::make_unique<Impl>(pool, master_key, engine, clock, std::move(options))) {}

Service::~Service() = default;

// A mounted room decides for its own paths; the signed API runs in the worker lanes (lanes.h).
Lane Service::lane(const Request& req) const {
  const std::string_view target = req.target;
  for (const Impl::Mount& m : impl_->mounts) {
    const std::string_view p = m.prefix;
    if (target.size() > p.size() && target[0] == '/' && target.substr(1, p.size()) == p &&
        (target.size() == p.size() + 1 || target[p.size() + 1] == '/' ||
         target[p.size() + 1] == '?'))
      return m.handler->lane(req);
  }
  return lane_of(req);
}

bool Service::answer_at_once(const Request& req, Response& res) {
  if (!impl_->options.read_cache || impl_->pool.remote()) return false;
  this_request.at_once = true;
  struct Done {
    ~Done() { this_request.at_once = false; }
  } done;
  try {
    handle(req, res);
    return true;
  } catch (const NeedsWorker&) {
    return false;
  }
}

namespace {
// Sets this_request.later for one request and puts back what it was (a request handled inside
// another, as the admin console's Test Connection, must not answer through the outer one's done).
struct LaterScope {
  explicit LaterScope(ThisRequest::Later* later)
      : outer(std::exchange(this_request.later, later)) {}
  ~LaterScope() { this_request.later = outer; }
  LaterScope(const LaterScope&) = delete;
  LaterScope& operator=(const LaterScope&) = delete;
  ThisRequest::Later* outer;
};
}  // namespace

void Service::handle(const Request& req, Response& res) {
  LaterScope synchronous(nullptr);
  Impl::answer(req, res, [&] { impl_->route(req, res); });
}

void Service::handle_write(const Request& req, Response& res, std::function<void()> done) {
  ThisRequest::Later later{std::move(done)};
  {
    LaterScope scope(&later);
    Impl::answer(req, res, [&] { impl_->route(req, res); });
  }
  // Queued: the batch's leader answers (and may already have); nothing here touches req or res.
  if (!later.queued) later.done();
  // Leading now that the request's frame, and its database connection, are given back.
  if (!later.lead.empty()) impl_->batcher.lead(later.lead);
}

}  // namespace sqlacc::api
