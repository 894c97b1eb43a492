#include "clients/text/csv.h"
#include "clients/text/replay_output.h"

#include <gtest/gtest.h>

#include <string>

#include "clients/text/display_width.h"

namespace xinbao::client {
namespace {

// Times are shown in Beijing time (UTC+8) whatever the machine's TZ.
const ReplayOutputOptions kBeijing{TimeZone::FixedOffset(8 * 60)};
constexpr int64_t k0752 = 1795305125000;  // 2026-11-22 07:52:05 +08:00
constexpr int64_t k0740 = 1795304400000;  // 2026-11-22 07:40:00 +08:00

UnitNameMap Names() {
  UnitNameMap names;
  names["hekou"] = "河口镇";
  return names;
}

// What every stored report has.
v1::Report Stored(uint64_t sequence, int64_t stored_at_ms,
                  const std::string& unit, v1::Kind kind,
                  const std::string& title, const std::string& body) {
  v1::Report report;
  report.set_sequence(sequence);
  report.set_stored_at_ms(stored_at_ms);
  report.set_unit_id(unit);
  report.set_kind(kind);
  report.set_title(title);
  report.set_body(body);
  return report;
}

// 河口镇's second follow-up on an accident.
v1::Report Urgent() {
  v1::Report report = Stored(42, k0752, "hekou", v1::KIND_URGENT,
                             "S235线三车相撞续报", "伤者已送县人民医院。");
  report.set_event_id("3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab");
  report.set_stage(v1::STAGE_QING);
  report.set_severity(v1::SEVERITY_III);
  report.set_place("河口镇S235线K12+300处");
  report.set_occurred_at_ms(k0740);
  report.mutable_casualties()->set_dead(2);
  report.mutable_casualties()->set_injured(5);
  report.set_classification(v1::CLASSIFICATION_INTERNAL);
  report.set_approver("赵强");
  report.set_contact_name("孙丽");
  report.set_contact_phone("13800000000");
  return report;
}

// A general report from a unit the names do not know.
v1::Report General() {
  v1::Report report = Stored(7, k0740, "old-unit", v1::KIND_GENERAL_DYNAMIC,
                             "城关镇开展冬季消防安全大检查", "排查隐患14处。");
  report.set_classification(v1::CLASSIFICATION_PUBLIC);
  return report;
}

std::string Written(ReplayFormat format, ReplayOutputOptions options,
                    const v1::Report& report, uint32_t followup = 0) {
  return MakeReportWriter(format, std::move(options))
      ->Row(report, followup, Names());
}

TEST(ReplayOutput, TableHasFixedColumnsAndNamesUnitsAndStages) {
  const auto writer = MakeReportWriter(ReplayFormat::kTable, kBeijing);
  EXPECT_EQ(writer->Header(),
            "   序号 存储时间         单位       类别     阶段         事件      "
            "标题\n");
  EXPECT_EQ(writer->Row(Urgent(), 2, Names()),
            "     42 2026-11-22 07:52 河口镇     紧急信息 续报二（情） 3f2a9c1e… "
            "S235线三车相撞续报\n");
  EXPECT_EQ(writer->Row(Urgent(), 0, Names()),
            "     42 2026-11-22 07:52 河口镇     紧急信息 续报（情）   3f2a9c1e… "
            "S235线三车相撞续报\n");
  EXPECT_EQ(writer->Row(General(), 0, Names()),
            "      7 2026-11-22 07:40 old-unit   一般动态                        "
            "城关镇开展冬季消防安全大检查\n");
}

TEST(ReplayOutput, TableCutsTitlesToTheLineWidthButKeepsColumnsFixed) {
  ReplayOutputOptions narrow = kBeijing;
  narrow.line_width = 80;
  const std::string row = Written(ReplayFormat::kTable, narrow, General());
  EXPECT_EQ(row,
            "      7 2026-11-22 07:40 old-unit   一般动态                        "
            "城关镇开展…\n");
  EXPECT_LE(DisplayWidth(row.substr(0, row.size() - 1)), 80u);
  // A title line break does not break the row.
  v1::Report broken = General();
  broken.set_title("第一行\n第二行");
  EXPECT_EQ(Written(ReplayFormat::kTable, kBeijing, broken).find('\n'),
            Written(ReplayFormat::kTable, kBeijing, broken).size() - 1);
}

TEST(ReplayOutput, JsonLinesAreOneReportObjectPerLine) {
  const auto writer = MakeReportWriter(ReplayFormat::kJson, kBeijing);
  EXPECT_EQ(writer->Header(), "");
  const std::string line = writer->Row(General(), 0, Names());
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line.substr(0, 14), "{\"sequence\":\"7");
  EXPECT_NE(line.find("\"unit_id\":\"old-unit\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"kind\":\"KIND_GENERAL_DYNAMIC\""), std::string::npos)
      << line;
  EXPECT_NE(line.find("\"title\":\"城关镇开展冬季消防安全大检查\""),
            std::string::npos)
      << line;
}

TEST(ReplayOutput, CsvHasAChineseHeaderAndCrlfRows) {
  const auto writer = MakeReportWriter(ReplayFormat::kCsv, kBeijing);
  EXPECT_EQ(writer->Header(),
            "序号,存储时间,单位编号,单位,类别,阶段,等级,事件,标题,地点,发生时间,"
            "死亡,受伤,失踪,密级,签发人,联系人,联系电话,正文\r\n");
  EXPECT_EQ(writer->Row(Urgent(), 2, Names()),
            "42,2026-11-22 07:52:05,hekou,河口镇,紧急信息,续报二（情）,"
            "Ⅲ级(较大),3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab,S235线三车相撞续报,"
            "河口镇S235线K12+300处,2026-11-22 07:40:00,2,5,0,内部,赵强,孙丽,"
            "13800000000,伤者已送县人民医院。\r\n");
  // No casualty figures: empty cells, not zeros.
  EXPECT_EQ(writer->Row(General(), 0, Names()),
            "7,2026-11-22 07:40:00,old-unit,old-unit,一般动态,,,,"
            "城关镇开展冬季消防安全大检查,,,,,,公开,,,,排查隐患14处。\r\n");
}

TEST(ReplayOutput, CsvBeginsWithAByteOrderMarkOnlyWhenAsked) {
  ReplayOutputOptions with_bom = kBeijing;
  with_bom.bom = true;
  const std::string header =
      MakeReportWriter(ReplayFormat::kCsv, with_bom)->Header();
  EXPECT_EQ(header.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(header.substr(3),
            MakeReportWriter(ReplayFormat::kCsv, kBeijing)->Header());
  // Only the header carries it.
  EXPECT_EQ(Written(ReplayFormat::kCsv, with_bom, General()),
            Written(ReplayFormat::kCsv, kBeijing, General()));
}

TEST(ReplayOutput, CsvQuotesCommasQuotesAndLineBreaks) {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {"平常标题", "平常标题"},
      {"", ""},
      {"甲,乙", "\"甲,乙\""},
      {"他说\"已到场\"", "\"他说\"\"已到场\"\"\""},
      {"第一行\n第二行", "\"第一行\n第二行\""},
      {"回车\r换行", "\"回车\r换行\""},
      {"\"", "\"\"\"\""},
      // What a spreadsheet would run as a formula is kept as text; numbers
      // stay numbers.
      {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
      {"+86 0531", "'+86 0531"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"-3.5", "-3.5"},
      {"-", "'-"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CsvField(c.text), c.field) << c.text;
  }
  v1::Report report = General();
  report.set_title("消防检查,\"回头看\"\n第二阶段");
  const std::string row = Written(ReplayFormat::kCsv, kBeijing, report);
  EXPECT_NE(row.find(",\"消防检查,\"\"回头看\"\"\n第二阶段\","), std::string::npos)
      << row;
}

// 河口镇's progress report on a 督办 item, as a replay carries it.
v1::DubanRecord Progress() {
  v1::DubanRecord record;
  record.set_item_id("db-1");
  record.set_title("河口镇防汛物资储备不足问题");
  v1::DubanStep* step = record.mutable_step();
  step->set_number(3);
  step->set_kind(v1::STEP_KIND_PROGRESS);
  step->set_unit_id("hekou");
  step->set_person("李文书");
  step->set_at_ms(k0752);
  step->set_text("已清点库存。");
  return record;
}

// The office's 催办 to 河口镇, for a reader who may not read the item.
v1::DubanRecord RedactedUrge() {
  v1::DubanRecord record = Progress();
  v1::DubanStep* step = record.mutable_step();
  step->set_number(4);
  step->set_kind(v1::STEP_KIND_URGE);
  step->set_unit_id("county-office");
  step->set_person("张主任");
  step->set_target_unit_id("hekou");
  step->clear_text();
  record.set_redacted(true);
  return record;
}

TEST(ReplayOutput, TableShowsADubanStepInTheReportColumns) {
  const auto writer = MakeReportWriter(ReplayFormat::kTable, kBeijing);
  EXPECT_EQ(writer->DubanRow(Progress(), Names()),
            "   督办 2026-11-22 07:52 河口镇     办理进展 第3步        db-1      "
            "河口镇防汛物资储备不足问题 · 李文书：已清点库存。\n");
  EXPECT_EQ(writer->DubanRow(RedactedUrge(), Names()),
            "   督办 2026-11-22 07:52 county-of… 催办     第4步        db-1      "
            "河口镇防汛物资储备不足问题 · 张主任 → 河口镇：（内容不可见）\n");
}

TEST(ReplayOutput, JsonLinesWrapADubanStep) {
  const std::string line = MakeReportWriter(ReplayFormat::kJson, kBeijing)
                               ->DubanRow(Progress(), Names());
  EXPECT_EQ(line.rfind("{\"duban\":{\"item_id\":\"db-1\"", 0), 0u) << line;
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_NE(line.find("\"kind\":\"STEP_KIND_PROGRESS\""), std::string::npos)
      << line;
  EXPECT_EQ(line.substr(line.size() - 3), "}}\n");
}

TEST(ReplayOutput, CsvWithDubanAddsColumnsAndKeepsReportColumns) {
  ReplayOutputOptions duban = kBeijing;
  duban.duban = true;
  const auto plain = MakeReportWriter(ReplayFormat::kCsv, kBeijing);
  const auto writer = MakeReportWriter(ReplayFormat::kCsv, duban);
  const std::string header = plain->Header();
  EXPECT_EQ(writer->Header(),
            header.substr(0, header.size() - 2) +
                ",记录,督办事项,步骤号,步骤,经办人,对象单位\r\n");
  const std::string report = plain->Row(General(), 0, Names());
  EXPECT_EQ(writer->Row(General(), 0, Names()),
            report.substr(0, report.size() - 2) + ",报告,,,,,\r\n");
  EXPECT_EQ(writer->DubanRow(Progress(), Names()),
            ",2026-11-22 07:52:05,hekou,河口镇,,,,,河口镇防汛物资储备不足问题,"
            ",,,,,,,,,已清点库存。,督办,db-1,3,办理进展,李文书,\r\n");
  EXPECT_EQ(writer->DubanRow(RedactedUrge(), Names()),
            ",2026-11-22 07:52:05,county-office,county-office,,,,,"
            "河口镇防汛物资储备不足问题,,,,,,,,,,（内容不可见）,督办,db-1,4,催办,"
            "张主任,河口镇\r\n");
  // Without the 督办 columns there is nowhere to put a step.
  EXPECT_EQ(plain->DubanRow(Progress(), Names()), "");
}

TEST(ReplayOutput, FormatsAreNamedInEnglishOrChinese) {
  EXPECT_EQ(ParseReplayFormat("table"), ReplayFormat::kTable);
  EXPECT_EQ(ParseReplayFormat("表格"), ReplayFormat::kTable);
  EXPECT_EQ(ParseReplayFormat("json"), ReplayFormat::kJson);
  EXPECT_EQ(ParseReplayFormat("csv"), ReplayFormat::kCsv);
  EXPECT_EQ(ParseReplayFormat("CSV"), ReplayFormat::kCsv);
  EXPECT_EQ(ParseReplayFormat("xml"), std::nullopt);
}

}  // namespace
}  // namespace xinbao::client
