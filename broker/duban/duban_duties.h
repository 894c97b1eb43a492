// What the units of a 督办 item owe, as DubanState.deadlines: one entry
// per duty (签收, 办结报告 of a round, 签收 of a 催办 notice), each with
// its reminder and escalation instants, computed with the working-day
// calendar when the step that makes it owed is taken.
//
// Threads: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <string_view>

#include "broker/deadlines/work_calendar.h"
#include "broker/duban/duban_policy.h"
#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/duban.pb.h"

namespace xinbao::broker {

struct DutyTerms {
  const DubanPolicy& policy;
  const WorkCalendar& calendar;
  const TimeZone& zone;
};

// Owes `duty` (round or notice number `number`) by `unit`, due `within`
// after from_ms — or at fixed_due_ms when that is not 0 — reminded
// `remind_before` the due time and escalated `escalate_after` it (none: 0).
// Adds it to item->deadlines (earliest first) and sets the unit's due
// fields. Fails with CALENDAR_NOT_COVERED; then nothing changed.
Status Owe(v1::DubanState* item, std::string_view unit, v1::Duty duty,
           uint32_t number, int64_t from_ms, int64_t fixed_due_ms,
           const Span& within, const Span& remind_before,
           const Span& escalate_after, const DutyTerms& terms);

// The unit's answer (round `round`) is owed from from_ms under the item's
// urgency; its fixed deadline is used when `fixed` and the item has one.
Status OweAnswer(v1::DubanState* item, std::string_view unit, uint32_t round,
                 int64_t from_ms, bool fixed, const DutyTerms& terms);
// The unit's 签收 is owed from from_ms.
Status OweSign(v1::DubanState* item, std::string_view unit, int64_t from_ms,
               const DutyTerms& terms);
// The unit's 签收 of 催办 notice `number` is owed from from_ms.
Status OweUrgeSign(v1::DubanState* item, std::string_view unit,
                   uint32_t number, int64_t from_ms, const DutyTerms& terms);

// No longer owed: the unit's `duty` (any number when `number` is 0), or
// everything (Release with an empty unit).
void Release(v1::DubanState* item, std::string_view unit, v1::Duty duty,
             uint32_t number);
void ReleaseAll(v1::DubanState* item);

// The unit's part of the item, or nullptr if it is not assigned.
v1::DubanUnit* UnitOf(v1::DubanState* item, std::string_view unit_id);
const v1::DubanUnit* UnitOf(const v1::DubanState& item,
                            std::string_view unit_id);

}  // namespace xinbao::broker
