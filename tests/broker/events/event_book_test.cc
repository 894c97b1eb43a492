// EventBook: the grouping of urgent reports into events, anomalies,
// corrections, merges, and every alarm kind, driven by explicit times (no
// clock, no sleeping). The policy is hand-built so the figures are plain.
#include "broker/events/event_book.h"

#include <gtest/gtest.h>

#include <map>

#include "broker/config/config.h"
#include "broker/events/event_deadlines.h"
#include "broker/events/event_timeline.h"

namespace xinbao::broker {
namespace {

constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kHour = 60 * kMinute;
// 2026-11-22 08:00 in China (00:00 UTC).
constexpr int64_t kT0 = 1795305600000;

DeadlinePolicy TestPolicy() {
  DeadlinePolicy policy;
  policy.preset = "test";
  for (GradeDeadlines& grade : policy.grades) {
    grade.shi_within_ms = 1 * kHour;
    grade.first_qing_within_ms = 2 * kHour;
    grade.followup.every_ms = 12 * kHour;
    grade.guo_within_ms = 24 * kHour;
    grade.escalate_after_ms = 30 * kMinute;
  }
  policy.required[0] = {Element::kPlace, Element::kCasualties};
  return policy;
}

class EventBookTest : public ::testing::Test {
 protected:
  EventBookTest()
      : config_(DefaultConfig()),
        policy_(TestPolicy()),
        book_(policy_, config_.units, [this](std::string_view id) {
          return Load(id);
        }) {}

  // The "store": what Settle() would have written.
  Result<std::optional<v1::EventState>> Load(std::string_view id) {
    auto it = stored_.find(std::string(id));
    if (it == stored_.end()) return std::optional<v1::EventState>();
    return std::optional<v1::EventState>(it->second);
  }

  // Writes what changed to the fake store, as the committer does.
  void Write() {
    for (const v1::EventState* event : book_.Changed()) {
      stored_[event->event_id()] = *event;
    }
    book_.Settle();
  }

  // A report of `unit` on event `event_id` at stage `stage`, stored at
  // `stored_at`, about an incident at kT0 with every 事 element.
  v1::Report Report(const std::string& unit, v1::Stage stage,
                    int64_t stored_at, const std::string& event_id = "E1") {
    v1::Report report;
    report.set_sequence(++sequence_);
    report.set_idempotency_key("key-" + std::to_string(sequence_));
    report.set_unit_id(unit);
    report.set_kind(v1::KIND_URGENT);
    report.set_event_id(event_id);
    report.set_stage(stage);
    report.set_severity(v1::SEVERITY_III);
    report.set_title("河口镇一处民房倒塌");
    report.set_place("河口镇东街");
    report.set_occurred_at_ms(kT0);
    report.mutable_casualties()->set_injured(2);
    report.set_stored_at_ms(stored_at);
    return report;
  }

  v1::EventNote File(const v1::Report& report) {
    Result<v1::EventNote> note = book_.File(report);
    EXPECT_TRUE(note.ok()) << note.status().ToString();
    Write();
    return note.ok() ? *note : v1::EventNote();
  }

  // The police report an incident in 河口镇 and name it responsible.
  void FileFromThePolice() {
    v1::Report police = Report("gongan", v1::STAGE_SHI, kT0 + 10 * kMinute);
    police.set_responsible_unit_id("hekou");
    File(police);
  }

  void Tick(int64_t now) {
    book_.Tick(now);
    Write();
  }

  const v1::EventState& Stored(const std::string& id = "E1") {
    return stored_.at(id);
  }

  std::vector<v1::Alarm> Alarms(v1::AlarmKind kind,
                                const std::string& id = "E1") {
    std::vector<v1::Alarm> found;
    for (const v1::Alarm& alarm : Stored(id).alarms()) {
      if (alarm.kind() == kind) found.push_back(alarm);
    }
    return found;
  }

  BrokerConfig config_;
  DeadlinePolicy policy_;
  EventBook book_;
  std::map<std::string, v1::EventState> stored_;
  uint64_t sequence_ = 0;
};

TEST_F(EventBookTest, FullLifecycleOnTimeNumbersFollowupsAndCloses) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 30 * kMinute));
  EXPECT_EQ(File(Report("hekou", v1::STAGE_QING, kT0 + 90 * kMinute))
                .followup(), 1u);
  EXPECT_EQ(File(Report("hekou", v1::STAGE_QING, kT0 + 10 * kHour))
                .followup(), 2u);
  // Owed now: the third follow-up 12 h after the second.
  ASSERT_EQ(Stored().deadlines_size(), 1);
  EXPECT_EQ(Stored().deadlines(0).stage(), v1::STAGE_QING);
  EXPECT_EQ(Stored().deadlines(0).followup(), 3u);
  EXPECT_EQ(Stored().deadlines(0).due_at_ms(), kT0 + 22 * kHour);

  File(Report("hekou", v1::STAGE_YIN, kT0 + 11 * kHour));
  // After 因: 果 within 24 h of it, and the next follow-up.
  ASSERT_EQ(Stored().deadlines_size(), 2);
  EXPECT_EQ(Stored().deadlines(1).stage(), v1::STAGE_GUO);
  EXPECT_EQ(Stored().deadlines(1).due_at_ms(), kT0 + 35 * kHour);

  File(Report("hekou", v1::STAGE_GUO, kT0 + 20 * kHour));
  const v1::EventState& event = Stored();
  EXPECT_TRUE(event.closed());
  EXPECT_EQ(event.closed_at_ms(), kT0 + 20 * kHour);
  EXPECT_EQ(event.responsible_unit_id(), "hekou");
  EXPECT_EQ(event.deadlines_size(), 0);
  EXPECT_EQ(event.alarms_size(), 0) << event.DebugString();
  ASSERT_EQ(event.reports_size(), 5);
  EXPECT_EQ(event.reports(2).followup(), 2u);
  for (const v1::EventReport& report : event.reports()) {
    EXPECT_EQ(report.anomalies_size(), 0);
  }
  EXPECT_EQ(book_.open_events(), 0u);
}

