#include "clients/text/event_words.h"

#include <string_view>

#include "proto/names.h"

namespace xinbao::client {
namespace {

template <class E>
struct WordRow {
  E value;
  std::string_view text;
};

constexpr WordRow<v1::Anomaly> kAnomalies[] = {
    {v1::ANOMALY_EVENT_NOT_OPENED,
     "该事件还没有首报（事），本报告已登记，请尽快补报首报"},
    {v1::ANOMALY_SHI_AFTER_LATER_STAGE,
     "本单位的续报、原因或终报写在首报（事）之前，首报写得晚了"},
    {v1::ANOMALY_REPEATED_SHI,
     "本单位已报过该事件的首报（事），这是第二份首报；新情况请按续报（情）报"
     "送"},
    {v1::ANOMALY_AFTER_CLOSE, "该事件已终报，本报告已登记但属于结案后来报"},
    {v1::ANOMALY_MERGED_EVENT,
     "所报事件已并入另一事件，本报告已登记在合并后的事件下"},
    {v1::ANOMALY_CORRECTION_TARGET_UNKNOWN,
     "要更正的报告在本单位该事件的报告中找不到，本报告已登记，但没有更正任何报"
     "告"},
    {v1::ANOMALY_GUO_BEFORE_YIN, "本单位还没有报原因（因）就报了终报（果）"},
};

constexpr WordRow<v1::AlarmKind> kAlarmKinds[] = {
    {v1::ALARM_KIND_OVERDUE, "超时未报"},
    {v1::ALARM_KIND_LATE, "迟报"},
    {v1::ALARM_KIND_MISSING_ELEMENTS, "漏报"},
    {v1::ALARM_KIND_CONCEALMENT_SUSPECTED, "疑似瞒报"},
    {v1::ALARM_KIND_ESCALATED, "升级"},
    {v1::ALARM_KIND_DUE_SOON, "临期"},
};

template <class E, std::size_t N>
std::string Lookup(const WordRow<E> (&table)[N], E value,
                   std::string_view unknown) {
  for (const auto& row : table) {
    if (row.value == value) return std::string(row.text);
  }
  return std::string(unknown) + "（编号 " +
         std::to_string(static_cast<int>(value)) + "）";
}

}  // namespace

std::string AnomalyText(v1::Anomaly anomaly) {
  return Lookup(kAnomalies, anomaly, "情况异常");
}

std::string EventNoteText(const v1::EventNote& note, v1::Stage stage) {
  if (note.event_id().empty()) return "";
  std::string text =
      "事件 " + note.event_id() + " " + StageLabel(stage, note.followup());
  const char* separator = " 注意：";
  for (const int anomaly : note.anomalies()) {
    text += separator + AnomalyText(static_cast<v1::Anomaly>(anomaly));
    separator = "；";
  }
  return text;
}

std::string AlarmKindName(v1::AlarmKind kind) {
  return Lookup(kAlarmKinds, kind, "告警");
}

std::string StageShortLabel(v1::Stage stage, uint32_t followup) {
  if (stage == v1::STAGE_QING && followup > 0) {
    return FollowupName(followup);
  }
  return std::string(StageName(stage));
}

std::string SeverityShortName(v1::Severity severity) {
  if (severity == v1::SEVERITY_UNSPECIFIED) return "-";
  const std::string_view name = SeverityName(severity);
  return std::string(name.substr(0, name.find('(')));  // "Ⅲ级(较大)" → "Ⅲ级"
}

}  // namespace xinbao::client
