#include "broker/duban/duban_duties.h"

#include <algorithm>

namespace xinbao::broker {

v1::DubanUnit* UnitOf(v1::DubanState* item, std::string_view unit_id) {
  for (v1::DubanUnit& unit : *item->mutable_units()) {
    if (unit.unit_id() == unit_id) return &unit;
  }
  return nullptr;
}

const v1::DubanUnit* UnitOf(const v1::DubanState& item,
                            std::string_view unit_id) {
  for (const v1::DubanUnit& unit : item.units()) {
    if (unit.unit_id() == unit_id) return &unit;
  }
  return nullptr;
}

Status Owe(v1::DubanState* item, std::string_view unit, v1::Duty duty,
           uint32_t number, int64_t from_ms, int64_t fixed_due_ms,
           const Span& within, const Span& remind_before,
           const Span& escalate_after, const DutyTerms& terms) {
  int64_t due = fixed_due_ms;
  if (due == 0) {
    if (within.none()) return Status::Ok();  // the policy sets no deadline
    Result<int64_t> computed = terms.calendar.Add(from_ms, within, terms.zone);
    if (!computed.ok()) return computed.status();
    due = *computed;
  }
  int64_t remind_at = 0;
  if (!remind_before.none()) {
    Result<int64_t> at = terms.calendar.Subtract(due, remind_before, terms.zone);
    if (!at.ok()) return at.status();
    remind_at = std::max(*at, from_ms);
  }
  int64_t escalate_at = 0;
  if (!escalate_after.none()) {
    Result<int64_t> at = terms.calendar.Add(due, escalate_after, terms.zone);
    if (!at.ok()) return at.status();
    escalate_at = *at;
  }
  v1::Deadline owed;
  owed.set_unit_id(std::string(unit));
  owed.set_duty(duty);
  owed.set_followup(number);
  owed.set_due_at_ms(due);
  owed.set_remind_at_ms(remind_at);
  owed.set_escalate_at_ms(escalate_at);
  auto* deadlines = item->mutable_deadlines();
  const auto place = std::find_if(deadlines->begin(), deadlines->end(),
                                  [due](const v1::Deadline& deadline) {
                                    return deadline.due_at_ms() > due;
                                  }) -
                     deadlines->begin();
  *deadlines->Add() = std::move(owed);
  // Move the new one (last) to its place: earliest first. (Add() may have
  // moved the elements: iterators are taken after it.)
  std::rotate(deadlines->begin() + place, deadlines->end() - 1,
              deadlines->end());
  if (v1::DubanUnit* part = UnitOf(item, unit)) {
    if (duty == v1::DUTY_SIGN) part->set_sign_due_at_ms(due);
    if (duty == v1::DUTY_ANSWER) part->set_answer_due_at_ms(due);
  }
  return Status::Ok();
}

Status OweAnswer(v1::DubanState* item, std::string_view unit, uint32_t round,
                 int64_t from_ms, bool fixed, const DutyTerms& terms) {
  const UrgencyTerms& urgency = terms.policy.For(item->item().urgency());
  const int64_t fixed_due = fixed ? item->item().due_at_ms() : 0;
  return Owe(item, unit, v1::DUTY_ANSWER, round, from_ms, fixed_due,
             urgency.answer_within, urgency.remind_before,
             urgency.escalate_after, terms);
}

Status OweSign(v1::DubanState* item, std::string_view unit, int64_t from_ms,
               const DutyTerms& terms) {
  const DubanPolicy& policy = terms.policy;
  return Owe(item, unit, v1::DUTY_SIGN, 1, from_ms, 0, policy.sign_within,
             policy.sign_remind_before, policy.sign_escalate_after, terms);
}

Status OweUrgeSign(v1::DubanState* item, std::string_view unit,
                   uint32_t number, int64_t from_ms, const DutyTerms& terms) {
  return Owe(item, unit, v1::DUTY_SIGN_URGE, number, from_ms, 0,
             terms.policy.urge_sign_within, Span(), Span(), terms);
}

void Release(v1::DubanState* item, std::string_view unit, v1::Duty duty,
             uint32_t number) {
  auto* deadlines = item->mutable_deadlines();
  deadlines->erase(
      std::remove_if(deadlines->begin(), deadlines->end(),
                     [&](const v1::Deadline& deadline) {
                       return deadline.unit_id() == unit &&
                              deadline.duty() == duty &&
                              (number == 0 || deadline.followup() == number);
                     }),
      deadlines->end());
}

void ReleaseAll(v1::DubanState* item) { item->clear_deadlines(); }

}  // namespace xinbao::broker
