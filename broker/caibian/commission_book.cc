#include "broker/caibian/commission_book.h"

#include "broker/base/vitals.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <google/protobuf/util/message_differencer.h>

#include "broker/caibian/commission_words.h"
#include "broker/deadlines/deadline_alarms.h"
#include "broker/events/event_words.h"

namespace xinbao::broker {
namespace {

// What every asked unit owes: its answer, due at the fixed deadline or
// commission_within after now_ms by the calendar, reminded and escalated
// as the policy says (0: not). The unit is left for the caller; a due of 0
// means the policy sets no deadline. Fails with CALENDAR_NOT_COVERED.
Result<v1::Deadline> AnswerOwed(const v1::Commission& commission,
                                int64_t now_ms,
                                const CommissionBook::Terms& terms) {
  const CaibianPolicy& policy = terms.policy;
  v1::Deadline owed;
  owed.set_duty(v1::DUTY_COMMISSION);
  int64_t due = commission.due_at_ms();
  if (due == 0) {
    if (policy.commission_within.none()) return owed;
    Result<int64_t> within =
        terms.calendar.Add(now_ms, policy.commission_within, terms.zone);
    if (!within.ok()) return within.status();
    due = *within;
  }
  owed.set_due_at_ms(due);
  if (!policy.commission_remind_before.none()) {
    Result<int64_t> remind = terms.calendar.Subtract(
        due, policy.commission_remind_before, terms.zone);
    if (!remind.ok()) return remind.status();
    owed.set_remind_at_ms(std::max(*remind, now_ms));
  }
  if (!policy.commission_escalate_after.none()) {
    Result<int64_t> escalate = terms.calendar.Add(
        due, policy.commission_escalate_after, terms.zone);
    if (!escalate.ok()) return escalate.status();
    owed.set_escalate_at_ms(*escalate);
  }
  return owed;
}

v1::CommissionUnit* UnitOf(v1::CommissionState* commission,
                           std::string_view unit_id) {
  for (v1::CommissionUnit& unit : *commission->mutable_units()) {
    if (unit.unit_id() == unit_id) return &unit;
  }
  return nullptr;
}

// Each unit's light: none once it answered (or the commission was
// cancelled), red with an open 超期 or 升级 alarm, yellow with an open 临期
// one, green otherwise.
void SetLights(v1::CommissionState* commission) {
  for (v1::CommissionUnit& unit : *commission->mutable_units()) {
    if (commission->cancelled() || unit.answered_at_ms() != 0) {
      unit.set_light(v1::LIGHT_UNSPECIFIED);
      continue;
    }
    v1::Light light = v1::LIGHT_GREEN;
    for (const v1::Alarm& alarm : commission->alarms()) {
      if (!alarm.open() || alarm.unit_id() != unit.unit_id()) continue;
      if (alarm.kind() == v1::ALARM_KIND_OVERDUE ||
          alarm.kind() == v1::ALARM_KIND_ESCALATED) {
        light = v1::LIGHT_RED;
      } else if (alarm.kind() == v1::ALARM_KIND_DUE_SOON) {
        light = std::max(light, v1::LIGHT_YELLOW);
      }
    }
    unit.set_light(light);
  }
}

// The unit no longer owes an answer.
void Release(v1::CommissionState* commission, std::string_view unit_id) {
  auto* deadlines = commission->mutable_deadlines();
  deadlines->erase(std::remove_if(deadlines->begin(), deadlines->end(),
                                  [&](const v1::Deadline& deadline) {
                                    return deadline.unit_id() == unit_id;
                                  }),
                   deadlines->end());
}

v1::CommissionNote NotLinked(std::string commission_id, std::string message) {
  v1::CommissionNote note;
  note.set_commission_id(std::move(commission_id));
  note.set_linked(false);
  note.set_message(std::move(message));
  return note;
}

}  // namespace

CommissionBook::CommissionBook(Terms terms, Loader load)
    : terms_(terms), load_(std::move(load)) {}

void CommissionBook::Adopt(v1::CommissionState commission) {
  const std::string id = commission.commission().commission_id();
  open_.insert_or_assign(id, std::move(commission));
}

Result<v1::CommissionState*> CommissionBook::Find(
    std::string_view commission_id) {
  auto it = open_.find(commission_id);
  if (it != open_.end()) return &it->second;
  Result<std::optional<v1::CommissionState>> stored = load_(commission_id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return static_cast<v1::CommissionState*>(nullptr);
  auto [placed, inserted] =
      open_.emplace(std::string(commission_id), std::move(**stored));
  return &placed->second;
}

void CommissionBook::Touch(v1::CommissionState* commission, int64_t now_ms) {
  commission->set_updated_at_ms(now_ms);
  changed_.insert(commission->commission().commission_id());
}

Result<CommissionBook::Change> CommissionBook::Ask(
    const v1::Commission& commission, const Actor& actor, int64_t now_ms) {
  const std::string& id = commission.commission_id();
  Result<v1::CommissionState*> found = Find(id);
  if (!found.ok()) return found.status();
  if (*found != nullptr) {
    const v1::CommissionState& stored = **found;
    if (!google::protobuf::util::MessageDifferencer::Equals(
            stored.commission(), commission)) {
      return Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                    "约稿编号 " + id + " 已用于另一约稿（“" +
                        stored.commission().topic() + "”）",
                    "commission.commission_id");
    }
    return Change{false, *found};
  }
  if (commission.due_at_ms() != 0 && commission.due_at_ms() <= now_ms) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "约稿时限 " +
                      LocalTimeWords(commission.due_at_ms(), terms_.zone) +
                      " 应晚于约稿时间",
                  "commission.due_at_ms");
  }
  Result<v1::Deadline> owed = AnswerOwed(commission, now_ms, terms_);
  if (!owed.ok()) return owed.status();

  v1::CommissionState state;
  *state.mutable_commission() = commission;
  state.set_issued_at_ms(now_ms);
  state.set_user(actor.user);
  state.set_via(actor.via);
  for (const std::string& unit_id : commission.unit_ids()) {
    if (UnitOf(&state, unit_id) != nullptr) continue;  // named twice
    v1::CommissionUnit* unit = state.add_units();
    unit->set_unit_id(unit_id);
    unit->set_due_at_ms(owed->due_at_ms());
    if (owed->due_at_ms() == 0) continue;  // no deadline to keep
    v1::Deadline* deadline = state.add_deadlines();
    *deadline = *owed;
    deadline->set_unit_id(unit_id);
  }

  auto [placed, inserted] = open_.insert_or_assign(id, std::move(state));
  v1::CommissionState* kept = &placed->second;
  marks_.Mark(id, kept->alarms());
  Evaluate(kept, nullptr, now_ms);
  Touch(kept, now_ms);
  return Change{true, kept};
}

