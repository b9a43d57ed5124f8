// The OpenAPI generator (src/contract/openapi.cpp): what it derives from each business-object spec
// and from the routes it is given. That the service's own table is documented exactly is checked
// in tests/unit/api/routing_test.cpp; linting and a running server in tests/e2e/test_openapi.sh.
#include "contract/openapi.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "bizobject/engine.h"

namespace sqlacc::contract {
namespace {

namespace json = boost::json;
using bizobject::FieldType;

// The shapes of routes the service has: every business object's, a public one and a signed one
// with a response schema, an admin session route with a path parameter.
constexpr RouteDoc kRoutes[] = {
    {"GET", "/{resource}", Access::Signed, "list"},
    {"POST", "/{resource}", Access::Signed, "create"},
    {"GET", "/{resource}/*", Access::Signed, "star"},
    {"GET", "/{resource}/{key}", Access::Signed, "get"},
    {"PUT", "/{resource}/{key}", Access::Signed, "update"},
    {"DELETE", "/{resource}/{key}", Access::Signed, "delete"},
    {"GET", "/", Access::Public, "Service name and version", "ServiceInfo"},
    {"GET", "/version", Access::Signed, "Service version", "VersionSingle"},
    {"PATCH", "/admin/api/users/{code}", Access::Session, "Change a user's name"},
    {"POST", "/template/alias", Access::Signed, "Register an alias", "TemplateAliasSingle",
     "TemplateAliasInput"},
    {"DELETE", "/template/alias/{object}/{name}", Access::Signed, "Remove an alias",
     "TemplateAliasSingle"},
};

std::vector<std::string> invoice_templates(std::string_view resource) {
  if (resource == "salesinvoice") return {"Sales Invoice <n>", "1. Custom"};
  return {};
}

class OpenApiTest : public ::testing::Test {
 protected:
  bizobject::Engine engine;
  json::object doc =
      make_openapi(engine, "http://example.test:8080", "9.9.9", kRoutes, invoice_templates)
          .as_object();
  const json::object& paths() { return doc.at("paths").as_object(); }
  const json::object& schema(std::string_view name) {
    return doc.at("components").at("schemas").at(name).as_object();
  }
};

TEST_F(OpenApiTest, NamesTheServerAndTheSigV4Scheme) {
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(doc.at("info").at("version"), "9.9.9");
  EXPECT_EQ(doc.at("servers").at(0).at("url"), "http://example.test:8080");
  const json::object& sigv4 = doc.at("components").at("securitySchemes").at("sigv4").as_object();
  EXPECT_EQ(sigv4.at("in"), "header");
  EXPECT_EQ(sigv4.at("name"), "Authorization");
  EXPECT_EQ(doc.at("security").at(0).as_object().count("sigv4"), 1u);
}

TEST_F(OpenApiTest, EveryObjectHasItsPathsAndMethods) {
  for (const bizobject::ObjectSpec* s : engine.objects()) {
    const std::string base = "/" + std::string(s->resource);
    SCOPED_TRACE(base);
    ASSERT_TRUE(paths().contains(base));
    EXPECT_TRUE(paths().at(base).as_object().contains("get"));
    EXPECT_TRUE(paths().at(base).as_object().contains("post"));
    ASSERT_TRUE(paths().contains(base + "/*"));
    const json::object& item = paths().at(base + "/{key}").as_object();
    for (const char* m : {"get", "put", "delete"}) EXPECT_TRUE(item.contains(m)) << m;
  }
}

TEST_F(OpenApiTest, OperationIdsAreUnique) {
  std::set<std::string> seen;
  std::size_t n = 0;
  for (const auto& [path, item] : paths())
    for (const auto& [method, op] : item.as_object()) {
      if (!op.is_object() || !op.as_object().contains("operationId")) continue;
      ++n;
      EXPECT_TRUE(seen.insert(std::string(op.at("operationId").as_string())).second)
          << op.at("operationId") << " at " << method << " " << path;
    }
  EXPECT_GT(n, 5 * engine.objects().size());
}

TEST_F(OpenApiTest, InputSchemasFollowTheFieldSpecs) {
  const bizobject::ObjectSpec* iv = engine.find("salesinvoice");
  ASSERT_NE(iv, nullptr);
  const json::object& input = schema("SalesInvoiceInput");
  const json::object& record = schema("SalesInvoice");
  const json::object& props = input.at("properties").as_object();
  std::set<std::string> required;
  if (input.contains("required"))
    for (const auto& r : input.at("required").as_array())
      required.insert(std::string(r.as_string()));
  for (const bizobject::FieldSpec& f : iv->fields) {
    SCOPED_TRACE(std::string(f.name));
    // Read-only fields (dockey, lastmodified) are returned, never taken.
    EXPECT_EQ(props.contains(f.name), !f.read_only);
    // Input-only flags (changed, nextdocno) are taken and never returned.
    EXPECT_EQ(record.at("properties").as_object().contains(f.name), !f.input_only);
    EXPECT_EQ(required.count(std::string(f.name)), f.required && !f.read_only ? 1u : 0u);
    if (f.type == FieldType::Decimal) {
      // Money travels as an exact decimal string: never a JSON number in responses.
      const json::object& out = record.at("properties").at(f.name).as_object();
      EXPECT_EQ(out.at("type"), "string");
      EXPECT_TRUE(out.contains("pattern"));
    }
  }
  // Sub-datasets are arrays of rows that carry dtlkey.
  const json::object& rows = props.at("sdsdocdetail").as_object();
  EXPECT_EQ(rows.at("type"), "array");
  EXPECT_TRUE(
      schema("SalesInvoice_sdsdocdetailInput").at("properties").as_object().contains("dtlkey"));
  EXPECT_EQ(input.at("additionalProperties"), false);  // an unknown field is a 400
  // A List field (a row's serial numbers) is an array of objects of its declared members.
  const json::object& serials =
      schema("SalesInvoice_sdsdocdetailInput").at("properties").at("sdsserialnumber").as_object();
  EXPECT_EQ(serials.at("type"), (json::array{"array", "null"}));
  EXPECT_EQ(serials.at("maxItems"), bizobject::kMaxListItems);
  const json::object& item = serials.at("items").as_object();
  EXPECT_EQ(item.at("additionalProperties"), false);
  EXPECT_EQ(item.at("required"), json::array{"serialnumber"});
  EXPECT_EQ(item.at("properties").at("serialnumber").at("maxLength"), 50);
  EXPECT_EQ(schema("SalesInvoice_sdsdocdetail").at("properties").at("sdsserialnumber").at("type"),
            "array");
  EXPECT_FALSE(schema("SalesInvoice_sdsdocdetail").at("properties").as_object().contains("dockey"));
}

TEST_F(OpenApiTest, DocumentsOfferTheirPdf) {
  const json::object& ok =
      paths().at("/salesinvoice/{key}").at("get").at("responses").at("200").as_object();
  EXPECT_TRUE(ok.at("content").as_object().contains("application/pdf"));
  const std::string description(ok.at("description").as_string());
  EXPECT_NE(description.find("Sales Invoice <n>, 1. Custom"), std::string::npos) << description;
  EXPECT_NE(description.find("(Simple)"), std::string::npos) << description;
  EXPECT_NE(description.find("/template/alias"), std::string::npos) << description;
  const json::object& agent =
      paths().at("/agent/{key}").at("get").at("responses").at("200").as_object();
  EXPECT_FALSE(agent.at("content").as_object().contains("application/pdf"));
}

TEST_F(OpenApiTest, ErrorsAreProblemDetails) {
  const json::object& r =
      doc.at("components").at("responses").at("BadRequest").at("content").as_object();
  EXPECT_EQ(r.at("application/problem+json").at("schema").at("$ref"),
            "#/components/schemas/Problem");
  const json::object& problem = schema("Problem");
  for (const char* f : {"status", "code", "message", "field", "request_id"})
    EXPECT_TRUE(problem.at("properties").as_object().contains(f)) << f;
}

TEST_F(OpenApiTest, OtherRoutesAreListedWithTheirSecurityAndParameters) {
  const json::object& root = paths().at("/").at("get").as_object();
  EXPECT_EQ(root.at("security"), json::array{json::object{}});  // public: no credentials
  EXPECT_EQ(
      root.at("responses").at("200").at("content").at("application/json").at("schema").at("$ref"),
      "#/components/schemas/ServiceInfo");
  EXPECT_EQ(paths().at("/version").at("get").at("security").at(0).as_object().count("sigv4"), 1u);
  const json::object& patch = paths().at("/admin/api/users/{code}").at("patch").as_object();
  const json::object& session = patch.at("security").at(0).as_object();
  EXPECT_TRUE(session.contains("adminSession") && session.contains("csrfToken"));
  EXPECT_EQ(patch.at("parameters").at(0).at("name"), "code");
  EXPECT_TRUE(patch.contains("requestBody"));
  EXPECT_FALSE(paths().contains("/{resource}"));  // written per object, never as such
}

TEST_F(OpenApiTest, ARouteNamesItsRequestBodySchema) {
  const json::object& post = paths().at("/template/alias").at("post").as_object();
  EXPECT_EQ(post.at("requestBody").at("required"), true);
  EXPECT_EQ(post.at("requestBody").at("content").at("application/json").at("schema").at("$ref"),
            "#/components/schemas/TemplateAliasInput");
  EXPECT_TRUE(post.at("responses").as_object().contains("409"));
  const json::object& input = schema("TemplateAliasInput");
  EXPECT_EQ(input.at("required"), (json::array{"object", "name", "template"}));
  EXPECT_EQ(input.at("additionalProperties"), false);
  const json::object& del = paths().at("/template/alias/{object}/{name}").at("delete").as_object();
  EXPECT_EQ(del.at("parameters").as_array().size(), 2u);
  EXPECT_TRUE(del.at("responses").as_object().contains("404"));
  // Without a schema name the body stays a free object (the console's routes).
  const json::object& patch = paths().at("/admin/api/users/{code}").at("patch").as_object();
  EXPECT_FALSE(patch.at("requestBody").as_object().contains("required"));
}

TEST(OpenApi, AnObjectRouteWithoutAnOperationIsAnError) {
  const bizobject::Engine engine;
  constexpr RouteDoc kOdd[] = {{"PATCH", "/{resource}/{key}", Access::Signed, "patch"}};
  EXPECT_THROW(make_openapi(engine, "http://x", "1", kOdd, {}), std::logic_error);
}

}  // namespace
}  // namespace sqlacc::contract
