#include "clients/centre/analysis_export.h"

#include <gtest/gtest.h>

#include "clients/text/csv.h"
#include "clients/text/stats_text.h"
#include "tests/clients/centre/november_export.h"
#include "tests/support/zip_entries.h"

namespace xinbao::centre {
namespace {

using testing::kDec;
using testing::kNov;
using testing::ZipEntries;
// 2026-11-22 10:31:05 in Shanghai.
constexpr int64_t kStored = 1'795'314'665'000;

ExportContext Context() { return testing::NovemberContext(); }

v1::StatsTable Table() {
  v1::StatsTable table;
  table.set_from_ms(kNov);
  table.set_to_ms(kDec);
  (*table.mutable_unit_names())["hekou"] = "黄河口镇人民政府";
  v1::UnitStats* hekou = table.add_units();
  hekou->set_unit_id("hekou");
  hekou->set_rank(1);
  hekou->set_reports(5);
  hekou->set_score(-3.5);
  return table;
}

v1::ReplayChunk Chunk(bool done) {
  v1::ReplayChunk chunk;
  chunk.set_chunk(1);
  chunk.set_first_sequence(1);
  chunk.set_last_sequence(5000);
  chunk.set_scanned_to_sequence(done ? 5000 : 1200);
  chunk.set_done(done);
  (*chunk.mutable_unit_names())["hekou"] = "河口镇";
  v1::Report* report = chunk.add_reports();
  report->set_sequence(42);
  report->set_stored_at_ms(kStored);
  report->set_unit_id("hekou");
  report->set_kind(v1::KIND_URGENT);
  report->set_stage(v1::STAGE_QING);
  report->set_event_id("ev-1");
  report->set_title("=河口镇渡口船只侧翻");
  report->set_body("第一行\n第二行");
  report->set_classification(v1::CLASSIFICATION_INTERNAL);
  (*chunk.mutable_followups())[42] = 2;
  return chunk;
}

v1::ReplayRequest Request() {
  v1::ReplayRequest request;
  request.set_from_ms(kNov);
  request.add_unit_ids("hekou");
  request.add_kinds(v1::KIND_URGENT);
  return request;
}

TEST(StatsExport, CsvIsStatsCsvWithAByteOrderMark) {
  Result<ExportFile> file = StatsExport(Table(), "2026-11", ExportFormat::kCsv, Context());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_TRUE(file->bytes.starts_with(client::kUtf8Bom));
  EXPECT_EQ(file->bytes, client::StatsCsv(Table(), true));
  EXPECT_EQ(file->media_type, "text/csv; charset=utf-8");
  EXPECT_EQ(file->file_name, "考核统计-2026-11.csv");
  EXPECT_EQ(file->ascii_name, "xinbao-stats-2026-11.csv");
}

TEST(StatsExport, WorkbookHasTheCsvColumnsAndANotesSheet) {
  Result<ExportFile> file = StatsExport(Table(), "2026-11", ExportFormat::kXlsx, Context());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->file_name, "考核统计-2026-11.xlsx");
  EXPECT_EQ(file->media_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const auto entries = ZipEntries(file->bytes);
  ASSERT_TRUE(entries.contains("xl/worksheets/sheet2.xml"));
  const std::string& workbook = entries.at("xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"考核统计\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"说明\""), std::string::npos);
  const std::string& strings = entries.at("xl/sharedStrings.xml");
  for (const char* text : {"名次", "单位编号", "黄河口镇人民政府", "督办按时办结",
                           "督办被催办", "加分", "得分", "考核期间",
                           "2026-11-01 00:00 至 2026-12-01 00:00（不含）", "张伟",
                           "表中时间均为 Asia/Shanghai 时间", "2026-12-01 01:00:00"}) {
    EXPECT_NE(strings.find(std::string(text) + "<"), std::string::npos) << text;
  }
  // The score is a number, not the text "-3.5".
  EXPECT_EQ(strings.find(">-3.5<"), std::string::npos);
  EXPECT_NE(entries.at("xl/worksheets/sheet1.xml").find("<v>-3.5</v>"), std::string::npos);
}

TEST(ReplayExport, CsvIsTheReplayWritersWithFollowupsAndNames) {
  Result<ExportFile> file =
      ReplayExport(Request(), Chunk(true), ExportFormat::kCsv, Context());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_TRUE(file->bytes.starts_with(std::string(client::kUtf8Bom) + "序号,存储时间,"));
  EXPECT_NE(file->bytes.find("42,2026-11-22 10:31:05,hekou,河口镇,紧急信息,续报二（情）"),
            std::string::npos)
      << file->bytes;
  EXPECT_NE(file->bytes.find("'=河口镇渡口船只侧翻"), std::string::npos);
  EXPECT_EQ(file->file_name, "报告回放-20261101-0000至最新.csv");
  EXPECT_EQ(file->ascii_name, "xinbao-replay-20261101-0000-end.csv");
}

TEST(ReplayExport, WorkbookHasDatesTheTitleAsTypedAndSaysWhetherComplete) {
  Result<ExportFile> file =
      ReplayExport(Request(), Chunk(false), ExportFormat::kXlsx, Context());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const auto entries = ZipEntries(file->bytes);
  const std::string& strings = entries.at("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>=河口镇渡口船只侧翻</t>"), std::string::npos);
  EXPECT_NE(strings.find("续报二（情）"), std::string::npos);
  EXPECT_NE(strings.find("否：只含查到序号 1200 为止的前 1 份"), std::string::npos);
  EXPECT_NE(strings.find("<t>河口镇</t>"), std::string::npos);
  EXPECT_NE(strings.find("2026-11-01 00:00 至 最新"), std::string::npos);
  const std::string& sheet = entries.at("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<c r=\"A2\"><v>42</v></c>"), std::string::npos);
  EXPECT_NE(sheet.find("<v>46348.43825"), std::string::npos);
  Result<ExportFile> whole =
      ReplayExport(Request(), Chunk(true), ExportFormat::kXlsx, Context());
  ASSERT_TRUE(whole.ok());
  EXPECT_NE(ZipEntries(whole->bytes).at("xl/sharedStrings.xml").find("是：包含全部"),
            std::string::npos);
}

TEST(ReplayExport, AContinuedPageIsNamedByItsFirstSequence) {
  v1::ReplayRequest request;
  request.set_first_sequence(1201);
  request.set_to_ms(kDec);
  Result<ExportFile> file = ReplayExport(request, Chunk(true), ExportFormat::kCsv, Context());
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->file_name, "报告回放-最早至20261201-0000-序号1201起.csv");
  EXPECT_EQ(file->ascii_name, "xinbao-replay-start-20261201-0000-seq1201.csv");
}

TEST(ContentDisposition, AsciiFallbackAndUtf8Name) {
  ExportFile file;
  file.file_name = "考核统计-2026-11.xlsx";
  file.ascii_name = "xinbao-stats-2026-11.xlsx";
  EXPECT_EQ(ContentDisposition(file),
            "attachment; filename=\"xinbao-stats-2026-11.xlsx\"; "
            "filename*=UTF-8''%E8%80%83%E6%A0%B8%E7%BB%9F%E8%AE%A1-2026-11.xlsx");
  file.file_name = "a b\"c";
  file.ascii_name = "a\"b\\c\n";
  EXPECT_EQ(ContentDisposition(file),
            "attachment; filename=\"a_b_c_\"; filename*=UTF-8''a%20b%22c");
}

}  // namespace
}  // namespace xinbao::centre