Result<CommissionBook::Change> CommissionBook::Cancel(
    const v1::CancelCommission& request, std::string_view office_unit_id,
    const Actor& /*actor: CommissionState keeps only who asked*/,
    int64_t now_ms) {
  const std::string& id = request.commission_id();
  Result<v1::CommissionState*> found = Find(id);
  if (!found.ok()) return found.status();
  if (*found == nullptr) {
    return Status(v1::ERROR_CODE_UNKNOWN_ITEM,
                  "没有编号为 " + id + " 的约稿",
                  "cancel_commission.commission_id");
  }
  v1::CommissionState* commission = *found;
  const std::string& topic = commission->commission().topic();
  if (commission->commission().office_unit_id() != office_unit_id) {
    return Status(v1::ERROR_CODE_NOT_PERMITTED,
                  UnitName(terms_.units, office_unit_id) + "不是发出约稿“" +
                      topic + "”的单位，不能撤销",
                  "unit_id");
  }
  if (commission->cancelled()) return Change{false, commission};
  if (commission->closed()) {
    return Status(v1::ERROR_CODE_WRONG_STATE,
                  "约稿“" + topic + "”的各单位已于 " +
                      LocalTimeWords(commission->closed_at_ms(), terms_.zone) +
                      " 全部报送，不能撤销",
                  "cancel_commission.commission_id");
  }
  marks_.Mark(id, commission->alarms());
  commission->set_cancelled(true);
  commission->set_cancelled_reason(request.reason());
  commission->set_closed(true);
  commission->set_closed_at_ms(now_ms);
  commission->clear_deadlines();
  Evaluate(commission, nullptr, now_ms);
  Touch(commission, now_ms);
  return Change{true, commission};
}

