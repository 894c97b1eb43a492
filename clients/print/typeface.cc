#include "clients/print/typeface.h"

#include <glib-object.h>
#include <pango/pangocairo.h>

#include <array>
#include <set>
#include <string>

namespace xinbao::print {
namespace {

struct Family {
  const char* name;
  const char* package;
};

constexpr Family kSerifFamily{"Noto Serif CJK SC", "fonts-noto-cjk"};
constexpr Family kSansFamily{"Noto Sans CJK SC", "fonts-noto-cjk"};
constexpr Family kKaiFamily{"AR PL UKai CN", "fonts-arphic-ukai"};

const Family& FamilyOf(Face face) {
  switch (face) {
    case Face::kSansBold:
      return kSansFamily;
    case Face::kKai:
      return kKaiFamily;
    case Face::kSerif:
    case Face::kSerifBold:
      break;
  }
  return kSerifFamily;
}

int PangoUnits(double points) { return static_cast<int>(points * PANGO_SCALE + 0.5); }

}  // namespace

void GObjectUnref::operator()(void* object) const {
  if (object != nullptr) g_object_unref(object);
}

double LineHeightOf(const TextStyle& style) {
  return style.line_height > 0 ? style.line_height : style.size * 1.5;
}

ContextPtr PrintContext() {
  ContextPtr context(pango_font_map_create_context(pango_cairo_font_map_get_default()));
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context.get(), FALSE);
  pango_context_set_language(context.get(), pango_language_from_string("zh-cn"));
  return context;
}

Status FacesInstalled(PangoContext* context) {
  PangoFontFamily** families = nullptr;
  int count = 0;
  pango_context_list_families(context, &families, &count);
  std::set<std::string> installed;
  for (int i = 0; i < count; ++i) installed.insert(pango_font_family_get_name(families[i]));
  g_free(families);
  for (const Family& family : {kSerifFamily, kSansFamily, kKaiFamily}) {
    if (!installed.contains(family.name)) {
      return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                    std::string("本机缺少字体「") + family.name + "」，不能生成版式文件（请安装 " +
                        family.package + "）");
    }
  }
  return Status::Ok();
}

LayoutPtr SetText(PangoContext* context, std::string_view text, const TextStyle& style,
                  double width) {
  LayoutPtr layout(pango_layout_new(context));
  gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
  pango_layout_set_text(layout.get(), valid, -1);
  g_free(valid);

  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, FamilyOf(style.face).name);
  pango_font_description_set_weight(font, style.face == Face::kSerifBold ||
                                                   style.face == Face::kSansBold
                                               ? PANGO_WEIGHT_BOLD
                                               : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);

  PangoAttrList* attributes = pango_attr_list_new();
  pango_attr_list_insert(attributes,
                         pango_attr_line_height_new_absolute(PangoUnits(LineHeightOf(style))));
  auto channel = [](double value) { return static_cast<guint16>(value * 65535 + 0.5); };
  pango_attr_list_insert(attributes,
                         pango_attr_foreground_new(channel(style.ink.red), channel(style.ink.green),
                                                   channel(style.ink.blue)));
  if (style.letter_spacing > 0) {
    pango_attr_list_insert(attributes,
                           pango_attr_letter_spacing_new(PangoUnits(style.letter_spacing)));
  }
  pango_layout_set_attributes(layout.get(), attributes);
  pango_attr_list_unref(attributes);

  pango_layout_set_width(layout.get(), PangoUnits(width));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), style.align == Align::kCentre ? PANGO_ALIGN_CENTER
                                           : style.align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                                           : PANGO_ALIGN_LEFT);
  pango_layout_set_justify(layout.get(), style.justify);
  pango_layout_set_indent(layout.get(), PangoUnits(style.indent));
  return layout;
}

void BalanceLines(PangoLayout* layout) {
  const int lines = pango_layout_get_line_count(layout);
  int wide = pango_layout_get_width(layout);
  if (lines < 2 || wide <= 0) return;
  // The narrowest width that keeps the line count, to a point.
  int narrow = wide / lines;
  while (wide - narrow > PANGO_SCALE) {
    const int middle = narrow + (wide - narrow) / 2;
    pango_layout_set_width(layout, middle);
    if (pango_layout_get_line_count(layout) > lines) {
      narrow = middle;
    } else {
      wide = middle;
    }
  }
  pango_layout_set_width(layout, wide);
}

double LayoutHeight(PangoLayout* layout) {
  return FirstLinesHeight(layout, pango_layout_get_line_count(layout));
}

double FirstLinesHeight(PangoLayout* layout, int lines) {
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  int bottom = 0;
  int seen = 0;
  do {
    if (seen++ == lines) break;
    int top = 0;
    int line_bottom = 0;
    pango_layout_iter_get_line_yrange(iter, &top, &line_bottom);
    bottom = line_bottom;
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  return static_cast<double>(bottom) / PANGO_SCALE;
}

double LayoutWidth(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

}  // namespace xinbao::print
