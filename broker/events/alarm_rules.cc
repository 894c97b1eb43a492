#include "broker/events/alarm_rules.h"

#include <algorithm>
#include <string>

#include "broker/events/event_deadlines.h"
#include "broker/events/event_words.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

v1::Alarm* Raise(v1::EventState* event, v1::AlarmKind kind,
                 const std::string& unit_id, v1::Stage stage,
                 uint32_t followup, int64_t due_at_ms, int64_t now_ms) {
  v1::Alarm* alarm = event->add_alarms();
  event->set_last_alarm_id(event->last_alarm_id() + 1);
  alarm->set_id(event->last_alarm_id());
  alarm->set_kind(kind);
  alarm->set_event_id(event->event_id());
  alarm->set_unit_id(unit_id);
  alarm->set_stage(stage);
  alarm->set_followup(followup);
  alarm->set_due_at_ms(due_at_ms);
  alarm->set_raised_at_ms(now_ms);
  alarm->set_open(kind != v1::ALARM_KIND_LATE);
  return alarm;
}

void Clear(v1::Alarm* alarm, int64_t now_ms, uint64_t by_sequence,
           std::string reason) {
  alarm->set_open(false);
  alarm->set_cleared_at_ms(now_ms);
  alarm->set_cleared_by_sequence(by_sequence);
  alarm->set_cleared_reason(std::move(reason));
}

bool Matches(const v1::Alarm& alarm, const v1::Deadline& deadline) {
  return alarm.unit_id() == deadline.unit_id() &&
         alarm.stage() == deadline.stage() &&
         alarm.followup() == deadline.followup();
}

bool Satisfies(const v1::EventReport& report, const v1::Deadline& deadline) {
  return !report.phone_call() && report.unit_id() == deadline.unit_id() &&
         report.stage() == deadline.stage() &&
         (deadline.stage() != v1::STAGE_QING ||
          report.followup() == deadline.followup());
}

// Whether `cause` is the report an OVERDUE alarm waited for.
bool ClearedBy(const v1::Alarm& alarm, const v1::EventReport* cause) {
  return cause != nullptr && !cause->phone_call() &&
         cause->unit_id() == alarm.unit_id() && cause->stage() == alarm.stage();
}

// Why an OVERDUE alarm whose deadline is no longer owed cleared.
std::string ClearedReason(const v1::EventState& event,
                          const v1::Alarm& alarm,
                          const v1::EventReport* cause) {
  if (ClearedBy(alarm, cause)) {
    return "已收到（第 " + std::to_string(cause->sequence()) + " 号报告）";
  }
  if (event.closed()) return "事件已结案";
  if (alarm.unit_id() != event.responsible_unit_id()) {
    return "属地单位已变更，不再由该单位报送";
  }
  return "已不再欠报（事件情况有变）";
}

const v1::Deadline* Owed(const v1::EventState& event, const v1::Alarm& alarm) {
  for (const v1::Deadline& deadline : event.deadlines()) {
    if (Matches(alarm, deadline)) return &deadline;
  }
  return nullptr;
}

bool HasOpen(const v1::EventState& event, v1::AlarmKind kind,
             const v1::Deadline& deadline) {
  return std::any_of(event.alarms().begin(), event.alarms().end(),
                     [&](const v1::Alarm& alarm) {
                       return alarm.open() && alarm.kind() == kind &&
                              Matches(alarm, deadline);
                     });
}

// OVERDUE: clear what is no longer owed (or no longer past due), raise
// what newly is.
bool UpdateOverdue(v1::EventState* event, const v1::EventReport* cause,
                   const AlarmContext& context) {
  bool changed = false;
  const int64_t now = context.now_ms;
  for (v1::Alarm& alarm : *event->mutable_alarms()) {
    if (!alarm.open() || alarm.kind() != v1::ALARM_KIND_OVERDUE) continue;
    const v1::Deadline* owed = Owed(*event, alarm);
    if (owed == nullptr) {
      Clear(&alarm, now, ClearedBy(alarm, cause) ? cause->sequence() : 0,
            ClearedReason(*event, alarm, cause));
      changed = true;
    } else if (owed->due_at_ms() > now) {
      Clear(&alarm, now, 0,
            "期限已调整为 " +
                LocalTimeWords(owed->due_at_ms(),
                               context.policy.zone));
      changed = true;
    }
  }
  for (const v1::Deadline& deadline : event->deadlines()) {
    if (deadline.due_at_ms() > now) continue;
    if (HasOpen(*event, v1::ALARM_KIND_OVERDUE, deadline)) continue;
    v1::Alarm* alarm =
        Raise(event, v1::ALARM_KIND_OVERDUE, deadline.unit_id(),
              deadline.stage(), deadline.followup(), deadline.due_at_ms(), now);
    alarm->set_message(
        "超时未报：" + UnitName(context.units, deadline.unit_id()) + "的" +
        StageLabel(deadline.stage(), deadline.followup()) + "应于 " +
        LocalTimeWords(deadline.due_at_ms(),
                       context.policy.zone) +
        " 前报送");
    changed = true;
  }
  return changed;
}

