#include "broker/events/event_timeline.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "broker/config/config.h"

namespace xinbao::broker {
namespace {

v1::EventReport* AddReport(v1::EventState* event, uint64_t sequence,
                           const std::string& unit, v1::Stage stage,
                           int64_t stored_at_ms) {
  v1::EventReport* report = event->add_reports();
  report->set_sequence(sequence);
  report->set_unit_id(unit);
  report->set_stage(stage);
  report->set_stored_at_ms(stored_at_ms);
  return report;
}

v1::EventReport* AddPhoneCall(v1::EventState* event, uint64_t sequence,
                              const std::string& caller, int64_t called_at_ms,
                              int64_t stored_at_ms) {
  v1::EventReport* report =
      AddReport(event, sequence, "county-office", v1::STAGE_SHI, stored_at_ms);
  report->set_phone_call(true);
  report->set_caller_unit_id(caller);
  report->set_called_at_ms(called_at_ms);
  return report;
}

v1::Alarm* AddAlarm(v1::EventState* event, uint32_t id, v1::AlarmKind kind,
                    int64_t raised_at_ms, const std::string& message) {
  v1::Alarm* alarm = event->add_alarms();
  alarm->set_id(id);
  alarm->set_kind(kind);
  alarm->set_event_id(event->event_id());
  alarm->set_raised_at_ms(raised_at_ms);
  alarm->set_message(message);
  alarm->set_open(true);
  return alarm;
}

void Clear(v1::Alarm* alarm, int64_t at_ms, uint64_t by_sequence,
           const std::string& reason) {
  alarm->set_open(false);
  alarm->set_cleared_at_ms(at_ms);
  alarm->set_cleared_by_sequence(by_sequence);
  alarm->set_cleared_reason(reason);
}

v1::EventAction* AddAction(v1::EventState* event, v1::EventAction::Kind kind,
                           int64_t at_ms, const std::string& other,
                           const std::string& reason) {
  v1::EventAction* action = event->add_actions();
  action->set_kind(kind);
  action->set_at_ms(at_ms);
  action->set_unit_id("county-office");
  action->set_officer("张伟");
  action->set_reason(reason);
  action->set_other_event_id(other);
  return action;
}

struct Line {
  int64_t at_ms;
  std::string text;
  uint64_t sequence = 0;
  uint32_t alarm_id = 0;
  bool operator==(const Line&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Line& line) {
  return out << line.at_ms << " " << line.text << " #" << line.sequence
             << " alarm " << line.alarm_id;
}

std::vector<Line> Lines(const std::vector<v1::TimelineEntry>& timeline) {
  std::vector<Line> lines;
  for (const v1::TimelineEntry& entry : timeline) {
    lines.push_back(
        {entry.at_ms(), entry.text(), entry.sequence(), entry.alarm_id()});
  }
  return lines;
}

class EventTimelineTest : public ::testing::Test {
 protected:
  EventTimelineTest() { event_.set_event_id("evt-1"); }

  std::vector<Line> Timeline() const {
    return Lines(BuildTimeline(event_, units_));
  }

