// Typeface: the faces xinbao's printed documents are set in, and Pango
// layouts of text set in them. Internal to clients/print.
//
// Faces are found by family name through fontconfig (Pango does): Noto
// Serif CJK SC (Debian fonts-noto-cjk) for body text, titles and the 版头,
// Noto Sans CJK SC for 黑体 labels, AR PL UKai CN (fonts-arphic-ukai) for
// 楷体. Fontconfig never says no: asked for a family it lacks, it gives
// another face, maybe one without Chinese glyphs (tofu boxes on paper).
// FacesInstalled checks first, so a document is refused rather than
// printed wrong.
//
// Sizes are in PDF points (1/72 inch), the unit of the page.
//
// Threads: each thread has its own Pango font map; a context and its
// layouts belong to the thread that made them.
#pragma once

#include <pango/pango.h>

#include <memory>
#include <string_view>

#include "proto/status.h"

namespace xinbao::print {

enum class Face {
  kSerif,      // 宋体-like: Noto Serif CJK SC Regular
  kSerifBold,  // 小标宋-like: Noto Serif CJK SC Bold
  kSansBold,   // 黑体: Noto Sans CJK SC Bold
  kKai,        // 楷体: AR PL UKai CN
};

struct Ink {
  double red = 0;
  double green = 0;
  double blue = 0;
};
inline constexpr Ink kBlack{0, 0, 0};
// The red of a 版头 and its rule.
inline constexpr Ink kMastheadRed{0.85, 0.05, 0.05};

enum class Align { kLeft, kCentre, kRight };

struct TextStyle {
  Face face = Face::kSerif;
  double size = 16;         // points
  double line_height = 0;   // baseline to baseline; 0: 1.5 × size
  Align align = Align::kLeft;
  bool justify = false;     // both edges straight but a paragraph's last line
  // The first line's indent; negative: every line but the first is
  // indented by that much (a hanging indent).
  double indent = 0;
  double letter_spacing = 0;  // added after each character
  Ink ink = kBlack;
};

struct GObjectUnref {
  void operator()(void* object) const;
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;

// A Pango context for laying out Chinese (language zh-cn) for a PDF:
// unhinted metrics, glyph positions not rounded.
ContextPtr PrintContext();

// OK when every family of Face is installed. Otherwise STORAGE_FAILURE
// naming the first missing family and the Debian package that has it.
Status FacesInstalled(PangoContext* context);

// `text` laid out in `style`, wrapped to `width` points (at characters
// where Chinese allows, within words only when a word is wider than the
// line). Invalid UTF-8 is shown as U+FFFD, never refused.
LayoutPtr SetText(PangoContext* context, std::string_view text,
                  const TextStyle& style, double width);

// Narrows a layout that wraps onto several lines as far as it goes
// without taking one more, so the lines come out of even length (a
// centred title does not end in one lonely character).
void BalanceLines(PangoLayout* layout);

// The height of a layout, and of its first `lines` lines, in points.
double LayoutHeight(PangoLayout* layout);
double FirstLinesHeight(PangoLayout* layout, int lines);
// The width of its widest line, in points.
double LayoutWidth(PangoLayout* layout);

// The line height a style gets: its own, or 1.5 × its size.
double LineHeightOf(const TextStyle& style);

}  // namespace xinbao::print
