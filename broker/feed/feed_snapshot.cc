#include "broker/feed/feed_snapshot.h"

#include "broker/duban/duban_view.h"

#include <algorithm>
#include <unordered_map>

#include "broker/feed/feed_items.h"
#include "broker/units/unit_names.h"

namespace xinbao::broker {
namespace {

constexpr uint32_t kDefaultLatest = 50;
constexpr uint32_t kMaxLatest = 500;

}  // namespace

Status BuildSnapshot(const storage::ReportStore& store,
                     const UnitRegistry& units,
                     const v1::SnapshotRequest& request, int64_t now_ms,
                     v1::Snapshot* snapshot) {
  const uint32_t latest = request.latest_reports() == 0
                              ? kDefaultLatest
                              : std::min(request.latest_reports(), kMaxLatest);
  storage::FeedSnapshot read;
  XINBAO_RETURN_IF_ERROR(store.ReadFeedSnapshot(latest, &read));
  snapshot->set_feed_sequence(read.feed_sequence);
  snapshot->set_taken_at_ms(now_ms);

  // What the EventBook made of the latest urgent reports, where their
  // event is still open.
  std::unordered_map<uint64_t, v1::EventNote> notes;
  for (const v1::EventState& event : read.open_events) {
    for (const v1::EventReport& filed : event.reports()) {
      v1::EventNote& note = notes[filed.sequence()];
      note.set_event_id(event.event_id());
      note.set_followup(filed.followup());
      *note.mutable_anomalies() = filed.anomalies();
    }
  }
  for (const v1::Report& report : read.latest_reports) {
    auto note = notes.find(report.sequence());
    SummarizeReport(report, note != notes.end() ? &note->second : nullptr,
                    snapshot->add_latest_reports());
  }
  for (v1::EventState& event : read.open_events) {
    *snapshot->add_open_events() = std::move(event);
  }
  for (const v1::DubanState& item : read.open_items) {
    *snapshot->add_open_items() = Redacted(item);
  }
  // Every unit of the registry, not only those the snapshot mentions: feed
  // items carry ids only, so a monitor names the units that appear after
  // its snapshot from this map (a county's registry is a few dozen units).
  for (const Unit& unit : units.units()) {
    AddUnitName(unit.id, units, snapshot->mutable_unit_names());
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
