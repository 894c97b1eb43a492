#include "clients/text/duban_text.h"

#include <algorithm>

#include "clients/text/event_words.h"
#include "clients/text/text_table.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

using Align = TextTable::Align;

std::string UnitNameOf(const google::protobuf::Map<std::string, std::string>& names,
                       const std::string& unit_id) {
  auto it = names.find(unit_id);
  return it != names.end() ? it->second : unit_id;
}

const v1::Deadline* EarliestOwed(const v1::DubanState& item,
                                 const std::string& unit_id) {
  const v1::Deadline* earliest = nullptr;
  for (const v1::Deadline& owed : item.deadlines()) {
    if (owed.unit_id() != unit_id) continue;
    if (earliest == nullptr || owed.due_at_ms() < earliest->due_at_ms()) {
      earliest = &owed;
    }
  }
  return earliest;
}

}  // namespace

std::string LightMark(v1::Light light) {
  switch (light) {
    case v1::LIGHT_RED:
      return "●红";
    case v1::LIGHT_YELLOW:
      return "◐黄";
    case v1::LIGHT_GREEN:
      return "○绿";
    default:
      return "";
  }
}

std::string DueWords(int64_t due, const ViewClock& clock) {
  if (due == 0) return "";
  if (due <= clock.now_ms) {
    return "超期 " + DurationWords(clock.now_ms - due);
  }
  return FormatTime(due, clock.zone, "%m-%d %H:%M") + " 到期";
}

std::string OwedText(const v1::DubanState& item, const v1::DubanUnit& unit,
                     const ViewClock& clock) {
  if (item.suspended()) return "已中止";
  const v1::Deadline* owed = EarliestOwed(item, unit.unit_id());
  if (owed != nullptr) {
    return DutyLabel(owed->duty(), owed->followup(), unit.lead()) + " " +
           DueWords(owed->due_at_ms(), clock);
  }
  return std::string(UnitPhaseName(unit.phase()));
}

namespace {

// 上级交办: the parent's items assigned to this level, with this level's
// part there and its 转办 items here.
std::string UpstreamText(const v1::DubanList& list, const ViewClock& clock) {
  TextTable table({{"灯"},
                   {"上级事项", Align::kLeft, 24},
                   {"缓急"},
                   {"批示人", Align::kLeft, 10},
                   {"本级在上级的状态"},
                   {"转办"}});
  table.SetFlexible(4, 16);
  for (const v1::UpstreamDuban& kept : list.upstream()) {
    const v1::DubanState& item = kept.item();
    std::string state = "（不在承办单位中）";
    v1::Light light = v1::LIGHT_UNSPECIFIED;
    for (const v1::DubanUnit& unit : item.units()) {
      if (unit.unit_id() != kept.unit_id()) continue;
      state = (unit.lead() ? "主办 " : "协办 ") + OwedText(item, unit, clock);
      light = unit.light();
    }
    std::string carried;
    for (const std::string& id : kept.carried_by()) carried += (carried.empty() ? "" : " ") + id;
    table.AddRow({LightMark(light), item.item().item_id(),
                  std::string(UrgencyName(item.item().urgency())),
                  item.item().leader(), state, carried.empty() ? "未转办" : carried});
    table.AddNote("  " + item.item().title() + "（" + kept.broker_id() + " 交办）");
  }
  return "上级交办（" + std::to_string(list.upstream_size()) + " 项）\n" +
         table.Render(kLineWidth) + "\n本级督办事项\n";
}

}  // namespace

