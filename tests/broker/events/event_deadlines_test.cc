// What an event owes under the rules of how deadlines are counted: the
// first 情 from occurrence or from the 事, the 果 from the first 因 or the
// last stage, and whether a 因 ends the 情 cadence — each on and off.
// Events are built by hand so the times are plain.
#include "broker/events/event_deadlines.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace xinbao::broker {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kT0 = 1795305600000;  // 2026-11-22 08:00 in China

DeadlinePolicy TestPolicy() {
  DeadlinePolicy policy;
  for (GradeDeadlines& grade : policy.grades) {
    grade.shi_within_ms = 1 * kHour;
    grade.first_qing_within_ms = 2 * kHour;
    grade.followup.every_ms = 12 * kHour;
    grade.guo_within_ms = 24 * kHour;
  }
  return policy;
}

class EventDeadlinesTest : public ::testing::Test {
 protected:
  EventDeadlinesTest() : policy_(TestPolicy()) {
    event_.set_event_id("E1");
    event_.set_responsible_unit_id("hekou");
    event_.set_severity(v1::SEVERITY_III);
    event_.set_occurred_at_ms(kT0);
  }

  void Add(const std::string& unit, v1::Stage stage, int64_t stored_at) {
    v1::EventReport* report = event_.add_reports();
    report->set_sequence(event_.reports_size());
    report->set_unit_id(unit);
    report->set_stage(stage);
    report->set_stored_at_ms(stored_at);
  }

  // When `stage` is owed now (nullopt: it is not).
  std::optional<int64_t> Due(v1::Stage stage) {
    for (const v1::Deadline& deadline : OwedDeadlines(event_, policy_)) {
      if (deadline.stage() == stage) return deadline.due_at_ms();
    }
    return std::nullopt;
  }

  DeadlinePolicy policy_;
  v1::EventState event_;
};

TEST_F(EventDeadlinesTest, TheFirstQingIsCountedFromOccurrenceOrFromTheShi) {
  Add("hekou", v1::STAGE_SHI, kT0 + 50 * kMinute);
  EXPECT_EQ(Due(v1::STAGE_QING), kT0 + 2 * kHour);  // the default
  policy_.first_qing_from = FirstQingFrom::kShi;
  EXPECT_EQ(Due(v1::STAGE_QING), kT0 + 2 * kHour + 50 * kMinute);
  // Another unit's 事 starts nothing: the responsible unit's counts.
  event_.Clear();
  event_.set_responsible_unit_id("hekou");
  event_.set_occurred_at_ms(kT0);
  Add("gongan", v1::STAGE_SHI, kT0 + 5 * kMinute);
  EXPECT_EQ(Due(v1::STAGE_QING), std::nullopt);
  EXPECT_EQ(Due(v1::STAGE_SHI), kT0 + 1 * kHour);
}

TEST_F(EventDeadlinesTest, TheGuoIsCountedFromTheFirstYinOrTheLastStage) {
  Add("hekou", v1::STAGE_SHI, kT0 + 10 * kMinute);
  Add("hekou", v1::STAGE_QING, kT0 + 1 * kHour);
  EXPECT_EQ(Due(v1::STAGE_GUO), std::nullopt);  // no 因 yet, in either mode
  policy_.guo_from = GuoFrom::kLastStage;
  EXPECT_EQ(Due(v1::STAGE_GUO), std::nullopt);

  // The emergency department establishes the cause; 河口镇 reports on.
  Add("yingji", v1::STAGE_YIN, kT0 + 3 * kHour);
  EXPECT_EQ(Due(v1::STAGE_GUO), kT0 + 27 * kHour);  // its 因 came last
  Add("hekou", v1::STAGE_QING, kT0 + 5 * kHour);
  EXPECT_EQ(Due(v1::STAGE_GUO), kT0 + 29 * kHour);  // 河口镇's last 情
  Add("gongan", v1::STAGE_QING, kT0 + 7 * kHour);   // not the unit's own
  EXPECT_EQ(Due(v1::STAGE_GUO), kT0 + 29 * kHour);

  policy_.guo_from = GuoFrom::kFirstYin;  // the default
  EXPECT_EQ(Due(v1::STAGE_GUO), kT0 + 27 * kHour);
}

