#include "clients/print/standing_notice_table.h"

#include <string_view>
#include <vector>

#include "clients/print/document_words.h"
#include "clients/text/csv.h"
#include "proto/names.h"

namespace xinbao::print {
namespace {

std::string Sequences(const v1::ScoreLine& line) {
  std::string text;
  for (uint64_t sequence : line.report_sequences()) {
    text += (text.empty() ? "" : "、") + std::to_string(sequence);
  }
  return text;
}

}  // namespace

XlsxTable StandingRanking(const v1::StatsTable& table) {
  XlsxTable sheet;
  sheet.name = "排名";
  sheet.header = {"名次", "单位编号", "单位",     "报送",     "采用",     "采用得分",
                  "批示", "约稿按时", "约稿迟交", "约稿未交", "扣分",     "得分"};
  sheet.kinds = std::vector<ColumnKind>(sheet.header.size(), ColumnKind::kNumber);
  sheet.kinds[1] = sheet.kinds[2] = ColumnKind::kText;
  for (const v1::UnitStats& unit : table.units()) {
    sheet.rows.push_back({std::to_string(unit.rank()), unit.unit_id(),
                          UnitName(table.unit_names(), unit.unit_id()),
                          std::to_string(unit.reports()), std::to_string(unit.adoptions()),
                          Points(unit.adoption_points()), std::to_string(unit.instructions()),
                          std::to_string(unit.commissions_on_time()),
                          std::to_string(unit.commissions_late()),
                          std::to_string(unit.commissions_missing()), Points(unit.deductions()),
                          Points(unit.score())});
  }
  return sheet;
}

XlsxTable StandingDetail(const v1::StatsTable& table, const TimeZone& zone) {
  XlsxTable sheet;
  sheet.name = "明细";
  sheet.header = {"名次", "单位", "来源", "分值", "说明", "期号", "报告序号", "时间"};
  sheet.kinds = {ColumnKind::kNumber, ColumnKind::kText, ColumnKind::kText,
                 ColumnKind::kNumber, ColumnKind::kText, ColumnKind::kText,
                 ColumnKind::kText,   ColumnKind::kTime};
  for (const v1::UnitStats& unit : table.units()) {
    const std::string name = UnitName(table.unit_names(), unit.unit_id());
    for (const v1::ScoreLine& line : unit.lines()) {
      sheet.rows.push_back(
          {std::to_string(unit.rank()), name, std::string(ScoreSourceName(line.source())),
           Points(line.points()), line.text(), line.reference(), Sequences(line),
           line.at_ms() != 0 ? zone.Format(line.at_ms(), "%Y-%m-%d %H:%M") : std::string()});
    }
  }
  return sheet;
}

Result<std::string> StandingNoticeWorkbook(const v1::StatsTable& table, const TimeZone& zone) {
  return XlsxWorkbook({StandingRanking(table), StandingDetail(table, zone)});
}

std::string TableCsv(const XlsxTable& table, bool bom) {
  std::string csv = bom ? std::string(client::kUtf8Bom) : std::string();
  csv += client::CsvLine(table.header);
  for (const std::vector<std::string>& row : table.rows) csv += client::CsvLine(row);
  return csv;
}

}  // namespace xinbao::print
