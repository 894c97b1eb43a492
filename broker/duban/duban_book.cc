#include "broker/duban/duban_book.h"

#include "broker/base/vitals.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include <google/protobuf/util/message_differencer.h>

#include "broker/deadlines/deadline_alarms.h"
#include "broker/duban/duban_duties.h"
#include "broker/duban/step_kinds.h"
#include "broker/duban/duban_view.h"
#include "broker/duban/duban_words.h"
#include "broker/events/event_words.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

Status WrongState(std::string message) {
  return Status(v1::ERROR_CODE_WRONG_STATE, std::move(message));
}

// Whether a stored step is the same request as `request` (a retry).
bool SameStep(const v1::DubanStep& step, const v1::DubanStepRequest& request) {
  if (step.kind() != request.kind() || step.unit_id() != request.unit_id() ||
      step.person() != request.person() || step.text() != request.text() ||
      step.target_unit_id() != request.target_unit_id() ||
      step.attachments_size() != request.attachments_size()) {
    return false;
  }
  for (int i = 0; i < step.attachments_size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals(
            step.attachments(i), request.attachments(i))) {
      return false;
    }
  }
  return true;
}

// What the unit owes now, in words, for a refusal.
std::string OwesWords(const v1::DubanUnit& unit) {
  switch (unit.phase()) {
    case v1::UNIT_PHASE_ISSUED:
      return "该单位尚未签收，请先签收";
    case v1::UNIT_PHASE_SIGNED:
      return "该单位正在办理，尚未报送办结报告";
    case v1::UNIT_PHASE_ANSWERED:
      return "该单位的办结报告正待中心复核";
    case v1::UNIT_PHASE_DONE:
      return "该单位已办结销号";
    default:
      return "该单位状态未知";
  }
}

// The item as the book keeps it when issued at issued_at_ms: the
// instruction dated then if undated, 一般 if no urgency was given.
v1::DubanItem AsIssued(const v1::DubanItem& item, int64_t issued_at_ms) {
  v1::DubanItem issued = item;
  if (issued.instructed_at_ms() == 0) issued.set_instructed_at_ms(issued_at_ms);
  if (issued.urgency() == v1::URGENCY_UNSPECIFIED) {
    issued.set_urgency(v1::URGENCY_NORMAL);
  }
  return issued;
}

}  // namespace

DubanBook::DubanBook(Terms terms, Loader load)
    : terms_(terms), load_(std::move(load)) {}

void DubanBook::Adopt(v1::DubanState item) {
  const std::string id = item.item().item_id();
  items_.insert_or_assign(id, std::move(item));
}

Result<v1::DubanState*> DubanBook::Find(std::string_view item_id) {
  auto it = items_.find(item_id);
  if (it != items_.end()) return &it->second;
  Result<std::optional<v1::DubanState>> stored = load_(item_id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return static_cast<v1::DubanState*>(nullptr);
  auto [placed, inserted] =
      items_.emplace(std::string(item_id), std::move(**stored));
  return &placed->second;
}

void DubanBook::Touch(v1::DubanState* item, int64_t now_ms) {
  item->set_updated_at_ms(now_ms);
  changed_.insert(item->item().item_id());
}

Result<DubanBook::Change> DubanBook::Issue(
    const v1::IssueDubanRequest& request, const Actor& actor,
    int64_t now_ms) {
  const v1::DubanItem& what = request.item();
  Result<v1::DubanState*> found = Find(what.item_id());
  if (!found.ok()) return found.status();
  if (*found != nullptr) {
    const v1::DubanState& stored = **found;
    if (!google::protobuf::util::MessageDifferencer::Equals(
            stored.item(), AsIssued(what, stored.issued_at_ms()))) {
      return Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                    "督办事项编号 " + what.item_id() + " 已用于另一事项（“" +
                        stored.item().title() + "”）",
                    "issue_duban.item.item_id");
    }
    return Change{false, *found, 1};
  }
  if (what.due_at_ms() != 0 && what.due_at_ms() <= now_ms) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "办结时限 " + LocalTimeWords(what.due_at_ms(), terms_.zone) +
                      " 应晚于交办时间",
                  "issue_duban.item.due_at_ms");
  }
  v1::DubanState item;
  *item.mutable_item() = AsIssued(what, now_ms);
  item.set_issued_at_ms(now_ms);
  auto assign = [&](const std::string& unit_id, bool lead) {
    v1::DubanUnit* unit = item.add_units();
    unit->set_unit_id(unit_id);
    unit->set_lead(lead);
    unit->set_phase(v1::UNIT_PHASE_ISSUED);
    unit->set_round(1);
  };
  assign(what.lead_unit_id(), true);
  for (const std::string& co : what.co_unit_ids()) assign(co, false);
  const DutyTerms duties{terms_.policy, terms_.calendar, terms_.zone};
  for (const v1::DubanUnit& unit : item.units()) {
    // Owe() sets the unit's due fields and adds deadlines; it adds no unit.
    XINBAO_RETURN_IF_ERROR(OweSign(&item, unit.unit_id(), now_ms, duties));
    XINBAO_RETURN_IF_ERROR(
        OweAnswer(&item, unit.unit_id(), 1, now_ms, true, duties));
  }
  v1::DubanStep* step = item.add_steps();
  step->set_number(1);
  step->set_step_id(std::string(kBrokerStepPrefix) + "issue");
  step->set_kind(v1::STEP_KIND_ISSUE);
  step->set_unit_id(what.office_unit_id());
  step->set_person(what.officer());
  step->set_at_ms(now_ms);
  step->set_user(actor.user);
  step->set_via(actor.via);

  auto [placed, inserted] = items_.insert_or_assign(what.item_id(), std::move(item));
  v1::DubanState* kept = &placed->second;
  marks_.Mark(what.item_id(), kept->alarms());
  Evaluate(kept, 1, now_ms);
  Touch(kept, now_ms);
  return Change{true, kept, 1};
}

