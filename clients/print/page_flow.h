// PageFlow: text set on A4 pages of a PDF from the top of the text block
// down, a new page when one is full. Internal to clients/print.
//
// The flow keeps a cursor (y, in points from the top of the page) on the
// current page. Place() sets a layout's lines one under another and moves
// the cursor; a line that would pass the bottom of the text block goes to
// the next page, so a paragraph may split across pages but no line is
// ever cut. Each page, when begun, gets its furniture (page number,
// watermark) from the `furnish` callback, drawn under the text.
//
// Threads: one thread (the one that opened it) for its whole life.
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include <functional>
#include <memory>
#include <string>

#include "clients/print/typeface.h"
#include "proto/status.h"

namespace xinbao::print {

// A page and its text block, in points.
struct PageBox {
  double width = 595.276;   // A4: 210 mm
  double height = 841.89;   // 297 mm
  double top = 0;           // the text block's edges
  double bottom = 0;
  double left = 0;
  double right = 0;
  double text_width() const { return right - left; }
};

// GB/T 9704's A4 page: text block 156 × 225 mm, 37 mm from the top and
// 28 mm from the left edge.
PageBox OfficialPage();

double Millimetres(double mm);

class PageFlow {
 public:
  using Furnish = std::function<void(PageFlow& flow, int page_number)>;

  // A flow on page 1 of a new PDF titled `title`. Refuses (STORAGE_FAILURE)
  // when a face is missing (typeface.h) or cairo cannot make the file.
  static Result<std::unique_ptr<PageFlow>> Open(const PageBox& box, const std::string& title,
                                                Furnish furnish);
  ~PageFlow();
  PageFlow(const PageFlow&) = delete;
  PageFlow& operator=(const PageFlow&) = delete;

  const PageBox& box() const { return box_; }
  int page_number() const { return page_number_; }
  double y() const { return y_; }
  // Points left above the bottom of the text block.
  double room() const { return box_.bottom - y_; }
  bool at_page_top() const { return y_ <= box_.top; }

  // `text` laid out in `style`, `width` points wide (0: the text block).
  LayoutPtr Text(std::string_view text, const TextStyle& style, double width = 0) const;

  // A gap of `points`; none at the top of a page, and none past its
  // bottom (the next thing starts the next page).
  void Skip(double points);
  // A new page unless `points` are left on this one (or it is empty).
  void KeepRoom(double points);
  // Moves the cursor down to `y` on this page (the 版记 at its foot), no
  // further than the bottom of the text block; never up.
  void MoveDownTo(double y);
  void NewPage();

  // The layout's lines at `x` points right of the text block's left edge,
  // from the cursor down, flowing onto new pages.
  void Place(PangoLayout* layout, double x = 0);
  // The same with the layout's width centred in the text block (a title
  // narrowed by BalanceLines).
  void PlaceCentred(PangoLayout* layout);
  // The layout drawn with its top left at (x, y) of the page, the cursor
  // left where it is (page furniture, table cells).
  void Draw(PangoLayout* layout, double x, double y);
  // A horizontal rule across the text block at the cursor, moving the
  // cursor below it.
  void Rule(double thickness, Ink ink);
  // A line from (x1, y1) to (x2, y2) of the page.
  void Line(double x1, double y1, double x2, double y2, double thickness, Ink ink);

  // The drawing context, for what the flow does not draw itself (the
  // watermark). Leave its state as found (cairo_save/cairo_restore).
  cairo_t* cairo() { return cairo_; }

  // Ends the last page and returns the PDF's bytes. Call once.
  Result<std::string> Finish();

 private:
  PageFlow(const PageBox& box, Furnish furnish);
  void BeginPage();

  PageBox box_;
  Furnish furnish_;
  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cairo_ = nullptr;
  ContextPtr context_;
  int page_number_ = 0;
  double y_ = 0;
};

}  // namespace xinbao::print
