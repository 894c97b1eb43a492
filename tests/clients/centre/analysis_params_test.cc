#include "clients/centre/analysis_params.h"

#include <gtest/gtest.h>

namespace xinbao::centre {
namespace {

// 2026-11-01 00:00 in Shanghai, and 2026-11-30 16:30 UTC (already
// December there).
constexpr int64_t kNovFirst = 1'793'462'400'000;
constexpr int64_t kDecFirstShanghai = 1'796'056'200'000;

TimeZone Shanghai() { return TimeZone::Load("Asia/Shanghai").value(); }

// A refusal of `field` with `code` and a message holding `words`.
template <typename T>
void ExpectRefused(const Result<T>& result, v1::ErrorCode code,
                   const std::string& field, const std::string& words) {
  ASSERT_FALSE(result.ok()) << "expected a refusal of " << field;
  EXPECT_EQ(result.status().code(), code) << result.status().ToString();
  EXPECT_EQ(result.status().field(), field) << result.status().ToString();
  EXPECT_NE(result.status().message().find(words), std::string::npos)
      << result.status().message();
}

TEST(StatsParams, TakesAMonthOrThisMonthInTheBrokersZone) {
  Result<v1::StatsRequest> given = StatsRequestOf({{"month", "2026-11"}}, Shanghai(), 0);
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(given->month(), "2026-11");
  Result<v1::StatsRequest> now = StatsRequestOf({}, Shanghai(), kDecFirstShanghai);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->month(), "2026-12");
  EXPECT_EQ(StatsRequestOf({}, TimeZone::FixedOffset(0), kDecFirstShanghai)->month(),
            "2026-11");
  EXPECT_EQ(StatsRequestOf({{"month", ""}}, Shanghai(), kDecFirstShanghai)->month(),
            "2026-12");
}

// A value or name that is not UTF-8 (percent-decoded from the URL) is
// quoted in the refusal as U+FFFD, so the page gets JSON it can read
// (tests/fuzz found the raw byte in the message).
TEST(AnalysisParams, RefusalsQuoteBytesThatAreNotUtf8AsReplacements) {
  const Result<v1::AsOfRequest> event = AsOfRequestOf(
      {{"at", "1795833060000"}, {"event", "seed-e\xF6" "ent"}}, Shanghai());
  ExpectRefused(event, v1::ERROR_CODE_INVALID_FIELD, "event", "seed-e\uFFFDent");
  const Result<v1::AsOfRequest> name =
      AsOfRequestOf({{"at", "1795833060000"}, {"\xF6", "1"}}, Shanghai());
  ExpectRefused(name, v1::ERROR_CODE_INVALID_FIELD, "\uFFFD", "\uFFFD");
  const Result<v1::AsOfRequest> at = AsOfRequestOf({{"at", "\xF6"}}, Shanghai());
  ExpectRefused(at, v1::ERROR_CODE_INVALID_FIELD, "at", "\uFFFD");
}

TEST(StatsParams, RefusesABadMonthInChinese) {
  for (const char* bad : {"2026-13", "2026-00", "2026/11", "26-11", "1999-12",
                          "2026-1", "abcd-ef", "2026-11-01", "２０２６-１１"}) {
    ExpectRefused(StatsRequestOf({{"month", bad}}, Shanghai(), 0),
                  v1::ERROR_CODE_INVALID_FIELD, "month", "月份应写成 YYYY-MM");
  }
  ExpectRefused(StatsRequestOf({{"month", "2026-11"}, {"month", "2026-10"}}, Shanghai(), 0),
                v1::ERROR_CODE_INVALID_FIELD, "month", "只能给一个值");
  ExpectRefused(StatsRequestOf({{"moth", "2026-11"}}, Shanghai(), 0),
                v1::ERROR_CODE_INVALID_FIELD, "moth", "不认识的查询参数");
}

TEST(ReplayParams, OnePageOfAThousandWithEveryFilter) {
  Result<v1::ReplayRequest> request = ReplayRequestOf(
      {{"from", "2026-11-01T00:00"},
       {"to", "1796054400000"},
       {"unit", "hekou,chengguan"},
       {"unit", " xiangyang "},
       {"kind", "KIND_URGENT"},
       {"kind", "重要动态,general"},
       {"stage", "STAGE_QING,事"},
       {"event", "ev-1"},
       {"from_seq", "5"},
       {"to_seq", "900"}},
      Shanghai());
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->credit(), 1u);
  EXPECT_EQ(request->chunk_reports(), 1000u);
  EXPECT_FALSE(request->include_attachments());
  EXPECT_EQ(request->from_ms(), kNovFirst);
  EXPECT_EQ(request->to_ms(), 1'796'054'400'000);
  ASSERT_EQ(request->unit_ids_size(), 3);
  EXPECT_EQ(request->unit_ids(0), "hekou");
  EXPECT_EQ(request->unit_ids(2), "xiangyang");
  ASSERT_EQ(request->kinds_size(), 3);
  EXPECT_EQ(request->kinds(0), v1::KIND_URGENT);
  EXPECT_EQ(request->kinds(1), v1::KIND_IMPORTANT_DYNAMIC);
  EXPECT_EQ(request->kinds(2), v1::KIND_GENERAL_DYNAMIC);
  ASSERT_EQ(request->stages_size(), 2);
  EXPECT_EQ(request->stages(0), v1::STAGE_QING);
  EXPECT_EQ(request->stages(1), v1::STAGE_SHI);
  EXPECT_EQ(request->event_id(), "ev-1");
  EXPECT_EQ(request->first_sequence(), 5u);
  EXPECT_EQ(request->last_sequence(), 900u);
}