Result<DubanBook::Change> DubanBook::Step(const v1::DubanStepRequest& request,
                                          const Actor& actor, int64_t now_ms) {
  Result<v1::DubanState*> found = Find(request.item_id());
  if (!found.ok()) return found.status();
  if (*found == nullptr) {
    return Status(v1::ERROR_CODE_UNKNOWN_ITEM,
                  "没有编号为 " + request.item_id() + " 的督办事项",
                  "duban_step.item_id");
  }
  v1::DubanState* item = *found;
  for (const v1::DubanStep& step : item->steps()) {
    if (step.step_id() != request.step_id()) continue;
    if (SameStep(step, request)) return Change{false, item, step.number()};
    return Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                  "步骤编号 " + request.step_id() + " 已用于本事项的第 " +
                      std::to_string(step.number()) + " 步（" +
                      std::string(StepKindName(step.kind())) + "）",
                  "duban_step.step_id");
  }
  const std::string& title = item->item().title();
  if (item->closed()) {
    return WrongState("督办事项“" + title + "”已于 " +
                      LocalTimeWords(item->closed_at_ms(), terms_.zone) +
                      " 办结销号，不能再" +
                      std::string(StepKindName(request.kind())));
  }
  const bool office = IsOfficeStep(request.kind());
  if (office && request.unit_id() != item->item().office_unit_id()) {
    return Status(v1::ERROR_CODE_NOT_PERMITTED,
                  UnitName(terms_.units, request.unit_id()) +
                      "不是交办本事项的单位，不能" +
                      std::string(StepKindName(request.kind())),
                  "duban_step.unit_id");
  }
  const std::string& acting =
      office ? request.target_unit_id() : request.unit_id();
  v1::DubanUnit* unit = acting.empty() ? nullptr : UnitOf(item, acting);
  if (unit == nullptr && !acting.empty()) {
    return Status(v1::ERROR_CODE_NOT_PERMITTED,
                  UnitName(terms_.units, acting) + "不是督办事项“" + title +
                      "”的承办单位",
                  office ? "duban_step.target_unit_id" : "duban_step.unit_id");
  }
  if (item->suspended() && request.kind() != v1::STEP_KIND_RESUME) {
    return WrongState("督办事项“" + title + "”已中止（" +
                      item->suspended_reason() + "），恢复后才能" +
                      std::string(StepKindName(request.kind())));
  }

  marks_.Mark(item->item().item_id(), item->alarms());
  // Work on a copy: a refusal (or a calendar that does not cover a new
  // deadline) leaves the item as it was.
  v1::DubanState next = *item;
  v1::DubanUnit* part = unit == nullptr ? nullptr : UnitOf(&next, acting);
  const DutyTerms duties{terms_.policy, terms_.calendar, terms_.zone};
  v1::DubanStep step;
  step.set_number(static_cast<uint32_t>(next.steps_size()) + 1);
  step.set_step_id(request.step_id());
  step.set_kind(request.kind());
  step.set_unit_id(request.unit_id());
  step.set_person(request.person());
  step.set_at_ms(now_ms);
  step.set_text(request.text());
  step.set_target_unit_id(request.target_unit_id());
  *step.mutable_attachments() = request.attachments();
  step.set_user(actor.user);
  step.set_via(actor.via);

  switch (request.kind()) {
    case v1::STEP_KIND_SIGN:
      if (part->phase() != v1::UNIT_PHASE_ISSUED) {
        return WrongState("已于 " +
                          LocalTimeWords(part->signed_at_ms(), terms_.zone) +
                          " 签收（" + part->signed_by() + "），无需再签收");
      }
      part->set_phase(v1::UNIT_PHASE_SIGNED);
      part->set_signed_at_ms(now_ms);
      part->set_signed_by(request.person());
      part->set_signed_late(part->sign_due_at_ms() != 0 &&
                            now_ms > part->sign_due_at_ms());
      Release(&next, acting, v1::DUTY_SIGN, 0);
      break;
    case v1::STEP_KIND_PROGRESS:
      if (part->phase() != v1::UNIT_PHASE_SIGNED) {
        return WrongState("现在不能报送办理进展：" + OwesWords(*part));
      }
      part->set_progress_reports(part->progress_reports() + 1);
      break;
    case v1::STEP_KIND_RESULT:
      if (part->phase() != v1::UNIT_PHASE_SIGNED) {
        return WrongState("现在不能报送办结报告：" + OwesWords(*part));
      }
      part->set_phase(v1::UNIT_PHASE_ANSWERED);
      part->set_answered_at_ms(now_ms);
      part->set_answered_late(part->answer_due_at_ms() != 0 &&
                              now_ms > part->answer_due_at_ms());
      step.set_round(part->round());
      Release(&next, acting, v1::DUTY_ANSWER, 0);
      break;
    case v1::STEP_KIND_SIGN_URGE:
      if (part->urges_signed() >= part->urges()) {
        return WrongState("没有待签收的催办通知");
      }
      part->set_urges_signed(part->urges_signed() + 1);
      step.set_urge_number(part->urges_signed());
      Release(&next, acting, v1::DUTY_SIGN_URGE, part->urges_signed());
      break;
    case v1::STEP_KIND_ACCEPT:
      if (part->phase() != v1::UNIT_PHASE_ANSWERED) {
        return WrongState("不能销号：" + OwesWords(*part));
      }
      part->set_phase(v1::UNIT_PHASE_DONE);
      part->set_done_at_ms(now_ms);
      step.set_round(part->round());
      Release(&next, acting, v1::DUTY_SIGN_URGE, 0);
      break;
    case v1::STEP_KIND_RETURN: {
      if (part->phase() != v1::UNIT_PHASE_ANSWERED) {
        return WrongState("不能退回重办：" + OwesWords(*part));
      }
      step.set_round(part->round());
      part->set_phase(v1::UNIT_PHASE_SIGNED);
      part->set_round(part->round() + 1);
      // The clock runs again: a new round, due the urgency's span from now.
      XINBAO_RETURN_IF_ERROR(
          OweAnswer(&next, acting, part->round(), now_ms, false, duties));
      break;
    }
    case v1::STEP_KIND_SUSPEND:
      next.set_suspended(true);
      next.set_suspended_at_ms(now_ms);
      next.set_suspended_reason(request.text());
      ReleaseAll(&next);
      break;
    case v1::STEP_KIND_RESUME: {
      if (!next.suspended()) return WrongState("本事项未中止，无需恢复");
      next.set_suspended(false);
      next.clear_suspended_reason();
      // What was owed is owed again, counted afresh from now.
      // Owe() sets the unit's due fields and adds deadlines; it adds no unit.
      for (const v1::DubanUnit& owing : next.units()) {
        if (owing.phase() == v1::UNIT_PHASE_ISSUED) {
          XINBAO_RETURN_IF_ERROR(
              OweSign(&next, owing.unit_id(), now_ms, duties));
        }
        if (owing.phase() == v1::UNIT_PHASE_ISSUED ||
            owing.phase() == v1::UNIT_PHASE_SIGNED) {
          XINBAO_RETURN_IF_ERROR(OweAnswer(&next, owing.unit_id(),
                                           owing.round(), now_ms, false,
                                           duties));
        }
        for (uint32_t n = owing.urges_signed() + 1; n <= owing.urges(); ++n) {
          XINBAO_RETURN_IF_ERROR(
              OweUrgeSign(&next, owing.unit_id(), n, now_ms, duties));
        }
      }
      break;
    }
    case v1::STEP_KIND_URGE:
      if (part->phase() != v1::UNIT_PHASE_ISSUED &&
          part->phase() != v1::UNIT_PHASE_SIGNED) {
        return WrongState("无需催办：" + OwesWords(*part));
      }
      part->set_urges(part->urges() + 1);
      step.set_urge_number(part->urges());
      XINBAO_RETURN_IF_ERROR(
          OweUrgeSign(&next, acting, part->urges(), now_ms, duties));
      break;
    default:
      return Status(v1::ERROR_CODE_INVALID_FIELD, "未知的督办步骤",
                    "duban_step.kind");
  }
  if (std::all_of(next.units().begin(), next.units().end(),
                  [](const v1::DubanUnit& u) {
                    return u.phase() == v1::UNIT_PHASE_DONE;
                  })) {
    next.set_closed(true);
    next.set_closed_at_ms(now_ms);
    ReleaseAll(&next);
  }
  *next.add_steps() = std::move(step);
  *item = std::move(next);
  const uint32_t number = static_cast<uint32_t>(item->steps_size());
  Evaluate(item, number, now_ms);
  Touch(item, now_ms);
  return Change{true, item, number};
}

