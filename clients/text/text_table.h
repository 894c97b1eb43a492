// TextTable: rows of cells in aligned columns for a terminal, with
// double-width characters counted as two columns (display_width.h).
//
// Threads: a value type; use one from one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xinbao::client {

class TextTable {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string header;
    Align align = Align::kLeft;
    // Widest a cell is shown; wider cells are cut with "…". 0: no limit.
    std::size_t max_width = 0;
  };

  explicit TextTable(std::vector<Column> columns);

  // Column `column` gives way (its cells cut with "…") so that lines fit
  // in the width passed to Render, but not below `min_width` columns.
  void SetFlexible(std::size_t column, std::size_t min_width);

  // One row; missing cells are empty, extra cells are dropped. Line
  // breaks and tabs in a cell become spaces.
  void AddRow(std::vector<std::string> cells);

  // A line of its own under the last row added (not aligned, not cut; line
  // breaks and tabs become spaces).
  void AddNote(std::string line);

  bool empty() const { return lines_.empty(); }

  // The header and the rows, one space between columns, each line ending
  // in "\n" without trailing spaces.
  std::string Render(std::size_t line_width) const;

 private:
  struct Line {
    std::vector<std::string> cells;  // empty for a note
    std::string note;
  };

  std::vector<std::size_t> Widths(std::size_t line_width) const;
  std::string RenderCells(const std::vector<std::string>& cells,
                          const std::vector<std::size_t>& widths) const;

  std::vector<Column> columns_;
  std::vector<Line> lines_;
  std::size_t flexible_ = static_cast<std::size_t>(-1);  // none
  std::size_t flexible_min_ = 0;
};

// `text` cut at each '\n' (a last line without one included; no empty
// line after a final '\n').
std::vector<std::string> SplitLines(std::string_view text);

}  // namespace xinbao::client
