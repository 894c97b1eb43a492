#include "clients/print/xlsx_table.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "tests/support/zip_entries.h"

namespace xinbao::print {
namespace {

using testing::ZipEntries;

XlsxTable Units() {
  XlsxTable table;
  table.name = "考核统计";
  table.header = {"名次", "单位", "得分", "存储时间"};
  table.kinds = {ColumnKind::kNumber, ColumnKind::kText, ColumnKind::kNumber,
                 ColumnKind::kTime};
  table.rows = {{"1", "黄河口镇应急管理办公室", "12.5", "2026-11-22 10:31:05"},
                {"2", "=HYPERLINK(\"x\")", "-3", "不是时间"},
                {"3", "城关镇", "", ""}};
  return table;
}

// The <c> element of `cell` ("B2") in `sheet`.
std::string Cell(const std::string& sheet, const std::string& cell) {
  std::smatch found;
  const std::regex pattern("<c r=\"" + cell + "\"[^>]*?(/>|>.*?</c>)");
  return std::regex_search(sheet, found, pattern) ? found.str(0) : "";
}

// The width of column `n` (1-based), 0 when not set.
double Width(const std::string& sheet, int n) {
  std::smatch found;
  const std::string number = std::to_string(n);
  const std::regex pattern("<col min=\"" + number + "\" max=\"" + number +
                           "\" width=\"([0-9.]+)\"");
  return std::regex_search(sheet, found, pattern) ? std::stod(found.str(1)) : 0;
}

TEST(XlsxTable, WritesAZippedWorkbookWithTheChineseText) {
  Result<std::string> bytes = XlsxWorkbook({Units()});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  ASSERT_TRUE(bytes->starts_with(std::string_view("PK\x03\x04", 4)));
  const auto entries = ZipEntries(*bytes);
  ASSERT_TRUE(entries.contains("xl/workbook.xml"));
  ASSERT_TRUE(entries.contains("xl/worksheets/sheet1.xml"));
  ASSERT_TRUE(entries.contains("xl/sharedStrings.xml"));
  EXPECT_NE(entries.at("xl/workbook.xml").find("name=\"考核统计\""), std::string::npos);
  const std::string& strings = entries.at("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("<t>黄河口镇应急管理办公室</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>单位</t>"), std::string::npos);
  EXPECT_NE(strings.find("<t>=HYPERLINK(\"x\")</t>"), std::string::npos);
}

TEST(XlsxTable, NumbersAreNumbersAndTimesAreDates) {
  Result<std::string> bytes = XlsxWorkbook({Units()});
  ASSERT_TRUE(bytes.ok());
  const auto entries = ZipEntries(*bytes);
  const std::string& sheet = entries.at("xl/worksheets/sheet1.xml");
  // A number has no type (t="s" is a shared string).
  EXPECT_EQ(Cell(sheet, "A2"), "<c r=\"A2\"><v>1</v></c>");
  EXPECT_EQ(Cell(sheet, "C2"), "<c r=\"C2\"><v>12.5</v></c>");
  EXPECT_EQ(Cell(sheet, "C3"), "<c r=\"C3\"><v>-3</v></c>");
  // 2026-11-22 10:31:05 is day 46348 and 0.43825 of a day, with a date
  // format; a text in a time column stays text.
  EXPECT_NE(Cell(sheet, "D2").find("<v>46348.43825"), std::string::npos) << Cell(sheet, "D2");
  EXPECT_NE(Cell(sheet, "D2").find(" s=\""), std::string::npos);
  EXPECT_NE(Cell(sheet, "D3").find("t=\"s\""), std::string::npos);
  // A formula-looking text is a string, never a formula.
  EXPECT_NE(Cell(sheet, "B3").find("t=\"s\""), std::string::npos);
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  // Empty cells are not written.
  EXPECT_EQ(Cell(sheet, "C4"), "");
  EXPECT_NE(entries.at("xl/styles.xml").find("yyyy-mm-dd hh:mm:ss"), std::string::npos);
}

TEST(XlsxTable, TheHeaderIsBoldFrozenAndFiltered) {
  Result<std::string> bytes = XlsxWorkbook({Units()});
  ASSERT_TRUE(bytes.ok());
  const auto entries = ZipEntries(*bytes);
  const std::string& sheet = entries.at("xl/worksheets/sheet1.xml");
  EXPECT_NE(entries.at("xl/styles.xml").find("<b/>"), std::string::npos);
  EXPECT_NE(Cell(sheet, "A1").find(" s=\"1\""), std::string::npos) << Cell(sheet, "A1");
  EXPECT_NE(sheet.find("ySplit=\"1\""), std::string::npos);
  EXPECT_NE(sheet.find("<autoFilter ref=\"A1:D4\"/>"), std::string::npos);
}

TEST(XlsxTable, ColumnsAreWideEnoughForChineseText) {
  Result<std::string> bytes = XlsxWorkbook({Units()});
  ASSERT_TRUE(bytes.ok());
  const std::string sheet = ZipEntries(*bytes).at("xl/worksheets/sheet1.xml");
  // 11 Chinese characters: 22 columns, and a margin.
  EXPECT_GE(Width(sheet, 2), 22);
  EXPECT_GE(Width(sheet, 4), 19);  // "2026-11-22 10:31:05"
  EXPECT_GE(Width(sheet, 1), 6);
  EXPECT_EQ(XlsxTextWidth("河口镇\nab"), 6u);
}

TEST(XlsxTable, ALongTextIsCutToExcelsLimit) {
  XlsxTable table;
  table.name = "正文";
  table.header = {"正文"};
  std::string body;
  for (int i = 0; i < 40000; ++i) body += "字";
  table.rows = {{body}};
  Result<std::string> bytes = XlsxWorkbook({table});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  const std::string strings = ZipEntries(*bytes).at("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("字…（已截断）</t>"), std::string::npos);
  EXPECT_EQ(strings.find(body), std::string::npos);
}

TEST(XlsxTable, SeveralSheetsInOrder) {
  XlsxTable notes;
  notes.name = "说明";
  notes.header = {"项目", "内容"};
  notes.rows = {{"导出人", "张伟"}};
  Result<std::string> bytes = XlsxWorkbook({Units(), notes});
  ASSERT_TRUE(bytes.ok());
  const auto entries = ZipEntries(*bytes);
  const std::string& workbook = entries.at("xl/workbook.xml");
  EXPECT_LT(workbook.find("考核统计"), workbook.find("说明"));
  EXPECT_TRUE(entries.contains("xl/worksheets/sheet2.xml"));
  EXPECT_NE(entries.at("xl/sharedStrings.xml").find("张伟"), std::string::npos);
}

TEST(XlsxTable, ASheetNameExcelRefusesIsRefusedInChinese) {
  XlsxTable table = Units();
  table.name = "考核/统计";
  Result<std::string> bytes = XlsxWorkbook({table});
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_NE(bytes.status().message().find("工作表名称"), std::string::npos);
  table.name = "";
  EXPECT_FALSE(XlsxWorkbook({table}).ok());
  table.name = std::string(32, 'a');
  EXPECT_FALSE(XlsxWorkbook({table}).ok());
}

TEST(XlsxTable, TwoSheetsOfOneNameFailWithoutCrashing) {
  Result<std::string> bytes = XlsxWorkbook({Units(), Units()});
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_NE(bytes.status().message().find("无法生成 Excel 文件"), std::string::npos);
}

}  // namespace
}  // namespace xinbao::print