// The broker's status counts open events after every write; the count
// must be right before the write is settled too, and with closed events
// read back from the store or adopted.
TEST_F(EventBookTest, OpenEventsAreCountedBeforeAndAfterTheWrite) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 10 * kMinute, "E1"));
  File(Report("hekou", v1::STAGE_SHI, kT0 + 20 * kMinute, "E2"));
  EXPECT_EQ(book_.open_events(), 2u);

  // E1 closed by its 果, not yet written.
  ASSERT_TRUE(book_.File(Report("hekou", v1::STAGE_GUO, kT0 + kHour, "E1")).ok());
  EXPECT_EQ(book_.open_events(), 1u);
  Write();
  EXPECT_EQ(book_.open_events(), 1u);

  // A report after the 果 reads the closed E1 back from the store and
  // files under it (flagged): still one open.
  ASSERT_TRUE(book_.File(Report("hekou", v1::STAGE_QING, kT0 + 2 * kHour, "E1")).ok());
  EXPECT_EQ(book_.open_events(), 1u);
  Write();
  EXPECT_EQ(book_.open_events(), 1u);

  // A closed event adopted (as after a failed write) is not counted.
  v1::EventState closed = Stored("E1");
  ASSERT_TRUE(closed.closed());
  book_.Adopt(closed);
  EXPECT_EQ(book_.open_events(), 1u);
  book_.Settle();
  EXPECT_EQ(book_.open_events(), 1u);

  // A new one, not yet written, is.
  ASSERT_TRUE(book_.File(Report("hekou", v1::STAGE_SHI, kT0 + 3 * kHour, "E3")).ok());
  EXPECT_EQ(book_.open_events(), 2u);
}

TEST_F(EventBookTest, LateShiIsRecordedWithHowLate) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 75 * kMinute));
  const std::vector<v1::Alarm> late = Alarms(v1::ALARM_KIND_LATE);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].late_by_ms(), 15 * kMinute);
  EXPECT_EQ(late[0].stage(), v1::STAGE_SHI);
  EXPECT_EQ(late[0].unit_id(), "hekou");
  EXPECT_FALSE(late[0].open());
  EXPECT_EQ(late[0].report_sequence(), 1u);
  EXPECT_NE(late[0].message().find("迟了 15分"), std::string::npos)
      << late[0].message();
}

TEST_F(EventBookTest, OverdueRaisedByTheClockClearsWhenTheStageArrives) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 20 * kMinute));
  Tick(kT0 + 2 * kHour - 1);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_OVERDUE).empty());

  Tick(kT0 + 2 * kHour);  // the first 情 was due now
  std::vector<v1::Alarm> overdue = Alarms(v1::ALARM_KIND_OVERDUE);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_TRUE(overdue[0].open());
  EXPECT_EQ(overdue[0].stage(), v1::STAGE_QING);
  EXPECT_EQ(overdue[0].followup(), 1u);
  EXPECT_EQ(overdue[0].due_at_ms(), kT0 + 2 * kHour);
  EXPECT_EQ(overdue[0].raised_at_ms(), kT0 + 2 * kHour);
  Tick(kT0 + 2 * kHour + 5 * kMinute);  // raised once, not per tick
  EXPECT_EQ(Alarms(v1::ALARM_KIND_OVERDUE).size(), 1u);

  const v1::Report qing = Report("hekou", v1::STAGE_QING, kT0 + 2 * kHour + 10 * kMinute);
  File(qing);
  overdue = Alarms(v1::ALARM_KIND_OVERDUE);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_FALSE(overdue[0].open());
  EXPECT_EQ(overdue[0].cleared_at_ms(), qing.stored_at_ms());
  EXPECT_EQ(overdue[0].cleared_by_sequence(), qing.sequence());
  const std::vector<v1::Alarm> late = Alarms(v1::ALARM_KIND_LATE);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].late_by_ms(), 10 * kMinute);
  EXPECT_EQ(late[0].followup(), 1u);
}

