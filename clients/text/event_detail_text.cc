// EventDetailText (event_text.h): one event in full.
#include <algorithm>
#include <functional>

#include "clients/text/event_cells.h"
#include "clients/text/event_text.h"
#include "clients/text/event_words.h"
#include "clients/text/text_table.h"
#include "proto/names.h"
#include "proto/report_origin.h"

namespace xinbao::client {
namespace {

using Align = TextTable::Align;

constexpr const char* kFullTime = "%Y-%m-%d %H:%M";
constexpr const char* kTableTime = "%m-%d %H:%M";

// The items joined by "、", each as `shown` gives it.
std::string Listed(
    const google::protobuf::RepeatedPtrField<std::string>& items,
    const std::function<std::string(const std::string&)>& shown) {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : "、") + shown(item);
  }
  return text;
}

std::string CasualtiesText(const v1::EventState& event) {
  if (!event.has_casualties()) return "未报";
  const v1::Casualties& c = event.casualties();
  return "死亡 " + std::to_string(c.dead()) + " 受伤 " +
         std::to_string(c.injured()) + " 失踪 " + std::to_string(c.missing());
}

std::string StateText(const v1::EventState& event, const ViewClock& clock) {
  if (!event.merged_into().empty()) return "已并入 " + event.merged_into();
  if (event.closed()) {
    return "已结 " + FormatTime(event.closed_at_ms(), clock.zone, kFullTime);
  }
  if (event.reopened_at_ms() != 0) {
    return "未结（" +
           FormatTime(event.reopened_at_ms(), clock.zone, kFullTime) +
           " 重新打开）";
  }
  return "未结";
}

// "2026-11-22 07:40 接报，书面首报 07:52，相隔 12分".
std::string PhoneText(const v1::EventState& event, const ViewClock& clock) {
  std::string text =
      FormatTime(event.phone_called_at_ms(), clock.zone, kFullTime) + " 接报，";
  if (event.written_shi_at_ms() == 0) return text + "书面首报未到";
  return text + "书面首报 " + ClockTime(event.written_shi_at_ms(), clock) +
         "，相隔 " + DurationWords(event.phone_to_written_ms());
}

std::string Header(const v1::EventState& event, const UnitNames& names,
                   const ViewClock& clock) {
  const auto unit = [&names](const std::string& id) {
    return UnitName(names, id);
  };
  std::string text;
  const auto line = [&text](std::string_view label, const std::string& value) {
    text += std::string(label) + " " + value + "\n";
  };
  line("事件", event.event_id());
  line("标题", event.title());
  if (!event.place().empty()) line("地点", event.place());
  line("属地",
       unit(event.responsible_unit_id()) +
           (event.responsible_named() ? "" : "（首报单位，未指明属地）"));
  line("等级", event.severity() == v1::SEVERITY_UNSPECIFIED
                   ? "未报"
                   : std::string(SeverityName(event.severity())));
  line("伤亡", CasualtiesText(event));
  if (event.occurred_at_ms() != 0) {
    line("发生",
         FormatTime(event.occurred_at_ms(), clock.zone, kFullTime) + "（已过 " +
             DurationWords(clock.now_ms - event.occurred_at_ms()) + "）");
  }
  line("状态", StateText(event, clock));
  if (event.merged_from_size() > 0) {
    line("并入",
         Listed(event.merged_from(), [](const std::string& id) { return id; }));
  }
  if (event.phone_called_at_ms() != 0) line("电话", PhoneText(event, clock));
  if (event.units_size() > 0) line("报送单位", Listed(event.units(), unit));
  for (const v1::Deadline& deadline : event.deadlines()) {
    line("待报", unit(deadline.unit_id()) + " " +
                     DeadlineText(deadline, clock, /*short_label=*/false));
  }
  return text;
}

// "[电话][更正#12] 标题": what is special about the report, then its title.
std::string MarkedTitle(const v1::EventReport& report, const UnitNames& names) {
  std::string marks;
  if (report.phone_call()) {
    marks += report.caller_unit_id().empty()
                 ? "[电话]"
                 : "[电话 " + UnitName(names, report.caller_unit_id()) + "]";
  }
  if (report.corrects_sequence() != 0) {
    marks += "[更正#" + std::to_string(report.corrects_sequence()) + "]";
  }
  if (report.corrected_by_sequence() != 0) {
    marks +=
        "[已被#" + std::to_string(report.corrected_by_sequence()) + "更正]";
  }
  if (!report.filed_event_id().empty()) {
    marks += "[原报 " + report.filed_event_id() + "]";
  }
  return marks.empty() ? report.title() : marks + " " + report.title();
}

