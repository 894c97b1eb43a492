#include "clients/print/page_furniture.h"

#include <cmath>
#include <numbers>
#include <string>

namespace xinbao::print {

void PageNumber(PageFlow& flow, int page_number) {
  constexpr TextStyle kNumber{.face = Face::kSerif, .size = 14, .line_height = 20,
                              .align = Align::kCentre};
  const PageBox& box = flow.box();
  LayoutPtr number = flow.Text("— " + std::to_string(page_number) + " —", kNumber);
  flow.Draw(number.get(), box.left, box.bottom + Millimetres(7));
}

void DraftWatermark(PageFlow& flow) {
  constexpr TextStyle kMark{.face = Face::kSansBold, .size = 150, .line_height = 180,
                            .align = Align::kCentre, .letter_spacing = 40,
                            .ink = {0.88, 0.88, 0.88}};
  const PageBox& box = flow.box();
  constexpr double kWidth = 600;
  LayoutPtr mark = flow.Text("样稿", kMark, kWidth);
  cairo_t* cairo = flow.cairo();
  cairo_save(cairo);
  cairo_translate(cairo, box.width / 2, box.height / 2);
  cairo_rotate(cairo, -std::atan2(box.height, box.width));
  flow.Draw(mark.get(), -kWidth / 2, -LayoutHeight(mark.get()) / 2);
  cairo_restore(cairo);
}

}  // namespace xinbao::print
