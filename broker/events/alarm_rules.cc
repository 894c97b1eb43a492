#include "broker/events/alarm_rules.h"

#include <algorithm>
#include <string>

#include "broker/deadlines/deadline_alarms.h"
#include "broker/events/event_deadlines.h"
#include "broker/events/event_words.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

AlarmLedger LedgerOfEvent(v1::EventState* event) {
  return LedgerOf(event, event->event_id(), "");
}

// An alarm about the stage of `unit_id` (due at due_at_ms, 0: none).
v1::Alarm* Raise(v1::EventState* event, v1::AlarmKind kind,
                 const std::string& unit_id, v1::Stage stage,
                 uint32_t followup, int64_t due_at_ms, int64_t now_ms) {
  v1::Deadline about;
  about.set_unit_id(unit_id);
  about.set_stage(stage);
  about.set_followup(followup);
  about.set_due_at_ms(due_at_ms);
  return RaiseAlarm(LedgerOfEvent(event), kind, about, now_ms);
}

void Clear(v1::Alarm* alarm, int64_t now_ms, uint64_t by_sequence,
           std::string reason) {
  ClearAlarm(alarm, now_ms, AlarmClearance{std::move(reason), by_sequence});
}

bool Satisfies(const v1::EventReport& report, const v1::Deadline& deadline) {
  return !report.phone_call() && report.unit_id() == deadline.unit_id() &&
         report.stage() == deadline.stage() &&
         (deadline.stage() != v1::STAGE_QING ||
          report.followup() == deadline.followup());
}

// "河口镇的续报一（情）": whose stage an alarm is about.
std::string WhoseStage(const AlarmContext& context, const std::string& unit_id,
                       v1::Stage stage, uint32_t followup) {
  return UnitName(context.units, unit_id) + "的" + StageLabel(stage, followup);
}

// The words of an event's 临期, 超时未报 and 升级 alarms.
class EventAlarmWording final : public AlarmWording {
 public:
  EventAlarmWording(const v1::EventState& event, const v1::EventReport* cause,
                    const AlarmContext& context)
      : event_(event), cause_(cause), context_(context) {}

  std::string DueSoon(const v1::Deadline& owed) const override {
    return "临期：" + Whose(owed) + "应于 " + When(owed.due_at_ms()) +
           " 前报送";
  }
  std::string Overdue(const v1::Deadline& owed) const override {
    return "超时未报：" + Whose(owed) + "应于 " + When(owed.due_at_ms()) +
           " 前报送";
  }
  std::string Escalated(const v1::Alarm& overdue,
                        int64_t now_ms) const override {
    return "升级：" +
           WhoseStage(context_, overdue.unit_id(), overdue.stage(),
                      overdue.followup()) +
           "已超时 " + DurationWords(now_ms - overdue.due_at_ms()) +
           "，仍未报送";
  }
  Clearance NoLongerOwed(const v1::Alarm& alarm) const override {
    if (ClearedBy(alarm)) {
      return {"已收到（第 " + std::to_string(cause_->sequence()) + " 号报告）",
              cause_->sequence()};
    }
    if (event_.closed()) return {"事件已结案"};
    if (alarm.unit_id() != event_.responsible_unit_id()) {
      return {"属地单位已变更，不再由该单位报送"};
    }
    return {"已不再欠报（事件情况有变）"};
  }
  std::string Moved(const v1::Deadline& owed) const override {
    return "期限已调整为 " + When(owed.due_at_ms());
  }

 private:
  std::string Whose(const v1::Deadline& owed) const {
    return WhoseStage(context_, owed.unit_id(), owed.stage(), owed.followup());
  }
  std::string When(int64_t unix_ms) const {
    return LocalTimeWords(unix_ms, context_.policy.zone);
  }
  // Whether the report just filed is the one `alarm` waited for.
  bool ClearedBy(const v1::Alarm& alarm) const {
    return cause_ != nullptr && !cause_->phone_call() &&
           cause_->unit_id() == alarm.unit_id() &&
           cause_->stage() == alarm.stage();
  }

