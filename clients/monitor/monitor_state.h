// MonitorState: what the duty officer's live monitor (`xinbao watch`)
// knows, kept in step with the broker's feed (docs/PROTOCOL.md, "The live
// feed"): start from a Snapshot, then apply each FeedItem after the
// snapshot's feed_sequence, in order. Pure: no sockets, no clock (the
// caller says when an item was heard), so it is tested item by item.
//
// What it keeps:
//   - the open urgent events by id (an EventState item replaces the
//     event); an event that closes (果) or is merged away leaves the open
//     set for ended_events(), the last kEndedKept of them, newest first,
//     which the screen shows for a while;
//   - the open alarms by (event id, alarm id): an AlarmChange with the
//     alarm open adds or replaces it, one not open removes it; an EventState
//     item also sets its event's open alarms to the ones open in it (the
//     item is the event's whole state);
//   - the latest reports, newest first, at most report_capacity;
//   - the open 督办 items by id (Snapshot.open_items, then each DubanState
//     item, which replaces the item whole; a closed one leaves), as the
//     feed carries them: redacted (no instruction, no step texts);
//   - the day's counts (DayCounts);
//   - the units' display names (from every snapshot; never forgotten).
//
// Threads: a value type; use one from one thread at a time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>

#include "clients/text/event_cells.h"
#include "clients/text/local_time.h"
#include "xinbao/v1/feed.pb.h"

namespace xinbao::client {

// How the monitor is linked to the broker, as the status line says it.
enum class LinkState {
  kConnecting,    // no snapshot yet
  kLive,          // following the feed
  kReconnecting,  // the broker fell silent: reopening the sockets
  kSnapshotOnly,  // one snapshot, no feed (`xinbao watch --once`)
};

// The counts of one local day (in the monitor's time zone). Each report,
// event and alarm counts once, on the day its own time falls on (stored,
// opened, raised), whether it came in a feed item or a snapshot: a resync
// adds what the snapshot shows and the feed missed, and never counts twice.
// A snapshot shows only open events and the latest reports, so after a gap
// the counts are a floor.
struct DayCounts {
  std::string day;  // "2026-11-22"; empty until a time was seen
  std::array<int, 6> reports_by_kind{};  // indexed by v1::Kind
  int events_opened = 0;
  int alarms_raised = 0;  // every kind, LATE records included

  int reports(v1::Kind kind) const;
};

// An open alarm's key: (event id, alarm id).
using AlarmKey = std::pair<std::string, uint32_t>;

// An event that left the open set, and when (the feed item's time).
struct EndedEvent {
  v1::EventState event;
  int64_t ended_at_ms = 0;
};

class MonitorState {
 public:
  enum class Outcome {
    kApplied,  // the item was the next one (or a heartbeat in step)
    kStale,    // feed_sequence ≤ the current one: already seen, ignored
    kGap,      // items were lost (or no snapshot yet): nothing applied;
               // the caller must take a new snapshot and Reset
  };

  static constexpr std::size_t kDefaultReportCapacity = 200;
  static constexpr std::size_t kEndedKept = 10;

  // Days are counted in `zone`.
  explicit MonitorState(TimeZone zone,
                        std::size_t report_capacity = kDefaultReportCapacity);

  // Starts over from `snapshot`: its open events, their open alarms, its
  // latest reports and its feed_sequence. Unit names are merged in; the
  // day's counts take in what the snapshot shows (see DayCounts); ended
  // events that the snapshot does not show open are kept.
  void Reset(const v1::Snapshot& snapshot);

  // The zone days are counted and times shown in: the broker's, as the
  // reply with the snapshot named it (FeedFollower sets it).
  const TimeZone& zone() const { return zone_; }
  void set_zone(TimeZone zone) { zone_ = std::move(zone); }

  // Applies the next feed item. A heartbeat changes nothing but reports a
  // gap when its feed_sequence is past the current one (items were
  // dropped before it). Any item, whatever the outcome, records
  // `heard_at_ms` (the caller's clock) as the last time the broker was
  // heard, and moves the day on if the item's at_ms is on a later day.
  // An item of a kind this version does not know advances the sequence.
  [[nodiscard]] Outcome Apply(const v1::FeedItem& item, int64_t heard_at_ms);

  void set_link(LinkState link) { link_ = link; }

  bool synced() const { return synced_; }
  uint64_t feed_sequence() const { return feed_sequence_; }
  LinkState link() const { return link_; }
  int64_t last_heard_ms() const { return last_heard_ms_; }  // 0: never
  const std::map<std::string, v1::EventState>& open_events() const {
    return open_events_;
  }
  const std::deque<EndedEvent>& ended_events() const { return ended_; }
  const std::map<AlarmKey, v1::Alarm>& open_alarms() const {
    return open_alarms_;
  }
  const std::deque<v1::ReportSummary>& latest_reports() const {
    return reports_;
  }
  // Open 督办 items by item id (suspended ones too: they are not closed).
  const std::map<std::string, v1::DubanState>& open_items() const {
    return open_items_;
  }
  // How many open items show a red light (超期), for the status line.
  std::size_t red_items() const;
  const UnitNames& unit_names() const { return unit_names_; }
  const DayCounts& today() const { return today_; }

 private:
  void AcceptEvent(const v1::EventState& event, int64_t at_ms);
  void AcceptAlarm(const v1::Alarm& alarm);
  void AddReport(const v1::ReportSummary& report);
  void AcceptItem(const v1::DubanState& item);

  // The day's counts.
  std::string DayOf(int64_t unix_ms) const;
  void MoveDayTo(int64_t unix_ms);
  bool IsToday(int64_t unix_ms) const;
  void CountReport(const v1::ReportSummary& report);
  void CountEvent(const v1::EventState& event);
  void CountAlarm(const v1::Alarm& alarm);

  TimeZone zone_;
  std::size_t report_capacity_;
  bool synced_ = false;
  uint64_t feed_sequence_ = 0;
  LinkState link_ = LinkState::kConnecting;
  int64_t last_heard_ms_ = 0;
  std::map<std::string, v1::EventState> open_events_;
  std::deque<EndedEvent> ended_;  // newest first
  std::map<AlarmKey, v1::Alarm> open_alarms_;
  std::deque<v1::ReportSummary> reports_;  // newest first
  std::map<std::string, v1::DubanState> open_items_;
  UnitNames unit_names_;
  DayCounts today_;
  // What today_ has counted, so nothing counts twice.
  std::unordered_set<uint64_t> counted_reports_;
  std::set<std::string> counted_events_;
  std::set<AlarmKey> counted_alarms_;
};

}  // namespace xinbao::client