TEST_F(EventBookTest, OverdueEscalatesAndTheEscalationClearsWithIt) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 20 * kMinute));
  Tick(kT0 + 2 * kHour + 29 * kMinute);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_ESCALATED).empty());
  Tick(kT0 + 2 * kHour + 30 * kMinute);
  std::vector<v1::Alarm> escalated = Alarms(v1::ALARM_KIND_ESCALATED);
  ASSERT_EQ(escalated.size(), 1u);
  EXPECT_TRUE(escalated[0].open());
  EXPECT_EQ(escalated[0].escalates_alarm_id(),
            Alarms(v1::ALARM_KIND_OVERDUE)[0].id());

  File(Report("hekou", v1::STAGE_QING, kT0 + 3 * kHour));
  escalated = Alarms(v1::ALARM_KIND_ESCALATED);
  ASSERT_EQ(escalated.size(), 1u);
  EXPECT_FALSE(escalated[0].open());
  EXPECT_EQ(escalated[0].cleared_at_ms(), kT0 + 3 * kHour);
}

TEST_F(EventBookTest, EachDeadlineCarriesWhenToEscalateAndNoReminderByDefault) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 20 * kMinute));
  ASSERT_EQ(Stored().deadlines_size(), 1);
  const v1::Deadline& qing = Stored().deadlines(0);
  EXPECT_EQ(qing.escalate_at_ms(), kT0 + 2 * kHour + 30 * kMinute);
  EXPECT_EQ(qing.remind_at_ms(), 0);
  Tick(kT0 + 2 * kHour - 1);
  EXPECT_EQ(Stored().alarms_size(), 0);
}

TEST_F(EventBookTest, AGradeWithRemindBeforeShowsADueSoonAlarmFirst) {
  policy_.grades[2].remind_before_ms = 20 * kMinute;  // Ⅲ
  File(Report("hekou", v1::STAGE_SHI, kT0 + 20 * kMinute));
  EXPECT_EQ(Stored().deadlines(0).remind_at_ms(), kT0 + 100 * kMinute);
  Tick(kT0 + 100 * kMinute - 1);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_DUE_SOON).empty());
  Tick(kT0 + 100 * kMinute);
  std::vector<v1::Alarm> soon = Alarms(v1::ALARM_KIND_DUE_SOON);
  ASSERT_EQ(soon.size(), 1u);
  EXPECT_TRUE(soon[0].open());
  EXPECT_EQ(soon[0].event_id(), "E1");
  EXPECT_EQ(soon[0].message(), "临期：河口镇的续报一（情）应于 11月22日 10:00 前报送");

  Tick(kT0 + 2 * kHour);  // due: the 红灯 takes over from the 黄灯
  soon = Alarms(v1::ALARM_KIND_DUE_SOON);
  EXPECT_FALSE(soon[0].open());
  EXPECT_EQ(soon[0].cleared_reason(), "已超期");
  ASSERT_EQ(Alarms(v1::ALARM_KIND_OVERDUE).size(), 1u);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_OVERDUE)[0].open());

  // The next 情 is reminded too, and its arrival clears the reminder.
  File(Report("hekou", v1::STAGE_QING, kT0 + 2 * kHour + 10 * kMinute));
  Tick(kT0 + 14 * kHour);
  ASSERT_EQ(Alarms(v1::ALARM_KIND_DUE_SOON).size(), 2u);
  const v1::Report next = Report("hekou", v1::STAGE_QING, kT0 + 14 * kHour + kMinute);
  File(next);
  const v1::Alarm second = Alarms(v1::ALARM_KIND_DUE_SOON)[1];
  EXPECT_FALSE(second.open());
  EXPECT_EQ(second.cleared_by_sequence(), next.sequence());
  EXPECT_EQ(second.cleared_reason(), "已收到（第 3 号报告）");
}

TEST_F(EventBookTest, MissingElementsRaisedAndClearedWhenSupplied) {
  v1::Report shi = Report("hekou", v1::STAGE_SHI, kT0 + 10 * kMinute);
  shi.clear_casualties();
  shi.clear_place();
  File(shi);
  std::vector<v1::Alarm> missing = Alarms(v1::ALARM_KIND_MISSING_ELEMENTS);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_TRUE(missing[0].open());
  EXPECT_EQ(std::vector<std::string>(missing[0].missing_elements().begin(),
                                     missing[0].missing_elements().end()),
            (std::vector<std::string>{"place", "casualties"}));

  // Another unit's report does not supply what 河口镇 owes.
  File(Report("gongan", v1::STAGE_QING, kT0 + 20 * kMinute));
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_MISSING_ELEMENTS)[0].open());

  v1::Report qing = Report("hekou", v1::STAGE_QING, kT0 + 30 * kMinute);
  qing.clear_place();
  File(qing);  // casualties supplied, place still missing
  missing = Alarms(v1::ALARM_KIND_MISSING_ELEMENTS);
  EXPECT_TRUE(missing[0].open());
  EXPECT_EQ(missing[0].missing_elements_size(), 1);
  File(Report("hekou", v1::STAGE_QING, kT0 + 40 * kMinute));
  missing = Alarms(v1::ALARM_KIND_MISSING_ELEMENTS);
  EXPECT_FALSE(missing[0].open());
  EXPECT_EQ(missing[0].cleared_by_sequence(), sequence_);
}

