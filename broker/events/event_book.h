// EventBook: the record of every urgent event (突发事件), kept by the
// committer thread and written in the same atomic batch as the report or
// action that changed it (see storage::EventHook).
//
// For each event it keeps (event.proto's EventState): the responsible unit,
// every report filed with its stage and follow-up number (续报一, 续报二 …
// counted per unit), anomalies, corrections, the latest grade and figures,
// open/closed (the responsible unit's 果 closes it; the central office may
// reopen it), merges, what is owed and by when (DeadlinePolicy), and the
// alarms (alarm_rules.h).
//
// Never loses a report to a rule: a report that does not fit (a 情 for an
// event nobody opened, a 事 after its own 因, anything after 果) is filed
// and flagged with an Anomaly; File() fails only when the store cannot be
// read.
//
// Memory holds the open events (for the clock) and, until Settle(), the
// events changed since the last write; closed ones are read from the store
// when a report names them.
//
// Threads: one thread (the committer) owns an EventBook.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "broker/deadlines/alarm_marks.h"
#include "broker/events/deadline_policy.h"
#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

class EventBook {
 public:
  // Reads an event's stored state; nullopt if the store has none.
  using Loader = std::function<Result<std::optional<v1::EventState>>(
      std::string_view event_id)>;

  // `policy` and `units` must outlive the book.
  EventBook(const DeadlinePolicy& policy, const UnitRegistry& units,
            Loader load);

  // Takes in an open event read from the store (at start, after Forget()).
  // Its deadlines are recomputed under the current policy; if that changes
  // them, the event is marked changed.
  void Adopt(v1::EventState event);

  // Files one stored report (sequence and stored_at_ms set). A report that
  // is not urgent is no business of the book: empty note, no change.
  Result<v1::EventNote> File(const v1::Report& report);

  struct Change {
    bool changed = false;  // false: it was already so
    const v1::EventState* event = nullptr;  // the event after the action
  };
  // Central office actions. REQUIRES: the request was validated (acting
  // unit is an office, ids well formed). Fails with UNKNOWN_EVENT for an
  // event nobody opened, INVALID_FIELD for a merge into itself or a
  // reopening of a merged event.
  Result<Change> Merge(const v1::MergeEventsRequest& request, int64_t now_ms);
  Result<Change> Reopen(const v1::ReopenEventRequest& request, int64_t now_ms);

  // Re-evaluates the clock-driven alarms of every open event at `now_ms`.
  void Tick(int64_t now_ms);

  // The events changed since the last Settle() or Forget(), to be written.
  std::vector<const v1::EventState*> Changed() const;
  // The alarms raised or cleared since then, in the state they are in now
  // (for the live feed), ordered by event and alarm id.
  std::vector<v1::Alarm> AlarmChanges() const;
  // They were written: clear the changed set; drop events that are no
  // longer open from memory.
  void Settle();
  // They were NOT written: drop everything in memory. The caller must
  // Adopt() the open events from the store again.
  void Forget();

  // The events open now, changes not yet written included. Costs the
  // events changed since the last Settle(), not the events open.
  std::size_t open_events() const;
  // Adds the open alarms of the open events to `counts`, by kind.
  void CountOpenAlarms(std::map<v1::AlarmKind, uint64_t>* counts) const;

 private:
  // The event in memory or in the store; nullptr if neither has it.
  Result<v1::EventState*> Find(std::string_view event_id);
  // Follows merged_into links from `event`; `*hops` counts them.
  Result<v1::EventState*> Resolve(v1::EventState* event, int* hops);
  v1::EventState* Open(const v1::Report& report);
  void UpdateFigures(v1::EventState* event, const v1::Report& report);
  void UpdateResponsible(v1::EventState* event, const v1::Report& report);
  // Recomputes what is derived from the reports: the written 事, the
  // phone-to-written gap, the deadlines.
  void Refresh(v1::EventState* event);
  void Touch(v1::EventState* event, int64_t now_ms);
  // Remembers the event's alarms before its first change since the last
  // Settle(), so AlarmChanges() can tell what changed.
  void Mark(const v1::EventState& event);


  const DeadlinePolicy& policy_;
  const UnitRegistry& units_;
  Loader load_;
  std::map<std::string, v1::EventState, std::less<>> events_;
  std::set<std::string, std::less<>> changed_;
  // Events Find() read from the store since the last Settle().
  std::set<std::string, std::less<>> loaded_;
  // Each changed event's alarms before its first change (for the feed).
  AlarmMarks marks_;
};

}  // namespace xinbao::broker
