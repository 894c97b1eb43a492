// The policy a client's form is built from is the broker's own
// configuration: its preset's elements and deadlines, its limits, the
// text rules the validators apply, and its zone.
#include "broker/query/policy_answer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "proto/report_rules.h"

namespace xinbao::broker {
namespace {

TEST(PolicyAnswer, SaysWhatTheConfigurationSays) {
  BrokerConfig config = DefaultConfig();
  config.limits.max_attachments = 3;
  config.limits.max_clock_skew_ms = 10'000;
  v1::Policy policy;
  AnswerPolicy(config, &policy);

  EXPECT_EQ(policy.preset(), config.events.preset);
  ASSERT_EQ(policy.stages_size(), 4);
  EXPECT_EQ(policy.stages(0).stage(), v1::STAGE_SHI);
  EXPECT_EQ(policy.stages(3).stage(), v1::STAGE_GUO);
  const auto& shi = config.events.RequiredFor(v1::STAGE_SHI);
  ASSERT_EQ(policy.stages(0).elements_size(), static_cast<int>(shi.size()));
  for (std::size_t i = 0; i < shi.size(); ++i) {
    EXPECT_EQ(policy.stages(0).elements(i).name(), ElementName(shi[i]));
    EXPECT_EQ(policy.stages(0).elements(i).label(), ElementLabel(shi[i]));
    EXPECT_FALSE(policy.stages(0).elements(i).label().empty());
  }

  ASSERT_EQ(policy.grades_size(), 4);
  EXPECT_EQ(policy.grades(0).severity(), v1::SEVERITY_I);
  EXPECT_EQ(policy.grades(3).severity(), v1::SEVERITY_IV);
  const GradeDeadlines& first = config.events.For(v1::SEVERITY_I);
  EXPECT_EQ(policy.grades(0).shi_within_ms(), first.shi_within_ms);
  EXPECT_EQ(policy.grades(0).followup().every_ms(), first.followup.every_ms);
  EXPECT_EQ(policy.grades(0).followup().min_gap_ms(),
            first.followup.min_gap_ms);
  EXPECT_EQ(policy.grades(0).escalate_after_ms(), first.escalate_after_ms);

  EXPECT_EQ(policy.max_attachments(), 3u);
  EXPECT_EQ(policy.max_attachment_bytes(), config.limits.max_attachment_bytes);
  EXPECT_EQ(policy.max_message_bytes(), config.limits.max_message_bytes);
  EXPECT_EQ(policy.max_classification(), v1::CLASSIFICATION_INTERNAL);
  EXPECT_EQ(policy.max_clock_skew_ms(), 10'000);
  EXPECT_EQ(policy.time_zone(), "Asia/Shanghai");

  std::map<std::string, v1::TextLimit> limits;
  for (const v1::TextLimit& limit : policy.text_limits()) {
    limits[limit.field()] = limit;
  }
  EXPECT_EQ(limits["report.title"].max_chars(), 200u);
  EXPECT_EQ(limits["report.title"].label(), "标题");
  EXPECT_TRUE(limits["report.title"].required());
  EXPECT_EQ(limits["report.body"].max_chars(), 0u);  // the message's size
  EXPECT_TRUE(limits["report.body"].required());
  EXPECT_EQ(limits["report.contact_phone"].max_chars(), 32u);
  EXPECT_FALSE(limits["report.place"].required());
  EXPECT_EQ(limits["report.phone_call.taken_by"].max_chars(), 64u);
  EXPECT_EQ(limits["merge_events.reason"].max_chars(), 500u);
  EXPECT_TRUE(limits["reopen_event.officer"].required());
  EXPECT_EQ(limits["person"].max_chars(), 64u);
  // Every rule the report's checks apply is sent.
  for (const TextRule& rule : ReportTextRules()) {
    EXPECT_EQ(limits.count(std::string(rule.field)), 1u) << rule.field;
  }
}

TEST(PolicyAnswer, FollowupsAtTimesOfDayAreSentAsMinutes) {
  BrokerConfig config = DefaultConfig();
  Result<DeadlinePolicy> provincial = PresetPolicy("provincial");
  ASSERT_TRUE(provincial.ok());
  const TimeZone zone = config.events.zone;
  config.events = *provincial;
  config.events.zone = zone;
  v1::Policy policy;
  AnswerPolicy(config, &policy);
  EXPECT_EQ(policy.preset(), "provincial");
  const v1::FollowupPolicy& followup = policy.grades(3).followup();
  EXPECT_EQ(followup.every_ms(), 0);
  ASSERT_EQ(followup.at_minutes_size(), 2);
  EXPECT_EQ(followup.at_minutes(0), 8u * 60);
  EXPECT_EQ(followup.at_minutes(1), 17u * 60);
}

}  // namespace
}  // namespace xinbao::broker

namespace xinbao::broker {
namespace {

TEST(PolicyAnswer, SaysTheDubanTermsAndTheCalendar) {
  BrokerConfig config = DefaultConfig();
  config.duban.sign_within = {Span::Unit::kClock, 2 * 3600 * 1000};
  config.duban.auto_urge = false;
  v1::Policy policy;
  AnswerPolicy(config, &policy);
  const v1::DubanRules& duban = policy.duban();
  EXPECT_EQ(duban.sign_within(), "2小时");
  EXPECT_EQ(duban.sign_remind_before(), "1个工作小时");
  EXPECT_FALSE(duban.auto_urge());
  ASSERT_EQ(duban.urgencies_size(), 3);
  EXPECT_EQ(duban.urgencies(0).urgency(), v1::URGENCY_URGENT);
  EXPECT_EQ(duban.urgencies(0).answer_within(), "3个工作日");
  EXPECT_EQ(duban.urgencies(1).answer_within(), "15个工作日");
  EXPECT_EQ(duban.urgencies(2).escalate_after(), "5个工作日");
  // The built-in calendar: 2026, and 2027 provisional.
  EXPECT_EQ(std::vector<int>(duban.calendar_years().begin(),
                             duban.calendar_years().end()),
            (std::vector<int>{2026, 2027}));
  EXPECT_EQ(std::vector<int>(duban.provisional_years().begin(),
                             duban.provisional_years().end()),
            (std::vector<int>{2027}));
  EXPECT_EQ(std::vector<std::string>(duban.office_hours().begin(),
                                     duban.office_hours().end()),
            (std::vector<std::string>{"08:30-12:00", "14:00-17:30"}));
  // A form for a 督办 step knows its limits.
  bool step_text = false;
  for (const v1::TextLimit& limit : policy.text_limits()) {
    if (limit.field() == "duban_step.text") step_text = limit.max_chars() == 4000;
  }
  EXPECT_TRUE(step_text);
}

}  // namespace
}  // namespace xinbao::broker
