#include "clients/text/score_text.h"

#include "clients/text/display_width.h"
#include "clients/text/event_cells.h"
#include "clients/text/event_text.h"
#include "clients/text/stats_text.h"
#include "clients/text/text_table.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

using Align = TextTable::Align;

// The points and the source of a line in columns of their own (a source
// wider than its column pushes its text on).
constexpr std::size_t kPointsWidth = 6;
constexpr std::size_t kSourceWidth = 8;

std::string Count(uint32_t n) { return std::to_string(n); }

std::string LineText(const v1::ScoreLine& line) {
  std::string text = "    " + PadLeft(SignedScore(line.points()), kPointsWidth) +
                     "  " + PadRight(ScoreSourceName(line.source()), kSourceWidth) +
                     "  " + line.text();
  if (!line.reference().empty() &&
      line.text().find(line.reference()) == std::string::npos) {
    text += "〔" + line.reference() + "〕";
  }
  return text;
}

}  // namespace

std::string SignedScore(double value) {
  const std::string number = ScoreNumber(value);
  return number != "0" && number.front() != '-' ? "+" + number : number;
}

std::string ScoreTableText(const v1::StatsTable& table, const TimeZone& zone) {
  if (table.units().empty()) {
    return StatsPeriodLine(table, zone) + "本期间没有参加考核的单位\n";
  }
  TextTable text({{"名次", Align::kRight},
                  {"单位"},
                  {"报送", Align::kRight},
                  {"采用", Align::kRight},
                  {"采用得分", Align::kRight},
                  {"批示", Align::kRight},
                  {"约稿按时", Align::kRight},
                  {"约稿迟交", Align::kRight},
                  {"约稿未交", Align::kRight},
                  {"扣分", Align::kRight},
                  {"得分", Align::kRight}});
  for (const v1::UnitStats& row : table.units()) {
    text.AddRow({Count(row.rank()), UnitName(table.unit_names(), row.unit_id()),
                 Count(row.reports()), Count(row.adoptions()),
                 ScoreNumber(row.adoption_points()), Count(row.instructions()),
                 Count(row.commissions_on_time()), Count(row.commissions_late()),
                 Count(row.commissions_missing()), ScoreNumber(row.deductions()),
                 ScoreNumber(row.score())});
    for (const v1::ScoreLine& line : row.lines()) text.AddNote(LineText(line));
  }
  return StatsPeriodLine(table, zone) + text.Render(kLineWidth);
}

}  // namespace xinbao::client
