#include "clients/monitor/monitor_filter.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "proto/names.h"

namespace xinbao::client {
namespace {

constexpr std::string_view kEllipsis = "…";

}  // namespace

bool MonitorFilter::ShowsUrgent() const {
  return !kind || *kind == v1::KIND_URGENT;
}

bool MonitorFilter::ShowsEventId(const std::string& id) const {
  std::string_view prefix = event_id;
  if (prefix.ends_with(kEllipsis)) prefix.remove_suffix(kEllipsis.size());
  return std::string_view(id).starts_with(prefix);
}

void MonitorFilter::SetText(std::string typed, const UnitNames& names) {
  text = std::move(typed);
  text_units.clear();
  if (text.empty()) return;
  for (const auto& [id, name] : names) {
    if (id.find(text) != std::string::npos ||
        name.find(text) != std::string::npos) {
      text_units.push_back(id);
    }
  }
}

bool MonitorFilter::ShowsText(const std::string& title,
                              const std::string& unit,
                              const std::string& event) const {
  return text.empty() || title.find(text) != std::string::npos ||
         unit.find(text) != std::string::npos ||
         event.find(text) != std::string::npos ||
         std::find(text_units.begin(), text_units.end(), unit) !=
             text_units.end();
}

bool MonitorFilter::Shows(const v1::ReportSummary& report) const {
  return ShowsText(report.title(), report.unit_id(), report.event_id()) &&
         (!kind || report.kind() == *kind) &&
         (unit_id.empty() || report.unit_id() == unit_id) &&
         (event_id.empty() ||
          (!report.event_id().empty() && ShowsEventId(report.event_id())));
}

bool MonitorFilter::Shows(const v1::EventState& event) const {
  const auto& units = event.units();
  const bool text_shown =
      ShowsText(event.title(), event.responsible_unit_id(), event.event_id()) ||
      std::any_of(units.begin(), units.end(), [this](const std::string& unit) {
        return ShowsText("", unit, "");
      });
  return text_shown && ShowsUrgent() &&
         (unit_id.empty() || event.responsible_unit_id() == unit_id ||
          std::find(units.begin(), units.end(), unit_id) != units.end()) &&
         ShowsEventId(event.event_id());
}

bool MonitorFilter::Shows(const v1::Alarm& alarm) const {
  return ShowsText(alarm.message(), alarm.unit_id(), alarm.event_id()) &&
         ShowsUrgent() && (unit_id.empty() || alarm.unit_id() == unit_id) &&
         ShowsEventId(alarm.event_id());
}

bool MonitorFilter::Shows(const v1::FeedItem& item) const {
  switch (item.body_case()) {
    case v1::FeedItem::kReport:
      return Shows(item.report());
    case v1::FeedItem::kEvent:
      return Shows(item.event());
    case v1::FeedItem::kAlarm:
      return Shows(item.alarm().alarm());
    default:
      return true;
  }
}

v1::Snapshot MonitorFilter::Filtered(const v1::Snapshot& snapshot) const {
  v1::Snapshot shown = snapshot;
  shown.clear_open_events();
  shown.clear_latest_reports();
  for (const v1::EventState& event : snapshot.open_events()) {
    if (Shows(event)) *shown.add_open_events() = event;
  }
  for (const v1::ReportSummary& report : snapshot.latest_reports()) {
    if (Shows(report)) *shown.add_latest_reports() = report;
  }
  return shown;
}

std::string MonitorFilter::Describe(const UnitNames& names) const {
  if (empty()) return "";
  std::string text = "只看";
  if (kind) text += " " + std::string(KindName(*kind));
  if (!unit_id.empty()) text += " " + UnitName(names, unit_id);
  if (!event_id.empty()) text += " 事件" + event_id;
  if (!this->text.empty()) text += " “" + this->text + "”";
  return text;
}

}  // namespace xinbao::client
