#include "broker/deadlines/deadline_alarms.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace xinbao::broker {
namespace {

using Alarms = google::protobuf::RepeatedPtrField<v1::Alarm>;
using Deadlines = google::protobuf::RepeatedPtrField<v1::Deadline>;

const v1::Deadline* Owed(const Deadlines& owed, const v1::Alarm& alarm) {
  for (const v1::Deadline& deadline : owed) {
    if (AnswersDeadline(alarm, deadline)) return &deadline;
  }
  return nullptr;
}

bool HasOpen(const Alarms& alarms, v1::AlarmKind kind,
             const v1::Deadline& deadline) {
  return std::any_of(alarms.begin(), alarms.end(), [&](const v1::Alarm& alarm) {
    return alarm.open() && alarm.kind() == kind &&
           AnswersDeadline(alarm, deadline);
  });
}

// The escalation of alarm `id`, if it has one.
v1::Alarm* EscalationOf(Alarms* alarms, uint32_t id) {
  v1::Alarm* found = nullptr;
  for (v1::Alarm& alarm : *alarms) {
    if (alarm.kind() == v1::ALARM_KIND_ESCALATED &&
        alarm.escalates_alarm_id() == id) {
      found = &alarm;
    }
  }
  return found;
}

// DUE_SOON and OVERDUE alarms that no longer hold: what they waited for
// is no longer owed, or is no longer near or past.
bool ClearWhatNoLongerHolds(const AlarmLedger& ledger, const Deadlines& owed,
                            int64_t now_ms, const AlarmWording& words) {
  bool changed = false;
  for (v1::Alarm& alarm : *ledger.alarms) {
    const bool due_soon = alarm.kind() == v1::ALARM_KIND_DUE_SOON;
    if (!alarm.open() || (!due_soon && alarm.kind() != v1::ALARM_KIND_OVERDUE)) {
      continue;
    }
    const v1::Deadline* deadline = Owed(owed, alarm);
    if (deadline == nullptr) {
      ClearAlarm(&alarm, now_ms, words.NoLongerOwed(alarm));
    } else if (due_soon && deadline->due_at_ms() <= now_ms) {
      ClearAlarm(&alarm, now_ms, AlarmClearance{"已超期"});
    } else if (due_soon ? deadline->remind_at_ms() == 0 ||
                              deadline->remind_at_ms() > now_ms
                        : deadline->due_at_ms() > now_ms) {
      ClearAlarm(&alarm, now_ms, AlarmClearance{words.Moved(*deadline)});
    } else {
      continue;
    }
    changed = true;
  }
  return changed;
}

}  // namespace

bool AnswersDeadline(const v1::Alarm& alarm, const v1::Deadline& deadline) {
  return alarm.unit_id() == deadline.unit_id() &&
         alarm.stage() == deadline.stage() &&
         alarm.followup() == deadline.followup() &&
         alarm.duty() == deadline.duty();
}

v1::Alarm* RaiseAlarm(const AlarmLedger& ledger, v1::AlarmKind kind,
                      const v1::Deadline& about, int64_t now_ms) {
  v1::Alarm* alarm = ledger.alarms->Add();
  alarm->set_id(ledger.next_id());
  alarm->set_kind(kind);
  alarm->set_event_id(ledger.event_id);
  alarm->set_item_id(ledger.item_id);
  alarm->set_commission_id(ledger.commission_id);
  alarm->set_unit_id(about.unit_id());
  alarm->set_stage(about.stage());
  alarm->set_followup(about.followup());
  alarm->set_duty(about.duty());
  alarm->set_due_at_ms(about.due_at_ms());
  alarm->set_raised_at_ms(now_ms);
  alarm->set_open(kind != v1::ALARM_KIND_LATE);
  return alarm;
}

void ClearAlarm(v1::Alarm* alarm, int64_t now_ms, const AlarmClearance& why) {
  alarm->set_open(false);
  alarm->set_cleared_at_ms(now_ms);
  alarm->set_cleared_by_sequence(why.by_sequence);
  alarm->set_cleared_by_step(why.by_step);
  alarm->set_cleared_reason(why.reason);
}

bool UpdateDeadlineAlarms(const AlarmLedger& ledger, const Deadlines& owed,
                          int64_t now_ms, const AlarmWording& words) {
  bool changed = ClearWhatNoLongerHolds(ledger, owed, now_ms, words);
  for (const v1::Deadline& deadline : owed) {
    v1::AlarmKind kind;
    if (deadline.due_at_ms() <= now_ms) {
      kind = v1::ALARM_KIND_OVERDUE;
    } else if (deadline.remind_at_ms() != 0 &&
               deadline.remind_at_ms() <= now_ms) {
      kind = v1::ALARM_KIND_DUE_SOON;
    } else {
      continue;
    }
    if (HasOpen(*ledger.alarms, kind, deadline)) continue;
    v1::Alarm* alarm = RaiseAlarm(ledger, kind, deadline, now_ms);
    alarm->set_message(kind == v1::ALARM_KIND_OVERDUE
                           ? words.Overdue(deadline)
                           : words.DueSoon(deadline));
    changed = true;
  }
  const EscalateAt escalate_at = [&owed](const v1::Alarm& overdue) {
    const v1::Deadline* deadline = Owed(owed, overdue);
    return deadline != nullptr ? deadline->escalate_at_ms() : 0;
  };
  const EscalationWords escalated = [&words](const v1::Alarm& overdue,
                                             int64_t at_ms) {
    return words.Escalated(overdue, at_ms);
  };
  return EscalateAlarms(ledger, v1::ALARM_KIND_OVERDUE, escalate_at, now_ms,
                        escalated) ||
         changed;
}

bool EscalateAlarms(const AlarmLedger& ledger, v1::AlarmKind kind,
                    const EscalateAt& escalate_at, int64_t now_ms,
                    const EscalationWords& words) {
  bool changed = false;
  struct Pending {
    v1::Deadline about;  // the escalated alarm's unit, stage, … and due
    uint32_t escalates = 0;
    std::string message;
  };
  std::vector<Pending> raised;
  for (const v1::Alarm& alarm : *ledger.alarms) {
    if (alarm.kind() != kind) continue;
    if (v1::Alarm* escalation = EscalationOf(ledger.alarms, alarm.id())) {
      if (escalation->open() && !alarm.open()) {
        ClearAlarm(escalation, alarm.cleared_at_ms(),
                   AlarmClearance{alarm.cleared_reason(),
                                  alarm.cleared_by_sequence(),
                                  alarm.cleared_by_step()});
        changed = true;
      }
      continue;
    }
    if (!alarm.open()) continue;
    const int64_t at = escalate_at(alarm);
    if (at == 0 || now_ms < at) continue;
    Pending& pending = raised.emplace_back();
    pending.about.set_unit_id(alarm.unit_id());
    pending.about.set_stage(alarm.stage());
    pending.about.set_followup(alarm.followup());
    pending.about.set_duty(alarm.duty());
    pending.about.set_due_at_ms(alarm.due_at_ms());
    pending.escalates = alarm.id();
    pending.message = words(alarm, now_ms);
  }
  // Added after the walk: adding while walking would move the alarms.
  for (Pending& pending : raised) {
    v1::Alarm* alarm =
        RaiseAlarm(ledger, v1::ALARM_KIND_ESCALATED, pending.about, now_ms);
    alarm->set_escalates_alarm_id(pending.escalates);
    alarm->set_message(std::move(pending.message));
    changed = true;
  }
  return changed;
}

}  // namespace xinbao::broker
