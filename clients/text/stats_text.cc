#include "clients/text/stats_text.h"

#include "clients/text/csv.h"

#include <array>
#include <cstdio>
#include <map>
#include <string_view>
#include <vector>

#include "clients/text/event_cells.h"
#include "clients/text/event_text.h"
#include "clients/text/text_table.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

using Align = TextTable::Align;

constexpr std::array<v1::Kind, 5> kKinds = {
    v1::KIND_URGENT, v1::KIND_IMPORTANT_DYNAMIC, v1::KIND_GENERAL_DYNAMIC,
    v1::KIND_RESEARCH, v1::KIND_EXPERIENCE};
constexpr std::size_t kMinUnitWidth = 8;

std::string Count(uint32_t n) { return std::to_string(n); }

// A delay in words, or "-" when no delay was measured.
std::string Delay(uint32_t measured, int64_t ms) {
  return measured == 0 ? "-" : DurationWords(ms);
}

// How the score was computed, and when "open overdue" was taken.
std::string WeightsLines(const v1::StatsTable& table, const TimeZone& zone) {
  const v1::AssessmentWeights& w = table.weights();
  const std::array<double, 5> points = {w.urgent(), w.important_dynamic(),
                                        w.general_dynamic(), w.research(),
                                        w.experience()};
  std::string text = "计分：每条";
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    text += (i == 0 ? " " : "、") + std::string(KindName(kKinds[i])) + " " +
            ScoreNumber(points[i]);
  }
  text += " 分\n扣分：月定额 " + std::to_string(w.monthly_quota()) +
          " 条，缺额每条 " + ScoreNumber(w.per_item_short()) + "、迟报每次 " +
          ScoreNumber(w.per_late()) + "、漏报每次 " +
          ScoreNumber(w.per_missing_elements()) + "、疑似瞒报每次 " +
          ScoreNumber(w.per_concealment()) + " 分\n";
  text += "督办：按时办结每件加 " +
          ScoreNumber(w.points_duban_closed_on_time()) + " 分，超期每次扣 " +
          ScoreNumber(w.per_duban_overdue()) + " 分，被催办每次扣 " +
          ScoreNumber(w.per_duban_urged()) + " 分\n";
  if (table.computed_at_ms() != 0) {
    text += "超时未结为 " +
            FormatTime(table.computed_at_ms(), zone, "%Y-%m-%d %H:%M") +
            " 的情况\n";
  }
  return text;
}

// The 督办 figures of a row, in the order of the 督办 table's columns.
std::vector<std::string> DubanCells(const v1::UnitStats& row) {
  return {Count(row.duban_received()),    Count(row.duban_signed_on_time()),
          Count(row.duban_signed_late()), Count(row.duban_closed_on_time()),
          Count(row.duban_closed_late()), Count(row.duban_overdue()),
          Count(row.duban_urged())};
}

bool HasDuban(const v1::UnitStats& row) {
  return row.duban_received() + row.duban_signed_on_time() +
             row.duban_signed_late() + row.duban_closed_on_time() +
             row.duban_closed_late() + row.duban_overdue() + row.duban_urged() >
         0;
}

// The second table: each unit's 督办 items, in the first table's order.
std::string DubanTable(const v1::StatsTable& table) {
  bool any = false;
  for (const v1::UnitStats& row : table.units()) any = any || HasDuban(row);
  if (!any) return "督办：本期间没有督办事项\n";
  TextTable text({{"名次", Align::kRight},
                  {"单位", Align::kLeft, kUnitWidth},
                  {"收到", Align::kRight},
                  {"按时签收", Align::kRight},
                  {"逾期签收", Align::kRight},
                  {"按时办结", Align::kRight},
                  {"逾期办结", Align::kRight},
                  {"超期", Align::kRight},
                  {"被催办", Align::kRight}});
  text.SetFlexible(1, kMinUnitWidth);
  for (const v1::UnitStats& row : table.units()) {
    std::vector<std::string> cells = {
        Count(row.rank()), UnitName(table.unit_names(), row.unit_id())};
    for (std::string& cell : DubanCells(row)) cells.push_back(std::move(cell));
    text.AddRow(std::move(cells));
  }
  return "督办情况\n" + text.Render(kLineWidth);
}

