#include "broker/events/event_timeline.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "broker/events/event_words.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

std::string_view AnomalyNote(v1::Anomaly anomaly) {
  switch (anomaly) {
    case v1::ANOMALY_EVENT_NOT_OPENED:
      return "（本事件此前没有首报）";
    case v1::ANOMALY_SHI_AFTER_LATER_STAGE:
      return "（首报晚于本单位的后续报告）";
    case v1::ANOMALY_REPEATED_SHI:
      return "（本单位重复首报）";
    case v1::ANOMALY_AFTER_CLOSE:
      return "（事件结束后收到）";
    case v1::ANOMALY_CORRECTION_TARGET_UNKNOWN:
      return "（要更正的报告在本事件中找不到）";
    case v1::ANOMALY_GUO_BEFORE_YIN:
      return "（终报早于本单位的原因报告）";
    case v1::ANOMALY_MERGED_EVENT:  // told with the event id, if known
      return "（所报事件已并入本事件）";
    default:
      return {};  // from a newer broker: nothing to say
  }
}

std::string_view AlarmKindWords(v1::AlarmKind kind) {
  switch (kind) {
    case v1::ALARM_KIND_OVERDUE:
      return "超时未报";
    case v1::ALARM_KIND_LATE:
      return "迟报";
    case v1::ALARM_KIND_MISSING_ELEMENTS:
      return "漏报";
    case v1::ALARM_KIND_CONCEALMENT_SUSPECTED:
      return "疑似瞒报";
    case v1::ALARM_KIND_ESCALATED:
      return "升级";
    case v1::ALARM_KIND_DUE_SOON:
      return "临期";
    default:
      return "告警";
  }
}

std::string SequenceWords(uint64_t sequence) {
  return "第 " + std::to_string(sequence) + " 号报告";
}

std::string ReportText(const v1::EventReport& report,
                       const UnitRegistry& units) {
  std::string text;
  if (report.phone_call()) {
    // The follow-up number of a logged call counts the office's entries,
    // not the caller's reports: leave it out.
    text = "值班员电话登记：" +
           (report.caller_unit_id().empty()
                ? std::string("(外部来电)")
                : UnitName(units, report.caller_unit_id()) + "来电") +
           " " + StageLabel(report.stage(), 0);
  } else {
    text = UnitName(units, report.unit_id()) + " " +
           StageLabel(report.stage(), report.followup());
  }
  // A report that named another event: moved here by a merge, or sent
  // after one (then also flagged ANOMALY_MERGED_EVENT).
  if (!report.filed_event_id().empty()) {
    text += "（所报事件 " + report.filed_event_id() + " 已并入本事件）";
  }
  for (int anomaly : report.anomalies()) {
    if (anomaly == v1::ANOMALY_MERGED_EVENT &&
        !report.filed_event_id().empty()) {
      continue;
    }
    text += AnomalyNote(static_cast<v1::Anomaly>(anomaly));
  }
  if (report.casualty_followup()) text += "（伤亡人数补报）";
  if (report.corrects_sequence() != 0) {
    text += "（更正" + SequenceWords(report.corrects_sequence()) + "）";
  }
  if (report.corrected_by_sequence() != 0) {
    text += "（已被" + SequenceWords(report.corrected_by_sequence()) + "更正）";
  }
  return text;
}

std::string ActionText(const v1::EventAction& action,
                       const UnitRegistry& units) {
  std::string text;
  switch (action.kind()) {
    case v1::EventAction::KIND_MERGED_IN:
      text = "事件 " + action.other_event_id() + " 并入本事件";
      break;
    case v1::EventAction::KIND_MERGED_INTO:
      text = "本事件并入事件 " + action.other_event_id();
      break;
    case v1::EventAction::KIND_REOPENED:
      text = "事件重新开启";
      break;
    default:
      text = "中心处理";
      break;
  }
  std::string who = action.unit_id().empty()
                        ? std::string()
                        : UnitName(units, action.unit_id());
  if (!action.officer().empty()) {
    who += (who.empty() ? "" : " ") + action.officer();
  }
  if (!who.empty()) text += "（经办：" + who + "）";
  if (!action.reason().empty()) text += "（理由：" + action.reason() + "）";
  return text;
}

v1::TimelineEntry Entry(int64_t at_ms, std::string text) {
  v1::TimelineEntry entry;
  entry.set_at_ms(at_ms);
  entry.set_text(std::move(text));
  return entry;
}

}  // namespace

std::vector<v1::TimelineEntry> BuildTimeline(const v1::EventState& event,
                                             const UnitRegistry& units) {
  std::vector<v1::TimelineEntry> lines;
  for (const v1::EventReport& report : event.reports()) {
    const int64_t at = report.phone_call() && report.called_at_ms() != 0
                           ? report.called_at_ms()
                           : report.stored_at_ms();
    lines.push_back(Entry(at, ReportText(report, units)));
    lines.back().set_sequence(report.sequence());
  }
  if (event.closed_at_ms() != 0) {
    lines.push_back(Entry(event.closed_at_ms(), "事件结束"));
  }
  for (const v1::Alarm& alarm : event.alarms()) {
    lines.push_back(Entry(alarm.raised_at_ms(),
                          alarm.message().empty()
                              ? std::string(AlarmKindWords(alarm.kind()))
                              : alarm.message()));
    lines.back().set_alarm_id(alarm.id());
    if (alarm.open() || alarm.cleared_at_ms() == 0) continue;
    std::string text =
        "告警解除（" + std::string(AlarmKindWords(alarm.kind())) + "）";
    if (!alarm.cleared_reason().empty()) text += "：" + alarm.cleared_reason();
    lines.push_back(Entry(alarm.cleared_at_ms(), std::move(text)));
    lines.back().set_alarm_id(alarm.id());
    lines.back().set_sequence(alarm.cleared_by_sequence());
  }
  for (const v1::EventAction& action : event.actions()) {
    lines.push_back(Entry(action.at_ms(), ActionText(action, units)));
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const v1::TimelineEntry& a, const v1::TimelineEntry& b) {
                     return a.at_ms() < b.at_ms();
                   });
  return lines;
}

}  // namespace xinbao::broker
