// The rules a client checks before a report enters the outbox and the
// broker checks again (proto/report_rules.h): table-driven, each case
// breaks exactly one rule of an otherwise valid report and is named by it.
// The broker's own rules and the order it answers in are in
// tests/broker/ingest/report_validator_test.cc.
#include "proto/report_rules.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/support/sample_reports.h"

namespace xinbao {
namespace {

using testing::GeneralReport;
using testing::NowMs;
using testing::UrgentShiReport;

struct Case {
  const char* name;
  std::function<void(v1::Report&)> change;
  bool urgent;  // starts from an urgent 事 report, else a general one
  v1::ErrorCode code;
  const char* field;
};

const Case kCases[] = {
    {"MissingTitle", [](auto& r) { r.clear_title(); }, false,
     v1::ERROR_CODE_MISSING_FIELD, "report.title"},
    {"MissingBody", [](auto& r) { r.clear_body(); }, false,
     v1::ERROR_CODE_MISSING_FIELD, "report.body"},
    {"MissingUnit", [](auto& r) { r.clear_unit_id(); }, false,
     v1::ERROR_CODE_MISSING_FIELD, "report.unit_id"},
    {"TitleTooLong", [](auto& r) { r.set_title(std::string(201, 'x')); },
     false, v1::ERROR_CODE_FIELD_TOO_LONG, "report.title"},
    {"ChineseTitleOf200CharsIsFine",
     [](auto& r) {  // lengths count characters, not bytes
       std::string title;
       for (int i = 0; i < 200; ++i) title += "报";
       r.set_title(title);
     },
     false, v1::ERROR_CODE_UNSPECIFIED, ""},
    {"PhoneTooLong", [](auto& r) { r.set_contact_phone(std::string(33, '1')); },
     false, v1::ERROR_CODE_FIELD_TOO_LONG, "report.contact_phone"},
    {"InvalidUtf8", [](auto& r) { r.set_place("\xC3("); }, false,
     v1::ERROR_CODE_INVALID_UTF8, "report.place"},
    {"KeyWithSpace", [](auto& r) { r.set_idempotency_key("a b"); }, false,
     v1::ERROR_CODE_INVALID_FIELD, "report.idempotency_key"},
    {"CorrectsItself", [](auto& r) { r.set_corrects_key(r.idempotency_key()); },
     false, v1::ERROR_CODE_INVALID_FIELD, "report.corrects_key"},
    {"UnknownKind", [](auto& r) { r.set_kind(static_cast<v1::Kind>(99)); },
     false, v1::ERROR_CODE_UNKNOWN_ENUM_VALUE, "report.kind"},
    {"NoKind", [](auto& r) { r.clear_kind(); }, false,
     v1::ERROR_CODE_MISSING_FIELD, "report.kind"},
    {"NoClassification", [](auto& r) { r.clear_classification(); }, false,
     v1::ERROR_CODE_MISSING_FIELD, "report.classification"},
    {"StageOnAGeneralReport", [](auto& r) { r.set_stage(v1::STAGE_QING); },
     false, v1::ERROR_CODE_NOT_URGENT, "report.stage"},
    {"UrgentWithoutEventId", [](auto& r) { r.clear_event_id(); }, true,
     v1::ERROR_CODE_MISSING_FIELD, "report.event_id"},
    {"UrgentWithoutStage", [](auto& r) { r.clear_stage(); }, true,
     v1::ERROR_CODE_MISSING_FIELD, "report.stage"},
    {"BadEventId", [](auto& r) { r.set_event_id("事件一"); }, true,
     v1::ERROR_CODE_INVALID_FIELD, "report.event_id"},
    {"OccurredBefore2000", [](auto& r) { r.set_occurred_at_ms(86'400'000); },
     true, v1::ERROR_CODE_INVALID_FIELD, "report.occurred_at_ms"},
    {"OccurredTomorrow",
     [](auto& r) { r.set_occurred_at_ms(NowMs() + 86'400'000); }, true,
     v1::ERROR_CODE_TIME_IN_FUTURE, "report.occurred_at_ms"},
    {"NoWrittenAt", [](auto& r) { r.clear_written_at_ms(); }, false,
     v1::ERROR_CODE_MISSING_FIELD, "report.written_at_ms"},
    {"UnnamedAttachment", [](auto& r) { r.add_attachments()->set_data("x"); },
     false, v1::ERROR_CODE_MISSING_FIELD, "report.attachments[0].name"},
    {"PhoneCallWithoutTaker",
     [](auto& r) {
       r.mutable_phone_call()->set_caller("张三");
       r.mutable_phone_call()->set_called_at_ms(NowMs());
     },
     true, v1::ERROR_CODE_MISSING_FIELD, "report.phone_call.taken_by"},
};

class ReportRulesTest : public ::testing::TestWithParam<Case> {};

TEST_P(ReportRulesTest, NamesTheOneRuleBroken) {
  const Case& c = GetParam();
  v1::Report report =
      c.urgent ? UrgentShiReport("k-2", "evt-1") : GeneralReport("k-1");
  c.change(report);
  const Problems problems = ReportProblems(report, RuleClock{NowMs()});
  if (c.code == v1::ERROR_CODE_UNSPECIFIED) {
    EXPECT_TRUE(problems.empty()) << problems.front().ToString();
    return;
  }
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(v1::ErrorCode_Name(problems[0].code()), v1::ErrorCode_Name(c.code));
  EXPECT_EQ(problems[0].field(), c.field);
  EXPECT_FALSE(problems[0].message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReportRulesTest, ::testing::ValuesIn(kCases),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(ReportRules, ListsEveryBrokenRuleAndNamesTheClock) {
  v1::Report report = UrgentShiReport("k-2", "evt-1");
  report.clear_title();
  report.clear_body();
  report.set_occurred_at_ms(NowMs() + 3'600'000);
  const Problems problems =
      ReportProblems(report, RuleClock{NowMs(), kDefaultMaxClockSkewMs, "本机"});
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field(), "report.title");
  EXPECT_EQ(problems[0].message(), "缺少必填项：标题");
  EXPECT_EQ(problems[1].field(), "report.body");
  EXPECT_EQ(problems[2].field(), "report.occurred_at_ms");
  EXPECT_NE(problems[2].message().find("比本机时间快约"), std::string::npos)
      << problems[2].message();
}

TEST(ReportRules, TheSampleReportsBreakNothing) {
  EXPECT_TRUE(ReportProblems(GeneralReport("k-1"), RuleClock{NowMs()}).empty());
  EXPECT_TRUE(
      ReportProblems(UrgentShiReport("k-2", "evt-1"), RuleClock{NowMs()})
          .empty());
}

TEST(ReportRules, WellFormedIds) {
  EXPECT_TRUE(IsWellFormedId("evt-2026:11.a_b", 64));
  EXPECT_FALSE(IsWellFormedId("", 64));
  EXPECT_FALSE(IsWellFormedId("a b", 64));
  EXPECT_FALSE(IsWellFormedId("abc", 2));
}

}  // namespace
}  // namespace xinbao
