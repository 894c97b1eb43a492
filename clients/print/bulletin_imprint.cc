#include "clients/print/bulletin_imprint.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace xinbao::print {
namespace {

// 4号 (14 pt) text, one character in from both edges of the text block.
constexpr double kSize = 14;
constexpr double kLine = 24;
constexpr double kThick = 1;    // 0.35 mm
constexpr double kThin = 0.7;   // 0.25 mm
constexpr double kGap = 6;      // above the first rule

struct Row {
  LayoutPtr left;
  LayoutPtr right;  // may be null
};

double RowHeight(const Row& row) {
  return std::max(LayoutHeight(row.left.get()),
                  row.right ? LayoutHeight(row.right.get()) : 0.0);
}

void DrawRow(PageFlow& flow, const Row& row) {
  const double y = flow.y();
  flow.Draw(row.left.get(), flow.box().left + kSize, y);
  if (row.right) flow.Draw(row.right.get(), flow.box().left + kSize, y);
  flow.MoveDownTo(y + RowHeight(row));
}

}  // namespace

void PlaceImprint(PageFlow& flow, const Imprint& imprint) {
  const double width = flow.box().text_width() - 2 * kSize;
  std::vector<Row> lines;
  for (const auto& [label, text] : {std::pair{"报送：", &imprint.send_to},
                                    std::pair{"抄送：", &imprint.copy_to}}) {
    if (text->empty()) continue;
    // The lines after the first start under the text, after "报送：".
    const TextStyle style{.face = Face::kSerif, .size = kSize, .line_height = kLine,
                          .indent = -3 * kSize};
    lines.push_back({flow.Text(label + *text, style, width), nullptr});
  }
  std::string people;
  if (!imprint.editor.empty()) people = "编辑：" + imprint.editor;
  if (!imprint.approver.empty()) {
    people += (people.empty() ? "" : "　") + ("签发：" + imprint.approver);
  }
  std::optional<Row> last;
  if (!people.empty() || !imprint.date.empty()) {
    const TextStyle left{.face = Face::kSerif, .size = kSize, .line_height = kLine};
    TextStyle right = left;
    right.align = Align::kRight;
    last = Row{flow.Text(people, left, width),
               flow.Text(imprint.date.empty() ? "" : imprint.date + "印发", right, width)};
  }

  double height = kThick + kThick;
  for (const Row& row : lines) height += RowHeight(row);
  if (last) height += RowHeight(*last) + (lines.empty() ? 0 : kThin);
  flow.KeepRoom(height + kGap);
  flow.MoveDownTo(flow.box().bottom - height);
  flow.Rule(kThick, kBlack);
  for (const Row& row : lines) DrawRow(flow, row);
  if (last) {
    if (!lines.empty()) flow.Rule(kThin, kBlack);
    DrawRow(flow, *last);
  }
  flow.Rule(kThick, kBlack);
}

}  // namespace xinbao::print