TEST_F(EventBookTest, ConcealmentSuspectedWhenOthersReportAndTheUnitDoesNot) {
  FileFromThePolice();
  EXPECT_EQ(Stored().responsible_unit_id(), "hekou");
  Tick(kT0 + 59 * kMinute);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_CONCEALMENT_SUSPECTED).empty());

  Tick(kT0 + 1 * kHour);
  std::vector<v1::Alarm> concealed = Alarms(v1::ALARM_KIND_CONCEALMENT_SUSPECTED);
  ASSERT_EQ(concealed.size(), 1u);
  EXPECT_TRUE(concealed[0].open());
  EXPECT_EQ(concealed[0].unit_id(), "hekou");
  EXPECT_NE(concealed[0].message().find("县公安局"), std::string::npos)
      << concealed[0].message();
  ASSERT_EQ(Alarms(v1::ALARM_KIND_OVERDUE).size(), 1u);

  File(Report("hekou", v1::STAGE_SHI, kT0 + 90 * kMinute));
  concealed = Alarms(v1::ALARM_KIND_CONCEALMENT_SUSPECTED);
  EXPECT_FALSE(concealed[0].open());
  EXPECT_EQ(concealed[0].cleared_by_sequence(), sequence_);
  EXPECT_FALSE(Alarms(v1::ALARM_KIND_OVERDUE)[0].open());
  ASSERT_EQ(Alarms(v1::ALARM_KIND_LATE).size(), 1u);
  EXPECT_EQ(Alarms(v1::ALARM_KIND_LATE)[0].late_by_ms(), 30 * kMinute);
}

TEST_F(EventBookTest, ConcealmentOpenLongEnoughIsEscalatedAndClearsWithIt) {
  policy_.grades[2].escalate_concealment_after_ms = 45 * kMinute;  // Ⅲ
  policy_.grades[2].escalate_after_ms = 0;  // only the 瞒报 escalates here
  FileFromThePolice();
  Tick(kT0 + 1 * kHour);
  const std::vector<v1::Alarm> concealed =
      Alarms(v1::ALARM_KIND_CONCEALMENT_SUSPECTED);
  ASSERT_EQ(concealed.size(), 1u);
  Tick(kT0 + 1 * kHour + 45 * kMinute - 1);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_ESCALATED).empty());

  Tick(kT0 + 1 * kHour + 45 * kMinute);
  std::vector<v1::Alarm> escalated = Alarms(v1::ALARM_KIND_ESCALATED);
  ASSERT_EQ(escalated.size(), 1u);
  EXPECT_TRUE(escalated[0].open());
  EXPECT_EQ(escalated[0].escalates_alarm_id(), concealed[0].id());
  EXPECT_EQ(escalated[0].unit_id(), "hekou");
  EXPECT_EQ(escalated[0].message(),
            "升级：河口镇疑似瞒报已 45分，仍未报送首报（事）");
  Tick(kT0 + 3 * kHour);  // escalated once
  EXPECT_EQ(Alarms(v1::ALARM_KIND_ESCALATED).size(), 1u);

  File(Report("hekou", v1::STAGE_SHI, kT0 + 4 * kHour));
  escalated = Alarms(v1::ALARM_KIND_ESCALATED);
  EXPECT_FALSE(escalated[0].open());
  EXPECT_EQ(escalated[0].cleared_at_ms(), kT0 + 4 * kHour);
  EXPECT_EQ(escalated[0].cleared_by_sequence(), sequence_);
  EXPECT_EQ(escalated[0].cleared_reason(),
            Alarms(v1::ALARM_KIND_CONCEALMENT_SUSPECTED)[0].cleared_reason());
}

TEST_F(EventBookTest, ConcealmentIsNotEscalatedUnlessTheGradeSaysSo) {
  policy_.grades[2].escalate_after_ms = 0;
  FileFromThePolice();
  Tick(kT0 + 1 * kHour);
  Tick(kT0 + 100 * kHour);
  ASSERT_EQ(Alarms(v1::ALARM_KIND_CONCEALMENT_SUSPECTED).size(), 1u);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_ESCALATED).empty());
}

TEST_F(EventBookTest, PhoneCallFromTheUnitThenWrittenShiRecordsTheGap) {
  v1::Report call = Report("county-office", v1::STAGE_SHI, kT0 + 12 * kMinute);
  call.mutable_phone_call()->set_caller_unit_id("hekou");
  call.mutable_phone_call()->set_caller("河口镇值班员 张伟");
  call.mutable_phone_call()->set_called_at_ms(kT0 + 10 * kMinute);
  call.mutable_phone_call()->set_taken_by("县委办值班员 刘洋");
  call.clear_casualties();  // phone calls are not held to written elements
  call.set_title("电话登记：河口镇有民房倒塌");
  File(call);
  EXPECT_EQ(Stored().title(), "电话登记：河口镇有民房倒塌");
  EXPECT_EQ(Stored().responsible_unit_id(), "hekou");
  EXPECT_EQ(Stored().first_known_at_ms(), kT0 + 10 * kMinute);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_MISSING_ELEMENTS).empty());
  // The call does not stand in for the written 事.
  ASSERT_EQ(Stored().deadlines_size(), 1);
  EXPECT_EQ(Stored().deadlines(0).stage(), v1::STAGE_SHI);

  Tick(kT0 + 1 * kHour + 1);  // written 事 overdue, but the unit phoned
  EXPECT_EQ(Alarms(v1::ALARM_KIND_OVERDUE).size(), 1u);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_CONCEALMENT_SUSPECTED).empty());

  File(Report("hekou", v1::STAGE_SHI, kT0 + 70 * kMinute));
  EXPECT_EQ(Stored().written_shi_at_ms(), kT0 + 70 * kMinute);
  EXPECT_EQ(Stored().phone_called_at_ms(), kT0 + 10 * kMinute);
  EXPECT_EQ(Stored().phone_to_written_ms(), 60 * kMinute);
  EXPECT_EQ(Stored().title(), "河口镇一处民房倒塌");  // the unit's own 事
  ASSERT_EQ(Stored().reports_size(), 2);
  EXPECT_TRUE(Stored().reports(0).phone_call());
  EXPECT_EQ(Stored().reports(0).caller_unit_id(), "hekou");
}