// ESCALATED: follows its OVERDUE alarm, open while it is open and
// escalate_after has passed.
bool UpdateEscalations(v1::EventState* event, const AlarmContext& context) {
  bool changed = false;
  const int64_t after =
      context.policy.For(event->severity()).escalate_after_ms;
  std::vector<v1::Alarm> raised;
  for (v1::Alarm& overdue : *event->mutable_alarms()) {
    if (overdue.kind() != v1::ALARM_KIND_OVERDUE) continue;
    v1::Alarm* escalation = nullptr;
    for (v1::Alarm& alarm : *event->mutable_alarms()) {
      if (alarm.kind() == v1::ALARM_KIND_ESCALATED &&
          alarm.escalates_alarm_id() == overdue.id()) {
        escalation = &alarm;
      }
    }
    if (escalation != nullptr) {
      if (escalation->open() && !overdue.open()) {
        Clear(escalation, overdue.cleared_at_ms(),
              overdue.cleared_by_sequence(), overdue.cleared_reason());
        changed = true;
      }
      continue;
    }
    if (!overdue.open() || after <= 0 ||
        context.now_ms < overdue.due_at_ms() + after) {
      continue;
    }
    v1::Alarm& alarm = raised.emplace_back();
    alarm.set_kind(v1::ALARM_KIND_ESCALATED);
    alarm.set_unit_id(overdue.unit_id());
    alarm.set_stage(overdue.stage());
    alarm.set_followup(overdue.followup());
    alarm.set_due_at_ms(overdue.due_at_ms());
    alarm.set_escalates_alarm_id(overdue.id());
    alarm.set_message("升级：" + UnitName(context.units, overdue.unit_id()) +
                      "的" + StageLabel(overdue.stage(), overdue.followup()) +
                      "已超时 " +
                      DurationWords(context.now_ms - overdue.due_at_ms()) +
                      "，仍未报送");
  }
  // Added after the walk: adding while walking would move the alarms.
  for (const v1::Alarm& pending : raised) {
    v1::Alarm* alarm =
        Raise(event, pending.kind(), pending.unit_id(), pending.stage(),
              pending.followup(), pending.due_at_ms(), context.now_ms);
    alarm->set_escalates_alarm_id(pending.escalates_alarm_id());
    alarm->set_message(pending.message());
    changed = true;
  }
  return changed;
}

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

}  // namespace

bool NoteLateArrival(v1::EventState* event,
                     const std::vector<v1::Deadline>& owed_before,
                     const v1::EventReport& entry,
                     const AlarmContext& context) {
  for (const v1::Deadline& deadline : owed_before) {
    if (!Satisfies(entry, deadline)) continue;
    const int64_t late_by = entry.stored_at_ms() - deadline.due_at_ms();
    if (late_by <= 0) return false;
    v1::Alarm* alarm =
        Raise(event, v1::ALARM_KIND_LATE, deadline.unit_id(), deadline.stage(),
              deadline.followup(), deadline.due_at_ms(), context.now_ms);
    alarm->set_late_by_ms(late_by);
    alarm->set_report_sequence(entry.sequence());
    alarm->set_message(
        "迟报：" + UnitName(context.units, deadline.unit_id()) + "的" +
        StageLabel(deadline.stage(), deadline.followup()) + "迟了 " +
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
  alarm->set_message("漏报：" + UnitName(context.units, entry.unit_id()) +
                     "的" + StageLabel(entry.stage(), entry.followup()) +
                     "（第 " + std::to_string(entry.sequence()) +
                     " 号报告）缺少" + labels);
  return true;
}

bool EvaluateClockAlarms(v1::EventState* event, const v1::EventReport* cause,
                         const AlarmContext& context) {
  bool changed = UpdateOverdue(event, cause, context);
  changed = UpdateEscalations(event, context) || changed;
  changed = UpdateConcealment(event, cause, context) || changed;
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
