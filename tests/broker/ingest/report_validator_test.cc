// Every protocol rule of ReportValidator, table-driven: each case breaks
// exactly one rule of an otherwise valid report.
#include "broker/ingest/report_validator.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "proto/names.h"
#include "tests/support/sample_reports.h"

namespace xinbao::broker {
namespace {

using testing::GeneralReport;
using testing::NowMs;
using testing::UrgentShiReport;

struct Case {
  const char* name;
  std::function<v1::Report()> make;
  v1::ErrorCode code;
  const char* field;
};

class ReportValidatorTest : public ::testing::TestWithParam<Case> {
 protected:
  BrokerConfig config_ = DefaultConfig();
};

TEST_P(ReportValidatorTest, RefusesWithTypedErrorNamingTheField) {
  const Case& c = GetParam();
  ReportValidator validator(config_.limits, config_.units, config_.security);
  Status status = validator.Check(c.make(), NowMs());
  EXPECT_EQ(v1::ErrorCode_Name(status.code()), v1::ErrorCode_Name(c.code));
  EXPECT_EQ(status.field(), c.field);
  EXPECT_FALSE(status.message().empty());
}

v1::Report With(v1::Report report, const std::function<void(v1::Report&)>& f) {
  f(report);
  return report;
}

v1::Report General(const std::function<void(v1::Report&)>& f) {
  return With(GeneralReport("k-1"), f);
}

v1::Report Urgent(const std::function<void(v1::Report&)>& f) {
  return With(UrgentShiReport("k-2", "evt-1"), f);
}

const Case kCases[] = {
    {"MissingKey", [] { return General([](auto& r) { r.clear_idempotency_key(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.idempotency_key"},
    {"MissingUnit", [] { return General([](auto& r) { r.clear_unit_id(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.unit_id"},
    {"MissingTitle", [] { return General([](auto& r) { r.clear_title(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.title"},
    {"MissingBody", [] { return General([](auto& r) { r.clear_body(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.body"},
    {"MissingKind", [] { return General([](auto& r) { r.clear_kind(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.kind"},
    {"MissingClassification",
     [] { return General([](auto& r) { r.clear_classification(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.classification"},
    {"ClassificationAboveCeiling",
     [] {
       return General([](auto& r) {
         r.set_classification(v1::CLASSIFICATION_TOP_SECRET);
       });
     },
     v1::ERROR_CODE_CLASSIFICATION_TOO_HIGH, "report.classification"},
    {"MissingWrittenAt",
     [] { return General([](auto& r) { r.clear_written_at_ms(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.written_at_ms"},
    {"UrgentWithoutEvent",
     [] { return Urgent([](auto& r) { r.clear_event_id(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.event_id"},
    {"UrgentWithoutStage", [] { return Urgent([](auto& r) { r.clear_stage(); }); },
     v1::ERROR_CODE_MISSING_FIELD, "report.stage"},
    {"UnknownUnit",
     [] { return General([](auto& r) { r.set_unit_id("no-such-town"); }); },
     v1::ERROR_CODE_UNKNOWN_UNIT, "report.unit_id"},
    {"UnknownKind",
     [] { return General([](auto& r) { r.set_kind(static_cast<v1::Kind>(42)); }); },
     v1::ERROR_CODE_UNKNOWN_ENUM_VALUE, "report.kind"},
    {"UnknownStage",
     [] { return Urgent([](auto& r) { r.set_stage(static_cast<v1::Stage>(9)); }); },
     v1::ERROR_CODE_UNKNOWN_ENUM_VALUE, "report.stage"},
    {"UnknownSeverity",
     [] {
       return Urgent([](auto& r) { r.set_severity(static_cast<v1::Severity>(7)); });
     },
     v1::ERROR_CODE_UNKNOWN_ENUM_VALUE, "report.severity"},
    {"UnknownClassification",
     [] {
       return General(
           [](auto& r) { r.set_classification(static_cast<v1::Classification>(99)); });
     },
     v1::ERROR_CODE_UNKNOWN_ENUM_VALUE, "report.classification"},
    {"StageOnGeneral",
     [] { return General([](auto& r) { r.set_stage(v1::STAGE_QING); }); },
     v1::ERROR_CODE_NOT_URGENT, "report.stage"},
    {"EventOnResearch",
     [] {
       return General([](auto& r) {
         r.set_kind(v1::KIND_RESEARCH);
         r.set_event_id("evt-9");
       });
     },
     v1::ERROR_CODE_NOT_URGENT, "report.event_id"},
    {"SeverityOnExperience",
     [] {
       return General([](auto& r) {
         r.set_kind(v1::KIND_EXPERIENCE);
         r.set_severity(v1::SEVERITY_I);
       });
     },
     v1::ERROR_CODE_NOT_URGENT, "report.severity"},
    {"OccurredInFuture",
     [] {
       return Urgent([](auto& r) { r.set_occurred_at_ms(NowMs() + 3'600'000); });
     },
     v1::ERROR_CODE_TIME_IN_FUTURE, "report.occurred_at_ms"},
    {"WrittenInFuture",
     [] {
       return General([](auto& r) { r.set_written_at_ms(NowMs() + 86'400'000); });
     },
     v1::ERROR_CODE_TIME_IN_FUTURE, "report.written_at_ms"},
    {"OccurredBefore2000",
     [] { return Urgent([](auto& r) { r.set_occurred_at_ms(12345); }); },
     v1::ERROR_CODE_INVALID_FIELD, "report.occurred_at_ms"},
    {"TitleTooLong",
     [] {
       std::string title;
       for (int i = 0; i < 201; ++i) title += "长";
       return General([&](auto& r) { r.set_title(title); });
     },
     v1::ERROR_CODE_FIELD_TOO_LONG, "report.title"},
    {"PhoneTooLong",
     [] {
       return General([](auto& r) { r.set_contact_phone(std::string(33, '1')); });
     },
     v1::ERROR_CODE_FIELD_TOO_LONG, "report.contact_phone"},
    {"KeyWithSpace",
     [] { return General([](auto& r) { r.set_idempotency_key("a key"); }); },
     v1::ERROR_CODE_INVALID_FIELD, "report.idempotency_key"},
    {"EventIdWithSlash",
     [] { return Urgent([](auto& r) { r.set_event_id("evt/1"); }); },
     v1::ERROR_CODE_INVALID_FIELD, "report.event_id"},
    {"ClientSetSequence",
     [] { return General([](auto& r) { r.set_sequence(5); }); },
     v1::ERROR_CODE_INVALID_FIELD, "report.sequence"},
    {"ClientSetStoredAt",
     [] { return General([](auto& r) { r.set_stored_at_ms(NowMs()); }); },
     v1::ERROR_CODE_INVALID_FIELD, "report.stored_at_ms"},
    {"TooManyAttachments",
     [] {
       return General([](auto& r) {
         for (int i = 0; i < 9; ++i) {
           auto* a = r.add_attachments();
           a->set_name("照片" + std::to_string(i) + ".jpg");
           a->set_data("x");
         }
       });
     },
     v1::ERROR_CODE_TOO_MANY_ATTACHMENTS, "report.attachments"},
    {"AttachmentTooLarge",
     [] {
       return General([](auto& r) {
         auto* a = r.add_attachments();
         a->set_name("现场.jpg");
         a->set_data(std::string((256 << 10) + 1, 'x'));
       });
     },
     v1::ERROR_CODE_ATTACHMENT_TOO_LARGE, "report.attachments[0].data"},
    {"AttachmentWithoutName",
     [] {
       return General([](auto& r) { r.add_attachments()->set_data("x"); });
     },
     v1::ERROR_CODE_MISSING_FIELD, "report.attachments[0].name"},
};

INSTANTIATE_TEST_SUITE_P(Rules, ReportValidatorTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

TEST(ReportValidator, AcceptsValidReportsOfEveryKind) {
  BrokerConfig config = DefaultConfig();
  ReportValidator validator(config.limits, config.units);
  for (v1::Kind kind : {v1::KIND_IMPORTANT_DYNAMIC, v1::KIND_GENERAL_DYNAMIC,
                        v1::KIND_RESEARCH, v1::KIND_EXPERIENCE}) {
    v1::Report report = GeneralReport("k");
    report.set_kind(kind);
    EXPECT_TRUE(validator.Check(report, NowMs()).ok()) << v1::Kind_Name(kind);
  }
  for (v1::Stage stage : {v1::STAGE_SHI, v1::STAGE_QING, v1::STAGE_YIN,
                          v1::STAGE_GUO}) {
    v1::Report report = UrgentShiReport("k", "evt-1");
    report.set_stage(stage);
    EXPECT_TRUE(validator.Check(report, NowMs()).ok()) << v1::Stage_Name(stage);
  }
}

TEST(ReportValidator, AllowsClockSkewWithinTheLimit) {
  BrokerConfig config = DefaultConfig();
  ReportValidator validator(config.limits, config.units);
  v1::Report report = GeneralReport("k");
  const int64_t now = NowMs();
  report.set_written_at_ms(now + config.limits.max_clock_skew_ms - 1000);
  EXPECT_TRUE(validator.Check(report, now).ok());
}

// A report from a clock that runs ahead is refused with how far ahead it
// is, rounded as people say it (seconds under a minute), and the limit.
TEST(ReportValidator, TimeInFutureSaysHowFarAheadAndTheLimit) {
  constexpr int64_t kSecond = 1000;
  constexpr int64_t kMinute = 60 * kSecond;
  struct Case {
    int64_t ahead_ms;
    int64_t limit_ms;
    const char* ahead_words;
    const char* limit_words;
  };
  const Case cases[] = {
      {60 * kSecond, 10 * kSecond, "快约 1分", "最多允许快 10秒"},
      {59 * kSecond + 400, 10 * kSecond, "快约 59秒", "最多允许快 10秒"},
      {45 * kSecond, 10 * kSecond, "快约 45秒", "最多允许快 10秒"},
      {11 * kSecond, 10 * kSecond, "快约 11秒", "最多允许快 10秒"},
      {400, 0, "快约 不到1秒", "最多允许快 0秒"},
      {6 * kMinute + 20 * kSecond, 5 * kMinute, "快约 6分", "最多允许快 5分"},
      {90 * kMinute + 40 * kSecond, 5 * kMinute, "快约 1小时31分",
       "最多允许快 5分"},
      {3 * 24 * 60 * kMinute, 5 * kMinute, "快约 3天", "最多允许快 5分"},
  };
  BrokerConfig config = DefaultConfig();
  const int64_t now = NowMs();
  for (const Case& c : cases) {
    config.limits.max_clock_skew_ms = c.limit_ms;
    ReportValidator validator(config.limits, config.units);
    v1::Report report = GeneralReport("k");
    report.set_written_at_ms(now + c.ahead_ms);
    const Status status = validator.Check(report, now);
    EXPECT_EQ(status.code(), v1::ERROR_CODE_TIME_IN_FUTURE) << c.ahead_words;
    EXPECT_EQ(status.field(), "report.written_at_ms");
    EXPECT_NE(status.message().find(std::string("成文时间比中心时间") +
                                    c.ahead_words + "（"),
              std::string::npos)
        << c.ahead_words << ": " << status.message();
    EXPECT_NE(status.message().find(c.limit_words), std::string::npos)
        << c.limit_words << ": " << status.message();
  }
}

TEST(ReportValidator, CountsCharactersNotBytesForLengthLimits) {
  BrokerConfig config = DefaultConfig();
  ReportValidator validator(config.limits, config.units);
  std::string title;
  for (int i = 0; i < 200; ++i) title += "字";  // 600 bytes, 200 characters
  v1::Report report = GeneralReport("k");
  report.set_title(title);
  EXPECT_TRUE(validator.Check(report, NowMs()).ok());
}

// Every level against a ceiling: accepted at or below it, refused above it
// with the classification field named and both levels in the message.
void ExpectCeiling(v1::Classification ceiling) {
  BrokerConfig config = DefaultConfig();
  config.security.max_classification = ceiling;
  ReportValidator validator(config.limits, config.units, config.security);
  for (int n = v1::CLASSIFICATION_PUBLIC; n <= v1::CLASSIFICATION_TOP_SECRET;
       ++n) {
    const auto level = static_cast<v1::Classification>(n);
    v1::Report report = GeneralReport("k");
    report.set_classification(level);
    Status status = validator.Check(report, NowMs());
    const std::string name = v1::Classification_Name(level);
    if (level <= ceiling) {
      EXPECT_TRUE(status.ok()) << name << ": " << status.ToString();
      continue;
    }
    EXPECT_EQ(v1::ErrorCode_Name(status.code()),
              "ERROR_CODE_CLASSIFICATION_TOO_HIGH")
        << name;
    EXPECT_EQ(status.field(), "report.classification") << name;
    EXPECT_FALSE(status.retryable()) << name;
    EXPECT_NE(status.message().find("密级为" +
                                    std::string(ClassificationName(level))),
              std::string::npos)
        << status.message();
    EXPECT_NE(status.message().find("最高密级（" +
                                    std::string(ClassificationName(ceiling)) +
                                    "）"),
              std::string::npos)
        << status.message();
  }
}

TEST(ReportValidator, DefaultCeilingIsInternal) {
  EXPECT_EQ(DefaultConfig().security.max_classification,
            v1::CLASSIFICATION_INTERNAL);
  ExpectCeiling(v1::CLASSIFICATION_INTERNAL);
}

TEST(ReportValidator, RefusesEveryLevelAboveALoweredOrRaisedCeiling) {
  ExpectCeiling(v1::CLASSIFICATION_PUBLIC);
  ExpectCeiling(v1::CLASSIFICATION_SECRET);
  ExpectCeiling(v1::CLASSIFICATION_TOP_SECRET);
}

TEST(ReportValidator, OverClassifiedReportIsToldToUseAClassifiedChannel) {
  BrokerConfig config = DefaultConfig();
  ReportValidator validator(config.limits, config.units, config.security);
  v1::Report report = UrgentShiReport("k", "evt-1");
  report.set_classification(v1::CLASSIFICATION_CONFIDENTIAL);
  EXPECT_EQ(validator.Check(report, NowMs()).message(),
            "该报告密级为机密，高于本系统允许的最高密级（内部）。"
            "涉密信息请通过涉密渠道（机要交通或涉密网络）报送，"
            "不要在本系统提交。");

  // 内部 on a broker cleared only for 公开 is no state secret: no talk of
  // classified channels.
  config.security.max_classification = v1::CLASSIFICATION_PUBLIC;
  ReportValidator public_only(config.limits, config.units, config.security);
  report.set_classification(v1::CLASSIFICATION_INTERNAL);
  const std::string message = public_only.Check(report, NowMs()).message();
  EXPECT_NE(message.find("该报告密级为内部，高于本系统允许的最高密级（公开）"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("涉密渠道"), std::string::npos) << message;
}

// A report forwarded by a child broker (逐级报送): its origin, the way it
// came and its place in the sender's queue are checked; its origin's own
// units are the origin's business, and a report that has passed this
// broker before is a loop.
TEST(ReportValidator, ForwardedReportsMeetTheForwardingRules) {
  BrokerConfig config = DefaultConfig();
  ReportValidator validator(config.limits, config.units, config.security,
                            "city-a");
  const auto forwarded = [](const std::function<void(v1::Forwarding&)>& f) {
    v1::Report report = UrgentShiReport("k", "evt-1");
    report.set_unit_id("chengguan");          // the child's unit here
    report.set_responsible_unit_id("hekou-x");  // a unit of the county's
    v1::Forwarding& way = *report.mutable_forwarded();
    way.set_origin_broker("qingshui");
    way.set_origin_unit_id("hekou-x");
    way.set_origin_unit_name("河口镇");
    way.add_hops()->set_broker_id("qingshui");
    way.add_hop_names("清水县");
    way.set_link_position(2);
    way.set_after_position(1);
    f(way);
    return report;
  };
  const Status fine = validator.Check(forwarded([](auto&) {}), NowMs());
  EXPECT_TRUE(fine.ok()) << fine.ToString();
  struct Broken {
    std::function<void(v1::Forwarding&)> change;
    v1::ErrorCode code;
    std::string field;
  };
  const Broken cases[] = {
      {[](auto& w) { w.clear_origin_broker(); }, v1::ERROR_CODE_MISSING_FIELD,
       "report.forwarded.origin_broker"},
      {[](auto& w) { w.set_origin_unit_id("河口"); }, v1::ERROR_CODE_INVALID_FIELD,
       "report.forwarded.origin_unit_id"},
      {[](auto& w) { w.set_origin_unit_name(std::string(65, 'x')); },
       v1::ERROR_CODE_FIELD_TOO_LONG, "report.forwarded.origin_unit_name"},
      {[](auto& w) { w.clear_hops(); w.clear_hop_names(); },
       v1::ERROR_CODE_MISSING_FIELD, "report.forwarded.hops"},
      {[](auto& w) { w.add_hops()->set_broker_id("city-b"); },
       v1::ERROR_CODE_INVALID_FIELD, "report.forwarded.hop_names"},
      {[](auto& w) {
         for (int i = 0; i < 16; ++i) w.add_hops()->set_broker_id("b" + std::to_string(i));
         w.clear_hop_names();
       },
       v1::ERROR_CODE_INVALID_FIELD, "report.forwarded.hops"},
      {[](auto& w) { w.add_hops()->set_broker_id("city-a"); w.add_hop_names("某市"); },
       v1::ERROR_CODE_FORWARD_LOOP, "report.forwarded.hops[1].broker_id"},
      {[](auto& w) { w.set_origin_broker("city-a"); }, v1::ERROR_CODE_FORWARD_LOOP,
       "report.forwarded.origin_broker"},
      {[](auto& w) { w.set_link_position(0); w.set_after_position(0); },
       v1::ERROR_CODE_MISSING_FIELD, "report.forwarded.link_position"},
      {[](auto& w) { w.set_after_position(2); }, v1::ERROR_CODE_INVALID_FIELD,
       "report.forwarded.after_position"},
  };
  for (const Broken& c : cases) {
    const Status status = validator.Check(forwarded(c.change), NowMs());
    EXPECT_EQ(v1::ErrorCode_Name(status.code()), v1::ErrorCode_Name(c.code)) << c.field;
    EXPECT_EQ(status.field(), c.field) << status.message();
    EXPECT_FALSE(status.message().empty());
  }
  // The unit it comes under must be this broker's.
  v1::Report stranger = forwarded([](auto&) {});
  stranger.set_unit_id("hekou-x");
  EXPECT_EQ(validator.Check(stranger, NowMs()).code(), v1::ERROR_CODE_UNKNOWN_UNIT);
  // A loop says what to do about it.
  const Status loop = validator.Check(
      forwarded([](auto& w) { w.set_origin_broker("city-a"); }), NowMs());
  EXPECT_NE(loop.message().find("环路"), std::string::npos) << loop.message();
  // A report not forwarded keeps the registry's rules for its units.
  v1::Report local = UrgentShiReport("k", "evt-1");
  local.set_responsible_unit_id("hekou-x");
  EXPECT_EQ(validator.Check(local, NowMs()).code(), v1::ERROR_CODE_UNKNOWN_UNIT);
}

}  // namespace
}  // namespace xinbao::broker
