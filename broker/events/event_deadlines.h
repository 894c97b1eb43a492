// What an urgent event owes, and by when, under a DeadlinePolicy.
//
// Pure functions of an EventState: the EventBook stores their result in
// EventState.deadlines after every change, so a restarted broker (and a
// query) sees the same deadlines without recomputing.
//
// Obligations fall on the event's responsible unit (属地单位) and count only
// its written reports; a phone call logged by the duty officer does not
// stand in for a written stage. See docs/EVENTS.md.
//
// Threads: pure; safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "broker/events/deadline_policy.h"
#include "xinbao/v1/event.pb.h"

namespace xinbao::broker {

// One unit's written stages within an event.
struct UnitProgress {
  const v1::EventReport* shi = nullptr;    // its first written 事
  const v1::EventReport* yin = nullptr;    // its first 因
  const v1::EventReport* guo = nullptr;    // its first 果
  uint32_t qing_count = 0;  // its 情 so far (corrections not counted)
  int64_t last_qing_at_ms = 0;             // stored time of its latest 情
  int64_t last_yin_at_ms = 0;              // … of its latest 因
  int64_t last_written_at_ms = 0;  // … of its latest written report, any
                                   // stage, corrections included
  bool phoned = false;  // the duty officer logged a call from it
};
UnitProgress ProgressOf(const v1::EventState& event, std::string_view unit_id);

// The time deadlines of "from occurrence" are measured from: the
// occurrence time if known, else when the centre first learned of it.
int64_t OccurrenceBase(const v1::EventState& event);

// The event's first written report at `stage` from any unit, or nullptr.
const v1::EventReport* FirstWritten(const v1::EventState& event,
                                    v1::Stage stage);

// What the responsible unit owes now, earliest first, each deadline with
// its reminder and escalation instants (the grade's remind_before and
// escalate_after; 0 where it sets none). Nothing for a closed or merged
// event.
std::vector<v1::Deadline> OwedDeadlines(const v1::EventState& event,
                                        const DeadlinePolicy& policy);

// When the follow-up after one made at `last_ms` is due under `rule`
// (0 if the rule sets none). Times of day are local times in `zone`.
int64_t NextFollowup(int64_t last_ms, const FollowupRule& rule,
                     const TimeZone& zone);

}  // namespace xinbao::broker
