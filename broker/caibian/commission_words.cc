#include "broker/caibian/commission_words.h"

#include "broker/events/event_words.h"
#include "proto/names.h"

namespace xinbao::broker {

CommissionWording::CommissionWording(const v1::CommissionState& commission,
                                     const v1::Report* answer,
                                     const UnitRegistry& units,
                                     const TimeZone& zone)
    : commission_(commission), answer_(answer), units_(units), zone_(zone) {}

std::string CommissionWording::Topic() const {
  return "约稿“" + commission_.commission().topic() + "”";
}

std::string CommissionWording::DueSoon(const v1::Deadline& owed) const {
  return "临期：" + Topic() + "将于 " +
         LocalTimeWords(owed.due_at_ms(), zone_) + " 到期，" +
         UnitName(units_, owed.unit_id()) + "尚未报送";
}

std::string CommissionWording::Overdue(const v1::Deadline& owed) const {
  return "超期：" + Topic() + "已超期（时限 " +
         LocalTimeWords(owed.due_at_ms(), zone_) + "），" +
         UnitName(units_, owed.unit_id()) + "尚未报送";
}

std::string CommissionWording::Escalated(const v1::Alarm& overdue,
                                         int64_t now_ms) const {
  return "升级（通报候选）：" + Topic() + "已超期 " +
         DurationWords(now_ms - overdue.due_at_ms()) + "，" +
         UnitName(units_, overdue.unit_id()) + "仍未报送";
}

AlarmWording::Clearance CommissionWording::NoLongerOwed(
    const v1::Alarm& alarm) const {
  if (answer_ != nullptr && answer_->unit_id() == alarm.unit_id()) {
    return {"已报送（第" + std::to_string(answer_->sequence()) + "号）",
            answer_->sequence(), 0};
  }
  if (commission_.cancelled()) return {"约稿已撤销", 0, 0};
  return {"已不再欠报", 0, 0};
}

std::string CommissionWording::Moved(const v1::Deadline& owed) const {
  return "期限已调整为 " + LocalTimeWords(owed.due_at_ms(), zone_);
}

}  // namespace xinbao::broker
