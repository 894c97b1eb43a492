#include "clients/text/event_cells.h"

#include <algorithm>
#include <utility>

#include "clients/text/event_words.h"
#include "proto/names.h"

namespace xinbao::client {

const std::string& UnitName(const UnitNames& names, const std::string& id) {
  const auto found = names.find(id);
  return found == names.end() || found->second.empty() ? id : found->second;
}

std::string ClockTime(int64_t unix_ms, const ViewClock& clock) {
  if (unix_ms == 0) return "-";
  const bool today = FormatTime(unix_ms, clock.zone, "%Y-%m-%d") ==
                     FormatTime(clock.now_ms, clock.zone, "%Y-%m-%d");
  return FormatTime(unix_ms, clock.zone, today ? "%H:%M" : "%m-%d %H:%M");
}

std::string DeadlineText(const v1::Deadline& deadline, const ViewClock& clock,
                         bool short_label) {
  const std::string label =
      short_label ? StageShortLabel(deadline.stage(), deadline.followup())
                  : StageLabel(deadline.stage(), deadline.followup());
  if (deadline.due_at_ms() > clock.now_ms) {
    return label + " " + ClockTime(deadline.due_at_ms(), clock) + " 到期";
  }
  return label + " 超时 " + DurationWords(clock.now_ms - deadline.due_at_ms());
}

std::string StageProgress(const v1::EventState& event) {
  // Per stage: written reports received (for 情, follow-ups; a correction
  // is not another one), and whether a phone log was taken.
  struct Received {
    int written = 0;
    bool phoned = false;
  };
  Received shi, qing, yin, guo;
  for (const v1::EventReport& report : event.reports()) {
    Received* stage = nullptr;
    switch (report.stage()) {
      case v1::STAGE_SHI:
        stage = &shi;
        break;
      case v1::STAGE_QING:
        stage = &qing;
        break;
      case v1::STAGE_YIN:
        stage = &yin;
        break;
      case v1::STAGE_GUO:
        stage = &guo;
        break;
      default:
        continue;
    }
    if (report.phone_call()) {
      stage->phoned = true;
    } else if (report.corrects_sequence() == 0 || stage != &qing) {
      ++stage->written;
    }
  }
  const auto mark = [](const Received& stage, bool count) -> std::string {
    if (stage.written > 0) return count ? std::to_string(stage.written) : "✓";
    return stage.phoned ? "☎" : "·";
  };
  return "事" + mark(shi, false) + " 情" + mark(qing, true) + " 因" +
         mark(yin, false) + " 果" + mark(guo, false);
}

std::string SinceOccurred(const v1::EventState& event, const ViewClock& clock) {
  for (const int64_t at : {event.occurred_at_ms(), event.first_known_at_ms(),
                           event.opened_at_ms()}) {
    if (at != 0) return DurationWords(clock.now_ms - at);
  }
  return "-";
}

std::string NextDeadline(const v1::EventState& event, const ViewClock& clock) {
  if (event.deadlines_size() == 0) return "-";
  return DeadlineText(event.deadlines(0), clock, /*short_label=*/true);
}

std::string AlarmMatter(const v1::Alarm& alarm, const ViewClock& clock) {
  if (alarm.kind() == v1::ALARM_KIND_MISSING_ELEMENTS &&
      alarm.missing_elements_size() > 0) {
    std::string matter = "缺";
    const char* separator = " ";
    for (const std::string& element : alarm.missing_elements()) {
      matter += separator;
      matter += ElementLabel(element);
      separator = "、";
    }
    return matter;
  }
  if (alarm.kind() == v1::ALARM_KIND_LATE) {
    return "迟 " + DurationWords(alarm.late_by_ms());
  }
  if (alarm.open() && alarm.due_at_ms() > 0) {
    return alarm.due_at_ms() <= clock.now_ms
               ? "超时 " + DurationWords(clock.now_ms - alarm.due_at_ms())
               : "未到期";
  }
  if (!alarm.open() && !alarm.cleared_reason().empty()) {
    return alarm.cleared_reason();
  }
  return "-";
}

namespace {

std::vector<TextTable::Column> AlarmColumns() {
  return {{"告警"},
          {"单位", TextTable::Align::kLeft, kUnitWidth},
          {"阶段"},
          {"时限"},
          {"情况"}};
}

std::vector<std::string> AlarmCells(const v1::Alarm& alarm,
                                    const UnitNames& names,
                                    const ViewClock& clock) {
  return {AlarmKindName(alarm.kind()), UnitName(names, alarm.unit_id()),
          StageLabel(alarm.stage(), alarm.followup()),
          ClockTime(alarm.due_at_ms(), clock), AlarmMatter(alarm, clock)};
}

}  // namespace

std::string AlarmTableText(
    const std::vector<const v1::Alarm*>& alarms, std::size_t position,
    TextTable::Column extra,
    const std::function<std::string(const v1::Alarm&)>& extra_cell,
    const UnitNames& names, const ViewClock& clock) {
  std::vector<TextTable::Column> columns = AlarmColumns();
  position = std::min(position, columns.size());
  columns.insert(columns.begin() + static_cast<std::ptrdiff_t>(position),
                 std::move(extra));
  const std::size_t last = columns.size() - 1;
  TextTable table(std::move(columns));
  table.SetFlexible(last, kMinTitleWidth);
  for (const v1::Alarm* alarm : alarms) {
    std::vector<std::string> cells = AlarmCells(*alarm, names, clock);
    cells.insert(cells.begin() + static_cast<std::ptrdiff_t>(position),
                 extra_cell(*alarm));
    table.AddRow(std::move(cells));
  }
  return table.Render(kLineWidth);
}

}  // namespace xinbao::client