  const UnitRegistry units_ = DefaultConfig().units;
  v1::EventState event_;
};

TEST_F(EventTimelineTest, TellsTheWholeHistoryInTimeOrder) {
  // Stored order is not time order: a phone call is placed at the time of
  // the call, before it was logged.
  AddPhoneCall(&event_, 2, "", 500, 1200);
  AddPhoneCall(&event_, 3, "hekou", 1000, 1500);
  AddReport(&event_, 4, "hekou", v1::STAGE_SHI, 2000);
  v1::EventReport* first_qing =
      AddReport(&event_, 7, "hekou", v1::STAGE_QING, 5000);
  first_qing->set_followup(1);
  first_qing->set_corrected_by_sequence(9);
  v1::EventReport* second_qing =
      AddReport(&event_, 9, "hekou", v1::STAGE_QING, 9000);
  second_qing->set_followup(2);
  second_qing->set_corrects_sequence(7);
  v1::EventReport* cause =
      AddReport(&event_, 12, "gongan", v1::STAGE_YIN, 12000);
  cause->add_anomalies(v1::ANOMALY_MERGED_EVENT);
  cause->set_filed_event_id("evt-2");
  AddReport(&event_, 13, "hekou", v1::STAGE_GUO, 15000);
  event_.set_closed(true);
  event_.set_closed_at_ms(15000);

  Clear(AddAlarm(&event_, 1, v1::ALARM_KIND_CONCEALMENT_SUSPECTED, 1800,
                 "疑似瞒报：河口镇尚未书面首报"),
        2000, 4, "已收到该单位的首报（第 4 号报告）");
  Clear(AddAlarm(&event_, 2, v1::ALARM_KIND_OVERDUE, 8000,
                 "超时未报：河口镇的续报二（情）"),
        9000, 9, "已收到续报二");
  AddAction(&event_, v1::EventAction::KIND_MERGED_IN, 10000, "evt-2",
            "同一起事故");

  const std::vector<Line> expected = {
      {500, "值班员电话登记：(外部来电) 首报（事）", 2},
      {1000, "值班员电话登记：河口镇来电 首报（事）", 3},
      {1800, "疑似瞒报：河口镇尚未书面首报", 0, 1},
      {2000, "河口镇 首报（事）", 4},
      {2000, "告警解除（疑似瞒报）：已收到该单位的首报（第 4 号报告）", 4, 1},
      {5000, "河口镇 续报一（情）（已被第 9 号报告更正）", 7},
      {8000, "超时未报：河口镇的续报二（情）", 0, 2},
      {9000, "河口镇 续报二（情）（更正第 7 号报告）", 9},
      {9000, "告警解除（超时未报）：已收到续报二", 9, 2},
      {10000,
       "事件 evt-2 并入本事件（经办：清河县委办公室 "
       "张伟）（理由：同一起事故）"},
      {12000, "县公安局 原因（因）（所报事件 evt-2 已并入本事件）", 12},
      {15000, "河口镇 终报（果）", 13},
      {15000, "事件结束"},
  };
  EXPECT_EQ(Timeline(), expected);
}

TEST_F(EventTimelineTest, TellsMergeOutReopeningAndAnomalies) {
  v1::EventReport* late =
      AddReport(&event_, 20, "qingshan", v1::STAGE_QING, 100);
  late->set_followup(11);
  late->add_anomalies(v1::ANOMALY_EVENT_NOT_OPENED);
  late->add_anomalies(v1::ANOMALY_AFTER_CLOSE);
  v1::EventReport* unknown_unit =
      AddReport(&event_, 21, "xiangzhen-99", v1::STAGE_SHI, 200);
  unknown_unit->add_anomalies(v1::ANOMALY_REPEATED_SHI);
  unknown_unit->add_anomalies(v1::ANOMALY_MERGED_EVENT);  // no filed_event_id
  unknown_unit->add_anomalies(
      static_cast<v1::Anomaly>(99));  // from a newer broker
  AddAction(&event_, v1::EventAction::KIND_REOPENED, 300, "", "伤亡人数有变化");
  AddAction(&event_, v1::EventAction::KIND_MERGED_INTO, 400, "evt-9", "");
  v1::Alarm* late_alarm = AddAlarm(&event_, 3, v1::ALARM_KIND_LATE, 250,
                                   "迟报：青山乡的续报十一（情）");
  late_alarm->set_open(false);  // a record of fact: never cleared

  const std::vector<Line> expected = {
      {100, "青山乡 续报十一（情）（本事件此前没有首报）（事件结束后收到）",
       20},
      {200, "xiangzhen-99 首报（事）（本单位重复首报）（所报事件已并入本事件）",
       21},
      {250, "迟报：青山乡的续报十一（情）", 0, 3},
      {300,
       "事件重新开启（经办：清河县委办公室 张伟）（理由：伤亡人数有变化）"},
      {400, "本事件并入事件 evt-9（经办：清河县委办公室 张伟）"},
  };
  EXPECT_EQ(Timeline(), expected);
}

TEST_F(EventTimelineTest, EmptyEventHasNoLines) {
  EXPECT_TRUE(Timeline().empty());
}

}  // namespace
}  // namespace xinbao::broker