std::string Reports(const v1::EventState& event, const UnitNames& names,
                    const ViewClock& clock) {
  TextTable table({{"序号", Align::kRight},
                   {"存储时间"},
                   {"单位", Align::kLeft, kUnitWidth},
                   {"阶段"},
                   {"标题"}});
  table.SetFlexible(4, kMinTitleWidth);
  for (const v1::EventReport& report : event.reports()) {
    table.AddRow({std::to_string(report.sequence()),
                  FormatTime(report.stored_at_ms(), clock.zone, kTableTime),
                  UnitName(names, report.unit_id()),
                  StageLabel(report.stage(), report.followup()),
                  MarkedTitle(report, names)});
    for (const int anomaly : report.anomalies()) {
      table.AddNote("     注意：" +
                    AnomalyText(static_cast<v1::Anomaly>(anomaly)));
    }
  }
  return "\n报告\n" + table.Render(kLineWidth);
}

// At an upper level of the reporting tree: where each forwarded report
// of the event comes from — its township and broker, and the way it came
// ("第 12 号：河口镇（清水县），经 清水县 → 江州市"). Empty when none was
// forwarded.
std::string Origins(const v1::EventDetail& detail) {
  std::string text;
  for (const v1::Report& report : detail.reports()) {
    if (!report.has_forwarded()) continue;
    const v1::Forwarding& way = report.forwarded();
    const std::string unit = OriginUnitName(report);
    const std::string origin = OriginBrokerName(report);
    std::string hops;
    for (int i = 0; i < way.hops_size(); ++i) {
      const std::string name = i < way.hop_names_size() && !way.hop_names(i).empty()
                                   ? way.hop_names(i)
                                   : way.hops(i).broker_id();
      hops += (hops.empty() ? "" : " → ") + name;
    }
    // 越级: taken straight from the unit by this level, or by the first hop.
    const std::string came =
        IsSkipLevel(report)
            ? "越级直报本级"
            : "经 " + hops +
                  (way.hops(0).broker_id() == way.origin_broker() ? "" : "（越级）");
    text += "第 " + std::to_string(report.sequence()) + " 号：" + unit + "（" +
            origin + "），" + came + "\n";
  }
  return text.empty() ? "" : "\n转报来源\n" + text;
}

std::string AlarmState(const v1::Alarm& alarm, const ViewClock& clock) {
  if (alarm.open()) return "未解除";
  if (alarm.kind() == v1::ALARM_KIND_LATE) return "记录";
  return alarm.cleared_at_ms() == 0
             ? "已解除"
             : "已解除 " + ClockTime(alarm.cleared_at_ms(), clock);
}

std::string Alarms(const v1::EventState& event, const UnitNames& names,
                   const ViewClock& clock) {
  if (event.alarms_size() == 0) return "";
  std::vector<const v1::Alarm*> alarms;
  for (const v1::Alarm& alarm : event.alarms()) alarms.push_back(&alarm);
  std::stable_partition(alarms.begin(), alarms.end(),
                        [](const v1::Alarm* alarm) { return alarm->open(); });
  const std::string table = AlarmTableText(
      alarms, 0, {"状态"},
      [&clock](const v1::Alarm& alarm) { return AlarmState(alarm, clock); },
      names, clock);
  return "\n告警\n" + table;
}

std::string Timeline(const v1::EventDetail& detail, const ViewClock& clock) {
  if (detail.timeline_size() == 0) return "";
  std::string text = "\n经过\n";
  for (const v1::TimelineEntry& entry : detail.timeline()) {
    text += FormatTime(entry.at_ms(), clock.zone, kTableTime) + " " +
            entry.text() + "\n";
  }
  return text;
}

}  // namespace

std::string EventDetailText(const v1::EventDetail& detail,
                            const ViewClock& clock) {
  const v1::EventState& event = detail.event();
  const UnitNames& names = detail.unit_names();
  return Header(event, names, clock) + Reports(event, names, clock) +
         Origins(detail) + Alarms(event, names, clock) + Timeline(detail, clock);
}

}  // namespace xinbao::client