bool DubanBook::Evaluate(v1::DubanState* item, uint32_t cause, int64_t now_ms) {
  const AlarmLedger ledger = LedgerOf(item, "", item->item().item_id());
  const uint32_t before = item->last_alarm_id();
  bool changed = false;
  {
    const v1::DubanStep* step =
        cause == 0 ? nullptr : &item->steps(static_cast<int>(cause) - 1);
    const DubanWording words(*item, step, terms_.units, terms_.zone);
    changed = UpdateDeadlineAlarms(ledger, item->deadlines(), now_ms, words);
  }
  if (terms_.policy.auto_urge) {
    // A duty newly overdue: the broker sends its unit a 催办 notice — one
    // per unit, however many of its duties went red at this instant (after
    // a long pause both its 签收 and its 办结 may have).
    std::vector<std::string> urge;
    for (const v1::Alarm& alarm : item->alarms()) {
      if (alarm.id() <= before || alarm.kind() != v1::ALARM_KIND_OVERDUE ||
          alarm.duty() == v1::DUTY_SIGN_URGE ||
          std::find(urge.begin(), urge.end(), alarm.unit_id()) != urge.end()) {
        continue;
      }
      urge.push_back(alarm.unit_id());
    }
    const DutyTerms duties{terms_.policy, terms_.calendar, terms_.zone};
    for (const std::string& unit_id : urge) {
      v1::DubanUnit* unit = UnitOf(item, unit_id);
      if (unit == nullptr) continue;
      unit->set_urges(unit->urges() + 1);
      v1::DubanStep* step = item->add_steps();
      step->set_number(static_cast<uint32_t>(item->steps_size()));
      step->set_step_id(std::string(kBrokerStepPrefix) + "urge-" +
                        std::to_string(step->number()));
      step->set_kind(v1::STEP_KIND_URGE);
      step->set_unit_id(item->item().office_unit_id());
      step->set_at_ms(now_ms);
      step->set_target_unit_id(unit_id);
      step->set_urge_number(unit->urges());
      step->set_automatic(true);
      const Status owed =
          OweUrgeSign(item, unit_id, unit->urges(), now_ms, duties);
      if (!owed.ok()) {
        spdlog::warn("督办事项 {} 的催办签收时限无法计算: {}",
                     item->item().item_id(), owed.ToString());
      }
      changed = true;
    }
    if (!urge.empty()) {
      const DubanWording words(*item, nullptr, terms_.units, terms_.zone);
      UpdateDeadlineAlarms(ledger, item->deadlines(), now_ms, words);
    }
  }
  const v1::Light light = item->light();
  SetLights(item);
  return changed || light != item->light();
}

