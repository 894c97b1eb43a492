#include "clients/print/page_flow.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <utility>

namespace xinbao::print {
namespace {

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

double Points(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }

}  // namespace

double Millimetres(double mm) { return mm * 72.0 / 25.4; }

PageBox OfficialPage() {
  PageBox box;
  box.top = Millimetres(37);
  box.bottom = Millimetres(37 + 225);
  box.left = Millimetres(28);
  box.right = Millimetres(28 + 156);
  return box;
}

PageFlow::PageFlow(const PageBox& box, Furnish furnish)
    : box_(box), furnish_(std::move(furnish)) {}

PageFlow::~PageFlow() {
  if (cairo_ != nullptr) cairo_destroy(cairo_);
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

Result<std::unique_ptr<PageFlow>> PageFlow::Open(const PageBox& box, const std::string& title,
                                                 Furnish furnish) {
  std::unique_ptr<PageFlow> flow(new PageFlow(box, std::move(furnish)));
  flow->context_ = PrintContext();
  XINBAO_RETURN_IF_ERROR(FacesInstalled(flow->context_.get()));
  flow->surface_ =
      cairo_pdf_surface_create_for_stream(Append, &flow->bytes_, box.width, box.height);
  cairo_pdf_surface_set_metadata(flow->surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(flow->surface_, CAIRO_PDF_METADATA_CREATOR, "xinbao");
  flow->cairo_ = cairo_create(flow->surface_);
  if (cairo_status(flow->cairo_) != CAIRO_STATUS_SUCCESS) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  std::string("无法生成 PDF 文件：") + cairo_status_to_string(cairo_status(flow->cairo_)));
  }
  pango_cairo_update_context(flow->cairo_, flow->context_.get());
  flow->BeginPage();
  return flow;
}

void PageFlow::BeginPage() {
  ++page_number_;
  y_ = box_.top;
  if (furnish_) furnish_(*this, page_number_);
}

void PageFlow::NewPage() {
  cairo_show_page(cairo_);
  BeginPage();
}

LayoutPtr PageFlow::Text(std::string_view text, const TextStyle& style, double width) const {
  return SetText(context_.get(), text, style, width > 0 ? width : box_.text_width());
}

void PageFlow::Skip(double points) {
  if (at_page_top()) return;
  y_ = std::min(y_ + points, box_.bottom);
}

void PageFlow::KeepRoom(double points) {
  if (!at_page_top() && room() < points) NewPage();
}

void PageFlow::MoveDownTo(double y) {
  if (y > y_) y_ = std::min(y, box_.bottom);
}

void PageFlow::Place(PangoLayout* layout, double x) {
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  do {
    int top = 0;
    int bottom = 0;
    pango_layout_iter_get_line_yrange(iter, &top, &bottom);
    const double height = Points(bottom - top);
    // A line taller than a whole page still goes on a page of its own.
    if (y_ + height > box_.bottom && !at_page_top()) NewPage();
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    const double baseline = Points(pango_layout_iter_get_baseline(iter) - top);
    cairo_move_to(cairo_, box_.left + x + Points(logical.x), y_ + baseline);
    pango_cairo_show_layout_line(cairo_, pango_layout_iter_get_line_readonly(iter));
    y_ += height;
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

void PageFlow::PlaceCentred(PangoLayout* layout) {
  Place(layout, (box_.text_width() - Points(pango_layout_get_width(layout))) / 2);
}

void PageFlow::Draw(PangoLayout* layout, double x, double y) {
  cairo_move_to(cairo_, x, y);
  pango_cairo_show_layout(cairo_, layout);
}

void PageFlow::Rule(double thickness, Ink ink) {
  Line(box_.left, y_ + thickness / 2, box_.right, y_ + thickness / 2, thickness, ink);
  y_ += thickness;
}

void PageFlow::Line(double x1, double y1, double x2, double y2, double thickness, Ink ink) {
  cairo_save(cairo_);
  cairo_set_source_rgb(cairo_, ink.red, ink.green, ink.blue);
  cairo_set_line_width(cairo_, thickness);
  cairo_move_to(cairo_, x1, y1);
  cairo_line_to(cairo_, x2, y2);
  cairo_stroke(cairo_);
  cairo_restore(cairo_);
}

Result<std::string> PageFlow::Finish() {
  cairo_destroy(cairo_);
  cairo_ = nullptr;
  cairo_surface_finish(surface_);
  const cairo_status_t status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  std::string("无法生成 PDF 文件：") + cairo_status_to_string(status));
  }
  return std::move(bytes_);
}

}  // namespace xinbao::print
