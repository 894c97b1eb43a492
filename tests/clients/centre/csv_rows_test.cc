#include "clients/centre/csv_rows.h"

#include <gtest/gtest.h>

#include "clients/text/csv.h"

namespace xinbao::centre {
namespace {

TEST(CsvRows, ReadsWhatCsvLineWrites) {
  const std::vector<std::string> fields = {"河口镇", "a,b", "say \"hi\"",
                                           "line one\r\nline two", "", "=1+2"};
  const std::string csv = std::string(client::kUtf8Bom) +
                          client::CsvLine({"单位", "说明"}) + client::CsvLine(fields);
  Result<std::vector<CsvRecord>> records = ReadCsv(csv);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0], (CsvRecord{"单位", "说明"}));
  CsvRecord expected = fields;
  expected.back() = "'=1+2";  // CsvField's guard stays
  EXPECT_EQ((*records)[1], expected);
}

TEST(CsvRows, AcceptsBareLineFeedsAndNoFinalLineBreak) {
  Result<std::vector<CsvRecord>> records = ReadCsv("a,b\nc,d");
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(*records, (std::vector<CsvRecord>{{"a", "b"}, {"c", "d"}}));
  EXPECT_TRUE(ReadCsv("")->empty());
  EXPECT_TRUE(ReadCsv(client::kUtf8Bom)->empty());
  EXPECT_EQ(ReadCsv("a,\r\n").value(), (std::vector<CsvRecord>{{"a", ""}}));
}

TEST(CsvRows, RefusesBrokenQuoting) {
  for (const char* bad : {"\"open", "a\"b\r\n", "\"x\"y\r\n"}) {
    Result<std::vector<CsvRecord>> records = ReadCsv(bad);
    ASSERT_FALSE(records.ok()) << bad;
    EXPECT_EQ(records.status().code(), v1::ERROR_CODE_MALFORMED);
    EXPECT_NE(records.status().message().find("CSV"), std::string::npos);
  }
}

TEST(CsvRows, UnguardedTextTakesOffOnlyTheFormulaGuard) {
  EXPECT_EQ(UnguardedText("'=SUM(A1)"), "=SUM(A1)");
  EXPECT_EQ(UnguardedText("'+86 10"), "+86 10");
  EXPECT_EQ(UnguardedText("'@x"), "@x");
  EXPECT_EQ(UnguardedText("'hello"), "'hello");
  EXPECT_EQ(UnguardedText("'"), "'");
  EXPECT_EQ(UnguardedText("-3"), "-3");
  // What CsvField guards, UnguardedText gives back.
  for (const char* text : {"=1+2", "+x", "-y", "@z", "\tq"}) {
    EXPECT_EQ(UnguardedText(client::CsvField(text)), text);
  }
}

}  // namespace
}  // namespace xinbao::centre
