// BuildTimeline: one urgent event's history as plain-Chinese lines for the
// duty officer, in time order.
//
// Threads: a pure function; safe from any thread.
#pragma once

#include <vector>

#include "broker/units/unit_registry.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// The lines of `event`'s history, ordered by time; lines with the same time
// keep this order: reports (in stored order), the closing, alarms (each
// raised, then cleared), central-office actions. One line each for:
//  * a written report:  "河口镇 续报二（情）", with notes for anomalies and
//    corrections appended ("（更正第 12 号报告）"); at its stored time;
//  * a phone call:      "值班员电话登记：河口镇来电 首报（事）", or
//    "值班员电话登记：(外部来电) …" for a caller outside the registry; at
//    the time of the call (its stored time if that is not known);
//  * an alarm raised (its message) and cleared (its cleared_reason);
//  * a merge in or out and a reopening, with the office, officer, reason;
//  * the closing, if the event was closed.
// Unit names come from `units`, falling back to the id. Never fails: fields
// that are missing or odd only make a line plainer.
std::vector<v1::TimelineEntry> BuildTimeline(const v1::EventState& event,
                                             const UnitRegistry& units);

}  // namespace xinbao::broker
