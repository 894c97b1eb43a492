// The deadline-and-alarm engine on its own: a 督办 item's duty (an item
// ledger, DUTY_SIGN, with reminder and escalation instants) and an event's
// stage, driven by explicit times. The wording is the test's, so what the
// engine decides is plain in the words it asked for.
#include "broker/deadlines/deadline_alarms.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xinbao::broker {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kT0 = 1795305600000;  // 2026-11-22 08:00 in China

using Deadlines = google::protobuf::RepeatedPtrField<v1::Deadline>;

// A record as a 督办 item keeps one: its alarms and the last id given.
struct Item {
  google::protobuf::RepeatedPtrField<v1::Alarm> alarms;
  uint32_t last = 0;
  google::protobuf::RepeatedPtrField<v1::Alarm>* mutable_alarms() {
    return &alarms;
  }
  uint32_t last_alarm_id() const { return last; }
  void set_last_alarm_id(uint32_t id) { last = id; }
};

class Words final : public AlarmWording {
 public:
  std::string DueSoon(const v1::Deadline& owed) const override {
    return "临期 " + owed.unit_id();
  }
  std::string Overdue(const v1::Deadline& owed) const override {
    return "超时 " + owed.unit_id();
  }
  std::string Escalated(const v1::Alarm& overdue,
                        int64_t now_ms) const override {
    return "升级 " + overdue.unit_id() + " " +
           std::to_string((now_ms - overdue.due_at_ms()) / kMinute);
  }
  Clearance NoLongerOwed(const v1::Alarm&) const override {
    return {"已签收", 0, step};
  }
  std::string Moved(const v1::Deadline& owed) const override {
    return "改期 " + std::to_string(owed.due_at_ms());
  }
  uint32_t step = 0;
};

v1::Deadline Sign(const std::string& unit, int64_t due) {
  v1::Deadline deadline;
  deadline.set_unit_id(unit);
  deadline.set_duty(v1::DUTY_SIGN);
  deadline.set_followup(0);
  deadline.set_due_at_ms(due);
  deadline.set_remind_at_ms(due - 2 * kHour);
  deadline.set_escalate_at_ms(due + 4 * kHour);
  return deadline;
}

std::vector<v1::Alarm> Open(const Item& item, v1::AlarmKind kind) {
  std::vector<v1::Alarm> found;
  for (const v1::Alarm& alarm : item.alarms) {
    if (alarm.open() && alarm.kind() == kind) found.push_back(alarm);
  }
  return found;
}

class DeadlineAlarmsTest : public ::testing::Test {
 protected:
  bool Update(int64_t now) {
    return UpdateDeadlineAlarms(LedgerOf(&item_, "", "DB-7"), owed_, now,
                                words_);
  }
  const v1::Alarm& Alarm(uint32_t id) {
    for (const v1::Alarm& alarm : item_.alarms) {
      if (alarm.id() == id) return alarm;
    }
    ADD_FAILURE() << "no alarm " << id;
    return item_.alarms.Get(0);
  }

  Item item_;
  Deadlines owed_;
  Words words_;
};