TEST_F(EventDeadlinesTest, AYinOfTheResponsibleUnitMayEndTheQingCadence) {
  Add("hekou", v1::STAGE_SHI, kT0 + 10 * kMinute);
  Add("hekou", v1::STAGE_QING, kT0 + 1 * kHour);
  Add("yingji", v1::STAGE_YIN, kT0 + 2 * kHour);
  policy_.yin_ends_followups = true;
  // Another unit's 因 does not end what 河口镇 owes.
  EXPECT_EQ(Due(v1::STAGE_QING), kT0 + 13 * kHour);

  Add("hekou", v1::STAGE_YIN, kT0 + 3 * kHour);
  EXPECT_EQ(Due(v1::STAGE_QING), std::nullopt);
  EXPECT_EQ(Due(v1::STAGE_GUO), kT0 + 26 * kHour);  // the 果 still is
  policy_.yin_ends_followups = false;  // the default: 情 go on
  EXPECT_EQ(Due(v1::STAGE_QING), kT0 + 13 * kHour);

  // Reopened after the 因: 情 are owed again, until a new 因.
  policy_.yin_ends_followups = true;
  event_.set_reopened_at_ms(kT0 + 30 * kHour);
  EXPECT_EQ(Due(v1::STAGE_QING), kT0 + 42 * kHour);
  Add("hekou", v1::STAGE_YIN, kT0 + 31 * kHour);
  EXPECT_EQ(Due(v1::STAGE_QING), std::nullopt);
}

// The duty officer's list and the alarms take the first deadline as the
// next one due: the owed stages come earliest first, whichever stage.
TEST_F(EventDeadlinesTest, WhatIsOwedComesEarliestFirst) {
  Add("hekou", v1::STAGE_SHI, kT0 + 10 * kMinute);
  Add("hekou", v1::STAGE_QING, kT0 + 1 * kHour);
  Add("yingji", v1::STAGE_YIN, kT0 + 2 * kHour);
  // The next 情 (13:00 after the first) before the 果 (26:00 after 因).
  std::vector<v1::Deadline> owed = OwedDeadlines(event_, policy_);
  ASSERT_EQ(owed.size(), 2u);
  EXPECT_EQ(owed[0].stage(), v1::STAGE_QING);
  EXPECT_EQ(owed[0].due_at_ms(), kT0 + 13 * kHour);
  EXPECT_EQ(owed[1].stage(), v1::STAGE_GUO);
  EXPECT_EQ(owed[1].due_at_ms(), kT0 + 26 * kHour);
  // A 果 owed within the hour comes before the 情 owed in twelve.
  for (GradeDeadlines& grade : policy_.grades) grade.guo_within_ms = 1 * kHour;
  owed = OwedDeadlines(event_, policy_);
  ASSERT_EQ(owed.size(), 2u);
  EXPECT_EQ(owed[0].stage(), v1::STAGE_GUO);
  EXPECT_EQ(owed[0].due_at_ms(), kT0 + 3 * kHour);
  EXPECT_EQ(owed[1].stage(), v1::STAGE_QING);
}

TEST_F(EventDeadlinesTest, ADeadlineCarriesItsGradesReminderAndEscalation) {
  policy_.grades[2].remind_before_ms = 15 * kMinute;
  policy_.grades[2].escalate_after_ms = 30 * kMinute;
  const std::vector<v1::Deadline> owed = OwedDeadlines(event_, policy_);
  ASSERT_EQ(owed.size(), 1u);
  EXPECT_EQ(owed[0].stage(), v1::STAGE_SHI);
  EXPECT_EQ(owed[0].due_at_ms(), kT0 + 1 * kHour);
  EXPECT_EQ(owed[0].remind_at_ms(), kT0 + 45 * kMinute);
  EXPECT_EQ(owed[0].escalate_at_ms(), kT0 + 90 * kMinute);
  EXPECT_EQ(owed[0].duty(), v1::DUTY_UNSPECIFIED);
}

}  // namespace
}  // namespace xinbao::broker
