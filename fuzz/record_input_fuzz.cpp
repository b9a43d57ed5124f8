// Fuzzes a create body through the whole validation of the engine (Engine::validate_create:
// JSON parsing with the duplicate-key check, field types and widths, codes, dataset rows and their
// limit, references, hooks, amounts and postings computed) against the sample company in a SQLite
// file, without writing. Input: one byte picks the object, the rest is the body.
// Invariants: an accepted body respects the limits (every text within its field's maximum, also in
// a List's objects, every List within its size, every dataset within max_rows, a new code that
// code_problem accepts); a refusal is a 4xx Problem that names a field (unless the body as a whole
// is wrong) with a message that is valid UTF-8; nothing else escapes (that would be a 500).
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "bizobject/engine.h"
#include "bizobject/spec.h"
#include "bizobject/text.h"
#include "fuzz_support.h"
#include "store/sqlite/sqlite_connection.h"
#include "util/problem.h"
#include "util/text.h"

using namespace sqlacc;
using namespace sqlacc::bizobject;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxRows = 8;  // small, so that the fuzzer reaches the limit
constexpr std::string_view kObjects[] = {"agent",        "customer",     "stockitem",
                                         "salesinvoice", "journalentry", "customerpayment",
                                         "stocktransfer"};

struct World {
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("sqlacc-record-fuzz-" + std::to_string(getpid()) + ".db");
  std::unique_ptr<store::SqliteConnection> conn;
  Engine engine;
  World() {
    std::filesystem::remove(file);
    conn = std::make_unique<store::SqliteConnection>(file);
    Engine::ensure_schema(*conn);
    load_sample_company(engine, *conn, 1700000000);
    engine.set_max_rows(kMaxRows);
  }
  ~World() {
    conn.reset();
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");
  }
};

// `codes`: the fields are a record's, whose key is a code (code rules apply); a List's items mark
// as `key` what must be unique within the list (a serial number), which is free text.
void check_limits(const std::span<const FieldSpec> fields, const json::object& o, bool codes) {
  for (const FieldSpec& f : fields) {
    if ((f.type != FieldType::String && f.type != FieldType::List) || f.read_only) continue;
    for (const auto& kv : o) {
      if (!iequals(std::string_view(kv.key().data(), kv.key().size()), f.name)) continue;
      if (f.type == FieldType::List && kv.value().is_array()) {  // a row's sdsserialnumber
        const auto& a = kv.value().get_array();
        FUZZ_CHECK(a.size() <= static_cast<std::size_t>(f.width > 0 ? f.width : kMaxListItems));
        for (const auto& item : a) check_limits(f.items, item.as_object(), false);
        continue;
      }
      if (!kv.value().is_string()) continue;
      const auto& s = kv.value().get_string();
      FUZZ_CHECK(utf8_length(std::string_view(s.data(), s.size())) <=
                 static_cast<std::size_t>(max_length(f)));
      if (f.key && codes) FUZZ_CHECK(code_problem(std::string_view(s.data(), s.size())).empty());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  if (size < 1) return 0;
  const ObjectSpec& spec = *world.engine.find(kObjects[data[0] % std::size(kObjects)]);
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    world.engine.validate_create(*world.conn, spec, body);
    const json::object o = json::parse(json::string_view(body.data(), body.size())).as_object();
    check_limits(spec.fields, o, true);
    for (const DatasetSpec& d : spec.datasets)
      for (const auto& kv : o)
        if (iequals(std::string_view(kv.key().data(), kv.key().size()), d.name) &&
            kv.value().is_array()) {
          FUZZ_CHECK(kv.value().get_array().size() <= kMaxRows);
          for (const auto& row : kv.value().get_array())
            check_limits(d.fields, row.as_object(), false);
        }
  } catch (const Problem& p) {
    FUZZ_CHECK(p.status >= 400 && p.status < 500);
    FUZZ_CHECK(sqlacc::text::valid_utf8(p.what()));
    FUZZ_CHECK(!p.field.empty() || p.code == problem_code::kInvalidJson ||
               std::string_view(p.what()).starts_with("request body"));
  }
  return 0;
}