TEST_F(EventBookTest, OutsideCallerBeforeTheUnitIsConcealmentSuspected) {
  v1::Report call = Report("county-office", v1::STAGE_SHI, kT0 + 5 * kMinute);
  call.mutable_phone_call()->set_caller("群众 王某");
  call.mutable_phone_call()->set_called_at_ms(kT0 + 5 * kMinute);
  call.mutable_phone_call()->set_taken_by("刘洋");
  call.set_responsible_unit_id("hekou");
  File(call);
  Tick(kT0 + 1 * kHour);
  const std::vector<v1::Alarm> concealed =
      Alarms(v1::ALARM_KIND_CONCEALMENT_SUSPECTED);
  ASSERT_EQ(concealed.size(), 1u);
  EXPECT_NE(concealed[0].message().find("外部来电"), std::string::npos);
}

TEST_F(EventBookTest, TheOrderOfStagesIsJudgedByWhenTheyWereWritten) {
  // 河口镇 writes its 事 at 08:10 on one machine and its 因 at 08:20 on
  // another; the second machine sends first (因 stored 08:25, 事 08:30,
  // within the hour the 事 is due in).
  v1::Report shi = Report("hekou", v1::STAGE_SHI, kT0 + 30 * kMinute);
  shi.set_written_at_ms(kT0 + 10 * kMinute);
  v1::Report yin = Report("hekou", v1::STAGE_YIN, kT0 + 25 * kMinute);
  yin.set_written_at_ms(kT0 + 20 * kMinute);
  File(yin);
  const v1::EventNote note = File(shi);
  EXPECT_EQ(note.anomalies_size(), 0) << note.DebugString();
  ASSERT_EQ(Stored().reports_size(), 2);
  EXPECT_EQ(Stored().reports(1).anomalies_size(), 0);
  EXPECT_EQ(Stored().reports(1).written_at_ms(), kT0 + 10 * kMinute);
  EXPECT_TRUE(Alarms(v1::ALARM_KIND_LATE).empty());

  // A 事 really written after the unit's own 因 is still flagged.
  v1::Report late_yin = Report("hekou", v1::STAGE_YIN, kT0 + 25 * kMinute, "E2");
  late_yin.set_written_at_ms(kT0 + 5 * kMinute);
  v1::Report late_shi = Report("hekou", v1::STAGE_SHI, kT0 + 30 * kMinute, "E2");
  late_shi.set_written_at_ms(kT0 + 10 * kMinute);
  File(late_yin);
  const v1::EventNote flagged = File(late_shi);
  ASSERT_EQ(flagged.anomalies_size(), 1);
  EXPECT_EQ(flagged.anomalies(0), v1::ANOMALY_SHI_AFTER_LATER_STAGE);
}

TEST_F(EventBookTest, OddReportsAreFiledAndFlaggedNeverRefused) {
  // 因 for an event nobody opened.
  v1::EventNote note = File(Report("hekou", v1::STAGE_YIN, kT0 + 5 * kMinute));
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_EVENT_NOT_OPENED);
  // Its 事 after its own 因.
  note = File(Report("hekou", v1::STAGE_SHI, kT0 + 10 * kMinute));
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_SHI_AFTER_LATER_STAGE);
  // A second 事 from the same unit.
  note = File(Report("hekou", v1::STAGE_SHI, kT0 + 15 * kMinute));
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_REPEATED_SHI);
  File(Report("hekou", v1::STAGE_GUO, kT0 + 20 * kMinute));
  EXPECT_TRUE(Stored().closed());
  // A 情 after 果: filed, flagged, the event stays closed.
  note = File(Report("hekou", v1::STAGE_QING, kT0 + 30 * kMinute));
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_AFTER_CLOSE);
  EXPECT_TRUE(Stored().closed());
  EXPECT_EQ(Stored().reports_size(), 5);
}

