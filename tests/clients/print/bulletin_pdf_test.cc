#include "clients/print/bulletin_pdf.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>

#include "tests/clients/print/bulletin_samples.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/web/screenshots.h"

namespace xinbao::print {
namespace {

namespace fs = std::filesystem;
using testing::PdfPageText;
using testing::Squeezed;

// The machine's zone is UTC for these tests, the document's Shanghai.
class BulletinPdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }

  // Renders `detail`, keeps the PDF and a PNG of each page in the test's
  // screenshot folder, and returns the PDF's path.
  fs::path Render(const v1::BulletinDetail& detail) {
    Result<std::string> pdf = BulletinPdf(detail, zone_);
    EXPECT_TRUE(pdf.ok()) << pdf.status().ToString();
    if (!pdf.ok()) return {};
    return testing::KeepPdf(*pdf, testing::ScreenshotDir(), "bulletin.pdf");
  }

  const TimeZone zone_ = TimeZone::Load("Asia/Shanghai").value();
};

TEST_F(BulletinPdfTest, PageOneCarriesTheMastheadInTheZoneGiven) {
  const fs::path pdf = Render(testing::SampleIssue());
  ASSERT_FALSE(pdf.empty());
  const std::string page1 = PdfPageText(pdf, 1);
  const std::string squeezed = Squeezed(page1);
  EXPECT_NE(squeezed.find("政务信息"), std::string::npos) << page1;
  EXPECT_NE(squeezed.find("第12期（总第156期）"), std::string::npos) << page1;
  EXPECT_NE(squeezed.find("中共城南县委办公室"), std::string::npos) << page1;
  // 00:20 on the 5th in Shanghai; the 4th in UTC, the machine's zone.
  EXPECT_NE(page1.find("2026年11月5日"), std::string::npos) << page1;
  EXPECT_EQ(page1.find("2026年11月4日"), std::string::npos) << page1;
  EXPECT_NE(squeezed.find("内部资料注意保存"), std::string::npos) << page1;
  // An issued issue is no draft; a routine series shows no 签发人 up top.
  EXPECT_EQ(squeezed.find("待签发"), std::string::npos);
  EXPECT_EQ(Squeezed(testing::PdfPageRawText(pdf, 1)).find("样稿"), std::string::npos);
  EXPECT_EQ(squeezed.find("签发人"), std::string::npos);
  // Several items of a routine series are numbered, in print order.
  const std::size_t first = squeezed.find("一、城关镇多措并举抓实冬季安全生产工作");
  EXPECT_NE(first, std::string::npos) << page1;
  EXPECT_NE(squeezed.find("—1—"), std::string::npos) << page1;
}

TEST_F(BulletinPdfTest, ALongBodyFlowsOntoPageTwoAndTheImprintEndsTheLastPage) {
  const fs::path pdf = Render(testing::SampleIssue());
  ASSERT_FALSE(pdf.empty());
  const int pages = testing::PdfPageCount(pdf);
  ASSERT_GE(pages, 2);
  const std::string page1 = Squeezed(PdfPageText(pdf, 1));
  const std::string page2 = Squeezed(PdfPageText(pdf, 2));
  // The first item starts on page 1 and ends on page 2.
  EXPECT_NE(page1.find("入冬以来，城关镇坚持把安全生产摆在突出位置"), std::string::npos);
  EXPECT_NE(page2.find("确保辖区安全生产形势持续稳定。"), std::string::npos) << page2;
  EXPECT_NE(page2.find("—2—"), std::string::npos);
  // Every item, its sources, and the 编者按 in order.
  std::string all;
  for (int page = 1; page <= pages; ++page) all += Squeezed(PdfPageText(pdf, page));
  const std::size_t second = all.find("二、我县森林防火工作实现“零火情”");
  const std::size_t note = all.find("【编者按】县应急管理局、县林业局在森林防火工作中");
  const std::size_t merged = all.find("（县应急管理局县林业局）");
  const std::size_t third = all.find("三、县市场监管局开展冬季燃气具质量专项抽检");
  EXPECT_NE(all.find("（城关镇）"), std::string::npos) << all;
  ASSERT_NE(second, std::string::npos) << all;
  ASSERT_NE(note, std::string::npos) << all;
  ASSERT_NE(merged, std::string::npos) << all;
  ASSERT_NE(third, std::string::npos) << all;
  EXPECT_LT(second, note);
  EXPECT_LT(note, merged);
  EXPECT_LT(merged, third);
  // The 版记 closes the last page: 报送, 抄送 in full, 编辑 and 签发, the date.
  const std::string last = Squeezed(PdfPageText(pdf, pages));
  const std::size_t send = last.find("报送：市委办公室，市政府办公室，市委政研室");
  const std::size_t copy = last.find("抄送：县委常委");
  const std::size_t people = last.find("编辑：李晓梅签发：王建国");
  const std::size_t printed = last.find("2026年11月5日印发");
  ASSERT_NE(send, std::string::npos) << last;
  ASSERT_NE(copy, std::string::npos) << last;
  ASSERT_NE(people, std::string::npos) << last;
  ASSERT_NE(printed, std::string::npos) << last;
  EXPECT_NE(last.find("县直各单位"), std::string::npos) << last;
  EXPECT_LT(send, copy);
  EXPECT_LT(copy, people);
}