TEST_F(DeadlineAlarmsTest, ADutyIsRemindedThenOverdueThenEscalatedThenCleared) {
  *owed_.Add() = Sign("hekou", kT0 + 8 * kHour);
  EXPECT_FALSE(Update(kT0 + 6 * kHour - 1));
  EXPECT_TRUE(item_.alarms.empty());

  EXPECT_TRUE(Update(kT0 + 6 * kHour));  // 黄灯
  std::vector<v1::Alarm> soon = Open(item_, v1::ALARM_KIND_DUE_SOON);
  ASSERT_EQ(soon.size(), 1u);
  EXPECT_EQ(soon[0].id(), 1u);
  EXPECT_EQ(soon[0].item_id(), "DB-7");
  EXPECT_EQ(soon[0].event_id(), "");
  EXPECT_EQ(soon[0].duty(), v1::DUTY_SIGN);
  EXPECT_EQ(soon[0].unit_id(), "hekou");
  EXPECT_EQ(soon[0].due_at_ms(), kT0 + 8 * kHour);
  EXPECT_EQ(soon[0].raised_at_ms(), kT0 + 6 * kHour);
  EXPECT_EQ(soon[0].message(), "临期 hekou");
  EXPECT_FALSE(Update(kT0 + 7 * kHour));  // raised once, not per call
  EXPECT_EQ(item_.alarms.size(), 1);

  EXPECT_TRUE(Update(kT0 + 8 * kHour));  // 红灯
  EXPECT_FALSE(Alarm(1).open());
  EXPECT_EQ(Alarm(1).cleared_reason(), "已超期");
  EXPECT_EQ(Alarm(1).cleared_at_ms(), kT0 + 8 * kHour);
  std::vector<v1::Alarm> overdue = Open(item_, v1::ALARM_KIND_OVERDUE);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].id(), 2u);
  EXPECT_EQ(overdue[0].message(), "超时 hekou");
  EXPECT_FALSE(Update(kT0 + 12 * kHour - 1));

  EXPECT_TRUE(Update(kT0 + 12 * kHour));  // escalate_at
  std::vector<v1::Alarm> escalated = Open(item_, v1::ALARM_KIND_ESCALATED);
  ASSERT_EQ(escalated.size(), 1u);
  EXPECT_EQ(escalated[0].escalates_alarm_id(), 2u);
  EXPECT_EQ(escalated[0].duty(), v1::DUTY_SIGN);
  EXPECT_EQ(escalated[0].item_id(), "DB-7");
  EXPECT_EQ(escalated[0].message(), "升级 hekou 240");
  EXPECT_EQ(item_.last, 3u);
  EXPECT_FALSE(Update(kT0 + 13 * kHour));

  owed_.Clear();  // signed for, by the item's step 4
  words_.step = 4;
  EXPECT_TRUE(Update(kT0 + 14 * kHour));
  ASSERT_EQ(item_.alarms.size(), 3);  // never deleted
  for (const v1::Alarm& alarm : item_.alarms) {
    EXPECT_FALSE(alarm.open()) << alarm.ShortDebugString();
  }
  EXPECT_EQ(Alarm(2).cleared_reason(), "已签收");
  EXPECT_EQ(Alarm(2).cleared_by_step(), 4u);
  EXPECT_EQ(Alarm(3).cleared_reason(), "已签收");
  EXPECT_EQ(Alarm(3).cleared_by_step(), 4u);
  EXPECT_EQ(Alarm(3).cleared_at_ms(), kT0 + 14 * kHour);
  EXPECT_FALSE(Update(kT0 + 15 * kHour));
}

TEST_F(DeadlineAlarmsTest, AStageRaisesOnlyWhatItsDeadlineSets) {
  // An event's 情: no reminder, no escalation; the event ledger's id.
  v1::EventState event;
  event.set_event_id("E1");
  v1::Deadline qing;
  qing.set_unit_id("hekou");
  qing.set_stage(v1::STAGE_QING);
  qing.set_followup(2);
  qing.set_due_at_ms(kT0 + kHour);
  *owed_.Add() = qing;
  const AlarmLedger ledger = LedgerOf(&event, "E1", "");
  EXPECT_FALSE(UpdateDeadlineAlarms(ledger, owed_, kT0 + kHour - 1, words_));
  EXPECT_TRUE(UpdateDeadlineAlarms(ledger, owed_, kT0 + kHour, words_));
  EXPECT_FALSE(UpdateDeadlineAlarms(ledger, owed_, kT0 + 30 * kHour, words_));
  ASSERT_EQ(event.alarms_size(), 1);
  EXPECT_EQ(event.last_alarm_id(), 1u);
  const v1::Alarm& overdue = event.alarms(0);
  EXPECT_EQ(overdue.kind(), v1::ALARM_KIND_OVERDUE);
  EXPECT_EQ(overdue.event_id(), "E1");
  EXPECT_EQ(overdue.item_id(), "");
  EXPECT_EQ(overdue.stage(), v1::STAGE_QING);
  EXPECT_EQ(overdue.followup(), 2u);
  EXPECT_EQ(overdue.duty(), v1::DUTY_UNSPECIFIED);

  owed_.Clear();  // the 续报二 arrived
  EXPECT_TRUE(UpdateDeadlineAlarms(ledger, owed_, kT0 + 31 * kHour, words_));
  EXPECT_FALSE(event.alarms(0).open());
  EXPECT_EQ(event.alarms(0).cleared_reason(), "已签收");
}

TEST_F(DeadlineAlarmsTest, ADeadlineMovedLaterClearsItsAlarmsWithTheNewDate) {
  *owed_.Add() = Sign("hekou", kT0 + 8 * kHour);
  Update(kT0 + 9 * kHour);
  ASSERT_EQ(Open(item_, v1::ALARM_KIND_OVERDUE).size(), 1u);

  // Moved to the next day: the 红灯 clears; the reminder is still ahead.
  *owed_.Mutable(0) = Sign("hekou", kT0 + 32 * kHour);
  EXPECT_TRUE(Update(kT0 + 10 * kHour));
  EXPECT_TRUE(Open(item_, v1::ALARM_KIND_OVERDUE).empty());
  EXPECT_EQ(Alarm(1).cleared_reason(),
            "改期 " + std::to_string(kT0 + 32 * kHour));
  EXPECT_TRUE(Open(item_, v1::ALARM_KIND_DUE_SOON).empty());

  Update(kT0 + 30 * kHour);  // reminded again before the new date
  ASSERT_EQ(Open(item_, v1::ALARM_KIND_DUE_SOON).size(), 1u);
  *owed_.Mutable(0) = Sign("hekou", kT0 + 56 * kHour);
  EXPECT_TRUE(Update(kT0 + 31 * kHour));  // moved past the reminder
  EXPECT_TRUE(Open(item_, v1::ALARM_KIND_DUE_SOON).empty());
  EXPECT_EQ(Alarm(2).cleared_reason(),
            "改期 " + std::to_string(kT0 + 56 * kHour));
}

