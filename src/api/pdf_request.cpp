#include "api/pdf_request.h"

#include "api/print_layouts.h"
#include "bizobject/engine.h"
#include "bizobject/template_aliases.h"
#include "pdf/render.h"
#include "util/problem.h"
#include "util/text.h"

namespace sqlacc::api {
namespace {

using text::trim;

// "application/pdf; template=Sales Invoice 8 (SST 1)" -> the template; nullopt if not a PDF type.
std::optional<std::string> pdf_media_type(std::string_view value) {
  const std::size_t semi = value.find(';');
  if (!text::iequals(trim(value.substr(0, semi)), "application/pdf")) return std::nullopt;
  std::string name;
  if (semi == std::string_view::npos) return name;
  std::string_view params = value.substr(semi + 1);
  // The template name may itself hold ';' or '=' rarely; take everything after "template=".
  const std::size_t eq = params.find('=');
  if (eq != std::string_view::npos && text::iequals(trim(params.substr(0, eq)), "template"))
    name = std::string(trim(params.substr(eq + 1)));
  return name;
}

}  // namespace

std::optional<std::string> requested_pdf_template(const Request& req) {
  if (const std::string* ct = req.header("Content-Type"))
    if (auto name = pdf_media_type(*ct)) return name;
  if (const std::string* accept = req.header("Accept")) {
    std::string_view rest = *accept;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      if (auto name = pdf_media_type(trim(rest.substr(0, comma)))) return name;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return std::nullopt;
}

void render_pdf_reply(Response& res, const bizobject::Engine& engine, store::Connection& conn,
                      std::string_view template_name, const bizobject::Result& record,
                      const store::CompanyProfile& company) {
  const bizobject::ObjectSpec& spec = *record.spec;
  const std::string_view resource = spec.resource;
  if (spec.print_templates.empty())
    throw Problem(406, "NotAcceptable",
                  "No printed form for " + std::string(resource) + "; ask for application/json");
  const auto choice = bizobject::resolve_template(conn, spec, template_name);
  if (!choice)
    throw Problem(404, "UnknownTemplate",
                  "Unknown report template '" + std::string(template_name) + "' for " +
                      std::string(resource) + ". Known: " + bizobject::printable_names(conn, spec),
                  "template");
  const bizobject::Record& r = record.records.at(0);
  res.status = 200;
  res.content_type = "application/pdf";
  const bizobject::PrintedForm& form = engine.printed_form(spec, *choice->form);
  res.body = pdf::render_pdf(build_print_document(form, r, company, choice->variant));
  std::string file = "document";
  if (form.docno >= 0) file = r.row[static_cast<std::size_t>(form.docno)].s;
  for (char& c : file)
    if (!text::is_token_char(c)) c = '_';
  res.headers.push_back({"Content-Disposition", "inline; filename=\"" + file + ".pdf\""});
}

}  // namespace sqlacc::api
