#include "pdf/render.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <glib-object.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace sqlacc::pdf {
namespace {

// A4 portrait in points; cairo's PDF user unit is the point. A5 landscape has the same width, so
// only the page height (and where the body ends) depends on the document's paper.
constexpr double kPageW = 595.2756;
constexpr double kA4H = 841.8898;
constexpr double kA5LandscapeH = 419.5276;  // 148 mm
constexpr double kMargin = 36.0;
constexpr double kContentW = kPageW - 2 * kMargin;
constexpr double kFooterH = 24.0;  // rule + one line of 7.5pt text

double page_height(const Document& doc) {
  return doc.page == PageSize::A5Landscape ? kA5LandscapeH : kA4H;
}
constexpr double kPadX = 4.0;
constexpr double kPadY = 3.5;
constexpr double kLeftBlockW = kContentW * 0.55;
constexpr double kRightBlockW = kContentW * 0.40;
constexpr double kTotalsW = 230.0;
constexpr double kMinFontSize = 5.0;
constexpr std::size_t kMaxTextBytes = 3000;   // a cell, a line of the header
constexpr std::size_t kMaxNoteBytes = 20000;  // the note
constexpr const char* kFamily = "DejaVu Sans, Sans";

struct GObjectUnref {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
struct FontFree {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontFree>;

void check(cairo_status_t status) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(
        fmt::format("PDF rendering failed: {}", cairo_status_to_string(status)));
}

// Text pango accepts: CRLF -> LF, other control characters -> space, invalid UTF-8 -> U+FFFD;
// longer than max_bytes: cut at a character boundary and ended with an ellipsis (pango's line
// breaking is quadratic in the length of an unbreakable word, and no cell shows that much).
std::string clean(std::string_view s, std::size_t max_bytes = std::string_view::npos) {
  bool cut = false;
  if (s.size() > max_bytes) {
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s = s.substr(0, end);
    cut = true;
  }
  std::string t;
  t.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') continue;
      t += '\n';
    } else if (c == '\n' || c == '\t') {
      t += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      t += ' ';
    } else {
      t += static_cast<char>(c);
    }
  }
  if (cut) t += "\u2026";
  if (g_utf8_validate(t.data(), static_cast<gssize>(t.size()), nullptr)) return t;
  gchar* valid = g_utf8_make_valid(t.data(), static_cast<gssize>(t.size()));
  std::string out(valid);
  g_free(valid);
  return out;
}

FontPtr font(double size, bool bold) {
  FontPtr f(pango_font_description_new());
  pango_font_description_set_family(f.get(), kFamily);
  pango_font_description_set_size(f.get(), static_cast<gint>(size * PANGO_SCALE));
  pango_font_description_set_weight(f.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return f;
}

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.10, 0.10, 0.12};
constexpr Rgb kMuted{0.38, 0.40, 0.44};
constexpr Rgb kRule{0.55, 0.57, 0.60};
constexpr Rgb kHairline{0.82, 0.83, 0.85};
constexpr Rgb kHeaderFill{0.88, 0.90, 0.93};
constexpr Rgb kZebra{0.96, 0.965, 0.975};
constexpr Rgb kRed{0.78, 0.08, 0.08};

struct Page {
  std::size_t row_begin = 0, row_end = 0;
  bool totals = false;
};

