#include "clients/monitor/monitor_state.h"

#include <algorithm>
#include <limits>

namespace xinbao::client {

int DayCounts::reports(v1::Kind kind) const {
  const auto index = static_cast<std::size_t>(kind);
  return index < reports_by_kind.size() ? reports_by_kind[index] : 0;
}

MonitorState::MonitorState(TimeZone zone, std::size_t report_capacity)
    : zone_(zone), report_capacity_(report_capacity) {}

void MonitorState::Reset(const v1::Snapshot& snapshot) {
  synced_ = true;
  feed_sequence_ = snapshot.feed_sequence();
  MoveDayTo(snapshot.taken_at_ms());
  for (const auto& [id, name] : snapshot.unit_names()) unit_names_[id] = name;
  open_events_.clear();
  open_alarms_.clear();
  for (const v1::EventState& event : snapshot.open_events()) {
    AcceptEvent(event, snapshot.taken_at_ms());
  }
  std::erase_if(ended_, [this](const EndedEvent& ended) {
    return open_events_.contains(ended.event.event_id());
  });
  open_items_.clear();
  for (const v1::DubanState& item : snapshot.open_items()) AcceptItem(item);
  reports_.clear();
  for (const v1::ReportSummary& report : snapshot.latest_reports()) {
    if (reports_.size() < report_capacity_) reports_.push_back(report);
    CountReport(report);
  }
}

MonitorState::Outcome MonitorState::Apply(const v1::FeedItem& item,
                                          int64_t heard_at_ms) {
  last_heard_ms_ = heard_at_ms;
  MoveDayTo(item.at_ms());
  if (!synced_) return Outcome::kGap;
  if (item.has_heartbeat()) {
    return item.heartbeat().feed_sequence() > feed_sequence_
               ? Outcome::kGap
               : Outcome::kApplied;
  }
  if (item.feed_sequence() <= feed_sequence_) return Outcome::kStale;
  if (item.feed_sequence() > feed_sequence_ + 1) return Outcome::kGap;
  feed_sequence_ = item.feed_sequence();
  switch (item.body_case()) {
    case v1::FeedItem::kReport:
      AddReport(item.report());
      break;
    case v1::FeedItem::kEvent:
      AcceptEvent(item.event(), item.at_ms());
      break;
    case v1::FeedItem::kAlarm:
      AcceptAlarm(item.alarm().alarm());
      break;
    case v1::FeedItem::kDuban:
      AcceptItem(item.duban());
      break;
    default:  // a kind of item this version does not know
      break;
  }
  return Outcome::kApplied;
}

void MonitorState::AcceptEvent(const v1::EventState& event, int64_t at_ms) {
  const std::string& id = event.event_id();
  CountEvent(event);
  // The item is the event's whole state: its alarms replace the ones kept.
  open_alarms_.erase(
      open_alarms_.lower_bound({id, 0}),
      open_alarms_.upper_bound({id, std::numeric_limits<uint32_t>::max()}));
  for (const v1::Alarm& alarm : event.alarms()) {
    if (alarm.open()) open_alarms_[{id, alarm.id()}] = alarm;
  }
  std::erase_if(ended_, [&id](const EndedEvent& ended) {
    return ended.event.event_id() == id;
  });
  if (!event.closed() && event.merged_into().empty()) {
    open_events_[id] = event;
    return;
  }
  open_events_.erase(id);
  ended_.push_front(EndedEvent{event, at_ms});
  if (ended_.size() > kEndedKept) ended_.pop_back();
}

void MonitorState::AcceptAlarm(const v1::Alarm& alarm) {
  CountAlarm(alarm);
  const AlarmKey key{alarm.event_id(), alarm.id()};
  if (alarm.open()) {
    open_alarms_[key] = alarm;
  } else {
    open_alarms_.erase(key);
  }
}

void MonitorState::AcceptItem(const v1::DubanState& item) {
  const std::string& id = item.item().item_id();
  if (item.closed()) {
    open_items_.erase(id);
  } else {
    open_items_[id] = item;
  }
}

std::size_t MonitorState::red_items() const {
  return static_cast<std::size_t>(
      std::count_if(open_items_.begin(), open_items_.end(), [](const auto& entry) {
        return entry.second.light() == v1::LIGHT_RED;
      }));
}

void MonitorState::AddReport(const v1::ReportSummary& report) {
  CountReport(report);
  reports_.push_front(report);
  while (reports_.size() > report_capacity_) reports_.pop_back();
}

std::string MonitorState::DayOf(int64_t unix_ms) const {
  return FormatTime(unix_ms, zone_, "%Y-%m-%d");
}

void MonitorState::MoveDayTo(int64_t unix_ms) {
  if (unix_ms <= 0) return;
  std::string day = DayOf(unix_ms);
  if (day <= today_.day) return;  // same day, or an older clock
  today_ = DayCounts{std::move(day)};
  counted_reports_.clear();
  counted_events_.clear();
  counted_alarms_.clear();
}

bool MonitorState::IsToday(int64_t unix_ms) const {
  return unix_ms > 0 && DayOf(unix_ms) == today_.day;
}

void MonitorState::CountReport(const v1::ReportSummary& report) {
  const auto kind = static_cast<std::size_t>(report.kind());
  if (!IsToday(report.stored_at_ms()) ||
      kind >= today_.reports_by_kind.size() ||
      !counted_reports_.insert(report.sequence()).second) {
    return;
  }
  ++today_.reports_by_kind[kind];
}

void MonitorState::CountEvent(const v1::EventState& event) {
  if (IsToday(event.opened_at_ms()) &&
      counted_events_.insert(event.event_id()).second) {
    ++today_.events_opened;
  }
  for (const v1::Alarm& alarm : event.alarms()) CountAlarm(alarm);
}

void MonitorState::CountAlarm(const v1::Alarm& alarm) {
  if (IsToday(alarm.raised_at_ms()) &&
      counted_alarms_.insert({alarm.event_id(), alarm.id()}).second) {
    ++today_.alarms_raised;
  }
}

}  // namespace xinbao::client
