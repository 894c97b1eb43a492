#include "clients/text/score_text.h"

#include <gtest/gtest.h>

#include <string>

#include "clients/text/display_width.h"
#include "clients/text/text_table.h"

namespace xinbao::client {
namespace {

// 2026-11-01 00:00 and 2026-12-01 00:00 at UTC+8.
constexpr int64_t kNov = 1'793'462'400'000;
constexpr int64_t kDec = 1'796'054'400'000;
const TimeZone kBeijing = TimeZone::FixedOffset(480);

void AddLine(v1::UnitStats* row, v1::ScoreSource source, double points,
             const std::string& text, const std::string& reference = "") {
  v1::ScoreLine* line = row->add_lines();
  line->set_source(source);
  line->set_points(points);
  line->set_text(text);
  line->set_reference(reference);
}

v1::StatsTable Table() {
  v1::StatsTable table;
  table.set_from_ms(kNov);
  table.set_to_ms(kDec);
  (*table.mutable_unit_names())["hekou"] = "河口镇";
  v1::UnitStats* hekou = table.add_units();
  hekou->set_unit_id("hekou");
  hekou->set_rank(1);
  hekou->set_reports(2);
  hekou->set_adoptions(1);
  hekou->set_adoption_points(5);
  hekou->set_instructions(1);
  hekou->set_commissions_on_time(1);
  hekou->set_score(21.5);
  AddLine(hekou, v1::SCORE_SOURCE_REPORTS, 2, "一般动态 2 条");
  AddLine(hekou, v1::SCORE_SOURCE_ADOPTION, 5, "综合稿采用", "2026年第1期");
  AddLine(hekou, v1::SCORE_SOURCE_INSTRUCTION, 10, "县级批示");
  AddLine(hekou, v1::SCORE_SOURCE_COMMISSION, 5, "约稿按时");
  AddLine(hekou, v1::SCORE_SOURCE_QUOTA, -0.5, "缺额");
  v1::UnitStats* jiaoyu = table.add_units();
  jiaoyu->set_unit_id("jiaoyu");
  jiaoyu->set_rank(2);
  jiaoyu->set_commissions_missing(1);
  jiaoyu->set_deductions(5);
  jiaoyu->set_score(-5);
  AddLine(jiaoyu, v1::SCORE_SOURCE_COMMISSION, -5, "约稿未报");
  return table;
}

TEST(ScoreTableText, RanksUnitsWithTheirLinesUnderEachRow) {
  const std::string text = ScoreTableText(Table(), kBeijing);
  const std::vector<std::string> lines = SplitLines(text);
  ASSERT_EQ(lines.size(), 10u) << text;
  EXPECT_EQ(lines[0], "考核期间 2026-11-01 00:00 至 2026-12-01 00:00（不含）");
  EXPECT_NE(lines[1].find("采用得分"), std::string::npos);
  EXPECT_NE(lines[2].find("河口镇"), std::string::npos);
  // The 得分 column is right-aligned: the row ends at the header's end.
  EXPECT_EQ(DisplayWidth(lines[1]), DisplayWidth(lines[2])) << text;
  EXPECT_EQ(lines[2].substr(lines[2].size() - 4), "21.5");
  EXPECT_EQ(lines[3], "        +2  报送      一般动态 2 条");
  EXPECT_EQ(lines[4], "        +5  采用      综合稿采用〔2026年第1期〕");
  EXPECT_EQ(lines[7], "      -0.5  报送定额  缺额");
  EXPECT_NE(lines[8].find("jiaoyu"), std::string::npos);
  EXPECT_EQ(lines[9], "        -5  约稿      约稿未报");
}

TEST(ScoreTableText, SaysSoWhenNoUnitWasRanked) {
  v1::StatsTable table = Table();
  table.clear_units();
  EXPECT_EQ(ScoreTableText(table, kBeijing),
            "考核期间 2026-11-01 00:00 至 2026-12-01 00:00（不含）\n本期间没有参加考核的单位\n");
}

TEST(SignedScore, SignsEveryNonZeroNumber) {
  EXPECT_EQ(SignedScore(2), "+2");
  EXPECT_EQ(SignedScore(-0.5), "-0.5");
  EXPECT_EQ(SignedScore(0), "0");
  EXPECT_EQ(SignedScore(0.75), "+0.75");
}

}  // namespace
}  // namespace xinbao::client