std::string Minutes(int64_t ms) {
  return ScoreNumber(static_cast<double>(ms) / 60'000.0);
}

std::vector<std::string> CsvHeader() {
  std::vector<std::string> header = {"名次", "单位编号", "单位", "报送"};
  for (v1::Kind kind : kKinds) header.emplace_back(KindName(kind));
  header.insert(header.end(), {"紧急事件", "事时效样本", "事时效中位(分钟)",
                               "事时效P90(分钟)", "迟报", "迟报合计(分钟)",
                               "迟报最长(分钟)", "漏报", "疑似瞒报", "超时未结",
                               "督办收到", "督办按时签收", "督办逾期签收",
                               "督办按时办结", "督办逾期办结", "督办超期",
                               "督办被催办", "定额", "缺额", "加分", "扣分",
                               "得分"});
  return header;
}

std::vector<std::string> CsvRow(const v1::UnitStats& row,
                                const UnitNames& names) {
  std::map<int, uint32_t> by_kind;
  for (const v1::KindCount& entry : row.by_kind()) {
    by_kind[entry.kind()] += entry.count();
  }
  std::vector<std::string> fields = {Count(row.rank()), row.unit_id(),
                                     UnitName(names, row.unit_id()),
                                     Count(row.reports())};
  for (v1::Kind kind : kKinds) fields.push_back(Count(by_kind[kind]));
  fields.insert(
      fields.end(),
      {Count(row.urgent_events()), Count(row.shi_delays()),
       Minutes(row.shi_delay_median_ms()), Minutes(row.shi_delay_p90_ms()),
       Count(row.late()), Minutes(row.late_total_ms()),
       Minutes(row.late_max_ms()), Count(row.missing_elements()),
       Count(row.concealment()), Count(row.open_overdue())});
  for (std::string& cell : DubanCells(row)) fields.push_back(std::move(cell));
  fields.insert(fields.end(),
                {ScoreNumber(row.quota()), ScoreNumber(row.shortfall()),
                 ScoreNumber(row.points()), ScoreNumber(row.deductions()),
                 ScoreNumber(row.score())});
  return fields;
}

}  // namespace

std::string StatsPeriodLine(const v1::StatsTable& table, const TimeZone& zone) {
  return "考核期间 " + FormatTime(table.from_ms(), zone, "%Y-%m-%d %H:%M") +
         " 至 " + FormatTime(table.to_ms(), zone, "%Y-%m-%d %H:%M") +
         "（不含）\n";
}

std::string ScoreNumber(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

std::string StatsTableText(const v1::StatsTable& table, const TimeZone& zone) {
  if (table.units_size() == 0) {
    return StatsPeriodLine(table, zone) + "本期间没有参加考核的单位\n";
  }
  TextTable text({{"名次", Align::kRight},
                  {"单位", Align::kLeft, kUnitWidth},
                  {"报送", Align::kRight},
                  {"紧急", Align::kRight},
                  {"事时效中位", Align::kRight},
                  {"事时效P90", Align::kRight},
                  {"迟报", Align::kRight},
                  {"漏报", Align::kRight},
                  {"瞒报", Align::kRight},
                  {"超时未结", Align::kRight},
                  {"得分", Align::kRight}});
  text.SetFlexible(1, kMinUnitWidth);
  for (const v1::UnitStats& row : table.units()) {
    text.AddRow({Count(row.rank()), UnitName(table.unit_names(), row.unit_id()),
                 Count(row.reports()), Count(row.urgent_events()),
                 Delay(row.shi_delays(), row.shi_delay_median_ms()),
                 Delay(row.shi_delays(), row.shi_delay_p90_ms()),
                 Count(row.late()), Count(row.missing_elements()),
                 Count(row.concealment()), Count(row.open_overdue()),
                 ScoreNumber(row.score())});
    if (row.late() > 0) {
      text.AddNote("     迟报合计 " + DurationWords(row.late_total_ms()) +
                   "，最长 " + DurationWords(row.late_max_ms()));
    }
  }
  return StatsPeriodLine(table, zone) + text.Render(kLineWidth) + DubanTable(table) +
         WeightsLines(table, zone);
}

std::string StatsCsv(const v1::StatsTable& table, bool bom) {
  std::string csv = bom ? std::string(kUtf8Bom) : std::string();
  csv += CsvLine(CsvHeader());
  for (const v1::UnitStats& row : table.units()) {
    csv += CsvLine(CsvRow(row, table.unit_names()));
  }
  return csv;
}

}  // namespace xinbao::client
