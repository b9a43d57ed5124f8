#include "contract/openapi.h"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <stdexcept>
#include <string>

#include "bizobject/examples.h"
#include "bizobject/query.h"
#include "bizobject/template_aliases.h"
#include "util/text.h"

namespace sqlacc::contract {
namespace {

namespace json = boost::json;
using bizobject::DatasetSpec;
using bizobject::FieldSpec;
using bizobject::FieldType;
using bizobject::ObjectSpec;

json::object text_schema(std::string_view description = {}) {
  json::object s{{"type", "string"}};
  if (!description.empty()) s["description"] = description;
  return s;
}

json::object object_of(std::initializer_list<std::pair<std::string_view, json::object>> props,
                       std::string_view description = {}) {
  json::object p;
  for (const auto& [name, schema] : props) p[name] = schema;
  json::object s{{"type", "object"}, {"properties", std::move(p)}};
  if (!description.empty()) s["description"] = description;
  return s;
}

json::object single_of(json::object record) {
  return object_of({{"data", json::object{{"type", "array"}, {"items", std::move(record)}}}});
}

// The bodies of the service's own routes (api/service.cpp's route table).
// /udf (api/udf_routes.h): a company's user-defined field declarations.
void add_udf_schemas(json::object& schemas) {
  json::object type{{"type", "string"},
                    {"enum", json::array{"string", "int", "decimal", "bool", "date"}}};
  schemas["UdfList"] = object_of(
      {{"message", text_schema("\"Deleted\" after a DELETE")},
       {"data",
        json::object{{"type", "array"},
                     {"items", object_of({{"object", text_schema("The resource")},
                                          {"name", text_schema("udf_...")},
                                          {"type", std::move(type)},
                                          {"width", json::object{{"type", "integer"}}},
                                          {"scale", json::object{{"type", "integer"}}}})}}}});
}

// The user-defined fields a company declares (GET /udf) are its data, not the contract's: this
// public document allows them by pattern; the signed Postman collection carries the company's own.
json::object udf_pattern() {
  return {{"^udf_[a-z0-9_]{1,26}$",
           json::object{{"type", json::array{"string", "number", "integer", "boolean", "null"}},
                        {"description",
                         "A user-defined field the company declared (GET /udf, `sqlacc udf "
                         "add`): typed as declared (decimals as strings), filterable in lists as "
                         "other fields; an undeclared udf_* is a 400"}}}};
}

void add_service_schemas(json::object& schemas) {
  const json::object money = json::object{{"type", "string"}, {"pattern", "^-?[0-9]+\\.[0-9]{2}$"}};
  schemas["ServiceInfo"] = object_of({{"service", text_schema()},
                                      {"version", text_schema()},
                                      {"description", text_schema()},
                                      {"healthcheck", text_schema()}});
  schemas["Health"] = object_of(
      {{"status", text_schema("\"ok\"")},
       {"service", text_schema()},
       {"version", text_schema()},
       {"authenticated",
        json::object{{"type", "boolean"}, {"description", "The request was signed and verified"}}},
       {"user", text_schema("Signed only: the key's user")},
       {"company", text_schema("Signed only: the key's company")},
       {"companyname", text_schema("Signed only")}});
  schemas["VersionSingle"] = single_of(object_of(
      {{"version", text_schema()}, {"service", text_schema()}, {"compatibility", text_schema()}}));
  json::object profile;
  for (std::string_view f : {"company", "companyname", "regno", "tin", "sstno", "address1",
                             "address2", "address3", "address4", "postcode", "city", "state",
                             "country", "phone1", "email", "basecurrency", "user"})
    profile[f] = text_schema();
  schemas["ProfileSingle"] =
      single_of(json::object{{"type", "object"}, {"properties", std::move(profile)}});
  const json::object alias = object_of(
      {{"object", text_schema("The object (resource) whose template it names: salesinvoice, ...")},
       {"name", json::object{{"type", "string"},
                             {"maxLength", bizobject::kMaxTemplateAliasLength},
                             {"description",
                              "The company's own template name (letter case and runs of spaces "
                              "ignored); not a built-in name of the object, no '/'"}}},
       {"template", text_schema("The built-in template name it prints as")}});
  json::object alias_input = alias;
  alias_input["required"] = json::array{"object", "name", "template"};
  alias_input["additionalProperties"] = false;
  alias_input["examples"] =
      json::array{json::object{{"object", "salesinvoice"},
                               {"name", "Sales Invoice 8 (SST 2) HMAC-SHA256"},
                               {"template", "Sales Invoice 8 (SST 2)"}}};
  schemas["TemplateAliasInput"] = std::move(alias_input);
  schemas["TemplateAliasSingle"] = single_of(alias);
  schemas["TemplateAliasList"] = single_of(alias);
  schemas["TrialBalance"] = object_of(
      {{"date", json::object{{"type", "string"}, {"format", "date"}}},
       {"data", json::object{{"type", "array"},
                             {"items", object_of({{"account", text_schema("GL account code")},
                                                  {"dr", money},
                                                  {"cr", money}})}}},
       {"totals", object_of({{"dr", money}, {"cr", money}}, "Equal when the books balance")}});
  add_udf_schemas(schemas);
}

json::object schema_ref(std::string_view name) {
  return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

// Schema names: "SalesInvoice", "SalesInvoiceInput", "SalesInvoice_sdsdocdetail".
std::string schema_name(const ObjectSpec& s) {
  std::string out;
  bool upper = true;
  for (char c : s.title) {
    if (c == ' ' || c == '-' || c == '/' || c == '(' || c == ')' || c == '.') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string decimal_pattern(int scale) {
  return scale == 0 ? std::string("^-?[0-9]+$")
                    : fmt::format("^-?[0-9]+(\\.[0-9]{{1,{}}})?$", scale);
}

// The JSON schema of one field. `input`: as a client may send it (decimals also as numbers,
// nulls for "the default"); else as the server returns it.
json::object field_schema(const FieldSpec& f, bool input) {
  json::object s;
  std::string doc(f.doc);
  switch (f.type) {
    case FieldType::String:
      s["type"] = "string";
      s["maxLength"] = bizobject::max_length(f);
      if (f.width == 0)
        doc += (doc.empty() ? "" : ". ") +
               fmt::format("A blob: at most {} characters", bizobject::kBlobWidth);
      if (f.key && input)
        doc += (doc.empty() ? "" : ". ") +
               std::string(
                   "A new code must be visible and usable in a URL path: no control, "
                   "zero-width, bidi or other invisible characters, no '/' or '*', "
                   "not '.' or '..', no leading or trailing space");
      if (!f.choices.empty()) {
        std::string list;
        for (std::string_view c : f.choices) list += (list.empty() ? "" : ", ") + std::string(c);
        doc += (doc.empty() ? "" : ". ") + std::string("One of ") + list + " (any letter case)";
      }
      break;
    case FieldType::Int:
      s["type"] = "integer";
      s["format"] = "int64";
      break;
    case FieldType::Decimal:
      if (input) {
        s["type"] = json::array{"string", "number"};
      } else {
        s["type"] = "string";
      }
      s["pattern"] = decimal_pattern(f.scale);
      doc += (doc.empty() ? "" : ". ") +
             fmt::format(
                 "Exact decimal with at most {} digits after the point, sent back as a "
                 "string",
                 f.scale);
      break;
    case FieldType::Bool:
      s["type"] = "boolean";
      break;
    case FieldType::Date:
      s["type"] = json::array{"string", "null"};
      s["format"] = "date";
      break;
    case FieldType::List: {
      json::object props;
      json::array required;
      for (const FieldSpec& item : f.items) {
        props[item.name] = field_schema(item, input);
        if (input && item.required) required.emplace_back(item.name);
        if (item.key)
          doc += (doc.empty() ? "" : ". ") +
                 fmt::format("Each {} appears once (letter case ignored)", item.name);
      }
      json::object object{{"type", "object"}, {"properties", std::move(props)}};
      if (input) object["additionalProperties"] = false;
      if (!required.empty()) object["required"] = std::move(required);
      s["type"] = "array";
      s["items"] = std::move(object);
      s["maxItems"] = f.width > 0 ? f.width : bizobject::kMaxListItems;
      break;
    }
  }
  if (f.input_only)
    doc += (doc.empty() ? "" : ". ") +
           std::string("Accepted and ignored, as the original does: not stored, not returned");
  if (input && f.type != FieldType::Date)
    s["type"] = s["type"].is_array() ? json::value(json::array{"string", "number", "null"})
                                     : json::value(json::array{s["type"], "null"});
  if (!f.references.empty())
    doc += (doc.empty() ? "" : ". ") + fmt::format("Code of a {} record", f.references);
  if (f.read_only) s["readOnly"] = true;
  if (!doc.empty()) s["description"] = doc;
  json::value example = bizobject::example_value(f);
  if (!example.is_null()) s["examples"] = json::array{example};
  return s;
}

json::object object_schema(std::span<const FieldSpec> fields, bool input, json::object extra = {}) {
  json::object props = std::move(extra);
  json::array required;
  for (const FieldSpec& f : fields) {
    if ((input && f.read_only) || (!input && f.input_only)) continue;
    props[f.name] = field_schema(f, input);
    if (input && f.required) required.emplace_back(f.name);
  }
  json::object s{{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) s["required"] = std::move(required);
  return s;
}

json::object integer_schema(std::string_view description) {
  return {{"type", "integer"}, {"format", "int64"}, {"description", description}};
}

json::object dataset_row_schema(const DatasetSpec& d, bool input) {
  json::object extra{
      {"dtlkey", integer_schema(input ? "The row to update; left out, 0 or -1 inserts a row "
                                        "(an unknown dtlkey is a 400)"
                                      : "The row's key")},
      {"seq", integer_schema("Order of the row")}};
  json::object s = object_schema(d.fields, input, std::move(extra));
  if (!d.doc.empty()) s["description"] = d.doc;
  return s;
}

void add_object_schemas(json::object& schemas, const ObjectSpec& spec, std::size_t max_rows) {
  const std::string name = schema_name(spec);
  json::object record_ds, input_ds;
  for (const DatasetSpec& d : spec.datasets) {
    const std::string row = name + "_" + std::string(d.name);
    // Rows take the udf_* fields the company declared on OBJECT.DATASET, as records do.
    json::object row_schema = dataset_row_schema(d, false), row_input = dataset_row_schema(d, true);
    row_schema["patternProperties"] = udf_pattern();
    row_input["patternProperties"] = udf_pattern();
    schemas[row] = std::move(row_schema);
    schemas[row + "Input"] = std::move(row_input);
    record_ds[d.name] = json::object{{"type", "array"}, {"items", schema_ref(row)}};
    input_ds[d.name] =
        json::object{{"type", "array"},
                     {"items", schema_ref(row + "Input")},
                     {"maxItems", max_rows},
                     {"description",
                      fmt::format("The whole set of rows (at most {}, `sqlacc serve --max-rows`): "
                                  "rows left out of an update are deleted; the array left out "
                                  "keeps them",
                                  max_rows)}};
  }
  json::object record = object_schema(spec.fields, false, std::move(record_ds));
  record["patternProperties"] = udf_pattern();
  if (!spec.doc.empty()) record["description"] = spec.doc;
  schemas[name] = std::move(record);
  json::object input = object_schema(spec.fields, true, std::move(input_ds));
  input["patternProperties"] = udf_pattern();
  input["additionalProperties"] = false;
  input["examples"] = json::array{bizobject::example_body(spec)};
  schemas[name + "Input"] = std::move(input);
  schemas[name + "Single"] = json::object{
      {"type", "object"},
      {"required", json::array{"data"}},
      {"properties",
       json::object{{"data", json::object{{"type", "array"}, {"items", schema_ref(name)}}},
                    {"message", json::object{{"type", "string"}}}}}};
  schemas[name + "List"] = json::object{
      {"type", "object"},
      {"required", json::array{"pagination", "data"}},
      {"properties",
       json::object{{"pagination", schema_ref("Pagination")},
                    {"data", json::object{{"type", "array"}, {"items", schema_ref(name)}}}}}};
}

json::object problem_schema() {
  json::object props{
      {"type", json::object{{"type", "string"}}},
      {"title", json::object{{"type", "string"}}},
      {"status", json::object{{"type", "integer"}}},
      {"code", json::object{{"type", "string"},
                            {"description",
                             "Machine-readable: SignatureDoesNotMatch, ValidationError, "
                             "Conflict, NotFound, ..."}}},
      {"message", json::object{{"type", "string"}, {"description", "What went wrong, for people"}}},
      {"field", json::object{{"type", "string"},
                             {"description", "The field at fault: \"sdsdocdetail[1].amount\""}}},
      {"request_id", json::object{{"type", "string"}}}};
  return {{"type", "object"},
          {"required", json::array{"status", "code", "message"}},
          {"properties", std::move(props)}};
}

json::object pagination_schema() {
  json::object props{{"offset", integer_schema("Rows skipped")},
                     {"limit", integer_schema("Page size asked for")},
                     {"count", integer_schema("Rows in this page")},
                     {"total", integer_schema("Rows matching the filters")}};
  return {{"type", "object"}, {"properties", std::move(props)}};
}

json::object json_content(json::object schema, std::string_view type = "application/json") {
  return {{type, json::object{{"schema", std::move(schema)}}}};
}

json::object response(std::string_view description, json::object schema) {
  return {{"description", description}, {"content", json_content(std::move(schema))}};
}

json::object problem_response(std::string_view description) {
  return {{"$ref", "#/components/responses/" + std::string(description)}};
}

json::array security_for(Access access) {
  switch (access) {
    case Access::Signed:
      return json::array{json::object{{"sigv4", json::array{}}}};
    case Access::Session:
      return json::array{
          json::object{{"adminSession", json::array{}}, {"csrfToken", json::array{}}}};
    case Access::Public:
      break;
  }
  return json::array{json::object{}};
}

json::object operation(std::string op_id, std::string summary, std::string tag, Access access) {
  json::object o{{"operationId", std::move(op_id)},
                 {"summary", std::move(summary)},
                 {"tags", json::array{json::string(tag)}}};
  o["security"] = security_for(access);
  return o;
}

void add_errors(json::object& responses, bool with_body, bool with_key) {
  responses["401"] = problem_response("Unauthorized");
  if (with_body) responses["400"] = problem_response("BadRequest");
  if (with_key) responses["404"] = problem_response("NotFound");
  if (with_body) responses["409"] = problem_response("Conflict");
  if (with_body) responses["413"] = problem_response("PayloadTooLarge");
  if (with_body) responses["415"] = problem_response("UnsupportedMediaType");
  responses["503"] = problem_response("Unavailable");
}

json::object query_param(std::string name, json::object schema, std::string description) {
  return {{"name", std::move(name)},
          {"in", "query"},
          {"required", false},
          {"schema", std::move(schema)},
          {"description", std::move(description)}};
}

// `transfer_source`: other documents take rows from this one, so its lists take
// bizobject::kOutstandingParam (query.h).
json::array list_parameters(const ObjectSpec& spec, bool transfer_source) {
  json::array params;
  params.push_back(query_param(
      "offset", json::object{{"type", "integer"}, {"minimum", 0}, {"default", 0}}, "Rows to skip"));
  params.push_back(query_param("limit",
                               json::object{{"type", "integer"},
                                            {"minimum", 1},
                                            {"maximum", bizobject::kMaxLimit},
                                            {"default", bizobject::kDefaultLimit}},
                               "Page size (the original's is 50)"));
  for (const FieldSpec& f : spec.fields) {
    if (f.input_only || f.type == FieldType::List) continue;  // not filters (query.cpp)
    std::string how = f.name == "lastmodified"
                          ? "Modified at or after this Unix time; or a range a~b"
                          : "Equals (text: any letter case); `*` wildcards (300-*); a range a~b";
    params.push_back(query_param(std::string(f.name), json::object{{"type", "string"}}, how));
  }
  if (transfer_source)
    params.push_back(
        query_param(std::string(bizobject::kOutstandingParam),
                    json::object{{"type", "string"}, {"enum", json::array{"true", "false"}}},
                    "true: documents, not cancelled, with a row not yet fully transferred (qty > "
                    "transferredqty); false: the others"));
  return params;
}

json::object key_parameter(const ObjectSpec& spec) {
  std::string what = spec.key_kind == bizobject::KeyKind::AutoKey || !spec.docno_prefix.empty()
                         ? "The record's integer key (dockey/autokey) or its code"
                         : "The record's code";
  return {{"name", "key"},
          {"in", "path"},
          {"required", true},
          {"schema", json::object{{"type", "string"}}},
          {"description", what}};
}

// One operation of a business object's route (a `{resource}` route of the table), for `spec`.
// "/{resource}": list, create; "/{resource}/*": every record with its datasets;
// "/{resource}/{key}": get (or its PDF), update, delete.
json::object object_operation(const ObjectSpec& spec, const RouteDoc& r,
                              const PrintTemplates& print_templates, bool transfer_source) {
  const std::string name = schema_name(spec);
  const std::string tag(spec.title);
  const std::string_view shape = r.path.substr(std::string_view("/{resource}").size());
  const json::object body{{"required", true},
                          {"content", json_content(schema_ref(name + "Input"))}};
  json::object responses;
  json::object op;
  if (shape.empty() && r.method == "GET") {
    op = operation("list" + name, "List " + tag + " records", tag, r.access);
    op["parameters"] = list_parameters(spec, transfer_source);
    responses["200"] =
        response("One page of records (without sub-datasets)", schema_ref(name + "List"));
    add_errors(responses, false, false);
    responses["400"] = problem_response("BadRequest");
  } else if (shape.empty() && r.method == "POST") {
    std::string summary = "Create a " + tag;
    if (!spec.docno_prefix.empty())
      summary += fmt::format(" (docno left out: the next {}NNNNN)", spec.docno_prefix);
    op = operation("create" + name, summary, tag, r.access);
    op["requestBody"] = body;
    responses["200"] = response("The record as stored", schema_ref(name + "Single"));
    add_errors(responses, true, false);
  } else if (shape == "/*" && r.method == "GET") {
    op = operation("listAll" + name, "Every " + tag + " record with its sub-datasets", tag,
                   r.access);
    op["parameters"] = list_parameters(spec, transfer_source);
    responses["200"] = response("Records with sub-datasets", schema_ref(name + "List"));
    add_errors(responses, false, false);
  } else if (shape == "/{key}" && r.method == "GET") {
    op = operation("get" + name, "Get one " + tag + " with its sub-datasets", tag, r.access);
    json::object ok = response("The record", schema_ref(name + "Single"));
    const std::vector<std::string> templates =
        print_templates ? print_templates(spec.resource) : std::vector<std::string>{};
    if (!templates.empty()) {
      std::string names;
      for (const std::string& t : templates) names += (names.empty() ? "" : ", ") + t;
      ok["description"] =
          "The record; or its PDF when the request carries `Content-Type: "
          "application/pdf;template=NAME` or `Accept: application/pdf`. Templates: " +
          names +
          " (<n> a number, optionally followed by suffixes such as ' (Simple)': the form without "
          "discount and tax columns, ' (SST 1)', or ' - Half Page': on A5 landscape), and the "
          "company's aliases (/template/alias)";
      ok["content"].as_object()["application/pdf"] =
          json::object{{"schema", json::object{{"type", "string"}, {"format", "binary"}}}};
    }
    responses["200"] = std::move(ok);
    add_errors(responses, false, true);
  } else if (shape == "/{key}" && r.method == "PUT") {
    op = operation("update" + name,
                   "Update a " + tag +
                       " (the create-shaped body; updatecount, where the record has one, must be "
                       "the stored value + 1)",
                   tag, r.access);
    op["requestBody"] = body;
    responses["200"] = response("The record as stored", schema_ref(name + "Single"));
    add_errors(responses, true, true);
  } else if (shape == "/{key}" && r.method == "DELETE") {
    op = operation("delete" + name, "Delete a " + tag, tag, r.access);
    responses["200"] =
        response("The record as it was, with message \"Deleted\"", schema_ref(name + "Single"));
    add_errors(responses, false, true);
    responses["409"] = problem_response("Conflict");
  } else {
    // A new kind of object route needs its operation written here: say so at once (the contract's
    // unit tests generate the document from the real route table).
    throw std::logic_error("contract: no business-object operation for " + std::string(r.method) +
                           " " + std::string(r.path));
  }
  op["responses"] = std::move(responses);
  return op;
}

void add_object_operation(json::object& paths, const ObjectSpec& spec, const RouteDoc& r,
                          const PrintTemplates& print_templates, bool transfer_source) {
  // fmt, not "/" + std::string(...): GCC 12 at -O3 flags that operator+ with a false -Wrestrict
  // (GCC bug 105329), as in pg_connection.cpp.
  const std::string path =
      fmt::format("/{}{}", spec.resource, r.path.substr(std::string_view("/{resource}").size()));
  json::value& slot = paths[path];
  if (!slot.is_object()) {
    slot = json::object{};
    if (path.ends_with("/{key}")) slot.as_object()["parameters"] = json::array{key_parameter(spec)};
  }
  slot.as_object()[text::to_lower(r.method)] =
      object_operation(spec, r, print_templates, transfer_source);
}

// "/admin/api/users/{code}" GET -> "getAdminApiUsersCode".
std::string route_operation_id(const RouteDoc& r) {
  std::string id = text::to_lower(r.method);
  bool upper = true;
  for (char c : r.path) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return r.path == "/" ? id + "Root" : id;
}

void add_route(json::object& paths, const RouteDoc& r) {
  const std::string tag = r.path.starts_with("/admin") ? "Admin console" : "Service";
  json::object op = operation(route_operation_id(r), std::string(r.summary), tag, r.access);
  json::array params;
  for (std::size_t at = r.path.find('{'); at != std::string_view::npos;
       at = r.path.find('{', at + 1)) {
    const std::size_t end = r.path.find('}', at);
    params.push_back(json::object{{"name", std::string(r.path.substr(at + 1, end - at - 1))},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", json::object{{"type", "string"}}}});
  }
  if (r.path == "/trialbalance")
    params.push_back(query_param("date", json::object{{"type", "string"}, {"format", "date"}},
                                 "YYYY-MM-DD (default: today, UTC)"));
  if (r.path == "/template/alias" && r.method == "GET")
    params.push_back(query_param("object", json::object{{"type", "string"}},
                                 "Only the aliases of this object (resource)"));
  if (!params.empty()) op["parameters"] = std::move(params);
  if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH")
    op["requestBody"] =
        r.request.empty()
            ? json::object{{"content", json_content(json::object{{"type", "object"}})}}
            : json::object{{"required", true}, {"content", json_content(schema_ref(r.request))}};
  json::object responses{
      {"200", response("Success", r.response.empty() ? json::object{{"type", "object"}}
                                                     : schema_ref(r.response))}};
  if (r.access != Access::Public || r.path == "/healthcheck")  // a signed one is verified
    responses["401"] = problem_response("Unauthorized");
  responses["400"] = problem_response("BadRequest");  // a malformed request target, at least
  if (r.method == "DELETE") responses["404"] = problem_response("NotFound");
  if (r.method == "POST" && !r.request.empty()) responses["409"] = problem_response("Conflict");
  op["responses"] = std::move(responses);
  json::value& slot = paths[r.path];
  if (!slot.is_object()) slot = json::object{};
  slot.as_object()[text::to_lower(r.method)] = std::move(op);
}

json::object components(const bizobject::Engine& engine) {
  json::object schemas{{"Problem", problem_schema()}, {"Pagination", pagination_schema()}};
  add_service_schemas(schemas);
  for (const ObjectSpec* spec : engine.objects())
    add_object_schemas(schemas, *spec, engine.max_rows());
  json::object responses;
  for (const auto& [name, text] :
       {std::pair<std::string_view, std::string_view>{
            "Unauthorized",
            "The signature, key or clock was refused (code names which: SignatureDoesNotMatch, "
            "RequestTimeTooSkewed, InvalidAccessKeyId, ...)"},
        {"BadRequest", "Invalid input; `field` names the field or row"},
        {"NotFound", "No such record"},
        {"PayloadTooLarge",
         "The body is longer than the server's limit (`sqlacc serve --max-body`, default 8 MiB); "
         "nothing was written"},
        {"UnsupportedMediaType",
         "The body of a POST or PUT must be sent with `Content-Type: application/json` (charset, "
         "if any, UTF-8); the message names what was sent"},
        {"Conflict",
         "A duplicate code, a stale updatecount (\"Record has been changed by other users.\"), or "
         "a record others depend on"},
        {"Unavailable",
         "The database cannot be reached (DatabaseUnavailable: restarting, failing over) or every "
         "database connection stayed busy (ServiceBusy); nothing was written. Retry after the "
         "Retry-After header's seconds"}})
    responses[name] =
        json::object{{"description", text},
                     {"content", json_content(schema_ref("Problem"), "application/problem+json")}};
  json::object schemes{
      {"sigv4",
       json::object{
           {"type", "apiKey"},
           {"in", "header"},
           {"name", "Authorization"},
           {"description",
            "AWS Signature Version 4 (AWS4-HMAC-SHA256) with the user's Access Key and Secret Key, "
            "region ap-southeast-5, service sqlaccount (ap-southeast-1/execute-api also accepted). "
            "Sign the method, path, query, the host and x-amz-* headers and the body's SHA-256; or "
            "presign the URL (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, "
            "X-Amz-SignedHeaders, X-Amz-Signature). Clock skew: 15 minutes. For example: curl "
            "--aws-sigv4 \"aws:amz:ap-southeast-5:sqlaccount\" --user \"AK:SK\" URL"},
           {"x-amazon-apigateway-authtype", "awsSigv4"}}},
      {"adminSession",
       json::object{{"type", "apiKey"},
                    {"in", "cookie"},
                    {"name", "sqlacc_session"},
                    {"description", "The admin console's session (POST /admin/login)"}}},
      {"csrfToken",
       json::object{{"type", "apiKey"},
                    {"in", "header"},
                    {"name", "X-CSRF-Token"},
                    {"description", "The session's CSRF token, on every state-changing call"}}}};
  return {{"schemas", std::move(schemas)},
          {"responses", std::move(responses)},
          {"securitySchemes", std::move(schemes)}};
}

}  // namespace

json::value make_openapi(const bizobject::Engine& engine, std::string_view server_url,
                         std::string_view version, std::span<const RouteDoc> routes,
                         const PrintTemplates& print_templates) {
  json::object paths;
  for (const ObjectSpec* spec : engine.objects()) {
    const bool source = bizobject::is_transfer_source(engine.objects(), *spec);
    for (const RouteDoc& r : routes)
      if (is_object_route(r)) add_object_operation(paths, *spec, r, print_templates, source);
  }
  for (const RouteDoc& r : routes)
    if (!is_object_route(r)) add_route(paths, r);

  json::array tags;
  for (const ObjectSpec* spec : engine.objects()) {
    json::object t{{"name", spec->title}};
    if (!spec->doc.empty()) t["description"] = spec->doc;
    tags.push_back(std::move(t));
  }
  tags.push_back(json::object{{"name", "Service"}, {"description", "Health, version, reports"}});
  tags.push_back(
      json::object{{"name", "Admin console"}, {"description", "Users and API keys (/admin)"}});

  json::object info{
      {"title", "sqlacc: SQL Account API Service"},
      {"version", version},
      {"description",
       "A self-hosted, wire-compatible implementation of the SQL Account API Service: the same "
       "paths, lower-case field names, sds… sub-datasets, envelopes, dockey/dtlkey and "
       "updatecount, signed with AWS Signature Version 4. Generated from the business-object "
       "specs."}};
  return json::object{{"openapi", "3.1.0"},
                      {"info", std::move(info)},
                      {"servers", json::array{json::object{{"url", server_url}}}},
                      {"security", json::array{json::object{{"sigv4", json::array{}}}}},
                      {"tags", std::move(tags)},
                      {"paths", std::move(paths)},
                      {"components", components(engine)}};
}

}  // namespace sqlacc::contract
