// MonitorFilter: what `xinbao watch --kind K --unit U --event E` shows.
// The monitor keeps following the whole feed (so that a gap is still
// seen); the filter only decides what is shown — on the screen and in the
// --json lines. The day's counts on the status line are never filtered.
//
//   kind:  reports of that kind; urgent events and alarms only when the
//          kind is urgent;
//   unit:  reports the unit filed; events it is responsible for or
//          reported in; alarms on it;
//   event: reports filed under, the event and the alarms of, the events
//          whose id begins with it (a trailing "…" is ignored, so an id as
//          the screen cuts it works).
//   text:  (typed after "/" in the monitor) the title, unit (id or name)
//          or event id contains it.
// Every condition given must hold.
//
// Threads: a value type; pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clients/text/event_cells.h"
#include "xinbao/v1/feed.pb.h"

namespace xinbao::client {

struct MonitorFilter {
  std::optional<v1::Kind> kind;
  std::string unit_id;   // empty: any
  std::string event_id;  // empty: any

  // Typed in the monitor ("/"): a report, event or alarm whose title, unit
  // id or event id contains it, or whose unit is one of text_units (the
  // units whose display name contains it: see MatchUnitNames).
  std::string text;      // empty: any
  std::vector<std::string> text_units;

  bool empty() const {
    return !kind && unit_id.empty() && event_id.empty() && text.empty();
  }

  // Sets `text` and text_units from the units of `names` whose id or
  // display name contains it.
  void SetText(std::string typed, const UnitNames& names);
  bool Shows(const v1::ReportSummary& report) const;
  bool Shows(const v1::EventState& event) const;
  bool Shows(const v1::Alarm& alarm) const;
  // Heartbeats and items of kinds this version does not know: true.
  bool Shows(const v1::FeedItem& item) const;

  // `snapshot` with only the events and reports shown (feed_sequence, unit
  // names and time kept).
  v1::Snapshot Filtered(const v1::Snapshot& snapshot) const;

  // "只看 紧急信息 河口镇 事件3f2a9c1e" (units by their names); "" when empty.
  std::string Describe(const UnitNames& names) const;

 private:
  bool ShowsUrgent() const;
  bool ShowsEventId(const std::string& id) const;
  bool ShowsText(const std::string& title, const std::string& unit,
                 const std::string& event) const;
};

}  // namespace xinbao::client
