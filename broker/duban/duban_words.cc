#include "broker/duban/duban_words.h"

#include <algorithm>

#include "broker/duban/duban_duties.h"
#include "broker/events/event_words.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

// The step kinds that fulfil each duty.
bool Fulfils(const v1::DubanStep& step, const v1::Alarm& alarm) {
  if (step.unit_id() != alarm.unit_id()) return false;
  switch (alarm.duty()) {
    case v1::DUTY_SIGN:
      return step.kind() == v1::STEP_KIND_SIGN;
    case v1::DUTY_ANSWER:
      return step.kind() == v1::STEP_KIND_RESULT;
    case v1::DUTY_SIGN_URGE:
      return step.kind() == v1::STEP_KIND_SIGN_URGE &&
             step.urge_number() == alarm.followup();
    default:
      return false;
  }
}

bool IsLead(const v1::DubanState& item, const std::string& unit_id) {
  return item.item().lead_unit_id() == unit_id;
}

std::string StepText(const v1::DubanStep& step, const v1::DubanState& item,
                     const UnitRegistry& units) {
  const std::string actor =
      UnitName(units, step.unit_id()) +
      (step.person().empty() ? std::string() : "（" + step.person() + "）");
  const std::string target = UnitName(units, step.target_unit_id());
  auto with = [&](const std::string& what) {
    return step.text().empty() ? what : what + "：" + step.text();
  };
  switch (step.kind()) {
    case v1::STEP_KIND_ISSUE: {
      std::string text = actor + "交办：主办 " +
                         UnitName(units, item.item().lead_unit_id());
      if (item.item().co_unit_ids_size() > 0) {
        text += "，协办 ";
        for (int i = 0; i < item.item().co_unit_ids_size(); ++i) {
          if (i > 0) text += "、";
          text += UnitName(units, item.item().co_unit_ids(i));
        }
      }
      return text;
    }
    case v1::STEP_KIND_SIGN:
      return actor + "签收";
    case v1::STEP_KIND_PROGRESS:
      return with(actor + "报送办理进展");
    case v1::STEP_KIND_RESULT:
      return with(actor + "报送" +
                  DutyLabel(v1::DUTY_ANSWER, step.round(),
                            IsLead(item, step.unit_id())));
    case v1::STEP_KIND_ACCEPT:
      return with(actor + "复核通过，" + target + "办结销号");
    case v1::STEP_KIND_RETURN:
      return with(actor + "退回" + target + "重办");
    case v1::STEP_KIND_SUSPEND:
      return with(actor + "中止本事项");
    case v1::STEP_KIND_RESUME:
      return with(actor + "恢复本事项");
    case v1::STEP_KIND_URGE:
      return with((step.automatic() ? std::string("系统") : actor) +
                  "向" + target + "发出第" +
                  std::to_string(step.urge_number()) + "次催办通知");
    case v1::STEP_KIND_SIGN_URGE:
      return actor + "签收第" + std::to_string(step.urge_number()) +
             "次催办通知";
    default:
      return actor + "（未知步骤）";
  }
}

}  // namespace

DubanWording::DubanWording(const v1::DubanState& item,
                           const v1::DubanStep* cause,
                           const UnitRegistry& units, const TimeZone& zone)
    : item_(item), cause_(cause), units_(units), zone_(zone) {}

std::string DubanWording::Owed(const std::string& unit_id, v1::Duty duty,
                               uint32_t number) const {
  return UnitName(units_, unit_id) + "的" +
         DutyLabel(duty, number, IsLead(item_, unit_id));
}

std::string DubanWording::DueSoon(const v1::Deadline& owed) const {
  return "临期：" + Owed(owed.unit_id(), owed.duty(), owed.followup()) +
         "应于 " + LocalTimeWords(owed.due_at_ms(), zone_) + " 前完成（" +
         item_.item().title() + "）";
}

std::string DubanWording::Overdue(const v1::Deadline& owed) const {
  return "超期：" + Owed(owed.unit_id(), owed.duty(), owed.followup()) +
         "应于 " + LocalTimeWords(owed.due_at_ms(), zone_) + " 前完成，至今未办（" +
         item_.item().title() + "）";
}

std::string DubanWording::Escalated(const v1::Alarm& overdue,
                                    int64_t now_ms) const {
  return "升级（通报候选）：" +
         Owed(overdue.unit_id(), overdue.duty(), overdue.followup()) +
         "已超期 " + DurationWords(now_ms - overdue.due_at_ms()) + "（" +
         item_.item().title() + "）";
}

AlarmWording::Clearance DubanWording::NoLongerOwed(
    const v1::Alarm& alarm) const {
  if (cause_ != nullptr && Fulfils(*cause_, alarm)) {
    return {"已" + std::string(StepKindName(cause_->kind())) + "（第 " +
                std::to_string(cause_->number()) + " 步）",
            0, cause_->number()};
  }
  if (item_.closed()) return {"事项已办结销号", 0, 0};
  if (item_.suspended()) {
    return {"事项已中止：" + item_.suspended_reason(), 0,
            cause_ != nullptr ? cause_->number() : 0};
  }
  return {"已不再欠办", 0, cause_ != nullptr ? cause_->number() : 0};
}

std::string DubanWording::Moved(const v1::Deadline& owed) const {
  return "期限已调整为 " + LocalTimeWords(owed.due_at_ms(), zone_);
}

std::vector<v1::TimelineEntry> DubanTimeline(const v1::DubanState& item,
                                             const UnitRegistry& units) {
  std::vector<v1::TimelineEntry> lines;
  for (const v1::DubanStep& step : item.steps()) {
    v1::TimelineEntry& line = lines.emplace_back();
    line.set_at_ms(step.at_ms());
    line.set_text(StepText(step, item, units));
  }
  for (const v1::Alarm& alarm : item.alarms()) {
    v1::TimelineEntry& raised = lines.emplace_back();
    raised.set_at_ms(alarm.raised_at_ms());
    raised.set_text(alarm.message());
    raised.set_alarm_id(alarm.id());
    if (alarm.cleared_at_ms() == 0) continue;
    v1::TimelineEntry& cleared = lines.emplace_back();
    cleared.set_at_ms(alarm.cleared_at_ms());
    cleared.set_text("解除「" + alarm.message().substr(0, alarm.message().find("：")) +
                     "」：" + alarm.cleared_reason());
    cleared.set_alarm_id(alarm.id());
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const v1::TimelineEntry& a, const v1::TimelineEntry& b) {
                     return a.at_ms() < b.at_ms();
                   });
  return lines;
}

}  // namespace xinbao::broker
