// RuledTable: a table of ruled cells set on a PageFlow, its header row
// repeated at the top of every page it runs onto. Internal to
// clients/print.
//
// Cells wrap within their column (Chinese is never cut); a row is never
// split across pages. Headers are 黑体 and centred; a heading may span
// several columns over their own ("约稿" over 按时, 迟交, 未交).
//
// Threads: as PageFlow (the flow's own thread).
#pragma once

#include <string>
#include <vector>

#include "clients/print/page_flow.h"

namespace xinbao::print {

struct TableColumn {
  std::string title = {};
  // Its share of the text block's width (the shares need not add to 1).
  double share = 1;
  Align align = Align::kLeft;  // the body cells'
  // A heading over the run of adjacent columns with the same group.
  std::string group = {};
};

class RuledTable {
 public:
  // A table of `columns` at `size` points, set from the flow's cursor.
  RuledTable(PageFlow& flow, std::vector<TableColumn> columns, double size);

  // One row: a cell per column (missing ones empty, extra ones ignored),
  // bold for a total. The header goes first, on the row's page.
  void Row(const std::vector<std::string>& cells, bool bold = false);

 private:
  struct Span {
    std::size_t first = 0;
    std::size_t last = 0;
    std::string text;
  };

  void Header();
  // Draws `layout` in the cell at (x, y) of `width` × `height`, ruled,
  // its text centred vertically.
  void Cell(PangoLayout* layout, double x, double y, double width, double height);
  TextStyle Style(Face face, Align align) const;

  PageFlow& flow_;
  std::vector<TableColumn> columns_;
  std::vector<double> x_;      // each column's left edge, on the page
  std::vector<double> width_;  // each column's width
  std::vector<Span> groups_;
  double size_;
  double padding_;
  int header_page_ = 0;  // the page the header was last drawn on
};

}  // namespace xinbao::print