class Renderer {
 public:
  Renderer(cairo_t* cr, const Document& doc) : cr_(cr), doc_(doc) {
    ctx_.reset(pango_cairo_create_context(cr_));
    pango_cairo_context_set_resolution(ctx_.get(), 72.0);  // font sizes in points
    // Vector output: exact glyph advances, no hinting (else widths snap to whole points).
    pango_context_set_round_glyph_positions(ctx_.get(), FALSE);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx_.get(), options);
    cairo_font_options_destroy(options);
    prepare_table();
  }

  void render() {
    paginate();
    for (std::size_t p = 0; p < pages_.size(); ++p) {
      draw_page(p);
      cairo_show_page(cr_);
      check(cairo_status(cr_));
    }
  }

 private:
  // --- text primitives ---
  LayoutPtr text(std::string_view s, const PangoFontDescription* f, double width,
                 PangoAlignment align = PANGO_ALIGN_LEFT,
                 std::size_t max_bytes = kMaxTextBytes) const {
    LayoutPtr l(pango_layout_new(ctx_.get()));
    pango_layout_set_font_description(l.get(), f);
    if (width > 0) {
      pango_layout_set_width(l.get(), pango_units_from_double(width));
      pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l.get(), align);
    std::string t = clean(s, max_bytes);
    pango_layout_set_text(l.get(), t.data(), static_cast<int>(t.size()));
    return l;
  }
  static double height(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return pango_units_to_double(h);
  }
  double natural_width(std::string_view s, const PangoFontDescription* f) const {
    auto l = text(s, f, 0);
    int w = 0, h = 0;
    pango_layout_get_size(l.get(), &w, &h);
    return pango_units_to_double(w);
  }
  // Text in a column `width` wide, its font shrunk (down to kMinFontSize) until every word fits,
  // or, for `whole` (numbers), the whole text on one line: numbers and labels are never broken.
  LayoutPtr fitted(std::string_view s, const PangoFontDescription* f, double width,
                   PangoAlignment align, bool whole) const {
    double widest = 0;
    if (whole) {
      widest = natural_width(s, f);
    } else {
      std::size_t i = 0;
      while (i < s.size()) {
        std::size_t j = s.find_first_of(" \t\n", i);
        if (j == std::string_view::npos) j = s.size();
        if (j > i) widest = std::max(widest, natural_width(s.substr(i, j - i), f));
        i = j + 1;
      }
    }
    if (widest <= width) return text(s, f, width, align);
    FontPtr smaller(pango_font_description_copy(f));
    const double size = pango_units_to_double(pango_font_description_get_size(f));
    const double fit = std::max(kMinFontSize, size * width / widest * 0.98);
    pango_font_description_set_size(smaller.get(), pango_units_from_double(fit));
    return text(s, smaller.get(), width, align);
  }
  // Never taller than max_h: the overflow is cut at a line and marked with an ellipsis.
  static void limit_height(PangoLayout* l, double max_h) {
    if (height(l) <= max_h) return;
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(l, pango_units_from_double(std::max(max_h, 1.0)));
  }
  void color(Rgb c) const { cairo_set_source_rgb(cr_, c.r, c.g, c.b); }
  void show(PangoLayout* l, double x, double y, Rgb c = kInk) const {
    color(c);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l);
  }
  void hline(double x0, double x1, double y, double width, Rgb c) const {
    color(c);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, x0, y);
    cairo_line_to(cr_, x1, y);
    cairo_stroke(cr_);
  }
  void fill(double x, double y, double w, double h, Rgb c) const {
    color(c);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_fill(cr_);
  }

  // --- blocks: each returns the y below it; draws only when `draw` ---
  double full_header(double y, bool draw) const {
    double left = y;
    if (!doc_.company_lines.empty()) {
      auto name = text(doc_.company_lines.front(), f_company_.get(), kLeftBlockW);
      if (draw) show(name.get(), kMargin, left);
      left += height(name.get()) + 2;
      std::string rest;
      for (std::size_t i = 1; i < doc_.company_lines.size(); ++i) {
        if (!rest.empty()) rest += '\n';
        rest += doc_.company_lines[i];
      }
      if (!rest.empty()) {
        auto l = text(rest, f_small_.get(), kLeftBlockW);
        if (draw) show(l.get(), kMargin, left, kMuted);
        left += height(l.get());
      }
    }

    const double rx = kPageW - kMargin - kRightBlockW;
    double right = y;
    auto title = text(doc_.title, f_title_.get(), kRightBlockW, PANGO_ALIGN_RIGHT);
    if (draw) show(title.get(), rx, right);
    right += height(title.get()) + 2;
    if (doc_.cancelled) {
      auto c = text("CANCELLED", f_cancel_.get(), kRightBlockW, PANGO_ALIGN_RIGHT);
      if (draw) show(c.get(), rx, right, kRed);
      right += height(c.get()) + 2;
    }
    right += 4;
    const double label_w = kRightBlockW * 0.38;
    for (const auto& [label, value] : doc_.info) {
      auto l = text(label, f_small_.get(), label_w - 6);
      auto v = text(value, f_small_bold_.get(), kRightBlockW - label_w);
      if (draw) {
        show(l.get(), rx, right, kMuted);
        show(v.get(), rx + label_w, right);
      }
      right += std::max(height(l.get()), height(v.get())) + 1.5;
    }

    y = std::max(left, right) + 8;
    if (draw) hline(kMargin, kPageW - kMargin, y, 1.0, kInk);
    y += 12;

    if (!doc_.party_heading.empty() || !doc_.party_lines.empty()) {
      if (!doc_.party_heading.empty()) {
        std::string heading = doc_.party_heading;
        for (char& c : heading)
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        auto h = text(heading, f_label_.get(), kLeftBlockW);
        if (draw) show(h.get(), kMargin, y, kMuted);
        y += height(h.get()) + 2;
      }
      for (std::size_t i = 0; i < doc_.party_lines.size(); ++i) {
        auto l =
            text(doc_.party_lines[i], i == 0 ? f_body_bold_.get() : f_body_.get(), kLeftBlockW);
        if (draw) show(l.get(), kMargin, y);
        y += height(l.get());
      }
      y += 12;
    }
    return y;
  }

  std::string reference() const {
    std::string s = doc_.title;
    if (!doc_.info.empty() && !doc_.info.front().second.empty()) {
      if (!s.empty()) s += "  ";
      s += doc_.info.front().second;
    }
    return s;
  }

  // Pages after the first: company name left, title and number right.
  double compact_header(double y, bool draw) const {
    std::string company = doc_.company_lines.empty() ? "" : doc_.company_lines.front();
    auto l = text(company, f_body_bold_.get(), kLeftBlockW);
    std::string ref = reference();
    if (doc_.cancelled) ref += "  (CANCELLED)";
    auto r = text(ref, f_body_bold_.get(), kRightBlockW, PANGO_ALIGN_RIGHT);
    if (draw) {
      show(l.get(), kMargin, y);
      show(r.get(), kPageW - kMargin - kRightBlockW, y);
    }
    y += std::max(height(l.get()), height(r.get())) + 6;
    if (draw) hline(kMargin, kPageW - kMargin, y, 1.0, kInk);
    return y + 12;
  }

  void footer(std::size_t page) const {
    const double y = page_h_ - kMargin - kFooterH + 8;
    hline(kMargin, kPageW - kMargin, y, 0.5, kRule);
    auto l = text(reference(), f_footer_.get(), kContentW * 0.6);
    auto r = text(fmt::format("Page {} of {}", page + 1, pages_.size()), f_footer_.get(),
                  kContentW * 0.35, PANGO_ALIGN_RIGHT);
    show(l.get(), kMargin, y + 4, kMuted);
    show(r.get(), kPageW - kMargin - kContentW * 0.35, y + 4, kMuted);
  }

  void watermark() const {
    auto l = text("CANCELLED", f_watermark_.get(), 0);
    int w = 0, h = 0;
    pango_layout_get_size(l.get(), &w, &h);
    cairo_save(cr_);
    cairo_translate(cr_, kPageW / 2, page_h_ / 2);
    cairo_rotate(cr_, -0.6);
    cairo_set_source_rgba(cr_, kRed.r, kRed.g, kRed.b, 0.16);
    cairo_move_to(cr_, -pango_units_to_double(w) / 2, -pango_units_to_double(h) / 2);
    pango_cairo_show_layout(cr_, l.get());
    cairo_restore(cr_);
  }

  // --- table ---
  void prepare_table() {
    const std::size_t n = doc_.columns.size();
    if (n == 0) return;
    double total_weight = 0;
    for (const auto& c : doc_.columns) total_weight += c.weight > 0 ? c.weight : 1.0;
    double x = kMargin;
    for (const auto& c : doc_.columns) {
      double w = kContentW * (c.weight > 0 ? c.weight : 1.0) / total_weight;
      col_x_.push_back(x);
      col_w_.push_back(w);
      x += w;
    }
    header_h_ = 0;
    for (std::size_t c = 0; c < n; ++c) {
      header_cells_.push_back(fitted(doc_.columns[c].label, f_label_.get(), col_w_[c] - 2 * kPadX,
                                     doc_.columns[c].numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT,
                                     false));
      header_h_ = std::max(header_h_, height(header_cells_.back().get()));
    }
    header_h_ += 2 * kPadY + 1;
    // The tallest row a continuation page can hold; taller cells are cut with an ellipsis.
    const double max_row_h = body_bottom_ - continuation_top() - header_h_ - 4;
    static const std::string kEmpty;
    for (const auto& row : doc_.rows) {
      std::vector<LayoutPtr> cells;
      double h = 0;
      for (std::size_t c = 0; c < n; ++c) {
        const std::string& s = c < row.size() ? row[c] : kEmpty;
        const double w = col_w_[c] - 2 * kPadX;
        if (doc_.columns[c].numeric)
          cells.push_back(fitted(s, f_cell_.get(), w, PANGO_ALIGN_RIGHT, true));
        else
          cells.push_back(text(s, f_cell_.get(), w));
        limit_height(cells.back().get(), max_row_h - 2 * kPadY);
        h = std::max(h, height(cells.back().get()));
      }
      row_cells_.push_back(std::move(cells));
      row_h_.push_back(h + 2 * kPadY);
    }
  }

  double continuation_top() const { return compact_header(kMargin, false); }

  double table_header(double y, bool draw) const {
    if (draw) {
      fill(kMargin, y, kContentW, header_h_, kHeaderFill);
      for (std::size_t c = 0; c < header_cells_.size(); ++c)
        show(header_cells_[c].get(), col_x_[c] + kPadX, y + kPadY, kInk);
      hline(kMargin, kPageW - kMargin, y + header_h_, 0.8, kInk);
    }
    return y + header_h_;
  }

  double table_row(std::size_t i, double y, bool draw) const {
    if (draw) {
      if (i % 2 == 1) fill(kMargin, y, kContentW, row_h_[i], kZebra);
      for (std::size_t c = 0; c < row_cells_[i].size(); ++c)
        show(row_cells_[i][c].get(), col_x_[c] + kPadX, y + kPadY);
      hline(kMargin, kPageW - kMargin, y + row_h_[i], 0.3, kHairline);
    }
    return y + row_h_[i];
  }

  // --- totals and note ---
  double totals_block(double y, bool draw) const {
    if (doc_.totals.empty() && doc_.note.empty()) return y;
    y += 10;
    const double tx = kPageW - kMargin - kTotalsW;
    double ty = y;
    for (std::size_t i = 0; i < doc_.totals.size(); ++i) {
      const bool grand = doc_.grand_total && i + 1 == doc_.totals.size();
      const auto* f = grand ? f_total_bold_.get() : f_body_.get();
      if (grand) {
        ty += 3;
        if (draw) hline(tx, kPageW - kMargin, ty, 0.8, kInk);
        ty += 4;
      }
      auto l = text(doc_.totals[i].first, f, kTotalsW * 0.5 - kPadX);
      auto v = text(doc_.totals[i].second, f, kTotalsW * 0.5 - kPadX, PANGO_ALIGN_RIGHT);
      if (draw) {
        show(l.get(), tx + kPadX, ty);
        show(v.get(), tx + kTotalsW * 0.5, ty);
      }
      ty += std::max(height(l.get()), height(v.get())) + 3;
      if (grand && draw) {
        hline(tx, kPageW - kMargin, ty, 0.8, kInk);
        hline(tx, kPageW - kMargin, ty + 2, 0.8, kInk);
      }
    }
    double ny = y;
    if (!doc_.note.empty()) {
      const double note_w = doc_.totals.empty() ? kContentW : kContentW - kTotalsW - 18;
      auto n = text(doc_.note, f_body_.get(), note_w, PANGO_ALIGN_LEFT, kMaxNoteBytes);
      limit_height(n.get(), body_bottom_ - continuation_top() - 20);
      if (draw) show(n.get(), kMargin, ny);
      ny += height(n.get());
    }
    return std::max(ty, ny) + 4;
  }

  // --- pagination: the same block functions as drawing, without drawing ---
  void paginate() {
    pages_.clear();
    const double first_top = full_header(kMargin, false);
    const double other_top = continuation_top();
    const bool table = !doc_.columns.empty();
    Page page;
    double y = first_top + (table ? header_h_ : 0);
    for (std::size_t i = 0; i < row_h_.size(); ++i) {
      // A continuation page always takes its first row (rows are capped to fit one).
      if (y + row_h_[i] > body_bottom_ && (page.row_end > page.row_begin || pages_.empty())) {
        page.row_end = i;
        pages_.push_back(page);
        page = Page{i, i, false};
        y = other_top + header_h_;
      }
      y += row_h_[i];
      page.row_end = i + 1;
    }
    const double totals_h = totals_block(0, false);
    if (y + totals_h > body_bottom_ && (page.row_end > page.row_begin || !pages_.empty())) {
      pages_.push_back(page);
      page = Page{row_h_.size(), row_h_.size(), false};
    }
    page.totals = true;
    pages_.push_back(page);
  }

  void draw_page(std::size_t p) const {
    const Page& page = pages_[p];
    double y = p == 0 ? full_header(kMargin, true) : compact_header(kMargin, true);
    const bool rows_here = page.row_end > page.row_begin;
    if (!doc_.columns.empty() && (rows_here || (p == 0 && doc_.rows.empty())))
      y = table_header(y, true);
    for (std::size_t i = page.row_begin; i < page.row_end; ++i) y = table_row(i, y, true);
    if (page.totals) totals_block(y, true);
    footer(p);
    if (doc_.cancelled) watermark();
  }

  cairo_t* cr_;
  const Document& doc_;
  const double page_h_ = page_height(doc_);
  const double body_bottom_ = page_h_ - kMargin - kFooterH;
  ContextPtr ctx_;
  FontPtr f_title_ = font(18, true);
  FontPtr f_company_ = font(12, true);
  FontPtr f_cancel_ = font(11, true);
  FontPtr f_body_ = font(8.5, false);
  FontPtr f_body_bold_ = font(8.5, true);
  FontPtr f_total_bold_ = font(9, true);
  FontPtr f_small_ = font(8, false);
  FontPtr f_small_bold_ = font(8, true);
  FontPtr f_label_ = font(7.5, true);
  FontPtr f_cell_ = font(8, false);
  FontPtr f_footer_ = font(7.5, false);
  FontPtr f_watermark_ = font(72, true);
  std::vector<double> col_x_, col_w_;
  double header_h_ = 0;
  std::vector<LayoutPtr> header_cells_;
  std::vector<std::vector<LayoutPtr>> row_cells_;
  std::vector<double> row_h_;
  std::vector<Page> pages_;
};

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

}  // namespace

std::string render_pdf(const Document& doc) {
  std::string out;
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
      cairo_pdf_surface_create_for_stream(append_bytes, &out, kPageW, page_height(doc)));
  check(cairo_surface_status(surface.get()));
  const std::string title = clean(doc.title);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "sqlacc");
  {
    std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
    check(cairo_status(cr.get()));
    Renderer(cr.get(), doc).render();
    check(cairo_status(cr.get()));
  }
  cairo_surface_finish(surface.get());
  check(cairo_surface_status(surface.get()));
  return out;
}

}  // namespace sqlacc::pdf
