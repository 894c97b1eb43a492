#include "clients/text/text_table.h"

#include <algorithm>
#include <utility>

#include "clients/text/display_width.h"

namespace xinbao::client {
namespace {

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

}  // namespace

TextTable::TextTable(std::vector<Column> columns)
    : columns_(std::move(columns)) {}

void TextTable::SetFlexible(std::size_t column, std::size_t min_width) {
  flexible_ = column;
  flexible_min_ = min_width;
}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (std::string& cell : cells) cell = OneLine(std::move(cell));
  lines_.push_back(Line{std::move(cells), {}});
}

void TextTable::AddNote(std::string line) {
  lines_.push_back(Line{{}, OneLine(std::move(line))});
}

std::vector<std::size_t> TextTable::Widths(std::size_t line_width) const {
  std::vector<std::size_t> widths;
  for (const Column& column : columns_) {
    widths.push_back(DisplayWidth(column.header));
  }
  for (const Line& line : lines_) {
    for (std::size_t i = 0; i < line.cells.size(); ++i) {
      std::size_t width = DisplayWidth(line.cells[i]);
      if (columns_[i].max_width > 0) {
        width = std::min(width, columns_[i].max_width);
      }
      widths[i] = std::max(widths[i], width);
    }
  }
  if (flexible_ < widths.size()) {
    std::size_t total = widths.size() - 1;  // the spaces between columns
    for (const std::size_t width : widths) total += width;
    if (total > line_width) {
      const std::size_t floor =
          std::max(flexible_min_, DisplayWidth(columns_[flexible_].header));
      const std::size_t excess = total - line_width;
      const std::size_t natural = widths[flexible_];
      widths[flexible_] = natural > floor + excess ? natural - excess
                                                   : std::min(natural, floor);
    }
  }
  return widths;
}

std::string TextTable::RenderCells(
    const std::vector<std::string>& cells,
    const std::vector<std::size_t>& widths) const {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ' ';
    const std::string cut = TruncateToWidth(cells[i], widths[i]);
    line += columns_[i].align == Align::kRight ? PadLeft(cut, widths[i])
                                               : PadRight(cut, widths[i]);
  }
  line.erase(line.find_last_not_of(' ') + 1);
  return line + "\n";
}

std::string TextTable::Render(std::size_t line_width) const {
  const std::vector<std::size_t> widths = Widths(line_width);
  std::vector<std::string> headers;
  for (const Column& column : columns_) headers.push_back(column.header);
  std::string text = RenderCells(headers, widths);
  for (const Line& line : lines_) {
    text +=
        line.cells.empty() ? line.note + "\n" : RenderCells(line.cells, widths);
  }
  return text;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace xinbao::client
