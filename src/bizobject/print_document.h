#pragma once
// Printing a record: a printed form (print_layout.h) filled from a record as Engine::get returns it
// (record.h) gives a pdf::Document (pdf/document.h; rendering it is pdf/render.h, below the api
// layer).
#include <string_view>
#include <vector>

#include "bizobject/print_layout.h"
#include "bizobject/print_templates.h"
#include "bizobject/record.h"
#include "bizobject/spec.h"
#include "pdf/document.h"
#include "store/company_profile.h"

namespace sqlacc::bizobject {

// A printed form compiled against its object: every field the form reads as an index (-1 when
// the object has no such field: it prints empty). The engine compiles each spec's forms once, when
// the specs are registered (Engine::printed_form), after checking their names.
struct PrintedForm {
  const PrintLayout* layout = nullptr;
  const ObjectSpec* spec = nullptr;
  int detail = -1;           // the layout's dataset in spec->datasets
  std::vector<int> info;     // per layout->info: a master field
  std::vector<int> columns;  // per layout->columns: a detail field (-1 for "#")
  // Per layout->columns: left out of the simple variant. The columns of the object's discount and
  // tax fields (its AmountSpec's disc, tax, taxrate, taxinclusive, taxamt, ...), when the layout's
  // rows are the lines the amounts are computed on: derived, so no layout lists a simple form.
  std::vector<bool> detail_only;
  std::vector<int> totals;  // per layout->totals: a detail field (DetailSum), else a master field
  // The master fields every form reads (party block, currency, cancelled stamp, note).
  int companyname = -1, address[4] = {-1, -1, -1, -1}, postcode = -1, city = -1, state = -1,
      country = -1, phone1 = -1, attention = -1, currencycode = -1, cancelled = -1,
      description = -1;
  int docno = -1;  // names the PDF file: a text field "docno", else -1
};
PrintedForm compile_printed_form(const PrintLayout& layout, const ObjectSpec& spec);

// The printable document of one record of `spec` as Engine::get returns it (with its datasets):
// dates "YYYY-MM-DD" printed DD/MM/YYYY, detail rows from the layout's dataset. Totals are summed
// exactly as decimals and amounts printed with thousands separators. Fields a layout names that the
// record lacks print empty, an overflowing sum is left empty; it never throws for the record's
// content. `variant`: simple leaves out the detail_only columns (the totals stay, so the figures
// still add up); half_page prints on A5 landscape.
pdf::Document build_print_document(const PrintedForm& form, const Record& record,
                                   const store::CompanyProfile& company, PrintVariant variant = {});
// The same, compiling the form first (tests and tools; the service uses Engine::printed_form).
pdf::Document build_print_document(const PrintLayout& layout, const ObjectSpec& spec,
                                   const Record& record, const store::CompanyProfile& company,
                                   PrintVariant variant = {});

}  // namespace sqlacc::bizobject
