#include "broker/duban/duban_policy.h"

namespace xinbao::broker {
namespace {

constexpr int64_t kOfficeHour = 60 * 60 * 1000;

Span WorkingDays(int64_t days) { return {Span::Unit::kWorkingDays, days}; }
Span OfficeHours(int64_t hours) {
  return {Span::Unit::kWorkingHours, hours * kOfficeHour};
}

}  // namespace

const UrgencyTerms& DubanPolicy::For(v1::Urgency level) const {
  switch (level) {
    case v1::URGENCY_URGENT:
      return urgency[0];
    case v1::URGENCY_DIFFICULT:
      return urgency[2];
    default:  // 一般, or not given
      return urgency[1];
  }
}

DubanPolicy DefaultDubanPolicy() {
  DubanPolicy policy;
  policy.urgency = {{
      {WorkingDays(3), WorkingDays(1), WorkingDays(1)},
      {WorkingDays(15), WorkingDays(3), WorkingDays(3)},
      {WorkingDays(30), WorkingDays(5), WorkingDays(5)},
  }};
  policy.sign_within = OfficeHours(4);
  policy.sign_remind_before = OfficeHours(1);
  policy.sign_escalate_after = WorkingDays(1);
  policy.urge_sign_within = OfficeHours(2);
  policy.auto_urge = true;
  return policy;
}

}  // namespace xinbao::broker