TEST_F(EventBookTest, AChangeOfCasualtiesWithinTheWindowAfterClosingIsABuBao) {
  policy_.casualty_followup_within_ms = 30 * 24 * kHour;
  File(Report("hekou", v1::STAGE_SHI, kT0 + 20 * kMinute));
  File(Report("hekou", v1::STAGE_YIN, kT0 + 5 * kHour));
  File(Report("hekou", v1::STAGE_GUO, kT0 + 20 * kHour));
  ASSERT_TRUE(Stored().closed());

  // Ten days on, one of the injured has died.
  v1::Report later = Report("hekou", v1::STAGE_QING, kT0 + 10 * 24 * kHour);
  later.mutable_casualties()->set_dead(1);
  later.mutable_casualties()->set_injured(1);
  EXPECT_EQ(File(later).anomalies_size(), 0);
  const v1::EventReport& filed = Stored().reports(3);
  EXPECT_TRUE(filed.casualty_followup());
  EXPECT_EQ(filed.anomalies_size(), 0);
  EXPECT_TRUE(Stored().closed());  // a 补报 does not reopen it
  EXPECT_EQ(Stored().casualties().dead(), 1u);
  EXPECT_EQ(Stored().casualties().injured(), 1u);
  EXPECT_EQ(Stored().deadlines_size(), 0);
  bool told = false;
  for (const v1::TimelineEntry& line : BuildTimeline(Stored(), config_.units)) {
    if (line.sequence() == later.sequence()) {
      told = line.text().find("伤亡人数补报") != std::string::npos;
    }
  }
  EXPECT_TRUE(told);

  // The same figures again are no 补报: a report after closing.
  v1::Report same = later;
  same.set_sequence(++sequence_);
  same.set_idempotency_key("same");
  same.set_stored_at_ms(kT0 + 11 * 24 * kHour);
  ASSERT_EQ(File(same).anomalies_size(), 1);
  EXPECT_FALSE(Stored().reports(4).casualty_followup());

  // Past the 30 days a change stays an anomaly; the figures still update.
  v1::Report late = Report("hekou", v1::STAGE_QING, kT0 + 31 * 24 * kHour);
  late.mutable_casualties()->set_dead(2);
  const v1::EventNote note = File(late);
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_AFTER_CLOSE);
  EXPECT_FALSE(Stored().reports(5).casualty_followup());
  EXPECT_EQ(Stored().casualties().dead(), 2u);
}

TEST_F(EventBookTest, WithoutACasualtyWindowEveryReportAfterClosingIsAnAnomaly) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 20 * kMinute));
  File(Report("hekou", v1::STAGE_YIN, kT0 + 5 * kHour));
  File(Report("hekou", v1::STAGE_GUO, kT0 + 20 * kHour));
  v1::Report later = Report("hekou", v1::STAGE_QING, kT0 + 2 * 24 * kHour);
  later.mutable_casualties()->set_dead(1);
  const v1::EventNote note = File(later);
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_AFTER_CLOSE);
  EXPECT_FALSE(Stored().reports(3).casualty_followup());
}

TEST_F(EventBookTest, GuoWithoutYinIsFlagged) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 5 * kMinute));
  const v1::EventNote note = File(Report("hekou", v1::STAGE_GUO, kT0 + kHour));
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_GUO_BEFORE_YIN);
}

TEST_F(EventBookTest, CauseFromAnotherUnitStartsTheGuoDeadline) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 5 * kMinute));
  File(Report("yingji", v1::STAGE_YIN, kT0 + 3 * kHour));
  bool guo_owed = false;
  for (const v1::Deadline& deadline : Stored().deadlines()) {
    if (deadline.stage() != v1::STAGE_GUO) continue;
    guo_owed = true;
    EXPECT_EQ(deadline.unit_id(), "hekou");
    EXPECT_EQ(deadline.due_at_ms(), kT0 + 27 * kHour);
  }
  EXPECT_TRUE(guo_owed);
  EXPECT_EQ(File(Report("hekou", v1::STAGE_GUO, kT0 + 4 * kHour))
                .anomalies_size(),
            0);
  EXPECT_TRUE(Stored().closed());
}

TEST_F(EventBookTest, AnotherUnitsGuoDoesNotCloseTheEvent) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 5 * kMinute));
  File(Report("gongan", v1::STAGE_GUO, kT0 + kHour));
  EXPECT_FALSE(Stored().closed());
  EXPECT_EQ(Stored().units_size(), 2);
}

TEST_F(EventBookTest, ATownshipTakesOverFromADepartmentUnlessNamed) {
  File(Report("gongan", v1::STAGE_SHI, kT0 + 5 * kMinute));
  EXPECT_EQ(Stored().responsible_unit_id(), "gongan");
  File(Report("hekou", v1::STAGE_SHI, kT0 + 10 * kMinute));
  EXPECT_EQ(Stored().responsible_unit_id(), "hekou");
  EXPECT_FALSE(Stored().responsible_named());

  v1::Report named = Report("yingji", v1::STAGE_SHI, kT0 + 5 * kMinute, "E2");
  named.set_responsible_unit_id("yingji");
  File(named);
  File(Report("hekou", v1::STAGE_SHI, kT0 + 10 * kMinute, "E2"));
  EXPECT_EQ(Stored("E2").responsible_unit_id(), "yingji");
}

