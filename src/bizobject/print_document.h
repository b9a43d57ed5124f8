#pragma once
// Printing a record: a printed form (print_layout.h) filled from a record as GET returns it gives
// a pdf::Document (pdf/document.h; rendering it is pdf/render.h, below the api layer).
#include <boost/json/object.hpp>
#include <string_view>

#include "bizobject/print_layout.h"
#include "bizobject/spec.h"
#include "pdf/document.h"
#include "store/company_profile.h"

namespace sqlacc::bizobject {

// The form `name` of `spec`, matched ignoring ASCII case, surrounding white space and surrounding
// double quotes; an empty name gives the default (the first). nullptr if unknown.
const PrintTemplate* find_print_template(const ObjectSpec& spec, std::string_view name);

// The printable document of one record (the element of GET's {"data":[record]}): decimals as
// strings, dates "YYYY-MM-DD" (printed DD/MM/YYYY), detail rows in `sds...` arrays. Totals are
// summed exactly as decimals and amounts printed with thousands separators. Missing or odd fields
// (null, numbers for strings, absent arrays) print empty or as their text; it never throws for
// the record's content.
pdf::Document build_print_document(const PrintLayout& layout, const boost::json::object& record,
                                   const store::CompanyProfile& company);

}  // namespace sqlacc::bizobject