std::string DubanListText(const v1::DubanList& list, const ViewClock& clock) {
  const std::string upstream = list.upstream_size() > 0 ? UpstreamText(list, clock) : "";
  if (list.items_size() == 0) return upstream + "没有督办事项\n";
  TextTable table({{"灯"},
                   {"编号", Align::kLeft, 24},
                   {"缓急"},
                   {"批示人", Align::kLeft, 10},
                   {"承办单位及状态"},
                   {"最近时限"}});
  table.SetFlexible(4, 16);
  int red = 0;
  for (const v1::DubanState& item : list.items()) {
    if (item.light() == v1::LIGHT_RED) ++red;
    std::string units;
    for (const v1::DubanUnit& unit : item.units()) {
      if (!units.empty()) units += " ";
      units += UnitNameOf(list.unit_names(), unit.unit_id()) +
               (unit.lead() ? "[主]" : "[协]") +
               std::string(UnitPhaseName(unit.phase()));
    }
    const v1::Deadline* next = nullptr;
    for (const v1::Deadline& owed : item.deadlines()) {
      if (next == nullptr || owed.due_at_ms() < next->due_at_ms()) next = &owed;
    }
    std::string state = item.closed()      ? "已办结"
                         : item.suspended() ? "已中止"
                                            : DueWords(next != nullptr
                                                           ? next->due_at_ms()
                                                           : 0,
                                                       clock);
    table.AddRow({LightMark(item.light()), item.item().item_id(),
                  std::string(UrgencyName(item.item().urgency())),
                  item.item().leader(), units, state});
    table.AddNote("  " + item.item().title());
  }
  std::string text = table.Render(kLineWidth);
  text += "共 " + std::to_string(list.items_size()) + " 项（红灯 " +
          std::to_string(red) + " 项）\n";
  return upstream + text;
}

std::string DubanDetailText(const v1::DubanDetail& detail,
                            const ViewClock& clock) {
  const v1::DubanState& item = detail.item();
  const v1::DubanItem& what = item.item();
  const auto& names = detail.unit_names();
  std::string text = "督办事项 " + what.item_id() + "：" + what.title() + "\n";
  text += "批示人：" + what.leader() + "（" +
          std::string(LeaderLevelName(what.leader_level())) + "，" +
          FormatTime(what.instructed_at_ms(), clock.zone, "%Y-%m-%d") +
          "）  缓急：" + std::string(UrgencyName(what.urgency())) + "\n";
  text += "交办：" + UnitNameOf(names, what.office_unit_id()) + "（" +
          what.officer() + "） " + FormatLocalTime(item.issued_at_ms(), clock.zone) +
          "\n";
  if (what.source_report_sequence() != 0) {
    text += "来源：第 " + std::to_string(what.source_report_sequence()) +
            " 号报告\n";
  }
  if (!what.source_event_id().empty()) {
    text += "来源：事件 " + what.source_event_id() + "\n";
  }
  std::string state = item.closed()
                          ? "已办结销号（" +
                                FormatLocalTime(item.closed_at_ms(), clock.zone) +
                                "）"
                      : item.suspended() ? "已中止：" + item.suspended_reason()
                                         : "办理中 " + LightMark(item.light());
  text += "状态：" + state + "\n";
  if (item.redacted()) {
    text += "批示内容：（仅交办单位和承办单位可见）\n";
  } else {
    text += "批示内容：" + what.instruction() + "\n";
    if (!what.requirements().empty()) {
      text += "办理要求：" + what.requirements() + "\n";
    }
    for (const v1::Attachment& attachment : what.attachments()) {
      text += "附件：" + attachment.name() + "\n";
    }
  }
  text += "\n";
  TextTable units({{"承办单位"}, {"状态"}, {"灯"}, {"签收"}, {"下一步"}});
  for (const v1::DubanUnit& unit : item.units()) {
    const std::string signed_at =
        unit.signed_at_ms() == 0
            ? "—"
            : FormatTime(unit.signed_at_ms(), clock.zone, "%m-%d %H:%M") +
                  (unit.signed_by().empty() ? "" : " " + unit.signed_by()) +
                  (unit.signed_late() ? "（迟）" : "");
    units.AddRow({UnitNameOf(names, unit.unit_id()) +
                      (unit.lead() ? "（主办）" : "（协办）"),
                  std::string(UnitPhaseName(unit.phase())),
                  LightMark(unit.light()), signed_at,
                  OwedText(item, unit, clock)});
  }
  text += units.Render(kLineWidth);
  std::vector<const v1::Alarm*> open;
  for (const v1::Alarm& alarm : item.alarms()) {
    if (alarm.open()) open.push_back(&alarm);
  }
  if (!open.empty()) {
    text += "\n未解除的告警：\n";
    for (const v1::Alarm* alarm : open) {
      text += "  [" + AlarmKindName(alarm->kind()) + "] " + alarm->message() +
              "\n";
    }
  }
  if (detail.timeline_size() > 0) {
    text += "\n经过：\n";
    for (const v1::TimelineEntry& line : detail.timeline()) {
      text += "  " + FormatTime(line.at_ms(), clock.zone, "%m-%d %H:%M") + "  " +
              line.text() + "\n";
    }
  }
  return text;
}

}  // namespace xinbao::client
