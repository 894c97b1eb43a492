#include "clients/text/event_text.h"

#include <algorithm>
#include <string_view>

#include "clients/text/display_width.h"
#include "clients/text/event_cells.h"
#include "clients/text/event_words.h"
#include "clients/text/text_table.h"

namespace xinbao::client {
namespace {

using Align = TextTable::Align;

constexpr std::string_view kTitleIndent = "  ";

int OpenAlarms(const v1::EventState& event) {
  return static_cast<int>(
      std::count_if(event.alarms().begin(), event.alarms().end(),
                    [](const v1::Alarm& alarm) { return alarm.open(); }));
}

}  // namespace

std::string EventListText(const v1::EventList& list, const ViewClock& clock) {
  if (list.events_size() == 0) return "没有未结事件\n";
  // The title has a line of its own under the figures: beside them it
  // would be cut to a few characters in 80 columns.
  TextTable table({{"事件", Align::kLeft, kEventIdWidth},
                   {"属地", Align::kLeft, kUnitWidth},
                   {"等级"},
                   {"进度"},
                   {"已过"},
                   {"下一时限"},
                   {"告警", Align::kRight}});
  for (const v1::EventState& event : list.events()) {
    table.AddRow({event.event_id(),
                  UnitName(list.unit_names(), event.responsible_unit_id()),
                  SeverityShortName(event.severity()), StageProgress(event),
                  SinceOccurred(event, clock), NextDeadline(event, clock),
                  std::to_string(OpenAlarms(event))});
    table.AddNote(
        std::string(kTitleIndent) +
        TruncateToWidth(event.title(), kLineWidth - kTitleIndent.size()));
  }
  return table.Render(kLineWidth) + "共 " + std::to_string(list.events_size()) +
         " 个事件\n";
}

std::string AlarmListText(const v1::AlarmList& list, const ViewClock& clock) {
  if (list.alarms_size() == 0) return "没有未解除的告警\n";
  std::vector<const v1::Alarm*> alarms;
  for (const v1::Alarm& alarm : list.alarms()) alarms.push_back(&alarm);
  return AlarmTableText(
      alarms, 1, {"事件", Align::kLeft, kEventIdWidth},
      [](const v1::Alarm& alarm) { return alarm.event_id(); },
      list.unit_names(), clock);
}

}  // namespace xinbao::client
