// `sqlacc init` and `sqlacc serve`.
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <thread>

#include "admin/console.h"
#include "api/service.h"
#include "cli/commands.h"
#include "http/server.h"
#include "keys/api_keys.h"
#include "keys/master_key_check.h"

namespace sqlacc::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  http::ServerOptions server;
  std::vector<std::string> scopes;
  long skew_seconds = 900;
  bool quiet = false;
  bool no_read_cache = false;
  bool no_group_commit = false;
  std::size_t max_rows = bizobject::kDefaultMaxRows;
  store::PoolOptions pool;
};

void split_listen(const std::string& listen, http::ServerOptions& o) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    throw std::runtime_error("--listen must be HOST:PORT, got " + listen);
  o.host = listen.substr(0, colon);
  if (o.host.size() > 2 && o.host.front() == '[') o.host = o.host.substr(1, o.host.size() - 2);
  int port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::runtime_error("port out of range in --listen " + listen);
  o.port = static_cast<uint16_t>(port);
}

auth::VerifierConfig verifier_config(const ServeArgs& a) {
  auth::VerifierConfig v;
  if (!a.scopes.empty()) {
    v.accepted_scopes.clear();
    for (const auto& s : a.scopes) {
      auto slash = s.find('/');
      if (slash == std::string::npos)
        throw std::runtime_error("--accept-scope must be REGION/SERVICE: " + s);
      v.accepted_scopes.push_back({s.substr(0, slash), s.substr(slash + 1)});
    }
  }
  v.max_skew = std::chrono::seconds(a.skew_seconds);
  return v;
}

// glibc gives the free top of each thread's heap back to the kernel (madvise) as soon as it passes
// 128 KiB. A posting frees about that much, so with many I/O threads almost every request paid an
// madvise, the TLB shootdown it sends to the other core, and the page faults of taking the memory
// back: ~5 % of the server's CPU under POST load (perf: heap_trim > madvise >
// flush_tlb_mm_range). Keeping up to 64 MiB per heap costs nothing noticeable on a server.
void keep_freed_memory() {
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 4 << 20);  // also fixed, or glibc would raise it and trim again
}

int serve(const GlobalOptions& global, ServeArgs& a) {
  // A looked-up key stays in the read cache across commits that did not write keys (on
  // PostgreSQL, whose change log tells which tables each commit wrote).
  a.pool.watched_tables = {std::string(keys::kKeyTable)};
  Context ctx(global, a.pool);
  if (ctx.pool().companies().empty()) {
    // First run (`make run` on a fresh clone): a sample company to try the API against.
    ctx.init_company(global.company.empty() ? "main" : global.company, true, "");
    std::cerr << "Created a sample company in " << ctx.pool().describe() << ".\n";
  }
  std::string company = ctx.company();
  // Opening the company brings its schema up to date (migrations under the company's lock on
  // PostgreSQL), and the master key is checked against the one that encrypts its secrets (every
  // node needs the same): a node that cannot serve this database stops here, not on requests.
  keys::check_master_key(*ctx.connection(), ctx.master_key(), company);
  split_listen(a.listen, a.server);
  a.server.access_log = !a.quiet;
  api::ServiceOptions so;
  so.verifier = verifier_config(a);
  so.read_cache = !a.no_read_cache;
  so.group_commit = !a.no_group_commit;
  if (a.server.write_workers == 0) {
    // A write holds a worker while it is checked (signature, the change counter: a round trip on
    // PostgreSQL) and queued, and each company being written holds one, its batch's leader
    // (write_batch.h); writes waiting for their batch hold none. Several per core keep a company
    // that waits for its lock from holding up the checks of the others.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    a.server.write_workers = so.group_commit ? std::min(64u, 8 * cores) : cores;
  }
  if (a.server.read_workers == 0 && ctx.pool().remote()) {
    // On PostgreSQL every signed read waits a round trip for the change counter: more readers
    // keep the database busy (measured in bench/README.md: 4 readers ~0.6x the GET rate of 16).
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    a.server.read_workers = std::min(64u, 8 * cores);
  }
  so.write_queue = a.server.write_queue;  // and as many may wait for their group commit
  so.write_wait = std::chrono::milliseconds(a.pool.lock_wait_ms);
  // Queued longer than a write may wait for the database's write lock: answered 503 unrun.
  a.server.write_queue_wait = std::chrono::milliseconds(a.pool.lock_wait_ms);
  keep_freed_memory();
  ctx.engine().set_max_rows(a.max_rows);
  auth::SystemClock clock;
  api::Service service(ctx.pool(), ctx.master_key(), ctx.engine(), clock, so);
  admin::Console console(ctx.pool(), ctx.master_key(), ctx.engine(), clock,
                         admin::options_for(company, so.verifier.accepted_scopes), service);
  service.mount("admin", console, admin::Console::routes());
  http::Server server(a.server, service);
  server.listen();
  bool tls = !a.server.tls_cert_file.empty();
  std::string url = std::string(tls ? "https://" : "http://") + a.server.host + ":" +
                    std::to_string(server.port());
  std::cerr << "sqlacc " << api::kVersion << " listening on " << url << " (company '" << company
            << "', " << ctx.pool().describe() << ")\n"
            << "Make an API user and key:\n"
            << "  build/sqlacc user add APIUSER --name \"API user\"\n"
            << "  build/sqlacc apikey generate APIUSER\n"
            << "  curl --aws-sigv4 \"aws:amz:ap-southeast-5:sqlaccount\" --user \"AK:SK\" " << url
            << "/agent\n"
            << std::flush;
  server.run();
  return 0;
}

}  // namespace

