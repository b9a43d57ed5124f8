// The Postman collection generator (src/contract/postman.cpp), generated from the business-object
// specs.
#include "contract/postman.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "bizobject/examples.h"
#include "unit/bizobject/test_util.h"
#include "util/text.h"

namespace sqlacc::bizobject::testing {
namespace {

namespace json = boost::json;

class PostmanTest : public DbTest {
 protected:
  json::object collection =
      contract::make_postman_collection(engine_, "http://127.0.0.1:8080").as_object();
  const json::array& folders() { return collection.at("item").as_array(); }
};

TEST_F(PostmanTest, IsAV21CollectionWithAwsV4Auth) {
  EXPECT_EQ(collection.at("info").at("schema"),
            "https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
  EXPECT_EQ(collection.at("info").at("name"), "SQL Account API (sqlacc)");
  const json::object& auth = collection.at("auth").as_object();
  EXPECT_EQ(auth.at("type"), "awsv4");
  std::map<std::string, json::value> attrs;
  for (const auto& a : auth.at("awsv4").as_array())
    attrs[std::string(a.at("key").as_string())] = a.at("value");
  EXPECT_EQ(attrs["accessKey"], "{{your_access_key}}");
  EXPECT_EQ(attrs["secretKey"], "{{your_secret_key}}");
  EXPECT_EQ(attrs["region"], "{{region}}");
  EXPECT_EQ(attrs["service"], "{{service}}");
  EXPECT_EQ(attrs["addAuthDataToQuery"], false);
  std::map<std::string, std::string> vars;
  for (const auto& v : collection.at("variable").as_array())
    vars[std::string(v.at("key").as_string())] = std::string(v.at("value").as_string());
  EXPECT_EQ(vars["baseUrl"], "http://127.0.0.1:8080");
  EXPECT_EQ(vars["your_access_key"], "");
  EXPECT_EQ(vars["your_secret_key"], "");
  EXPECT_EQ(vars["region"], "ap-southeast-5");
  EXPECT_EQ(vars["service"], "sqlaccount");
  EXPECT_EQ(vars["agent_code"], "PM-AGENT");
}

TEST_F(PostmanTest, OneFolderPerObjectAgentFirstWithFiveTestedRequests) {
  ASSERT_EQ(folders().size(), engine_.objects().size());
  EXPECT_EQ(folders()[0].at("name"), "Agent");
  for (std::size_t i = 0; i < folders().size(); ++i) {
    const json::object& folder = folders()[i].as_object();
    EXPECT_EQ(folder.at("name").as_string(), engine_.objects()[i]->title);
    const json::array& items = folder.at("item").as_array();
    ASSERT_EQ(items.size(), 5u);
    std::vector<std::string> methods;
    for (const auto& item : items) {
      methods.emplace_back(item.at("request").at("method").as_string());
      const json::object& event = item.at("event").at(0).as_object();
      EXPECT_EQ(event.at("listen"), "test");
      std::string script;
      for (const auto& line : event.at("script").at("exec").as_array()) script += line.as_string();
      EXPECT_NE(script.find("pm.response.to.have.status(200)"), std::string::npos);
      EXPECT_NE(script.find("pm.expect(j.data).to.be.an(\"array\")"), std::string::npos);
    }
    EXPECT_EQ(methods, (std::vector<std::string>{"GET", "POST", "GET", "PUT", "DELETE"}));
    EXPECT_EQ(items[0].at("request").at("url").at("raw").as_string(),
              "{{baseUrl}}/" + std::string(engine_.objects()[i]->resource) + "?offset=0&limit=50");
  }
  std::string list_script;
  for (const auto& l :
       folders()[0].at("item").at(0).at("event").at(0).at("script").at("exec").as_array())
    list_script += l.as_string();
  EXPECT_NE(list_script.find("pagination"), std::string::npos);
}

// Resolves {{variables}} the way Postman does.
std::string substitute(std::string s, const std::map<std::string, std::string>& vars) {
  for (std::size_t at; (at = s.find("{{")) != std::string::npos;) {
    std::size_t end = s.find("}}", at);
    s.replace(at, end + 2 - at, vars.at(s.substr(at + 2, end - at - 2)));
  }
  return s;
}

// Runs every request top to bottom against a fresh sample company, as newman would.
TEST_F(PostmanTest, EveryRequestPassesAgainstAFreshSampleCompany) {
  load_sample();
  std::map<std::string, std::string> vars;
  for (const auto& v : collection.at("variable").as_array())
    vars[std::string(v.at("key").as_string())] = std::string(v.at("value").as_string());
  int run = 0;
  for (const auto& folder : folders()) {
    for (const auto& item : folder.at("item").as_array()) {
      SCOPED_TRACE(std::string(item.at("name").as_string()));
      const json::object& req = item.at("request").as_object();
      const json::array& path = req.at("url").at("path").as_array();
      const ObjectSpec* s = engine_.find(path.at(0).as_string());
      ASSERT_NE(s, nullptr);
      std::string key =
          path.size() > 1 ? substitute(std::string(path.at(1).as_string()), vars) : "";
      Params params;
      if (const auto* q = req.at("url").as_object().if_contains("query"))
        for (const auto& p : q->as_array())
          params.emplace_back(p.at("key").as_string(), p.at("value").as_string());
      std::string body;
      if (const auto* b = req.if_contains("body")) body = std::string(b->at("raw").as_string());
      std::string method(req.at("method").as_string());
      Result r;
      try {
        if (method == "GET" && key.empty()) {
          r = engine_.list(conn(), *s, params);
        } else if (method == "GET") {
          r = engine_.get(conn(), *s, key);
        } else if (method == "POST") {
          r = engine_.create(conn(), *s, body, kNow);
        } else if (method == "PUT") {
          r = engine_.update(conn(), *s, key, body, kNow);
        } else if (method == "DELETE") {
          r = engine_.remove(conn(), *s, key, kNow);
        } else {
          FAIL() << method;
        }
      } catch (const Problem& p) {
        FAIL() << p.status << " " << p.what() << " body " << body;
      }
      EXPECT_EQ(r.status, 200u);
      // What the Create test script does for numbered documents: keep the dockey for the path.
      if (method == "POST" && !s->docno_prefix.empty()) {
        const int dockey = text::find_by_name(s->fields, "dockey");
        ASSERT_GE(dockey, 0);
        vars[std::string(s->resource) + "_dockey"] =
            std::to_string(r.records.at(0).row.at(static_cast<std::size_t>(dockey)).i);
      }
      if (key.empty() && method == "GET") {
        EXPECT_TRUE(r.pagination.has_value());
      } else {
        EXPECT_EQ(r.records.size(), 1u);
      }
      ++run;
    }
  }
  EXPECT_EQ(run, 5 * static_cast<int>(engine_.objects().size()));
  // The run cleaned up after itself.
  for (const ObjectSpec* s : engine_.objects())
    expect_problem([&] { engine_.get(conn(), *s, example_code(*s)); }, 404);
}

TEST_F(PostmanTest, EveryCreateBodyPassesValidation) {
  load_sample();
  for (const auto& folder : folders()) {
    const json::object& create = folder.at("item").at(1).as_object();
    const json::object& req = create.at("request").as_object();
    ASSERT_EQ(req.at("method"), "POST");
    EXPECT_EQ(req.at("header").at(0).at("value"), "application/json");
    const ObjectSpec* s = engine_.find(req.at("url").at("path").at(0).as_string());
    ASSERT_NE(s, nullptr);
    std::string body(req.at("body").at("raw").as_string());
    EXPECT_NO_THROW(engine_.validate_create(conn(), *s, body)) << body;
    if (s->docno_prefix.empty())
      EXPECT_EQ(json::parse(body).as_object().at(key_field(*s).name).as_string(), example_code(*s));
    else  // numbered by the server
      EXPECT_FALSE(json::parse(body).as_object().contains(key_field(*s).name));
  }
}

// Objects with sub-datasets: the create body carries example rows (dtlkey -1: insert), one row a
// line, and the Get request checks the arrays; list rows do not carry them.
TEST_F(PostmanTest, SubDatasetObjectsHaveExampleRowsAndGetChecksTheArrays) {
  std::map<std::string, const json::object*> by_name;
  for (const auto& f : folders()) by_name[std::string(f.at("name").as_string())] = &f.as_object();
  for (const char* name : {"Customer", "Supplier", "Stock Item"}) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(by_name.count(name));
    const json::array& items = by_name[name]->at("item").as_array();
    std::string raw(items.at(1).at("request").at("body").at("raw").as_string());
    json::object body = json::parse(raw).as_object();
    const char* ds = std::string_view(name) == "Stock Item" ? "sdsuom" : "sdsbranch";
    ASSERT_TRUE(body.contains(ds)) << raw;
    ASSERT_EQ(body.at(ds).as_array().size(), 1u);
    EXPECT_EQ(body.at(ds).at(0).at("dtlkey"), -1);
    EXPECT_NE(raw.find("[\n    {"), std::string::npos) << raw;
    std::string get_script;
    for (const auto& l : items.at(2).at("event").at(0).at("script").at("exec").as_array())
      get_script += l.as_string();
    EXPECT_NE(get_script.find(std::string("j.data[0].") + ds + ").to.have.lengthOf(1)"),
              std::string::npos)
        << get_script;
  }
  const json::object stock =
      json::parse(
          by_name["Stock Item"]->at("item").at(1).at("request").at("body").at("raw").as_string())
          .as_object();
  EXPECT_EQ(stock.at("sdsuom").at(0).at("isbase"), true);
  EXPECT_EQ(stock.at("sdsuom").at(0).at("uom"), "UNIT");
  // Masters without datasets keep their flat bodies.
  std::string agent(folders()[0].at("item").at(1).at("request").at("body").at("raw").as_string());
  EXPECT_EQ(agent.find('['), std::string::npos) << agent;
}

}  // namespace
}  // namespace sqlacc::bizobject::testing
