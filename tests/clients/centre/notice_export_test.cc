#include "clients/centre/notice_export.h"

#include <gtest/gtest.h>

#include "clients/text/csv.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/temp_dir.h"
#include "tests/clients/centre/november_export.h"
#include "tests/support/zip_entries.h"

namespace xinbao::centre {
namespace {

using testing::kDec;
using testing::kNov;
using testing::ZipEntries;

ExportContext Context() { return testing::NovemberContext(); }

// Two units, one with a score line of a local adoption.
v1::StatsTable Table() {
  v1::StatsTable table;
  table.set_from_ms(kNov);
  table.set_to_ms(kDec);
  (*table.mutable_unit_names())["hekou"] = "河口镇";
  (*table.mutable_unit_names())["chengguan"] = "城关镇";
  v1::UnitStats* hekou = table.add_units();
  hekou->set_unit_id("hekou");
  hekou->set_rank(1);
  hekou->set_reports(3);
  hekou->set_score(12);
  v1::ScoreLine* line = hekou->add_lines();
  line->set_source(v1::SCORE_SOURCE_ADOPTION);
  line->set_points(10);
  line->set_text("《政务信息》采用");
  line->set_reference("2026年第3期");
  line->add_report_sequences(42);
  v1::UnitStats* chengguan = table.add_units();
  chengguan->set_unit_id("chengguan");
  chengguan->set_rank(2);
  return table;
}

TEST(NoticeExport, ThePdfIsTheMonthsNoticeNamedAfterTheMonth) {
  Result<ExportFile> file =
      NoticeExport(Table(), "2026-11", NoticeFile::kPdf, "清河县委办公室", Context());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->media_type, "application/pdf");
  EXPECT_EQ(file->file_name, "2026年11月份信息报送工作情况通报.pdf");
  EXPECT_EQ(file->ascii_name, "xinbao-notice-2026-11.pdf");
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "notice.pdf", file->bytes);
  const auto pdf = dir.path() / "notice.pdf";
  const std::string page = testing::Squeezed(testing::PdfPageText(pdf, 1));
  EXPECT_NE(page.find("关于2026年11月份信息报送工作情况的通报"), std::string::npos) << page;
  // The office signs it at the end, dated context.now_ms.
  const std::string last = testing::Squeezed(testing::PdfPageText(pdf, testing::PdfPageCount(pdf)));
  EXPECT_NE(last.find("清河县委办公室2026年12月1日"), std::string::npos) << last;
}

TEST(NoticeExport, TheWorkbookHasTheRankingAndTheLines) {
  Result<ExportFile> file =
      NoticeExport(Table(), "2026-11", NoticeFile::kWorkbook, "清河县委办公室", Context());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->file_name, "2026年11月份信息报送工作情况通报.xlsx");
  const auto entries = ZipEntries(file->bytes);
  ASSERT_TRUE(entries.contains("xl/workbook.xml"));
  EXPECT_NE(entries.at("xl/workbook.xml").find("排名"), std::string::npos);
  EXPECT_NE(entries.at("xl/workbook.xml").find("明细"), std::string::npos);
}

TEST(NoticeExport, EitherSheetAsCsvWithTheByteOrderMark) {
  Result<ExportFile> ranking =
      NoticeExport(Table(), "2026-11", NoticeFile::kRankingCsv, "", Context());
  ASSERT_TRUE(ranking.ok());
  EXPECT_EQ(ranking->file_name, "2026年11月份信息报送工作情况通报-排名.csv");
  EXPECT_EQ(ranking->ascii_name, "xinbao-notice-2026-11-ranking.csv");
  EXPECT_TRUE(ranking->bytes.starts_with(client::kUtf8Bom));
  EXPECT_LT(ranking->bytes.find("河口镇"), ranking->bytes.find("城关镇"));

  Result<ExportFile> lines =
      NoticeExport(Table(), "2026-11", NoticeFile::kLinesCsv, "", Context());
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ(lines->ascii_name, "xinbao-notice-2026-11-lines.csv");
  EXPECT_NE(lines->bytes.find("2026年第3期"), std::string::npos) << lines->bytes;
  EXPECT_NE(lines->bytes.find("42"), std::string::npos);
}

}  // namespace
}  // namespace xinbao::centre