void DubanBook::Tick(int64_t now_ms) {
  for (auto& [id, item] : items_) {
    if (item.closed() || item.suspended()) continue;
    marks_.Mark(id, item.alarms());
    if (Evaluate(&item, 0, now_ms)) Touch(&item, now_ms);
  }
}

std::vector<const v1::DubanState*> DubanBook::Changed() const {
  std::vector<const v1::DubanState*> changed;
  for (const std::string& id : changed_) {
    auto it = items_.find(id);
    if (it != items_.end()) changed.push_back(&it->second);
  }
  return changed;
}

std::vector<v1::Alarm> DubanBook::AlarmChanges() const {
  std::vector<v1::Alarm> changes;
  for (const std::string& id : changed_) {
    auto it = items_.find(id);
    if (it != items_.end()) {
      marks_.AppendChanges(id, it->second.alarms(), &changes);
    }
  }
  return changes;
}

void DubanBook::Settle() {
  changed_.clear();
  marks_.Clear();
  for (auto it = items_.begin(); it != items_.end();) {
    it = it->second.closed() ? items_.erase(it) : std::next(it);
  }
}

void DubanBook::Forget() {
  items_.clear();
  changed_.clear();
  marks_.Clear();
}

void DubanBook::CountOpenAlarms(
    std::map<v1::AlarmKind, uint64_t>* counts) const {
  for (const auto& [id, item] : items_) {
    broker::CountOpenAlarms(item.alarms(), counts);
  }
}

}  // namespace xinbao::broker