TEST_F(EventBookTest, CorrectionMarksBothReports) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 5 * kMinute));
  v1::Report fix = Report("hekou", v1::STAGE_QING, kT0 + 20 * kMinute);
  fix.set_corrects_key("key-1");
  fix.mutable_casualties()->set_dead(1);
  File(fix);
  EXPECT_EQ(Stored().reports(0).corrected_by_sequence(), fix.sequence());
  EXPECT_EQ(Stored().reports(1).corrects_sequence(), 1u);
  EXPECT_EQ(Stored().casualties().dead(), 1u);

  // `fix` (a 情 correcting the 事) was 续报一. A corrected follow-up keeps
  // its number and is not a new follow-up.
  EXPECT_EQ(Stored().reports(1).followup(), 1u);
  v1::Report qing = Report("hekou", v1::STAGE_QING, kT0 + 40 * kMinute);
  EXPECT_EQ(File(qing).followup(), 2u);
  v1::Report qing_fix = Report("hekou", v1::STAGE_QING, kT0 + 50 * kMinute);
  qing_fix.set_corrects_key(qing.idempotency_key());
  const v1::EventNote fixed = File(qing_fix);
  EXPECT_EQ(fixed.followup(), 2u);
  EXPECT_EQ(fixed.anomalies_size(), 0);
  EXPECT_EQ(File(Report("hekou", v1::STAGE_QING, kT0 + 60 * kMinute))
                .followup(), 3u);
  // A corrected 事 is not a repeated 事.
  v1::Report shi_fix = Report("hekou", v1::STAGE_SHI, kT0 + 70 * kMinute);
  shi_fix.set_corrects_key("key-1");
  EXPECT_EQ(File(shi_fix).anomalies_size(), 0);

  v1::Report stray = Report("hekou", v1::STAGE_QING, kT0 + 80 * kMinute);
  stray.set_corrects_key("no-such-key");
  const v1::EventNote note = File(stray);
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_CORRECTION_TARGET_UNKNOWN);
}

TEST_F(EventBookTest, MergeFilesBothUnderOneEventAndKeepsWhoDidIt) {
  v1::Report call = Report("county-office", v1::STAGE_SHI, kT0 + 5 * kMinute, "PHONE-1");
  call.mutable_phone_call()->set_caller_unit_id("hekou");
  call.mutable_phone_call()->set_called_at_ms(kT0 + 5 * kMinute);
  call.mutable_phone_call()->set_taken_by("刘洋");
  File(call);
  File(Report("hekou", v1::STAGE_SHI, kT0 + 40 * kMinute, "E1"));
  EXPECT_EQ(book_.open_events(), 2u);

  v1::MergeEventsRequest merge;
  merge.set_unit_id("county-office");
  merge.set_officer("刘洋");
  merge.set_from_event_id("PHONE-1");
  merge.set_into_event_id("E1");
  merge.set_reason("电话登记与书面首报为同一事件");
  Result<EventBook::Change> change = book_.Merge(merge, kT0 + kHour);
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_TRUE(change->changed);
  Write();

  const v1::EventState& kept = Stored("E1");
  ASSERT_EQ(kept.reports_size(), 2);
  EXPECT_EQ(kept.reports(0).filed_event_id(), "PHONE-1");
  EXPECT_EQ(kept.phone_called_at_ms(), kT0 + 5 * kMinute);
  EXPECT_EQ(kept.phone_to_written_ms(), 35 * kMinute);
  ASSERT_EQ(kept.actions_size(), 1);
  EXPECT_EQ(kept.actions(0).kind(), v1::EventAction::KIND_MERGED_IN);
  EXPECT_EQ(kept.actions(0).officer(), "刘洋");
  EXPECT_EQ(kept.actions(0).reason(), "电话登记与书面首报为同一事件");
  EXPECT_EQ(Stored("PHONE-1").merged_into(), "E1");
  EXPECT_EQ(Stored("PHONE-1").deadlines_size(), 0);
  EXPECT_EQ(book_.open_events(), 1u);

  // A repeat changes nothing; the reverse is refused.
  change = book_.Merge(merge, kT0 + 2 * kHour);
  ASSERT_TRUE(change.ok());
  EXPECT_FALSE(change->changed);
  v1::MergeEventsRequest reverse = merge;
  reverse.set_from_event_id("E1");
  reverse.set_into_event_id("PHONE-1");
  EXPECT_EQ(book_.Merge(reverse, kT0 + 2 * kHour).status().code(),
            v1::ERROR_CODE_INVALID_FIELD);
  v1::MergeEventsRequest unknown = merge;
  unknown.set_from_event_id("NOPE");
  EXPECT_EQ(book_.Merge(unknown, kT0 + 2 * kHour).status().code(),
            v1::ERROR_CODE_UNKNOWN_EVENT);

  // A later report naming the merged id is filed under the survivor.
  const v1::EventNote note =
      File(Report("hekou", v1::STAGE_QING, kT0 + 90 * kMinute, "PHONE-1"));
  EXPECT_EQ(note.event_id(), "E1");
  ASSERT_EQ(note.anomalies_size(), 1);
  EXPECT_EQ(note.anomalies(0), v1::ANOMALY_MERGED_EVENT);
  EXPECT_EQ(Stored("E1").reports_size(), 3);
}

