#pragma once
// The console's page, style sheet and script: the files of src/admin/web/, embedded into the
// binary at build time (cmake/embed_files.cmake writes their bytes into a generated .cpp), so the
// console works with no files beside the binary and no network access.
#include <string_view>

namespace sqlacc::admin::web {

std::string_view index_html();  // web/index.html, served at /admin
std::string_view app_css();     // web/app.css, at /admin/app.css
std::string_view app_js();      // web/app.js, at /admin/app.js

}  // namespace sqlacc::admin::web
