// Loads N posted sales invoices into an existing company file, in process, through the same
// bizobject::Engine::create the server runs for `POST /salesinvoice` (docno numbering, amounts and
// tax, the journal, the open item, the customer's outstanding). Creates are grouped in one write
// transaction per batch, so the load rate printed at the end is the engine's posting throughput
// without HTTP, SigV4 or a commit per document.
//
// Usage: load_invoices COMPANY.db N [--batch 1000] [--year 2026] [--seed 1] [--customers K]
//                      [--b-every M] [--quiet]
//   COMPANY.db  e.g. DATA/companies/main.db after `sqlacc --data DATA init --sample`
// Each invoice has 5 lines (items ANT, CABLE, BOX, INSTALL; tax codes ST-10, ST-5, SV-8, SV-6,
// ST-E) and a docdate spread over the 365 days of --year. Customers: 300-B0001 takes every M-th
// invoice (default 3); the others go in turn to 300-A0001, 300-C0001 and K extra customers
// 300-L00001... (default 0; created if missing). With the defaults each sample customer holds a
// third of the invoices. K > 0 used to matter for large loads, while posting recomputed the
// customer's outstanding from all of its open items (O(N^2) on 3 customers); the ledger now keeps
// it as a running total per party, so K only spreads the invoices (see bench/README.md).
// The last line printed is
//   loaded N invoices in S s: R invoices/s (batch B; dockeys FIRST..LAST)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>
#include <string_view>

#include "bizobject/engine.h"
#include "store/connection.h"
#include "store/sqlite/sqlite_connection.h"

