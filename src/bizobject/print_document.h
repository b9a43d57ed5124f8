#pragma once
// Printing a record: a printed form (print_layout.h) filled from a record as Engine::get returns it
// (record.h) gives a pdf::Document (pdf/document.h; rendering it is pdf/render.h, below the api
// layer).
#include <string_view>

#include "bizobject/print_layout.h"
#include "bizobject/record.h"
#include "bizobject/spec.h"
#include "pdf/document.h"
#include "store/company_profile.h"

namespace sqlacc::bizobject {

// The form `name` of `spec`, matched ignoring ASCII case, surrounding white space and surrounding
// double quotes; an empty name gives the default (the first). nullptr if unknown.
const PrintTemplate* find_print_template(const ObjectSpec& spec, std::string_view name);

// The printable document of one record of `spec` as Engine::get returns it (with its datasets):
// dates "YYYY-MM-DD" printed DD/MM/YYYY, detail rows from the layout's dataset. Totals are summed
// exactly as decimals and amounts printed with thousands separators. Fields a layout names that the
// record lacks print empty, an overflowing sum is left empty; it never throws for the record's
// content.
pdf::Document build_print_document(const PrintLayout& layout, const ObjectSpec& spec,
                                   const Record& record, const store::CompanyProfile& company);

}  // namespace sqlacc::bizobject
