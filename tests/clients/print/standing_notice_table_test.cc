#include "clients/print/standing_notice_table.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/clients/print/stats_samples.h"
#include "tests/support/web/screenshots.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/zip_entries.h"

namespace xinbao::print {
namespace {

using testing::ZipEntries;

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

TEST(StandingNoticeTable, TheWorkbookHasTheRankingAndTheDetailSheets) {
  const TimeZone zone = TimeZone::Load("Asia/Shanghai").value();
  Result<std::string> bytes = StandingNoticeWorkbook(testing::SampleStats(), zone);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  testing::WriteFile(testing::ScreenshotDir() / "notice.xlsx", *bytes);
  const auto entries = ZipEntries(*bytes);
  ASSERT_TRUE(entries.contains("xl/workbook.xml"));
  const std::string& workbook = entries.at("xl/workbook.xml");
  ASSERT_NE(workbook.find("name=\"排名\""), std::string::npos) << workbook;
  ASSERT_NE(workbook.find("name=\"明细\""), std::string::npos) << workbook;
  EXPECT_LT(workbook.find("排名"), workbook.find("明细"));
  const std::string& strings = entries.at("xl/sharedStrings.xml");
  for (const std::string& name : testing::SampleUnitNames()) {
    EXPECT_NE(strings.find("<t>" + name + "</t>"), std::string::npos) << name;
  }
  EXPECT_NE(strings.find("<t>约稿按时</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>2026年第12期</t>"), std::string::npos);
  // 分值 is a number; the adoption's time an Excel time (2026-11-20 00:10
  // in Shanghai: day 46346 and 0.00694 of a day).
  const std::string& detail = entries.at("xl/worksheets/sheet2.xml");
  EXPECT_NE(detail.find("<v>-0.5</v>"), std::string::npos);
  EXPECT_NE(detail.find("<v>46346.00694"), std::string::npos);
}

TEST(StandingNoticeTable, TheRankingAsCsvHasARowPerUnitInOrder) {
  const std::string csv = TableCsv(StandingRanking(testing::SampleStats()), true);
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBF名次,单位编号,单位,报送,采用,采用得分,批示,约稿按时,约稿迟交,约稿未交,扣分,得分\r\n"))
      << csv.substr(0, 200);
  EXPECT_EQ(Count(csv, "\r\n"), 46u);
  EXPECT_NE(csv.find("\r\n1,u1,城关镇,20,2,2.5,1,1,0,0,0,"), std::string::npos) << csv;
  EXPECT_LT(csv.find(",城关镇,"), csv.find(",县应急管理局,"));
  EXPECT_NE(csv.find("\r\n45,u45,"), std::string::npos);
}

TEST(StandingNoticeTable, TheDetailAsCsvHasARowPerScoreLine) {
  const v1::StatsTable table = testing::SampleStats();
  const TimeZone zone = TimeZone::Load("Asia/Shanghai").value();
  const std::string csv = TableCsv(StandingDetail(table, zone), false);
  std::size_t lines = 0;
  for (const v1::UnitStats& unit : table.units()) lines += unit.lines_size();
  EXPECT_EQ(Count(csv, "\r\n"), lines + 1);
  EXPECT_TRUE(csv.starts_with("名次,单位,来源,分值,说明,期号,报告序号,时间\r\n"));
  EXPECT_NE(csv.find("1,城关镇,采用,2,《城关镇多措并举抓实冬季安全生产工作》被《政务信息》采用,"
                     "2026年第12期,2000,2026-11-20 00:10\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",迟报,-0.5,"), std::string::npos);
}

}  // namespace
}  // namespace xinbao::print
