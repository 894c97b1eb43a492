#include "clients/print/standing_notice.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>

#include "clients/print/document_words.h"
#include "tests/clients/print/stats_samples.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/web/screenshots.h"

namespace xinbao::print {
namespace {

namespace fs = std::filesystem;
using testing::Squeezed;

// 2026-12-03 00:15 +08:00 (the 2nd in UTC, the machine's zone here).
constexpr int64_t kIssuedAtMs = 1796228100000;

class StandingNoticeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    heading_.office = "中共城南县委办公室";
    heading_.period = "2026年11月";
    heading_.issued_at_ms = kIssuedAtMs;
    heading_.addressed_to = "各乡镇党委、政府，县直各单位：";
    heading_.closing = "希望各单位对照通报查找不足，进一步提高信息报送的质量和时效。";
  }

  // Renders `table`, keeps the PDF and a PNG of each page, returns the path.
  fs::path Render(const v1::StatsTable& table) {
    Result<std::string> pdf = StandingNoticePdf(table, heading_, zone_);
    EXPECT_TRUE(pdf.ok()) << pdf.status().ToString();
    if (!pdf.ok()) return {};
    return testing::KeepPdf(*pdf, testing::ScreenshotDir(), "notice.pdf");
  }

  // Every page's text in drawing order, squeezed.
  static std::string AllText(const fs::path& pdf) {
    std::string all;
    for (int page = 1; page <= testing::PdfPageCount(pdf); ++page) {
      all += Squeezed(testing::PdfPageRawText(pdf, page));
    }
    return all;
  }

  NoticeHeading heading_;
  const TimeZone zone_ = TimeZone::Load("Asia/Shanghai").value();
};

TEST_F(StandingNoticeTest, TheTitleAndTheOpeningComeFromThePeriodAndTheFigures) {
  const fs::path pdf = Render(testing::SampleStats());
  ASSERT_FALSE(pdf.empty());
  const std::string page1 = Squeezed(testing::PdfPageText(pdf, 1));
  EXPECT_NE(page1.find("关于2026年11月份信息报送工作情况的通报"), std::string::npos) << page1;
  EXPECT_NE(page1.find("各乡镇党委、政府，县直各单位："), std::string::npos) << page1;
  // 45 units; reports 20,20,20,19,… (20 - i/3), 2 adoptions each for ten.
  int reports = 0;
  for (int i = 0; i < 45; ++i) reports += 20 - i / 3;
  EXPECT_NE(page1.find("共有45个单位参加信息报送考核，共报送信息" + std::to_string(reports) +
                       "条，被采用20条次，获领导批示1次"),
            std::string::npos)
      << page1;
  EXPECT_NE(page1.find("约稿按时报送5次、迟交1次、未交1次"), std::string::npos) << page1;
  EXPECT_NE(page1.find("得分居前3位的是城关镇、县应急管理局、县林业局"), std::string::npos)
      << page1;
}

TEST_F(StandingNoticeTest, TheRankingListsEveryUnitInRankOrderWithItsHeaderOnEveryPage) {
  const fs::path pdf = Render(testing::SampleStats());
  ASSERT_FALSE(pdf.empty());
  const std::string all = AllText(pdf);
  const std::size_t ranking = all.find("一、排名情况");
  const std::size_t detail = all.find("二、各单位得分明细");
  ASSERT_NE(ranking, std::string::npos);
  ASSERT_NE(detail, std::string::npos);
  std::size_t at = ranking;
  int rank = 0;
  for (const std::string& name : testing::SampleUnitNames()) {
    // 名次, then the unit's name, in the table's order.
    const std::size_t found = all.find(std::to_string(++rank) + name, at);
    ASSERT_NE(found, std::string::npos) << name;
    EXPECT_LT(found, detail) << name;
    at = found;
  }
  // 45 rows do not fit one page: the header is drawn again on page 2.
  const std::string page2 = Squeezed(testing::PdfPageRawText(pdf, 2));
  EXPECT_NE(page2.find("约稿名次单位报送采用采用得分批示按时迟交未交扣分得分"), std::string::npos)
      << page2;
}