void register_serve(CLI::App& app, GlobalOptions& global, std::vector<Command>& out) {
  auto init = app.add_subcommand("init", "Create a company database in the data directory");
  auto init_args = std::make_shared<std::tuple<bool, std::string>>(false, "");
  init->add_flag("--sample", std::get<0>(*init_args),
                 "Load the sample company (accounts, SST codes, agents...)");
  init->add_option("--name", std::get<1>(*init_args), "Company name");
  out.push_back({init, [&global, init_args] {
                   Context ctx(global);
                   std::string id = global.company.empty() ? "main" : global.company;
                   ctx.init_company(id, std::get<0>(*init_args), std::get<1>(*init_args));
                   std::cout << "company '" << id << "' ready in " << ctx.pool().describe() << "\n";
                   return 0;
                 }});

  auto a = std::make_shared<ServeArgs>();
  auto serve_cmd = app.add_subcommand("serve", "Serve the REST API");
  serve_cmd->add_option("--listen", a->listen,
                        "HOST:PORT (default 127.0.0.1:8080; port 0 = any free port)");
  serve_cmd->add_option("--tls-cert", a->server.tls_cert_file,
                        "PEM certificate chain: serve HTTPS");
  serve_cmd->add_option("--tls-key", a->server.tls_key_file, "PEM private key for --tls-cert");
  serve_cmd->add_option("--threads", a->server.threads,
                        "I/O threads (default one per core; they never wait for the database)");
  serve_cmd->add_option(
      "--read-workers", a->server.read_workers,
      "Threads that run signed reads (default two per core, at least 4; on PostgreSQL 8 per "
      "core, at most 64)");
  serve_cmd->add_option("--write-workers", a->server.write_workers,
                        "Threads that check writes and lead each company's group commit "
                        "(default 8 per core, at most 64; with --no-group-commit one per core)");
  serve_cmd->add_option("--read-queue", a->server.read_queue,
                        "Reads that may wait for a read worker; more get 503 ServiceBusy at once "
                        "(default 1024)");
  serve_cmd->add_option("--write-queue", a->server.write_queue,
                        "Writes that may wait for a write worker, and writes of one company that "
                        "may wait for their group commit; more get 503 ServiceBusy at once "
                        "(default 256)");
  serve_cmd->add_option(
      "--write-wait-ms", a->pool.lock_wait_ms,
      "How long a write may wait for a write worker, and then again for the "
      "database's write lock, before it ends with 503 ServiceBusy (default 5000)");
  serve_cmd->add_option("--max-body", a->server.max_body_bytes,
                        "Largest request body in bytes (default 8 MiB; 413 above)");
  serve_cmd->add_option("--max-body-memory", a->server.max_body_memory,
                        "Request bodies held at once, all connections together, in bytes (default "
                        "256 MiB; a request whose Content-Length would pass it: 503, retry)");
  serve_cmd
      ->add_option("--max-rows", a->max_rows,
                   "Most rows of one dataset array in a body (sdsdocdetail, ...; default 1000; "
                   "400 above)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  serve_cmd->add_option(
      "--max-header", a->server.max_header_bytes,
      "Largest request header block (request line and all header lines) in bytes (431 above)");
  serve_cmd->add_option_function<long>(
      "--read-timeout", [a](long s) { a->server.read_timeout = std::chrono::seconds(s); },
      "Seconds a request may take to arrive (default 15)");
  serve_cmd->add_option_function<long>(
      "--idle-timeout", [a](long s) { a->server.idle_timeout = std::chrono::seconds(s); },
      "Seconds an idle keep-alive connection is kept (default 60)");
  serve_cmd->add_option_function<long>(
      "--first-byte-timeout",
      [a](long s) { a->server.first_byte_timeout = std::chrono::seconds(s); },
      "Seconds a new connection may stay silent before its first request (default 5)");
  serve_cmd->add_option(
      "--max-connections", a->server.max_connections,
      "Open connections at most; at the limit the longest-idle one is closed to make room "
      "(default: the descriptor limit, ulimit -n, less 1/8 of it, at least 128, kept for the "
      "database and files)");
  serve_cmd->add_option(
      "--accept-scope", a->scopes,
      "Accepted SigV4 REGION/SERVICE (repeatable; default ap-southeast-5/sqlaccount "
      "and ap-southeast-1/execute-api)");
  serve_cmd->add_option("--max-skew", a->skew_seconds,
                        "Allowed clock skew in seconds (default 900)");
  serve_cmd->add_option("--db-pool", a->pool.max_connections,
                        "PostgreSQL: connections per company (default 16; each node opens at most "
                        "this many, plus one writer)");
  serve_cmd->add_option("--db-check-ms", a->pool.check_ms,
                        "PostgreSQL: how long a signed request waits for the company's change "
                        "counter before it is answered from the read cache or with 503 (default "
                        "250)");
  serve_cmd->add_option("--stale-read-ms", a->pool.stale_read_ms,
                        "PostgreSQL not answering: how old a read cache's last confirmation may "
                        "be to serve from it (default 10000; 0 = never serve unconfirmed)");
  serve_cmd->add_option("--db-wait-ms", a->pool.wait_ms,
                        "PostgreSQL: how long a request waits for a free connection before a 503 "
                        "(default 5000)");
  serve_cmd
      ->add_option_function<std::string>(
          "--sqlite-sync",
          [a](const std::string& text) {
            const auto sync = store::parse_sqlite_sync(text);
            if (!sync) throw CLI::ValidationError("--sqlite-sync", "must be full or normal");
            a->pool.sqlite_sync = *sync;
          },
          "SQLite: what an acknowledged write survives. full (default): a power loss or an OS "
          "crash (each group commit waits for one fsync); normal: a killed process only, the "
          "last writes before a power loss may be lost")
      ->default_str("full");
  serve_cmd->add_flag("--quiet", a->quiet, "No access log");
  serve_cmd->add_flag("--no-group-commit", a->no_group_commit,
                      "Commit every write on its own instead of batching concurrent writes of a "
                      "company into one transaction");
  serve_cmd->add_flag("--no-read-cache", a->no_read_cache,
                      "Always query the database (by default GET responses are reused while the "
                      "company database is unchanged)");
  out.push_back({serve_cmd, [&global, a] { return serve(global, *a); }});
}

}  // namespace sqlacc::cli
