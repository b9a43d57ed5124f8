#pragma once
// A fresh SQLite company file in a temporary directory, with the business-object schema; the
// engine's answers as the api writes them (json_text).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "api/record_json.h"
#include "bizobject/engine.h"
#include "store/sqlite/sqlite_connection.h"
#include "support/problem.h"
#include "support/temp_dir.h"

namespace sqlacc::bizobject::testing {

using TempDir = test_support::TempDir;

constexpr std::int64_t kNow = 1700000000;

// The wire text of an engine answer, as the api writes it (api/record_json.h; the keys of any spec
// are built per call here).
inline std::string json_text(const Result& r) {
  static const api::RecordJson writer({});
  return writer.write(r);
}

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = std::make_unique<store::SqliteConnection>(dir_.path() / "company.db");
    Engine::ensure_schema(*conn_);
  }
  store::Connection& conn() { return *conn_; }
  const ObjectSpec& spec(std::string_view resource) {
    const ObjectSpec* s = engine_.find(resource);
    if (!s) throw std::runtime_error("unknown resource in test");
    return *s;
  }
  boost::json::value list(std::string_view resource, const Params& p = {}) {
    return boost::json::parse(json_text(engine_.list(conn(), spec(resource), p)));
  }
  boost::json::value get(std::string_view resource, std::string_view key) {
    return boost::json::parse(json_text(engine_.get(conn(), spec(resource), key)));
  }
  boost::json::value create(std::string_view resource, std::string_view body,
                            std::int64_t now = kNow) {
    return boost::json::parse(json_text(engine_.create(conn(), spec(resource), body, now)));
  }
  boost::json::value update(std::string_view resource, std::string_view key, std::string_view body,
                            std::int64_t now = kNow) {
    return boost::json::parse(json_text(engine_.update(conn(), spec(resource), key, body, now)));
  }
  std::int64_t count(std::string_view table) {
    store::Statement& st = conn().prepare("SELECT COUNT(*) FROM \"" + std::string(table) + "\"");
    st.step();
    std::int64_t n = st.get_int(0);
    st.reset();  // a statement left on a row would hold an old snapshot open
    return n;
  }
  void load_sample() { load_sample_company(engine_, conn(), kNow); }

  TempDir dir_;
  std::unique_ptr<store::SqliteConnection> conn_;
  Engine engine_;
};

// A DbTest whose database already holds the sample company.
class SampleDbTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    load_sample();
  }
};

// Runs fn, expecting a Problem; returns it for further checks.
inline Problem expect_problem(const std::function<void()>& fn, unsigned status,
                              std::string_view field = "*") {
  Problem p = test_support::thrown_problem(fn);
  EXPECT_EQ(p.status, status) << p.what();
  if (field != "*") {
    EXPECT_EQ(p.field, field) << p.what();
  }
  return p;
}

}  // namespace sqlacc::bizobject::testing
