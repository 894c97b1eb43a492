#include "clients/text/stats_text.h"

#include <gtest/gtest.h>

#include <string>

#include "clients/text/display_width.h"

namespace xinbao::client {
namespace {

constexpr int64_t kMinute = 60'000;
// 2026-11-01 00:00 and 2026-12-01 00:00 at UTC+8.
constexpr int64_t kNov = 1'793'462'400'000;
constexpr int64_t kDec = 1'796'054'400'000;
const TimeZone kBeijing = TimeZone::FixedOffset(480);

void AddKind(v1::UnitStats* row, v1::Kind kind, uint32_t count) {
  v1::KindCount* entry = row->add_by_kind();
  entry->set_kind(kind);
  entry->set_count(count);
}

// Three units: one late and quick with 督办 items signed and closed, one
// with a comma and a quote in its name, a fractional score and an item
// closed late after many 催办, one without a name (shown by id) and
// nothing measured.
v1::StatsTable Table() {
  v1::StatsTable table;
  table.set_from_ms(kNov);
  table.set_to_ms(kDec);
  table.set_computed_at_ms(kDec + 570 * kMinute);
  v1::AssessmentWeights* w = table.mutable_weights();
  w->set_urgent(3);
  w->set_important_dynamic(2);
  w->set_general_dynamic(1);
  w->set_research(3);
  w->set_experience(2.5);
  w->set_monthly_quota(4);
  w->set_per_item_short(1);
  w->set_per_late(2);
  w->set_per_missing_elements(1);
  w->set_per_concealment(5);
  w->set_points_duban_closed_on_time(2);
  w->set_per_duban_overdue(2);
  w->set_per_duban_urged(0.5);
  (*table.mutable_unit_names())["hekou"] = "河口镇";
  (*table.mutable_unit_names())["odd"] = "东湖,\"新区\"";

  v1::UnitStats* hekou = table.add_units();
  hekou->set_unit_id("hekou");
  hekou->set_rank(1);
  hekou->set_reports(5);
  AddKind(hekou, v1::KIND_URGENT, 2);
  AddKind(hekou, v1::KIND_GENERAL_DYNAMIC, 3);
  hekou->set_urgent_events(3);
  hekou->set_shi_delays(2);
  hekou->set_shi_delay_median_ms(30 * kMinute);
  hekou->set_shi_delay_p90_ms(135 * kMinute);
  hekou->set_late(2);
  hekou->set_late_total_ms(195 * kMinute);
  hekou->set_late_max_ms(120 * kMinute);
  hekou->set_missing_elements(1);
  hekou->set_open_overdue(1);
  hekou->set_duban_received(3);
  hekou->set_duban_signed_on_time(2);
  hekou->set_duban_signed_late(1);
  hekou->set_duban_closed_on_time(2);
  hekou->set_duban_overdue(1);
  hekou->set_duban_urged(1);
  hekou->set_quota(4);
  hekou->set_points(9);
  hekou->set_deductions(5);
  hekou->set_score(4);

  v1::UnitStats* odd = table.add_units();
  odd->set_unit_id("odd");
  odd->set_rank(2);
  odd->set_reports(1);
  AddKind(odd, v1::KIND_EXPERIENCE, 1);
  odd->set_concealment(1);
  odd->set_duban_received(1);
  odd->set_duban_closed_late(1);
  odd->set_duban_overdue(2);
  odd->set_duban_urged(12);
  odd->set_quota(1.6);
  odd->set_shortfall(0.6);
  odd->set_points(2.5);
  odd->set_deductions(5.6);
  odd->set_score(-3.1);

  v1::UnitStats* gone = table.add_units();
  gone->set_unit_id("gone");
  gone->set_rank(2);
  gone->set_quota(4);
  gone->set_shortfall(4);
  gone->set_deductions(4);
  gone->set_score(-4);
  return table;
}

TEST(StatsText, TableRanksUnitsWithDelaysInWords) {
  // clang-format off
  const std::string expected =
      "考核期间 2026-11-01 00:00 至 2026-12-01 00:00（不含）\n"
      "名次 单位        报送 紧急 事时效中位 事时效P90 迟报 漏报 瞒报 超时未结 得分\n"
      "   1 河口镇         5    3       30分 2小时15分    2    1    0        1    4\n"
      "     迟报合计 3小时15分，最长 2小时\n"
      "   2 东湖,\"新区\"    1    0          -         -    0    0    1        0 -3.1\n"
      "   2 gone           0    0          -         -    0    0    0        0   -4\n"
      "督办情况\n"
      "名次 单位        收到 按时签收 逾期签收 按时办结 逾期办结 超期 被催办\n"
      "   1 河口镇         3        2        1        2        0    1      1\n"
      "   2 东湖,\"新区\"    1        0        0        0        1    2     12\n"
      "   2 gone           0        0        0        0        0    0      0\n"
      "计分：每条 紧急信息 3、重要动态 2、一般动态 1、调研信息 3、经验做法 2.5 分\n"
      "扣分：月定额 4 条，缺额每条 1、迟报每次 2、漏报每次 1、疑似瞒报每次 5 分\n"
      "督办：按时办结每件加 2 分，超期每次扣 2 分，被催办每次扣 0.5 分\n"
      "超时未结为 2026-12-01 09:30 的情况\n";
  // clang-format on
  const std::string text = StatsTableText(Table(), kBeijing);
  EXPECT_EQ(text, expected);
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    EXPECT_LE(DisplayWidth(text.substr(start, end - start)), 80u);
    start = end + 1;
  }
}

// An office that issued no 督办 item in the period is not shown a table of
// zeros, only a line saying so (the weights line stays: the score uses them).
TEST(StatsText, NoDubanItemsSaysSoInsteadOfATable) {
  v1::StatsTable table = Table();
  for (v1::UnitStats& row : *table.mutable_units()) {
    row.clear_duban_received();
    row.clear_duban_signed_on_time();
    row.clear_duban_signed_late();
    row.clear_duban_closed_on_time();
    row.clear_duban_closed_late();
    row.clear_duban_overdue();
    row.clear_duban_urged();
  }
  const std::string text = StatsTableText(table, kBeijing);
  EXPECT_NE(text.find("   2 gone           0    0          -         -    0    "
                      "0    0        0   -4\n"
                      "督办：本期间没有督办事项\n"
                      "计分："),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("督办情况"), std::string::npos) << text;
  EXPECT_NE(text.find("督办：按时办结每件加 2 分"), std::string::npos) << text;
}

TEST(StatsText, NoUnitsSaysSo) {
  v1::StatsTable table = Table();
  table.clear_units();
  EXPECT_EQ(StatsTableText(table, kBeijing),
            "考核期间 2026-11-01 00:00 至 2026-12-01 00:00（不含）\n"
            "本期间没有参加考核的单位\n");
}

const char kCsv[] =
    "名次,单位编号,单位,报送,紧急信息,重要动态,一般动态,调研信息,经验做法,"
    "紧急事件,事时效样本,事时效中位(分钟),事时效P90(分钟),迟报,"
    "迟报合计(分钟),迟报最长(分钟),漏报,疑似瞒报,超时未结,督办收到,"
    "督办按时签收,督办逾期签收,督办按时办结,督办逾期办结,督办超期,督办被催办,"
    "定额,缺额,加分,扣分,得分\r\n"
    "1,hekou,河口镇,5,2,0,3,0,0,3,2,30,135,2,195,120,1,0,1,3,2,1,2,0,1,1,4,0,9,"
    "5,4\r\n"
    "2,odd,\"东湖,\"\"新区\"\"\",1,0,0,0,0,1,0,0,0,0,0,0,0,0,1,0,1,0,0,0,1,2,12,"
    "1.6,0.6,2.5,5.6,-3.1\r\n"
    "2,gone,gone,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,4,4,0,4,-4\r\n";

TEST(StatsText, CsvHasEveryFigureQuotedAsRfc4180) {
  EXPECT_EQ(StatsCsv(Table(), /*bom=*/false), kCsv);
}

TEST(StatsText, CsvWithByteOrderMarkForExcel) {
  EXPECT_EQ(StatsCsv(Table(), /*bom=*/true),
            std::string("\xEF\xBB\xBF") + kCsv);
}

TEST(StatsText, ScoreNumbersKeepTwoDecimalsAtMost) {
  EXPECT_EQ(ScoreNumber(12), "12");
  EXPECT_EQ(ScoreNumber(1.0 / 3 * 4 * 1.4), "1.87");
  EXPECT_EQ(ScoreNumber(-3.5), "-3.5");
  EXPECT_EQ(ScoreNumber(-0.001), "0");
  EXPECT_EQ(ScoreNumber(0.5), "0.5");
}

}  // namespace
}  // namespace xinbao::client