TEST(ReplayParams, EmptyValuesAreNoFilter) {
  Result<v1::ReplayRequest> request = ReplayRequestOf(
      {{"from", ""}, {"to", ""}, {"unit", ""}, {"kind", ""}, {"stage", ""}, {"event", ""}},
      Shanghai());
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->from_ms(), 0);
  EXPECT_EQ(request->to_ms(), 0);
  EXPECT_EQ(request->unit_ids_size(), 0);
  EXPECT_EQ(request->kinds_size(), 0);
  EXPECT_EQ(request->event_id(), "");
}

TEST(ReplayParams, BadInputIsRefusedByNameInChinese) {
  const TimeZone zone = Shanghai();
  ExpectRefused(ReplayRequestOf({{"from", "昨天"}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "from", "无法识别的时间");
  ExpectRefused(ReplayRequestOf({{"to", "2026-02-30T10:00"}}, zone),
                v1::ERROR_CODE_INVALID_FIELD, "to", "无法识别的时间");
  ExpectRefused(ReplayRequestOf({{"from", "2026-11-02T00:00"}, {"to", "2026-11-01T00:00"}},
                                zone),
                v1::ERROR_CODE_INVALID_FIELD, "to", "结束时间须晚于开始时间");
  ExpectRefused(ReplayRequestOf({{"from", "1"}, {"from", "2"}}, zone),
                v1::ERROR_CODE_INVALID_FIELD, "from", "只能给一个值");
  ExpectRefused(ReplayRequestOf({{"unit", "河口镇"}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "unit", "单位编号格式不对");
  ExpectRefused(ReplayRequestOf({{"unit", std::string(65, 'a')}}, zone),
                v1::ERROR_CODE_INVALID_FIELD, "unit", "单位编号格式不对");
  ExpectRefused(ReplayRequestOf({{"kind", "rumour"}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "kind", "不认识的信息类别");
  ExpectRefused(ReplayRequestOf({{"kind", "KIND_UNSPECIFIED"}}, zone),
                v1::ERROR_CODE_INVALID_FIELD, "kind", "不认识的信息类别");
  ExpectRefused(ReplayRequestOf({{"stage", "后来"}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "stage", "不认识的阶段");
  ExpectRefused(ReplayRequestOf({{"event", "ev 1"}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "event", "事件编号格式不对");
  ExpectRefused(ReplayRequestOf({{"from_seq", "x"}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "from_seq", "序号应为正整数");
  ExpectRefused(ReplayRequestOf({{"from_seq", "-1"}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "from_seq", "序号应为正整数");
  ExpectRefused(ReplayRequestOf({{"to_seq", "99999999999999999999999"}}, zone),
                v1::ERROR_CODE_INVALID_FIELD, "to_seq", "序号应为正整数");
  ExpectRefused(ReplayRequestOf({{"from_seq", "10"}, {"to_seq", "9"}}, zone),
                v1::ERROR_CODE_INVALID_FIELD, "to_seq", "结束序号不能小于起始序号");
  ExpectRefused(ReplayRequestOf({{"format", "csv"}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "format", "不认识的查询参数");
  std::string many;
  for (int i = 0; i < 101; ++i) many += "u" + std::to_string(i) + ",";
  ExpectRefused(ReplayRequestOf({{"unit", many}}, zone), v1::ERROR_CODE_INVALID_FIELD,
                "unit", "最多选 100 个");
}

TEST(AsOfParams, AtIsRequired) {
  Result<v1::AsOfRequest> request =
      AsOfRequestOf({{"at", "2026-11-01 00:00"}, {"event", "ev-1"}}, Shanghai());
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->at_ms(), kNovFirst);
  EXPECT_EQ(request->event_id(), "ev-1");
  EXPECT_EQ(AsOfRequestOf({{"at", "1793462400000"}}, Shanghai())->at_ms(), kNovFirst);
  ExpectRefused(AsOfRequestOf({}, Shanghai()), v1::ERROR_CODE_MISSING_FIELD, "at",
                "请给出要回看的时刻");
  ExpectRefused(AsOfRequestOf({{"at", "0"}}, Shanghai()), v1::ERROR_CODE_MISSING_FIELD,
                "at", "请给出要回看的时刻");
  ExpectRefused(AsOfRequestOf({{"at", "soon"}}, Shanghai()), v1::ERROR_CODE_INVALID_FIELD,
                "at", "无法识别的时间");
  ExpectRefused(AsOfRequestOf({{"at", "1"}, {"event", "坏"}}, Shanghai()),
                v1::ERROR_CODE_INVALID_FIELD, "event", "事件编号格式不对");
  ExpectRefused(AsOfRequestOf({{"at", "1"}, {"unit", "x"}}, Shanghai()),
                v1::ERROR_CODE_INVALID_FIELD, "unit", "不认识的查询参数");
}

}  // namespace
}  // namespace xinbao::centre