namespace {

using namespace sqlacc;

constexpr const char* kCustomers[] = {"300-A0001", "300-B0001", "300-C0001"};
constexpr const char* kItems[] = {"ANT", "CABLE", "BOX", "INSTALL"};
constexpr const char* kTaxes[] = {"ST-10", "ST-5", "SV-8", "SV-6", "ST-E"};
constexpr const char* kPrices[] = {"35.00", "1.50", "2.40", "150.00", "12.90", "0.85", "99.99"};

std::uint64_t next_random(std::uint64_t& s) {  // splitmix64: deterministic for a given --seed
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The docdate of invoice i: day (i * 7919) mod 365 of the year (a permutation-like spread, so
// consecutive dockeys do not share a date).
std::string docdate(int year, std::int64_t i) {
  std::tm t{};
  t.tm_year = year - 1900;
  t.tm_mon = 0;
  t.tm_mday = 1 + static_cast<int>((i * 7919) % 365);
  t.tm_hour = 12;
  std::time_t tt = timegm(&t);  // normalises day-of-year into month/day
  std::tm out{};
  gmtime_r(&tt, &out);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday);
  return buf;
}

std::string customer_code(std::int64_t k) {  // the k-th extra customer, 1-based: 300-L00001
  char buf[32];
  std::snprintf(buf, sizeof buf, "300-L%05lld", static_cast<long long>(k));
  return buf;
}

// 300-B0001 takes every b_every-th invoice; the rest go round 300-A0001, 300-C0001 and the extras.
std::string customer_of(std::int64_t i, std::int64_t b_every, std::int64_t extra) {
  if (i % b_every == 0) return kCustomers[1];
  const std::int64_t others = i - i / b_every - 1;  // index among the invoices not for B
  const std::int64_t k = others % (2 + extra);
  if (k < 2) return kCustomers[k == 0 ? 0 : 2];
  return customer_code(k - 1);
}

std::string invoice_body(std::int64_t i, const std::string& customer, int year,
                         std::uint64_t& rng) {
  std::string b;
  b.reserve(700);
  b += R"({"code":")";
  b += customer;
  b += R"(","docdate":")";
  b += docdate(year, i);
  b += R"(","description":"Benchmark invoice","sdsdocdetail":[)";
  for (int line = 0; line < 5; ++line) {
    if (line) b += ',';
    const std::uint64_t r = next_random(rng);
    b += R"({"itemcode":")";
    b += kItems[r % 4];
    b += R"(","qty":")";
    b += std::to_string(1 + (r >> 8) % 20);
    b += R"(","unitprice":")";
    b += kPrices[(r >> 16) % 7];
    b += R"(","tax":")";
    b += kTaxes[(r >> 24) % 5];
    b += R"("})";
  }
  b += "]}";
  return b;
}

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: load_invoices COMPANY.db N [--batch 1000] [--year 2026] [--seed 1] "
               "[--customers K] [--b-every M] [--first-index I] [--quiet]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) usage();
  const std::string file = argv[1];
  const std::int64_t n = std::atoll(argv[2]);
  std::int64_t batch = 1000;
  int year = 2026;
  std::uint64_t rng = 1;
  std::int64_t extra = 0, b_every = 3, first_index = 0;
  bool quiet = false;
  for (int a = 3; a < argc; ++a) {
    const std::string_view opt = argv[a];
    if (opt == "--quiet") {
      quiet = true;
      continue;
    }
    if (a + 1 >= argc) usage();
    if (opt == "--batch")
      batch = std::atoll(argv[++a]);
    else if (opt == "--year")
      year = std::atoi(argv[++a]);
    else if (opt == "--seed")
      rng = std::strtoull(argv[++a], nullptr, 10);
    else if (opt == "--customers")
      extra = std::atoll(argv[++a]);
    else if (opt == "--b-every")
      b_every = std::atoll(argv[++a]);
    else if (opt == "--first-index")  // continue a previous load's customer/date pattern
      first_index = std::atoll(argv[++a]);
    else
      usage();
  }
  if (n < 0 || batch < 1 || year < 1900 || extra < 0 || b_every < 1 || first_index < 0) usage();

  try {
    store::SqliteConnection conn(file);
    bizobject::Engine engine;
    const bizobject::ObjectSpec* spec = engine.find("salesinvoice");
    if (!spec) {
      std::fprintf(stderr, "load_invoices: this build has no salesinvoice object\n");
      return 1;
    }
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    if (extra > 0) {  // the extra customers, once (a later load finds them: 409, skipped)
      const bizobject::ObjectSpec* customer = engine.find("customer");
      store::Transaction tx(conn);
      for (std::int64_t k = 1; k <= extra; ++k) {
        const std::string code = customer_code(k);
        try {
          engine.create(
              conn, *customer,
              R"({"code":")" + code + R"(","companyname":"BENCH CUSTOMER )" + code + R"("})", now);
        } catch (const sqlacc::Problem& p) {
          if (p.status != 409) throw;
        }
      }
      tx.commit();
    }
    std::int64_t first = -1, last = -1;
    const auto t0 = std::chrono::steady_clock::now();
    auto report_t = t0;
    for (std::int64_t done = 0; done < n;) {
      store::Transaction tx(conn);
      const std::int64_t end = std::min(n, done + batch);
      for (; done < end; ++done) {
        const std::int64_t i = first_index + done;
        const bizobject::Result r = engine.create(
            conn, *spec, invoice_body(i, customer_of(i, b_every, extra), year, rng), now);
        if (r.status != 200) {
          std::fprintf(stderr, "load_invoices: create %lld answered %u\n",
                       static_cast<long long>(done), r.status);
          return 1;
        }
        last = r.records.at(0).id;  // an AutoKey object's row id is its dockey
        if (first < 0) first = last;
      }
      tx.commit();
      const auto t = std::chrono::steady_clock::now();
      if (!quiet && t - report_t > std::chrono::seconds(5)) {
        report_t = t;
        const double s = std::chrono::duration<double>(t - t0).count();
        std::fprintf(stderr, "load_invoices: %lld / %lld (%.0f invoices/s)\n",
                     static_cast<long long>(done), static_cast<long long>(n), done / s);
      }
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf(
        "loaded %lld invoices in %.2f s: %.0f invoices/s (batch %lld; dockeys %lld..%lld)\n",
        static_cast<long long>(n), s, s > 0 ? n / s : 0.0, static_cast<long long>(batch),
        static_cast<long long>(first), static_cast<long long>(last));
  } catch (const sqlacc::Problem& p) {
    std::fprintf(stderr, "load_invoices: rejected (%u %s, field '%s'): %s\n", p.status,
                 p.code.c_str(), p.field.c_str(), p.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "load_invoices: %s\n", e.what());
    return 1;
  }
  return 0;
}