TEST_F(StandingNoticeTest, EachUnitsDetailListsItsLinesWithSignedPointsAndItsTotal) {
  const v1::StatsTable table = testing::SampleStats();
  const fs::path pdf = Render(table);
  ASSERT_FALSE(pdf.empty());
  const std::string all = AllText(pdf);
  std::size_t at = all.find("二、各单位得分明细");
  ASSERT_NE(at, std::string::npos);
  uint32_t n = 0;
  for (const v1::UnitStats& unit : table.units()) {
    const std::string heading = "（" + ChineseOrdinal(++n) + "）" +
                                table.unit_names().at(unit.unit_id()) + "：第" +
                                std::to_string(unit.rank()) + "名，得分" + Points(unit.score());
    at = all.find(heading, at);
    ASSERT_NE(at, std::string::npos) << heading;
    for (const v1::ScoreLine& line : unit.lines()) {
      std::string text = line.text();
      if (!line.reference().empty()) text += "（" + line.reference() + "）";
      at = all.find(text + SignedPoints(line.points()), at);
      ASSERT_NE(at, std::string::npos) << heading << " " << text;
    }
    at = all.find("合计" + Points(unit.score()), at);
    ASSERT_NE(at, std::string::npos) << heading;
  }
  // Signed, one decimal only when needed.
  EXPECT_NE(all.find("迟报一次：11月8日交通事故首报晚于时限-0.5"), std::string::npos);
  EXPECT_NE(all.find("县委书记批示一次+3"), std::string::npos);
}

TEST_F(StandingNoticeTest, TheDateAtTheFootIsInTheZoneGivenAndTheFacesAreEmbedded) {
  const fs::path pdf = Render(testing::SampleStats());
  ASSERT_FALSE(pdf.empty());
  const int pages = testing::PdfPageCount(pdf);
  const std::string last = Squeezed(testing::PdfPageText(pdf, pages));
  EXPECT_NE(last.find("希望各单位对照通报查找不足"), std::string::npos) << last;
  EXPECT_NE(last.find("中共城南县委办公室2026年12月3日"), std::string::npos) << last;
  EXPECT_NE(last.find("—" + std::to_string(pages) + "—"), std::string::npos) << last;
  const std::string fonts = testing::PdfFonts(pdf);
  EXPECT_NE(fonts.find("NotoSerifCJKsc-Regular"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("NotoSansCJKsc-Bold"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("UKai"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no "), std::string::npos) << fonts;
}

TEST_F(StandingNoticeTest, ATableWithoutUnitsOrLinesSaysSo) {
  v1::StatsTable empty;
  fs::path pdf = Render(empty);
  ASSERT_FALSE(pdf.empty());
  std::string text = AllText(pdf);
  EXPECT_NE(text.find("2026年11月，没有参加信息报送考核的单位。"), std::string::npos) << text;
  EXPECT_EQ(text.find("排名情况"), std::string::npos);

  v1::StatsTable unexplained = testing::SampleStats();
  for (v1::UnitStats& unit : *unexplained.mutable_units()) unit.clear_lines();
  unexplained.mutable_units()->DeleteSubrange(3, 42);
  unexplained.mutable_unit_names()->erase("u2");
  pdf = Render(unexplained);
  ASSERT_FALSE(pdf.empty());
  text = AllText(pdf);
  EXPECT_NE(text.find("本次统计未附该单位的得分明细。"), std::string::npos) << text;
  EXPECT_NE(text.find("（二）u2：第2名"), std::string::npos) << text;
}

TEST(StandingNoticeTitle, AddsFenAfterAMonthOnly) {
  EXPECT_EQ(StandingNoticeTitle("2026年11月"), "关于2026年11月份信息报送工作情况的通报");
  EXPECT_EQ(StandingNoticeTitle("2026年第四季度"), "关于2026年第四季度信息报送工作情况的通报");
}

TEST(DocumentWords, PointsAndOrdinals) {
  EXPECT_EQ(Points(12), "12");
  EXPECT_EQ(Points(23.5), "23.5");
  EXPECT_EQ(Points(0.75), "0.75");
  EXPECT_EQ(Points(-0.0001), "0");
  EXPECT_EQ(SignedPoints(2), "+2");
  EXPECT_EQ(SignedPoints(-0.5), "-0.5");
  EXPECT_EQ(ChineseOrdinal(1), "一");
  EXPECT_EQ(ChineseOrdinal(10), "十");
  EXPECT_EQ(ChineseOrdinal(12), "十二");
  EXPECT_EQ(ChineseOrdinal(45), "四十五");
  EXPECT_EQ(ChineseOrdinal(100), "100");
}

}  // namespace
}  // namespace xinbao::print
