#include "clients/print/ruled_table.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace xinbao::print {
namespace {

constexpr double kRule = 0.6;

}  // namespace

RuledTable::RuledTable(PageFlow& flow, std::vector<TableColumn> columns, double size)
    : flow_(flow), columns_(std::move(columns)), size_(size), padding_(size * 0.35) {
  double shares = 0;
  for (const TableColumn& column : columns_) shares += std::max(column.share, 0.0);
  double x = flow_.box().left;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const double width =
        shares > 0 ? flow_.box().text_width() * std::max(columns_[i].share, 0.0) / shares : 0;
    x_.push_back(x);
    width_.push_back(width);
    x += width;
    if (columns_[i].group.empty()) continue;
    if (!groups_.empty() && groups_.back().last + 1 == i && groups_.back().text == columns_[i].group) {
      groups_.back().last = i;
    } else {
      groups_.push_back({i, i, columns_[i].group});
    }
  }
}

TextStyle RuledTable::Style(Face face, Align align) const {
  return {.face = face, .size = size_, .line_height = size_ * 1.45, .align = align};
}

void RuledTable::Cell(PangoLayout* layout, double x, double y, double width, double height) {
  cairo_t* cairo = flow_.cairo();
  cairo_save(cairo);
  cairo_set_line_width(cairo, kRule);
  cairo_set_source_rgb(cairo, 0, 0, 0);
  cairo_rectangle(cairo, x, y, width, height);
  cairo_stroke(cairo);
  cairo_restore(cairo);
  flow_.Draw(layout, x + padding_, y + (height - LayoutHeight(layout)) / 2);
}

void RuledTable::Header() {
  const TextStyle style = Style(Face::kSansBold, Align::kCentre);
  std::vector<LayoutPtr> titles;
  double title_height = 0;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    titles.push_back(flow_.Text(columns_[i].title, style, width_[i] - 2 * padding_));
    if (columns_[i].group.empty()) continue;
    title_height = std::max(title_height, LayoutHeight(titles.back().get()));
  }
  std::vector<LayoutPtr> headings;
  double group_height = 0;
  for (const Span& group : groups_) {
    const double width = x_[group.last] + width_[group.last] - x_[group.first];
    headings.push_back(flow_.Text(group.text, style, width - 2 * padding_));
    group_height = std::max(group_height, LayoutHeight(headings.back().get()));
  }
  if (!groups_.empty()) {
    group_height += 2 * padding_;
    title_height += 2 * padding_;
  }
  // A column without a group spans both header rows.
  double height = group_height + title_height;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].group.empty()) {
      height = std::max(height, LayoutHeight(titles[i].get()) + 2 * padding_);
    }
  }
  if (!groups_.empty()) title_height = height - group_height;

  const double y = flow_.y();
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const Span& group = groups_[g];
    Cell(headings[g].get(), x_[group.first], y,
         x_[group.last] + width_[group.last] - x_[group.first], group_height);
  }
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].group.empty()) {
      Cell(titles[i].get(), x_[i], y, width_[i], height);
    } else {
      Cell(titles[i].get(), x_[i], y + group_height, width_[i], title_height);
    }
  }
  flow_.MoveDownTo(y + height);
  header_page_ = flow_.page_number();
}

void RuledTable::Row(const std::vector<std::string>& cells, bool bold) {
  std::vector<LayoutPtr> texts;
  double height = 0;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const std::string& text = i < cells.size() ? cells[i] : std::string();
    texts.push_back(flow_.Text(text, Style(bold ? Face::kSerifBold : Face::kSerif, columns_[i].align),
                               width_[i] - 2 * padding_));
    height = std::max(height, LayoutHeight(texts.back().get()));
  }
  height += 2 * padding_;
  if (header_page_ != flow_.page_number()) {
    // The header and the first row of this page together.
    flow_.KeepRoom(height + 4 * size_ * 1.45);
    Header();
  }
  if (flow_.room() < height) {
    flow_.NewPage();
    Header();
  }
  const double y = flow_.y();
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    Cell(texts[i].get(), x_[i], y, width_[i], height);
  }
  flow_.MoveDownTo(y + height);
}

}  // namespace xinbao::print
