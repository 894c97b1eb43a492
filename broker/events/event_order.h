// The orders in which the query socket lists events and alarms, shared by
// the live questions (query_server.cc) and the as-of ones.
//
// Threads: pure functions.
#pragma once

#include "xinbao/v1/event.pb.h"

namespace xinbao::broker {

// Most recently opened first; the event id breaks ties.
inline bool OpenedLater(const v1::EventState& a, const v1::EventState& b) {
  if (a.opened_at_ms() != b.opened_at_ms()) {
    return a.opened_at_ms() > b.opened_at_ms();
  }
  return a.event_id() < b.event_id();
}

// Open first, then by raised time; event and alarm id break ties.
inline bool AlarmBefore(const v1::Alarm& a, const v1::Alarm& b) {
  if (a.open() != b.open()) return a.open();
  if (a.raised_at_ms() != b.raised_at_ms()) {
    return a.raised_at_ms() < b.raised_at_ms();
  }
  if (a.event_id() != b.event_id()) return a.event_id() < b.event_id();
  return a.id() < b.id();
}

}  // namespace xinbao::broker
