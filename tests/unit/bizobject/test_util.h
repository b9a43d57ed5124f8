#pragma once
// A fresh SQLite company file in a temporary directory, with the business-object schema.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "bizobject/engine.h"
#include "store/sqlite/sqlite_connection.h"
#include "support/problem.h"
#include "support/temp_dir.h"

namespace sqlacc::bizobject::testing {

using TempDir = test_support::TempDir;

constexpr std::int64_t kNow = 1700000000;

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
    return boost::json::parse(engine_.list(conn(), spec(resource), p).json);
  }
  boost::json::value get(std::string_view resource, std::string_view key) {
    return boost::json::parse(engine_.get(conn(), spec(resource), key).json);
  }
  boost::json::value create(std::string_view resource, std::string_view body,
                            std::int64_t now = kNow) {
    return boost::json::parse(engine_.create(conn(), spec(resource), body, now).json);
  }
  boost::json::value update(std::string_view resource, std::string_view key, std::string_view body,
                            std::int64_t now = kNow) {
    return boost::json::parse(engine_.update(conn(), spec(resource), key, body, now).json);
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
