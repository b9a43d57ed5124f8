#include "contract/postman.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "bizobject/examples.h"

namespace sqlacc::contract {
namespace {

namespace json = boost::json;
using bizobject::ObjectSpec;

constexpr std::string_view kSchema =
    "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

json::object attr(std::string_view key, json::value value, std::string_view type = "string") {
  return {{"key", key}, {"value", std::move(value)}, {"type", type}};
}

// A JavaScript string literal (JSON string syntax is valid JavaScript).
std::string js(std::string_view s) { return json::serialize(json::string(s)); }

// Numbered documents (docno left to the server) are addressed by the dockey Create returns.
bool numbered(const ObjectSpec& spec) { return !spec.docno_prefix.empty(); }

std::string code_variable(const ObjectSpec& spec) {
  return std::string(spec.resource) + "_" +
         (numbered(spec) ? std::string("dockey") : std::string(bizobject::key_field(spec).name));
}

json::object url(const ObjectSpec& spec, bool with_key, bool with_paging) {
  json::array path{json::string(spec.resource)};
  std::string raw = "{{baseUrl}}/" + std::string(spec.resource);
  if (with_key) {
    std::string var = "{{" + code_variable(spec) + "}}";
    path.emplace_back(var);
    raw += "/" + var;
  }
  json::object u{{"raw", ""}, {"host", json::array{"{{baseUrl}}"}}, {"path", std::move(path)}};
  if (with_paging) {
    raw += "?offset=0&limit=50";
    u["query"] = json::array{json::object{{"key", "offset"}, {"value", "0"}},
                             json::object{{"key", "limit"}, {"value", "50"}}};
  }
  u["raw"] = raw;
  return u;
}

json::object test_event(std::vector<std::string> lines) {
  json::array exec;
  for (auto& l : lines) exec.emplace_back(l);
  return {{"listen", "test"}, {"script", {{"type", "text/javascript"}, {"exec", std::move(exec)}}}};
}

std::string status_test() {
  return "pm.test(\"status is 200\", function () { pm.response.to.have.status(200); });";
}

// An example body, one field a line, as a person would type it into Postman; sub-dataset rows
// (arrays of objects) one row a line.
std::string pretty(const json::object& body) {
  std::string out = "{";
  for (const auto& kv : body) {
    out += out.size() == 1 ? "\n  " : ",\n  ";
    out += json::serialize(json::string(kv.key()));
    out += ": ";
    if (kv.value().is_array() && !kv.value().get_array().empty()) {
      const json::array& rows = kv.value().get_array();
      out += "[";
      for (std::size_t i = 0; i < rows.size(); ++i) {
        out += i ? ",\n    " : "\n    ";
        out += json::serialize(rows[i]);
      }
      out += "\n  ]";
    } else {
      out += json::serialize(kv.value());
    }
  }
  out += "\n}";
  return out;
}

json::object request(std::string name, std::string_view method, json::object u,
                     std::vector<std::string> tests, const json::object* body = nullptr) {
  json::object req{{"method", method}, {"header", json::array{}}, {"url", std::move(u)}};
  if (body) {
    req["header"] =
        json::array{json::object{{"key", "Content-Type"}, {"value", "application/json"}}};
    req["body"] = json::object{
        {"mode", "raw"}, {"raw", pretty(*body)}, {"options", {{"raw", {{"language", "json"}}}}}};
  }
  return {{"name", std::move(name)},
          {"event", json::array{test_event(std::move(tests))}},
          {"request", std::move(req)}};
}

json::object folder(const ObjectSpec& spec, std::span<const bizobject::udf::Declaration> udfs) {
  const std::string title(spec.title);
  const std::string code(bizobject::example_code(spec));
  const std::string key_name(bizobject::key_field(spec).name);
  const std::string var = code_variable(spec);
  const std::string record_is_ours =
      numbered(spec)
          ? "pm.expect(j.data).to.be.an(\"array\").with.lengthOf(1); "
            "pm.expect(String(j.data[0].dockey)).to.eql(String(pm.collectionVariables.get(" +
                js(var) + ")));"
          : "pm.expect(j.data).to.be.an(\"array\").with.lengthOf(1); pm.expect(j.data[0]." +
                key_name + ").to.eql(" + js(code) + ");";
  const std::string created_is_ours =
      numbered(spec) ? "pm.expect(j.data).to.be.an(\"array\").with.lengthOf(1); "
                       "pm.expect(j.data[0]." +
                           key_name + ").to.match(/^" + std::string(spec.docno_prefix) + "/);"
                     : record_is_ours;
  const std::string stored_key = numbered(spec) ? "dockey" : key_name;
  json::object create_body = bizobject::example_body(spec);
  std::string udfs_present;
  for (const auto& u : udfs) {
    if (u.object == spec.resource) {
      create_body[u.name] = bizobject::udf::example_value(u);
      udfs_present += " pm.expect(j.data[0]).to.have.property(" + js(u.name) + ");";
      continue;
    }
    // Declared on a dataset's rows ("salesinvoice.sdsdocdetail"): every example row sends it.
    for (const bizobject::DatasetSpec& d : spec.datasets) {
      json::value* rows = create_body.if_contains(d.name);
      if (u.object != bizobject::udf::rows_object(spec.resource, d.name) || !rows ||
          !rows->is_array())
        continue;
      for (json::value& row : rows->get_array())
        if (row.is_object()) row.get_object()[u.name] = bizobject::udf::example_value(u);
    }
  }
  json::object update_body = bizobject::example_update_body(spec);

  std::vector<std::string> update_tests{
      status_test(),
      "pm.test(\"updated record\", function () { const j = pm.response.json(); " + record_is_ours};
  if (const auto* f = bizobject::example_update_field(spec))
    update_tests.back() += " pm.expect(j.data[0]." + std::string(f->name) + ").to.eql(" +
                           js(bizobject::example_update_text()) + ");";
  update_tests.back() += " });";

  json::array items;
  items.emplace_back(request(
      "List " + title, "GET", url(spec, false, true),
      {status_test(),
       "pm.test(\"list envelope\", function () { const j = pm.response.json(); "
       "pm.expect(j.pagination).to.be.an(\"object\"); pm.expect(j.pagination.offset).to.eql(0); "
       "pm.expect(j.pagination.limit).to.eql(50); pm.expect(j.data).to.be.an(\"array\"); "
       "pm.expect(j.pagination.count).to.eql(j.data.length); });"}));
  items.emplace_back(request(
      "Create " + title, "POST", url(spec, false, false),
      {status_test(), "pm.test(\"created record\", function () { const j = pm.response.json(); " +
                          created_is_ours + " pm.collectionVariables.set(" + js(var) +
                          ", j.data[0]." + stored_key + "); });"},
      &create_body));
  // Get by key carries the sub-datasets (list rows do not).
  std::string datasets_present;
  for (const auto& d : spec.datasets)
    datasets_present += " pm.expect(j.data[0]." + std::string(d.name) + ").to.be.an(\"array\");";
  for (const auto& kv : create_body)
    if (kv.value().is_array())
      datasets_present += " pm.expect(j.data[0]." + std::string(kv.key()) + ").to.have.lengthOf(" +
                          std::to_string(kv.value().get_array().size()) + ");";
  items.emplace_back(request(
      "Get " + title, "GET", url(spec, true, false),
      {status_test(), "pm.test(\"one record\", function () { const j = pm.response.json(); " +
                          record_is_ours + datasets_present + udfs_present + " });"}));
  items.emplace_back(request("Update " + title, "PUT", url(spec, true, false),
                             std::move(update_tests), &update_body));
  items.emplace_back(
      request("Delete " + title, "DELETE", url(spec, true, false),
              {status_test(),
               "pm.test(\"deleted record\", function () { const j = pm.response.json(); "
               "pm.expect(j.message).to.eql(\"Deleted\"); " +
                   record_is_ours + " });"}));
  return {{"name", title}, {"description", spec.doc}, {"item", std::move(items)}};
}

}  // namespace

json::value make_postman_collection(const bizobject::Engine& engine, std::string_view base_url,
                                    std::span<const bizobject::udf::Declaration> udfs) {
  json::array folders;
  json::array variables{
      json::object{{"key", "baseUrl"}, {"value", base_url}, {"type", "string"}},
      json::object{{"key", "your_access_key"}, {"value", ""}, {"type", "string"}},
      json::object{{"key", "your_secret_key"}, {"value", ""}, {"type", "string"}},
      json::object{{"key", "region"}, {"value", "ap-southeast-5"}, {"type", "string"}},
      json::object{{"key", "service"}, {"value", "sqlaccount"}, {"type", "string"}},
  };
  for (const ObjectSpec* spec : engine.objects()) {
    folders.emplace_back(folder(*spec, udfs));
    variables.emplace_back(json::object{{"key", code_variable(*spec)},
                                        {"value", bizobject::example_code(*spec)},
                                        {"type", "string"}});
  }
  json::object auth{
      {"type", "awsv4"},
      {"awsv4", json::array{attr("accessKey", "{{your_access_key}}"),
                            attr("secretKey", "{{your_secret_key}}"), attr("region", "{{region}}"),
                            attr("service", "{{service}}"), attr("sessionToken", ""),
                            attr("addAuthDataToQuery", false, "boolean")}}};
  return json::object{
      {"info",
       {{"name", "SQL Account API (sqlacc)"},
        {"description",
         "SQL Account API Service (sqlacc). Fill in your_access_key and your_secret_key in the "
         "collection variables; every request is signed with AWS Signature V4. The folders run "
         "top to bottom against the sample company: each creates, reads, updates and deletes "
         "its own PM-* record."},
        {"schema", kSchema}}},
      {"auth", std::move(auth)},
      {"variable", std::move(variables)},
      {"item", std::move(folders)}};
}

}  // namespace sqlacc::contract
