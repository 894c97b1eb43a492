#include "broker/events/event_deadlines.h"

#include <algorithm>

namespace xinbao::broker {
namespace {

// A stage owed by `unit_id` at due_at_ms, with when to warn (the grade's
// remind_before ahead of it) and when to escalate (its escalate_after
// past it); 0 where the grade sets none.
void Owe(std::vector<v1::Deadline>* owed, const GradeDeadlines& grade,
         v1::Stage stage, uint32_t followup, const std::string& unit_id,
         int64_t due_at_ms) {
  v1::Deadline& deadline = owed->emplace_back();
  deadline.set_stage(stage);
  deadline.set_followup(followup);
  deadline.set_unit_id(unit_id);
  deadline.set_due_at_ms(due_at_ms);
  if (grade.remind_before_ms > 0) {
    deadline.set_remind_at_ms(due_at_ms - grade.remind_before_ms);
  }
  if (grade.escalate_after_ms > 0) {
    deadline.set_escalate_at_ms(due_at_ms + grade.escalate_after_ms);
  }
}

bool CorrectsSameStage(const v1::EventState& event,
                       const v1::EventReport& report) {
  if (report.corrects_sequence() == 0) return false;
  for (const v1::EventReport& earlier : event.reports()) {
    if (earlier.sequence() == report.corrects_sequence()) {
      return earlier.stage() == report.stage();
    }
  }
  return false;
}

}  // namespace

UnitProgress ProgressOf(const v1::EventState& event, std::string_view unit_id) {
  UnitProgress progress;
  for (const v1::EventReport& report : event.reports()) {
    if (report.phone_call()) {
      if (!unit_id.empty() && report.caller_unit_id() == unit_id) {
        progress.phoned = true;
      }
      continue;
    }
    if (report.unit_id() != unit_id) continue;
    progress.last_written_at_ms = report.stored_at_ms();
    switch (report.stage()) {
      case v1::STAGE_SHI:
        if (progress.shi == nullptr) progress.shi = &report;
        break;
      case v1::STAGE_QING:
        // A correction of a follow-up is still that follow-up.
        if (CorrectsSameStage(event, report)) break;
        ++progress.qing_count;
        progress.last_qing_at_ms = report.stored_at_ms();
        break;
      case v1::STAGE_YIN:
        if (progress.yin == nullptr) progress.yin = &report;
        progress.last_yin_at_ms = report.stored_at_ms();
        break;
      case v1::STAGE_GUO:
        if (progress.guo == nullptr) progress.guo = &report;
        break;
      default:
        break;
    }
  }
  return progress;
}

const v1::EventReport* FirstWritten(const v1::EventState& event,
                                    v1::Stage stage) {
  for (const v1::EventReport& report : event.reports()) {
    if (!report.phone_call() && report.stage() == stage) return &report;
  }
  return nullptr;
}

int64_t OccurrenceBase(const v1::EventState& event) {
  if (event.occurred_at_ms() != 0) return event.occurred_at_ms();
  if (event.first_known_at_ms() != 0) return event.first_known_at_ms();
  return event.opened_at_ms();
}

int64_t NextFollowup(int64_t last_ms, const FollowupRule& rule,
                     const TimeZone& zone) {
  if (rule.every_ms > 0) return last_ms + rule.every_ms;
  if (rule.at_minutes.empty()) return 0;
  const int64_t earliest = last_ms + rule.min_gap_ms;
  const CivilTime today = zone.CivilOf(earliest);
  // Today's and tomorrow's times of day, in the zone's own calendar (a
  // day with a clock change is not 24 h long).
  for (int day = 0; day < 2; ++day) {
    for (int minute : rule.at_minutes) {
      const int64_t at = zone.UnixMsOf(CivilTime{today.year, today.month,
                                                  today.day + day, minute / 60,
                                                  minute % 60, 0});
      if (at >= earliest) return at;
    }
  }
  return 0;  // unreachable with a non-empty list of minutes in [0, 1440)
}

std::vector<v1::Deadline> OwedDeadlines(const v1::EventState& event,
                                        const DeadlinePolicy& policy) {
  std::vector<v1::Deadline> owed;
  if (event.closed() || !event.merged_into().empty()) return owed;
  const GradeDeadlines& grade = policy.For(event.severity());
  const std::string& unit = event.responsible_unit_id();
  const UnitProgress progress = ProgressOf(event, unit);
  const int64_t base = OccurrenceBase(event);
  const int64_t reopened = event.reopened_at_ms();

  // A 因 since the last reopening ends the 情 cadence, if the policy says so.
  const bool followups_ended = policy.yin_ends_followups &&
                               progress.last_yin_at_ms != 0 &&
                               progress.last_yin_at_ms >= reopened;

  if (progress.shi == nullptr) {
    if (grade.shi_within_ms > 0) {
      Owe(&owed, grade, v1::STAGE_SHI, 0, unit, base + grade.shi_within_ms);
    }
  } else if (followups_ended) {
    // no 情 owed
  } else if (progress.qing_count == 0) {
    if (grade.first_qing_within_ms > 0) {
      const int64_t from = policy.first_qing_from == FirstQingFrom::kShi
                               ? progress.shi->stored_at_ms()
                               : base;
      Owe(&owed, grade, v1::STAGE_QING, 1, unit,
          from + grade.first_qing_within_ms);
    }
  } else {
    const int64_t since = std::max(progress.last_qing_at_ms, reopened);
    const int64_t due = NextFollowup(since, grade.followup, policy.zone);
    if (due > 0) {
      Owe(&owed, grade, v1::STAGE_QING, progress.qing_count + 1, unit, due);
    }
  }
  // The cause may be established by another unit (the emergency
  // department); the outcome is still the responsible unit's to report.
  const v1::EventReport* yin = FirstWritten(event, v1::STAGE_YIN);
  if (grade.guo_within_ms > 0 && (yin != nullptr || reopened != 0)) {
    int64_t from = yin != nullptr ? yin->stored_at_ms() : 0;
    if (policy.guo_from == GuoFrom::kLastStage) {
      from = std::max(from, progress.last_written_at_ms);
    }
    Owe(&owed, grade, v1::STAGE_GUO, 0, unit,
        std::max(from, reopened) + grade.guo_within_ms);
  }
  // Earliest first, ties in the order owed: an insertion sort by swaps,
  // since there are at most two (std::stable_sort takes a buffer from the
  // heap, on every report filed).
  for (std::size_t i = 1; i < owed.size(); ++i) {
    for (std::size_t j = i;
         j > 0 && owed[j].due_at_ms() < owed[j - 1].due_at_ms(); --j) {
      owed[j].Swap(&owed[j - 1]);
    }
  }
  return owed;
}

}  // namespace xinbao::broker