TEST_F(DeadlineAlarmsTest, AnAlarmAnswersOnlyItsOwnUnitAndDuty) {
  *owed_.Add() = Sign("hekou", kT0 + kHour);
  Update(kT0 + kHour);
  ASSERT_EQ(Open(item_, v1::ALARM_KIND_OVERDUE).size(), 1u);
  // The 签收 is done; now the answer (another duty of the same unit) and
  // another unit's 签收 are owed: neither keeps the old alarm open.
  v1::Deadline answer = Sign("hekou", kT0 + 48 * kHour);
  answer.set_duty(v1::DUTY_ANSWER);
  answer.set_followup(1);
  owed_.Mutable(0)->Swap(&answer);
  *owed_.Add() = Sign("gongan", kT0 + 48 * kHour);
  words_.step = 2;
  EXPECT_TRUE(Update(kT0 + 2 * kHour));
  EXPECT_FALSE(Alarm(1).open());
  EXPECT_EQ(Alarm(1).cleared_by_step(), 2u);
  EXPECT_EQ(item_.alarms.size(), 1);
}

TEST_F(DeadlineAlarmsTest, AnyOpenAlarmCanBeEscalatedAndClearsWithIt) {
  const AlarmLedger ledger = LedgerOf(&item_, "E9", "");
  v1::Deadline shi;
  shi.set_unit_id("hekou");
  shi.set_stage(v1::STAGE_SHI);
  shi.set_due_at_ms(kT0 + kHour);
  RaiseAlarm(ledger, v1::ALARM_KIND_CONCEALMENT_SUSPECTED, shi, kT0 + kHour);
  const EscalateAt after_an_hour = [](const v1::Alarm& alarm) {
    return alarm.raised_at_ms() + kHour;
  };
  const EscalationWords words = [](const v1::Alarm& alarm, int64_t) {
    return "瞒报升级 " + alarm.unit_id();
  };
  EXPECT_FALSE(EscalateAlarms(ledger, v1::ALARM_KIND_CONCEALMENT_SUSPECTED,
                              after_an_hour, kT0 + 2 * kHour - 1, words));
  // Other kinds are not looked at.
  EXPECT_FALSE(EscalateAlarms(ledger, v1::ALARM_KIND_OVERDUE, after_an_hour,
                              kT0 + 9 * kHour, words));
  EXPECT_TRUE(EscalateAlarms(ledger, v1::ALARM_KIND_CONCEALMENT_SUSPECTED,
                             after_an_hour, kT0 + 2 * kHour, words));
  EXPECT_FALSE(EscalateAlarms(ledger, v1::ALARM_KIND_CONCEALMENT_SUSPECTED,
                              after_an_hour, kT0 + 3 * kHour, words));
  ASSERT_EQ(item_.alarms.size(), 2);
  const v1::Alarm& escalation = item_.alarms.Get(1);
  EXPECT_EQ(escalation.kind(), v1::ALARM_KIND_ESCALATED);
  EXPECT_EQ(escalation.escalates_alarm_id(), 1u);
  EXPECT_EQ(escalation.event_id(), "E9");
  EXPECT_EQ(escalation.stage(), v1::STAGE_SHI);
  EXPECT_EQ(escalation.message(), "瞒报升级 hekou");
  EXPECT_TRUE(escalation.open());

  ClearAlarm(item_.alarms.Mutable(0), kT0 + 4 * kHour,
             AlarmClearance{"已收到首报", 17});
  EXPECT_TRUE(EscalateAlarms(ledger, v1::ALARM_KIND_CONCEALMENT_SUSPECTED,
                             after_an_hour, kT0 + 5 * kHour, words));
  EXPECT_FALSE(escalation.open());
  EXPECT_EQ(escalation.cleared_at_ms(), kT0 + 4 * kHour);
  EXPECT_EQ(escalation.cleared_reason(), "已收到首报");
  EXPECT_EQ(escalation.cleared_by_sequence(), 17u);
}

}  // namespace
}  // namespace xinbao::broker
