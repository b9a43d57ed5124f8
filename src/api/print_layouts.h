#pragma once
// Printing a document as a PDF: the original's Report Designer template names (what clients send
// in `Content-Type: application/pdf;template=...`) mapped to our layouts, and the one function that
// turns a record, as GET returns it, into a pdf::Document. The layouts themselves are a data table
// in print_layouts.cpp (title, party block, info fields, columns, totals rule per layout).
#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "pdf/document.h"
#include "store/company_profile.h"

namespace sqlacc::api {

struct PrintLayout;  // one entry of the layout table (print_layouts.cpp)

struct PrintTemplate {
  std::string_view name;      // as the original names it: "Sales Invoice 8 (SST 1)"
  std::string_view resource;  // "salesinvoice"
  const PrintLayout* layout;  // several names may share one layout
};

// The template names of a resource in display order, the default first; empty if it has none.
std::vector<std::string_view> print_template_names(std::string_view resource);

// The template `name` of `resource`, matched ignoring ASCII case, surrounding white space and
// surrounding double quotes; an empty name gives the default. nullptr if unknown.
const PrintTemplate* find_print_template(std::string_view resource, std::string_view name);

// The printable document of one record (the element of GET's {"data":[record]}): decimals as
// strings, dates "YYYY-MM-DD" (printed DD/MM/YYYY), detail rows in `sds...` arrays. Totals are
// summed exactly as decimals and amounts printed with thousands separators. Missing or odd fields
// (null, numbers for strings, absent arrays) print empty or as their text; it never throws for
// the record's content.
pdf::Document build_print_document(const PrintTemplate& tmpl, const boost::json::object& record,
                                   const store::CompanyProfile& company);

}  // namespace sqlacc::api
