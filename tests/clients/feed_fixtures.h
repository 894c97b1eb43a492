// Builders for live-feed tests: snapshots, feed items, events, alarms and
// report summaries, with times on 2026-11-22 in Beijing (UTC+8).
#pragma once

#include <cstdint>
#include <string>

#include "xinbao/v1/feed.pb.h"

namespace xinbao::testing {

// 2026-11-22 10:00 in Beijing.
inline constexpr int64_t kNow = 1795312800000;
inline constexpr int64_t kMinute = 60'000;
inline constexpr int kBeijing = 8 * 60;

// Today (2026-11-22) at hh:mm Beijing time.
inline int64_t At(int hour, int minute) {
  return kNow + ((hour - 10) * 60 + minute) * kMinute;
}

inline v1::ReportSummary Report(uint64_t sequence, v1::Kind kind,
                                const std::string& unit,
                                const std::string& title, int64_t stored_at) {
  v1::ReportSummary report;
  report.set_sequence(sequence);
  report.set_kind(kind);
  report.set_unit_id(unit);
  report.set_title(title);
  report.set_stored_at_ms(stored_at);
  return report;
}

inline v1::Alarm Alarm(const std::string& event_id, uint32_t id,
                       v1::AlarmKind kind, const std::string& unit,
                       v1::Stage stage, int64_t due_at, bool open) {
  v1::Alarm alarm;
  alarm.set_event_id(event_id);
  alarm.set_id(id);
  alarm.set_kind(kind);
  alarm.set_unit_id(unit);
  alarm.set_stage(stage);
  alarm.set_due_at_ms(due_at);
  alarm.set_raised_at_ms(due_at);
  alarm.set_open(open);
  return alarm;
}

inline v1::EventState Event(const std::string& id, const std::string& unit,
                            const std::string& title, int64_t opened_at) {
  v1::EventState event;
  event.set_event_id(id);
  event.set_responsible_unit_id(unit);
  event.set_title(title);
  event.set_opened_at_ms(opened_at);
  event.set_occurred_at_ms(opened_at);
  event.add_units(unit);
  return event;
}

inline void AddStage(v1::EventState* event, v1::Stage stage,
                     uint32_t followup = 0) {
  v1::EventReport* report = event->add_reports();
  report->set_stage(stage);
  report->set_followup(followup);
  report->set_unit_id(event->responsible_unit_id());
}

inline void AddDeadline(v1::EventState* event, v1::Stage stage,
                        uint32_t followup, int64_t due_at) {
  v1::Deadline* deadline = event->add_deadlines();
  deadline->set_stage(stage);
  deadline->set_followup(followup);
  deadline->set_unit_id(event->responsible_unit_id());
  deadline->set_due_at_ms(due_at);
}

inline v1::FeedItem Item(uint64_t sequence, int64_t at) {
  v1::FeedItem item;
  item.set_feed_sequence(sequence);
  item.set_at_ms(at);
  return item;
}

inline v1::FeedItem ReportItem(uint64_t sequence, v1::ReportSummary report) {
  v1::FeedItem item = Item(sequence, report.stored_at_ms());
  *item.mutable_report() = std::move(report);
  return item;
}

inline v1::FeedItem EventItem(uint64_t sequence, v1::EventState event,
                              int64_t at) {
  v1::FeedItem item = Item(sequence, at);
  *item.mutable_event() = std::move(event);
  return item;
}

inline v1::FeedItem AlarmItem(uint64_t sequence, v1::Alarm alarm, int64_t at) {
  v1::FeedItem item = Item(sequence, at);
  *item.mutable_alarm()->mutable_alarm() = std::move(alarm);
  return item;
}

inline v1::FeedItem Heartbeat(uint64_t last, int64_t at) {
  v1::FeedItem item = Item(0, at);
  item.mutable_heartbeat()->set_feed_sequence(last);
  return item;
}

inline v1::Snapshot Snapshot(uint64_t sequence, int64_t taken_at) {
  v1::Snapshot snapshot;
  snapshot.set_feed_sequence(sequence);
  snapshot.set_taken_at_ms(taken_at);
  return snapshot;
}

}  // namespace xinbao::testing