Result<v1::CommissionNote> CommissionBook::Answer(const v1::Report& report) {
  const std::string& id = report.commission_id();
  Result<v1::CommissionState*> found = Find(id);
  if (!found.ok()) return found.status();
  if (*found == nullptr) {
    return NotLinked(id, "没有编号为 " + id + " 的约稿，本报告未作为约稿报送");
  }
  v1::CommissionState* commission = *found;
  const std::string topic = "约稿“" + commission->commission().topic() + "”";
  if (commission->cancelled()) {
    return NotLinked(id, topic + "已于 " +
                             LocalTimeWords(commission->closed_at_ms(),
                                            terms_.zone) +
                             " 撤销，本报告未作为约稿报送");
  }
  v1::CommissionUnit* unit = UnitOf(commission, report.unit_id());
  if (unit == nullptr) {
    return NotLinked(id, topic + "未向" +
                             UnitName(terms_.units, report.unit_id()) +
                             "约稿，本报告未作为约稿报送");
  }
  const auto& answers = unit->answer_sequences();
  const bool repeat = std::find(answers.begin(), answers.end(),
                                report.sequence()) != answers.end();
  const int64_t at = report.stored_at_ms();
  if (!repeat) {
    marks_.Mark(id, commission->alarms());
    unit->add_answer_sequences(report.sequence());
    if (unit->answered_at_ms() == 0) {
      unit->set_answered_at_ms(at);
      unit->set_answered_late(unit->due_at_ms() != 0 &&
                              at > unit->due_at_ms());
      Release(commission, report.unit_id());
    }
    const bool all = std::all_of(
        commission->units().begin(), commission->units().end(),
        [](const v1::CommissionUnit& u) { return u.answered_at_ms() != 0; });
    if (all && !commission->closed()) {
      commission->set_closed(true);
      commission->set_closed_at_ms(at);
    }
    Evaluate(commission, &report, at);
    Touch(commission, at);
  }

  v1::CommissionNote note;
  note.set_commission_id(id);
  note.set_linked(true);
  note.set_late(unit->due_at_ms() != 0 && at > unit->due_at_ms());
  if (unit->answer_sequences(0) != report.sequence()) {
    note.set_message("已作为" + topic + "的补充报送");
  } else if (note.late()) {
    note.set_message("已作为" + topic + "的报送，晚于时限 " +
                     LocalTimeWords(unit->due_at_ms(), terms_.zone) +
                     "（迟报）");
  } else {
    note.set_message("已作为" + topic + "的报送，按时");
  }
  return note;
}

bool CommissionBook::Evaluate(v1::CommissionState* commission,
                              const v1::Report* answer, int64_t now_ms) {
  std::vector<v1::Light> before;
  for (const v1::CommissionUnit& unit : commission->units()) {
    before.push_back(unit.light());
  }
  const AlarmLedger ledger =
      LedgerOf(commission, "", "", commission->commission().commission_id());
  const CommissionWording words(*commission, answer, terms_.units,
                                terms_.zone);
  const bool changed = UpdateDeadlineAlarms(ledger, commission->deadlines(),
                                            now_ms, words);
  SetLights(commission);
  for (int i = 0; i < commission->units_size(); ++i) {
    if (commission->units(i).light() != before[static_cast<size_t>(i)]) {
      return true;
    }
  }
  return changed;
}

void CommissionBook::Tick(int64_t now_ms) {
  for (auto& [id, commission] : open_) {
    if (commission.closed()) continue;
    marks_.Mark(id, commission.alarms());
    if (Evaluate(&commission, nullptr, now_ms)) Touch(&commission, now_ms);
  }
}

std::vector<const v1::CommissionState*> CommissionBook::Changed() const {
  std::vector<const v1::CommissionState*> changed;
  for (const std::string& id : changed_) {
    auto it = open_.find(id);
    if (it != open_.end()) changed.push_back(&it->second);
  }
  return changed;
}

std::vector<v1::Alarm> CommissionBook::AlarmChanges() const {
  std::vector<v1::Alarm> changes;
  for (const std::string& id : changed_) {
    auto it = open_.find(id);
    if (it != open_.end()) {
      marks_.AppendChanges(id, it->second.alarms(), &changes);
    }
  }
  return changes;
}

void CommissionBook::Settle() {
  changed_.clear();
  marks_.Clear();
  for (auto it = open_.begin(); it != open_.end();) {
    it = it->second.closed() ? open_.erase(it) : std::next(it);
  }
}

std::size_t CommissionBook::open_commissions() const {
  return static_cast<std::size_t>(
      std::count_if(open_.begin(), open_.end(),
                    [](const auto& entry) { return !entry.second.closed(); }));
}

void CommissionBook::CountOpenAlarms(
    std::map<v1::AlarmKind, uint64_t>* counts) const {
  for (const auto& [id, commission] : open_) {
    if (!commission.closed()) broker::CountOpenAlarms(commission.alarms(), counts);
  }
}

void CommissionBook::Forget() {
  open_.clear();
  changed_.clear();
  marks_.Clear();
}

}  // namespace xinbao::broker
