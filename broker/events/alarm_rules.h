// The alarm rules of one urgent event (the kinds are in event.proto's
// AlarmKind). Each function changes one EventState in place and says so.
//
//  * On arrival of a report (EventBook::File):
//      NoteLateArrival   迟报  a stage arrived after its deadline
//      CheckElements     漏报  the report lacks elements its stage requires;
//                              a later report of the same unit that supplies
//                              them clears the alarm
//  * On arrival and on every tick of the clock:
//      EvaluateClockAlarms  DUE_SOON (临期, when a grade sets remind_before),
//                           OVERDUE (超时未报), ESCALATED (升级),
//                           CONCEALMENT_SUSPECTED (疑似瞒报): raised when
//                           their time has come, cleared (with the reason
//                           and the report that cleared them) when what
//                           they wait for is no longer owed. The first
//                           three are the deadline-and-alarm engine's
//                           (broker/deadlines/deadline_alarms.h), worded
//                           here; so is the ESCALATED alarm of a 疑似瞒报
//                           still open escalate_concealment_after after
//                           it was raised.
// An alarm is never deleted: a cleared one stays with cleared_at_ms set.
//
// Threads: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <vector>

#include "broker/events/deadline_policy.h"
#include "broker/units/unit_registry.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

struct AlarmContext {
  const DeadlinePolicy& policy;
  const UnitRegistry& units;
  int64_t now_ms;
};

// `entry` (already in event->reports) arrived; `owed_before` is what the
// event owed just before it. Records a LATE alarm if it met a deadline
// that had passed. Returns whether it did.
bool NoteLateArrival(v1::EventState* event,
                     const std::vector<v1::Deadline>& owed_before,
                     const v1::EventReport& entry, const AlarmContext& context);

// `report` (filed as `entry`) is checked against the elements its stage
// requires; open MISSING_ELEMENTS alarms of the same unit lose what it
// supplies. Phone calls are exempt. Returns whether an alarm changed.
bool CheckElements(v1::EventState* event, const v1::Report& report,
                   const v1::EventReport& entry, const AlarmContext& context);

// Brings DUE_SOON, OVERDUE, ESCALATED and CONCEALMENT_SUSPECTED alarms up
// to date
// with event->deadlines() at context.now_ms. `cause` is the report just
// filed, if any: an alarm it satisfies is cleared in its name. Returns
// whether an alarm changed.
bool EvaluateClockAlarms(v1::EventState* event, const v1::EventReport* cause,
                         const AlarmContext& context);

// Clears every open alarm of a closed or merged event with `reason`.
bool ClearAllAlarms(v1::EventState* event, int64_t now_ms,
                    const std::string& reason);

}  // namespace xinbao::broker