TEST_F(BulletinPdfTest, ADraftIsMarkedOnEveryPage) {
  const fs::path pdf = Render(testing::SampleDraft());
  ASSERT_FALSE(pdf.empty());
  const std::string page1 = Squeezed(PdfPageText(pdf, 1));
  EXPECT_NE(page1.find("第13期（总第157期）（待签发）"), std::string::npos) << page1;
  EXPECT_EQ(page1.find("2026年"), std::string::npos) << "a draft has no date yet: " << page1;
  const int pages = testing::PdfPageCount(pdf);
  ASSERT_GE(pages, 2);
  // The watermark is drawn first, under the text.
  for (int page = 1; page <= pages; ++page) {
    EXPECT_TRUE(Squeezed(testing::PdfPageRawText(pdf, page)).starts_with("样稿")) << page;
  }
}

TEST_F(BulletinPdfTest, TheChineseFacesAreEmbedded) {
  const fs::path pdf = Render(testing::SampleIssue());
  ASSERT_FALSE(pdf.empty());
  const std::string fonts = testing::PdfFonts(pdf);
  EXPECT_NE(fonts.find("NotoSerifCJK"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("UKai"), std::string::npos) << fonts;
  // Every font is embedded: nothing falls back to a viewer's face.
  std::size_t rows = 0;
  std::size_t line_start = fonts.find('\n', fonts.find("----"));
  while (line_start != std::string::npos && line_start + 1 < fonts.size()) {
    const std::size_t end = fonts.find('\n', line_start + 1);
    const std::string line = fonts.substr(line_start + 1, end - line_start - 1);
    if (!line.empty()) {
      ++rows;
      EXPECT_NE(line.find(" yes "), std::string::npos) << line;
      // Only the faces asked for: a face without Chinese (DejaVu, a
      // fallback) means a glyph went missing.
      EXPECT_TRUE(line.find("CJK") != std::string::npos || line.find("UKai") != std::string::npos)
          << line;
    }
    line_start = end;
  }
  EXPECT_GE(rows, 2u);
}

TEST_F(BulletinPdfTest, AQuickReportNamesItsApproverTopRightAndNumbersNothing) {
  v1::BulletinDetail detail = testing::SampleIssue();
  detail.mutable_issue()->set_kind(v1::SERIES_KIND_SPECIAL);
  detail.mutable_issue()->set_series_name("专报");
  detail.mutable_issue()->set_classification(v1::CLASSIFICATION_SECRET);
  const fs::path pdf = Render(detail);
  ASSERT_FALSE(pdf.empty());
  const std::string page1 = PdfPageText(pdf, 1);
  const std::string first_line = page1.substr(0, page1.find('\n'));
  EXPECT_NE(first_line.find("★秘密"), std::string::npos) << page1;
  EXPECT_NE(first_line.find("签发人：王建国"), std::string::npos) << page1;
  EXPECT_LT(first_line.find("★秘密"), first_line.find("签发人"));
  EXPECT_EQ(Squeezed(page1).find("一、"), std::string::npos) << page1;
}

TEST_F(BulletinPdfTest, EmptyLinesOfTheImprintAreLeftOutAndAnUnnamedUnitShowsItsId) {
  v1::BulletinDetail detail = testing::SampleIssue();
  detail.mutable_issue()->clear_copy_to();
  detail.mutable_issue()->set_item_ids(0, "item-3");
  detail.mutable_issue()->mutable_item_ids()->RemoveLast();
  detail.mutable_issue()->mutable_item_ids()->RemoveLast();
  detail.mutable_unit_names()->erase("u-shichang");
  const fs::path pdf = Render(detail);
  ASSERT_FALSE(pdf.empty());
  ASSERT_EQ(testing::PdfPageCount(pdf), 1);
  const std::string page = Squeezed(PdfPageText(pdf, 1));
  EXPECT_NE(page.find("报送："), std::string::npos) << page;
  EXPECT_EQ(page.find("抄送"), std::string::npos) << page;
  EXPECT_NE(page.find("（u-shichang）"), std::string::npos) << page;
  // One item: no number before its title.
  EXPECT_NE(page.find("县市场监管局开展冬季燃气具质量专项抽检"), std::string::npos);
  EXPECT_EQ(page.find("一、"), std::string::npos) << page;
}

TEST_F(BulletinPdfTest, AnItemNotInTheDetailIsRefusedInChinese) {
  v1::BulletinDetail detail = testing::SampleIssue();
  detail.mutable_issue()->add_item_ids("item-9");
  Result<std::string> pdf = BulletinPdf(detail, zone_);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_NE(pdf.status().message().find("item-9"), std::string::npos);

  detail.mutable_issue()->clear_item_ids();
  pdf = BulletinPdf(detail, zone_);
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.status().message().find("没有编入稿件"), std::string::npos);
}

TEST_F(BulletinPdfTest, BadTextIsPrintedNotRefused) {
  v1::BulletinDetail detail = testing::SampleIssue();
  detail.mutable_items(0)->set_title("标题\xff\xfe坏字节");
  detail.mutable_items(0)->set_body(std::string(3000, 'x') + "\n\n\n" + "　　正文");
  Result<std::string> pdf = BulletinPdf(detail, zone_);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
}

}  // namespace
}  // namespace xinbao::print