  const v1::EventState& event_;
  const v1::EventReport* cause_;
  const AlarmContext& context_;
};

// When and how the centre learned of the event other than from the
// responsible unit: the earliest such report or call; 0 if it did not.
int64_t KnownFromOthersAt(const v1::EventState& event, std::string* source) {
  const std::string& responsible = event.responsible_unit_id();
  int64_t first = 0;
  for (const v1::EventReport& report : event.reports()) {
    const bool other = report.phone_call()
                           ? report.caller_unit_id() != responsible
                           : report.unit_id() != responsible;
    const int64_t at =
        report.phone_call() && report.called_at_ms() != 0
            ? report.called_at_ms()
            : report.stored_at_ms();
    if (!other || (first != 0 && at >= first)) continue;
    first = at;
    *source = report.phone_call()
                  ? (report.caller_unit_id().empty()
                         ? std::string("外部来电")
                         : report.caller_unit_id())
                  : report.unit_id();
  }
  return first;
}

// CONCEALMENT_SUSPECTED: the centre knew from others, the responsible
// unit's 事 is past due, and it has neither written nor phoned.
bool UpdateConcealment(v1::EventState* event, const v1::EventReport* cause,
                       const AlarmContext& context) {
  const std::string& responsible = event->responsible_unit_id();
  const UnitProgress progress = ProgressOf(*event, responsible);
  const bool told = progress.shi != nullptr || progress.phoned;
  bool changed = false;
  bool open = false;
  for (v1::Alarm& alarm : *event->mutable_alarms()) {
    if (!alarm.open() || alarm.kind() != v1::ALARM_KIND_CONCEALMENT_SUSPECTED) {
      continue;
    }
    if (alarm.unit_id() != responsible) {
      Clear(&alarm, context.now_ms, 0, "属地单位已变更");
      changed = true;
    } else if (told) {
      const v1::EventReport* by = progress.shi;
      Clear(&alarm, context.now_ms,
            by != nullptr && by == cause ? by->sequence() : 0,
            by != nullptr ? "已收到该单位的首报（第 " +
                                std::to_string(by->sequence()) + " 号报告）"
                          : std::string("该单位已电话报告"));
      changed = true;
    } else {
      open = true;
    }
  }
  if (open || told || responsible.empty() || event->closed() ||
      !event->merged_into().empty()) {
    return changed;
  }
  const int64_t shi_within =
      context.policy.For(event->severity()).shi_within_ms;
  if (shi_within <= 0) return changed;
  const int64_t due = OccurrenceBase(*event) + shi_within;
  std::string source;
  const int64_t known = KnownFromOthersAt(*event, &source);
  if (known == 0 || context.now_ms < due) return changed;
  v1::Alarm* alarm = Raise(event, v1::ALARM_KIND_CONCEALMENT_SUSPECTED,
                           responsible, v1::STAGE_SHI, 0, due, context.now_ms);
  const TimeZone& offset = context.policy.zone;
  alarm->set_message(
      "疑似瞒报：中心已于 " + LocalTimeWords(known, offset) + " 从" +
      (source == "外部来电" ? source : UnitName(context.units, source)) +
      "获悉此事，" + UnitName(context.units, responsible) +
      "的首报（事）应于 " + LocalTimeWords(due, offset) + " 前报送，至今未报");
  return true;
}

// ESCALATED for a CONCEALMENT_SUSPECTED alarm still open the grade's
// escalate_concealment_after after it was raised; it clears with it.
bool EscalateConcealment(v1::EventState* event, const AlarmContext& context) {
  const int64_t after =
      context.policy.For(event->severity()).escalate_concealment_after_ms;
  const EscalateAt at = [after](const v1::Alarm& concealed) {
    return after > 0 ? concealed.raised_at_ms() + after : 0;
  };
  const EscalationWords words = [&context](const v1::Alarm& concealed,
                                           int64_t now_ms) {
    return "升级：" + UnitName(context.units, concealed.unit_id()) +
           "疑似瞒报已 " + DurationWords(now_ms - concealed.raised_at_ms()) +
           "，仍未报送首报（事）";
  };
  return EscalateAlarms(LedgerOfEvent(event),
                        v1::ALARM_KIND_CONCEALMENT_SUSPECTED, at,
                        context.now_ms, words);
}

}  // namespace

