// Fuzzes the request headers the API reads by hand: the PDF request (Content-Type
// `application/pdf;template=NAME` or Accept, api/pdf_request.h) with the template lookup
// (bizobject/print_templates.h: stems, suffixes, variants), and the
// JSON Content-Type rule of writes (api/request.h). Input: Content-Type, '\n', Accept.
// Invariants: a template is found only when a header names application/pdf, and comes out trimmed
// and as it was sent; a write is accepted only as application/json with no charset but UTF-8;
// a refusal is a 415 whose message is valid UTF-8 and names the header.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/pdf_request.h"
#include "api/print_layouts.h"
#include "api/request.h"
#include "bizobject/engine.h"
#include "bizobject/print_templates.h"
#include "fuzz_support.h"
#include "util/problem.h"
#include "util/text.h"

using namespace sqlacc;

namespace {

bool contains_ci(std::string_view hay, std::string_view needle) {
  return sqlacc::text::to_lower(hay).find(sqlacc::text::to_lower(needle)) != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bizobject::Engine engine;
  static const bizobject::ObjectSpec* invoice = engine.find("salesinvoice");
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = in.find('\n');
  api::Request req;
  req.method = "GET";
  req.headers.push_back({"Content-Type", std::string(in.substr(0, nl))});
  if (nl != std::string_view::npos)
    req.headers.push_back({"Accept", std::string(in.substr(nl + 1))});

  if (auto name = api::requested_pdf_template(req)) {
    FUZZ_CHECK(contains_ci(in, "application/pdf"));
    FUZZ_CHECK(name->empty() || (name->front() != ' ' && name->back() != ' '));
    FUZZ_CHECK(in.find(*name) != std::string_view::npos);
    // Looking the name up never fails other than by not finding it, and reads the name as its
    // normalized key does: the same name upper-cased, or with its spaces doubled, finds the same.
    const auto found = bizobject::find_builtin_template(*invoice, *name);
    std::string doubled;
    for (char c : *name) doubled += c == ' ' ? std::string("  ") : std::string(1, c);
    for (const std::string& same : {sqlacc::text::to_upper(*name), doubled}) {
      const auto again = bizobject::find_builtin_template(*invoice, same);
      FUZZ_CHECK(again.has_value() == found.has_value());
      if (found) FUZZ_CHECK(again->form == found->form && again->variant == found->variant);
    }
    (void)bizobject::template_stem(*name);
  }

  try {
    api::require_json_content_type(req);
    const std::string& ct = req.headers[0].value;
    FUZZ_CHECK(
        sqlacc::text::iequals(sqlacc::text::trim(ct.substr(0, ct.find(';'))), "application/json"));
  } catch (const Problem& p) {
    FUZZ_CHECK(p.status == 415 && p.code == problem_code::kUnsupportedMediaType);
    FUZZ_CHECK(sqlacc::text::valid_utf8(p.what()));
    FUZZ_CHECK(std::string_view(p.what()).find("Content-Type") != std::string_view::npos);
  }
  return 0;
}
