#pragma once
// Renders a pdf::Document as a PDF on A4 portrait or A5 landscape paper (Document::page) with cairo
// + pango (UTF-8, wrapping, page breaks with the table header repeated, "Page N of M"). Fonts come
// from fontconfig (DejaVu Sans first).
#include <string>

#include "pdf/document.h"

namespace sqlacc::pdf {

// The bytes of the PDF ("%PDF-..."). Throws std::runtime_error carrying cairo's status string if
// cairo fails. Thread-safe: every call has its own surface and pango context.
std::string render_pdf(const Document& doc);

}  // namespace sqlacc::pdf
