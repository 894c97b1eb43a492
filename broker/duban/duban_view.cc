#include "broker/duban/duban_view.h"

#include <algorithm>

namespace xinbao::broker {
namespace {

void DropAttachmentData(
    google::protobuf::RepeatedPtrField<v1::Attachment>* attachments) {
  for (v1::Attachment& attachment : *attachments) attachment.clear_data();
}

}  // namespace

void SetLights(v1::DubanState* item) {
  v1::Light worst = v1::LIGHT_UNSPECIFIED;
  for (v1::DubanUnit& unit : *item->mutable_units()) {
    v1::Light light = v1::LIGHT_UNSPECIFIED;
    for (const v1::Deadline& owed : item->deadlines()) {
      if (owed.unit_id() == unit.unit_id()) light = v1::LIGHT_GREEN;
    }
    for (const v1::Alarm& alarm : item->alarms()) {
      if (!alarm.open() || alarm.unit_id() != unit.unit_id()) continue;
      if (alarm.kind() == v1::ALARM_KIND_OVERDUE ||
          alarm.kind() == v1::ALARM_KIND_ESCALATED) {
        light = v1::LIGHT_RED;
      } else if (alarm.kind() == v1::ALARM_KIND_DUE_SOON &&
                 light != v1::LIGHT_RED) {
        light = v1::LIGHT_YELLOW;
      }
    }
    unit.set_light(light);
    worst = std::max(worst, light);
  }
  item->set_light(worst);
}

bool AssignedTo(const v1::DubanState& item, std::string_view unit_id) {
  return std::any_of(
      item.units().begin(), item.units().end(),
      [&](const v1::DubanUnit& unit) { return unit.unit_id() == unit_id; });
}

bool SeesInstruction(const v1::DubanState& item, std::string_view unit_id) {
  return item.item().office_unit_id() == unit_id || AssignedTo(item, unit_id);
}

v1::DubanState Redacted(const v1::DubanState& item) {
  v1::DubanState redacted = item;
  v1::DubanItem* what = redacted.mutable_item();
  what->clear_instruction();
  what->clear_requirements();
  what->clear_attachments();
  for (v1::DubanStep& step : *redacted.mutable_steps()) {
    step.clear_text();
    step.clear_attachments();
  }
  redacted.set_redacted(true);
  return redacted;
}

v1::DubanState Listed(const v1::DubanState& item, bool whole) {
  v1::DubanState listed = whole ? item : Redacted(item);
  DropAttachmentData(listed.mutable_item()->mutable_attachments());
  for (v1::DubanStep& step : *listed.mutable_steps()) {
    step.clear_text();
    DropAttachmentData(step.mutable_attachments());
  }
  return listed;
}

}  // namespace xinbao::broker