bool NoteLateArrival(v1::EventState* event,
                     const std::vector<v1::Deadline>& owed_before,
                     const v1::EventReport& entry,
                     const AlarmContext& context) {
  for (const v1::Deadline& deadline : owed_before) {
    if (!Satisfies(entry, deadline)) continue;
    const int64_t late_by = entry.stored_at_ms() - deadline.due_at_ms();
    if (late_by <= 0) return false;
    v1::Alarm* alarm = RaiseAlarm(LedgerOfEvent(event), v1::ALARM_KIND_LATE,
                                  deadline, context.now_ms);
    alarm->set_late_by_ms(late_by);
    alarm->set_report_sequence(entry.sequence());
    alarm->set_message(
        "迟报：" +
        WhoseStage(context, deadline.unit_id(), deadline.stage(),
                   deadline.followup()) +
        "迟了 " +
        DurationWords(late_by) + "（应于 " +
        LocalTimeWords(deadline.due_at_ms(),
                       context.policy.zone) +
        " 前报送）");
    return true;
  }
  return false;
}

bool CheckElements(v1::EventState* event, const v1::Report& report,
                   const v1::EventReport& entry, const AlarmContext& context) {
  if (entry.phone_call()) return false;
  bool changed = false;
  for (v1::Alarm& alarm : *event->mutable_alarms()) {
    if (!alarm.open() || alarm.kind() != v1::ALARM_KIND_MISSING_ELEMENTS ||
        alarm.unit_id() != entry.unit_id()) {
      continue;
    }
    auto* missing = alarm.mutable_missing_elements();
    const int before = missing->size();
    missing->erase(
        std::remove_if(missing->begin(), missing->end(),
                       [&](const std::string& name) {
                         Result<Element> element = ParseElement(name);
                         return element.ok() && HasElement(report, *element);
                       }),
        missing->end());
    if (missing->size() == before) continue;
    changed = true;
    if (missing->empty()) {
      Clear(&alarm, context.now_ms, entry.sequence(),
            "已补报缺少的要素（第 " + std::to_string(entry.sequence()) +
                " 号报告）");
    }
  }
  std::vector<Element> absent;
  for (Element element : context.policy.RequiredFor(entry.stage())) {
    if (!HasElement(report, element)) absent.push_back(element);
  }
  if (absent.empty()) return changed;
  v1::Alarm* alarm =
      Raise(event, v1::ALARM_KIND_MISSING_ELEMENTS, entry.unit_id(),
            entry.stage(), entry.followup(), 0, context.now_ms);
  alarm->set_report_sequence(entry.sequence());
  std::string labels;
  for (Element element : absent) {
    alarm->add_missing_elements(std::string(ElementName(element)));
    if (!labels.empty()) labels += "、";
    labels += ElementLabel(element);
  }
  alarm->set_message("漏报：" +
                     WhoseStage(context, entry.unit_id(), entry.stage(),
                                entry.followup()) +
                     "（第 " + std::to_string(entry.sequence()) +
                     " 号报告）缺少" + labels);
  return true;
}

bool EvaluateClockAlarms(v1::EventState* event, const v1::EventReport* cause,
                         const AlarmContext& context) {
  const EventAlarmWording words(*event, cause, context);
  bool changed = UpdateDeadlineAlarms(LedgerOfEvent(event), event->deadlines(),
                                      context.now_ms, words);
  changed = UpdateConcealment(event, cause, context) || changed;
  changed = EscalateConcealment(event, context) || changed;
  return changed;
}

bool ClearAllAlarms(v1::EventState* event, int64_t now_ms,
                    const std::string& reason) {
  bool changed = false;
  for (v1::Alarm& alarm : *event->mutable_alarms()) {
    if (!alarm.open()) continue;
    Clear(&alarm, now_ms, 0, reason);
    changed = true;
  }
  return changed;
}

}  // namespace xinbao::broker