TEST_F(EventBookTest, ReopenRestartsDeadlinesAndANewGuoClosesAgain) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 5 * kMinute));
  File(Report("hekou", v1::STAGE_GUO, kT0 + kHour));
  ASSERT_TRUE(Stored().closed());

  v1::ReopenEventRequest reopen;
  reopen.set_unit_id("county-office");
  reopen.set_officer("刘洋");
  reopen.set_event_id("E1");
  reopen.set_reason("伤亡人数有变化，需续报");
  Result<EventBook::Change> change = book_.Reopen(reopen, kT0 + 3 * kHour);
  ASSERT_TRUE(change.ok());
  EXPECT_TRUE(change->changed);
  Write();
  EXPECT_FALSE(Stored().closed());
  EXPECT_EQ(Stored().reopened_at_ms(), kT0 + 3 * kHour);
  bool guo_owed = false;
  for (const v1::Deadline& deadline : Stored().deadlines()) {
    if (deadline.stage() == v1::STAGE_GUO) {
      guo_owed = true;
      EXPECT_EQ(deadline.due_at_ms(), kT0 + 27 * kHour);
    }
  }
  EXPECT_TRUE(guo_owed);
  change = book_.Reopen(reopen, kT0 + 4 * kHour);
  ASSERT_TRUE(change.ok());
  EXPECT_FALSE(change->changed);

  File(Report("hekou", v1::STAGE_GUO, kT0 + 5 * kHour));
  EXPECT_TRUE(Stored().closed());
}

TEST_F(EventBookTest, AdoptedOpenEventKeepsItsDeadlinesAndAlarmsAfterARestart) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 5 * kMinute));
  // A new book over the same "store", as after a restart.
  EventBook restarted(policy_, config_.units,
                      [this](std::string_view id) { return Load(id); });
  restarted.Adopt(Stored());
  EXPECT_TRUE(restarted.Changed().empty());  // same policy, same deadlines
  restarted.Tick(kT0 + 2 * kHour);
  const std::vector<const v1::EventState*> changed = restarted.Changed();
  ASSERT_EQ(changed.size(), 1u);
  ASSERT_EQ(changed[0]->alarms_size(), 1);
  EXPECT_EQ(changed[0]->alarms(0).kind(), v1::ALARM_KIND_OVERDUE);
}

TEST_F(EventBookTest, AnEventStoredByAnOlderBrokerGainsItsEscalationOnAdoption) {
  File(Report("hekou", v1::STAGE_SHI, kT0 + 5 * kMinute));
  v1::EventState older = Stored();
  older.mutable_deadlines(0)->clear_escalate_at_ms();  // as stored before
  EventBook restarted(policy_, config_.units,
                      [this](std::string_view id) { return Load(id); });
  restarted.Adopt(older);
  const std::vector<const v1::EventState*> changed = restarted.Changed();
  ASSERT_EQ(changed.size(), 1u);  // written again with the instant
  EXPECT_EQ(changed[0]->deadlines(0).escalate_at_ms(),
            kT0 + 2 * kHour + 30 * kMinute);
  restarted.Tick(kT0 + 2 * kHour + 30 * kMinute);
  ASSERT_EQ(changed[0]->alarms_size(), 2);
  EXPECT_EQ(changed[0]->alarms(1).kind(), v1::ALARM_KIND_ESCALATED);
}

TEST_F(EventBookTest, NonUrgentReportsAreNoBusinessOfTheBook) {
  v1::Report general = Report("hekou", v1::STAGE_UNSPECIFIED, kT0);
  general.set_kind(v1::KIND_GENERAL_DYNAMIC);
  general.clear_event_id();
  EXPECT_TRUE(File(general).event_id().empty());
  EXPECT_TRUE(stored_.empty());
}

TEST(NextFollowupTest, TimesOfDayInLocalTime) {
  FollowupRule rule;
  rule.at_minutes = {8 * 60, 17 * 60};
  rule.min_gap_ms = kHour;
  const TimeZone shanghai;  // the default zone
  // kT0 is 08:00 in Shanghai. A follow-up at 08:00 owes the next at 17:00.
  EXPECT_EQ(NextFollowup(kT0, rule, shanghai), kT0 + 9 * kHour);
  // At 16:30 the gap pushes 17:00 out: next is 08:00 tomorrow.
  EXPECT_EQ(NextFollowup(kT0 + 8 * kHour + 30 * kMinute, rule, shanghai),
            kT0 + 24 * kHour);
  // In UTC the same instant is 00:00: next is 08:00 UTC.
  EXPECT_EQ(NextFollowup(kT0, rule, TimeZone::Load("UTC").value()),
            kT0 + 8 * kHour);
  FollowupRule every;
  every.every_ms = 12 * kHour;
  EXPECT_EQ(NextFollowup(kT0, every, shanghai), kT0 + 12 * kHour);
  EXPECT_EQ(NextFollowup(kT0, FollowupRule{}, shanghai), 0);
}

TEST(NextFollowupTest, ADayWithAClockChangeKeepsItsTimesOfDay) {
  // Berlin, Sunday 2026-03-29: clocks go from 02:00 to 03:00. A 情 at
  // 20:00 the evening before owes the next at 08:00 local, which is 11 h
  // later, not 12.
  const TimeZone berlin = TimeZone::Load("Europe/Berlin").value();
  FollowupRule rule;
  rule.at_minutes = {8 * 60, 17 * 60};
  rule.min_gap_ms = kHour;
  const int64_t saturday_20h = berlin.UnixMsOf(CivilTime{2026, 3, 28, 20});
  EXPECT_EQ(NextFollowup(saturday_20h, rule, berlin), saturday_20h + 11 * kHour);
  EXPECT_EQ(berlin.Format(NextFollowup(saturday_20h, rule, berlin), "%H:%M %z"),
            "08:00 +0200");
}

}  // namespace
}  // namespace xinbao::broker
