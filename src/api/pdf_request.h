#pragma once
// GET /{document}/{dockey} as a PDF. The original's clients ask with the request header
// `Content-Type: application/pdf;template=<Report Designer name>` (on a GET, and often added
// after signing, so it need not be signed); we also honour `Accept: application/pdf` (template
// optional: the resource's default layout).
#include <optional>
#include <string>
#include <string_view>

#include "api/request.h"
#include "bizobject/record.h"
#include "store/company_profile.h"
#include "store/connection.h"

namespace sqlacc::bizobject {
class Engine;
}

namespace sqlacc::api {

// The template the request asks for ("" = the default), or nullopt when it does not ask for a PDF.
std::optional<std::string> requested_pdf_template(const Request& req);

// Renders the record of `record` (Engine::get's result) with the named template of its resource
// (a built-in name, or one of the company's aliases in `conn`: bizobject/template_aliases.h) into
// res: 200 application/pdf, named by the record's docno. Throws Problem 404 listing the names
// that work when the name is unknown, 406 when the resource has no printed form.
void render_pdf_reply(Response& res, const bizobject::Engine& engine, store::Connection& conn,
                      std::string_view template_name, const bizobject::Result& record,
                      const store::CompanyProfile& company);

}  // namespace sqlacc::api
