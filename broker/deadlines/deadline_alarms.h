// The one deadline-and-alarm engine: whatever a record owes by a deadline
// (an urgent event's stage, a 督办 item's duty) raises, escalates and
// clears its alarms here, so event rules and 督办 rules do not each keep a
// copy. The owner of the record says what is owed (v1::Deadline, with its
// reminder and escalation instants already computed, in clock hours or
// working days alike) and the words of its alarms (AlarmWording); the
// engine decides which alarms open and which clear.
//
// Alarm kinds it keeps (event.proto's AlarmKind):
//   DUE_SOON   临期 (黄灯): remind_at_ms <= now < due_at_ms, not yet arrived
//   OVERDUE    超时 (红灯): due_at_ms <= now, not yet arrived
//   ESCALATED  升级: an OVERDUE alarm still open at escalate_at_ms — or any
//              other alarm the owner escalates with EscalateAlarms()
// An alarm is never deleted: a cleared one stays with cleared_at_ms set.
//
// Threads: pure functions of their arguments; the caller owns the record
// and must not share it while a function runs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <google/protobuf/repeated_ptr_field.h>

#include "xinbao/v1/event.pb.h"

namespace xinbao::broker {

// The alarms of one record (an event, a 督办 item) and how to number new
// ones. Borrowed: the record must outlive the ledger and every call made
// with it.
struct AlarmLedger {
  google::protobuf::RepeatedPtrField<v1::Alarm>* alarms = nullptr;
  // Returns the id of the next alarm (from 1) and records it as the last
  // one given (EventState.last_alarm_id, or the item's).
  std::function<uint32_t()> next_id;
  std::string event_id;  // set on new alarms (one of the three)
  std::string item_id;
  std::string commission_id;
};

// The ledger of any record with `alarms` and `last_alarm_id` fields (an
// EventState, a 督办 item, a commission); `event_id`, `item_id` or
// `commission_id` is stamped on new alarms.
template <class Record>
AlarmLedger LedgerOf(Record* record, std::string event_id,
                     std::string item_id, std::string commission_id = {}) {
  return AlarmLedger{record->mutable_alarms(),
                     [record] {
                       record->set_last_alarm_id(record->last_alarm_id() + 1);
                       return record->last_alarm_id();
                     },
                     std::move(event_id), std::move(item_id),
                     std::move(commission_id)};
}

// Why an alarm cleared: plain Chinese, and the report (by sequence) or the
// item's step that cleared it, if one did (0: none).
struct AlarmClearance {
  std::string reason;
  uint64_t by_sequence = 0;
  uint32_t by_step = 0;
};

// The words of a record's alarms (plain Chinese), given by its owner.
// Called only while the engine decides; must not change the ledger.
class AlarmWording {
 public:
  using Clearance = AlarmClearance;
  virtual ~AlarmWording() = default;
  // The message of a new DUE_SOON alarm (临期) for `owed`.
  virtual std::string DueSoon(const v1::Deadline& owed) const = 0;
  // The message of a new OVERDUE alarm (超时) for `owed`.
  virtual std::string Overdue(const v1::Deadline& owed) const = 0;
  // The message of a new ESCALATED alarm for the open `overdue` at now_ms.
  virtual std::string Escalated(const v1::Alarm& overdue,
                                int64_t now_ms) const = 0;
  // Why an open DUE_SOON or OVERDUE alarm whose deadline is no longer owed
  // cleared (arrived, record closed, duty moved to someone else …).
  virtual Clearance NoLongerOwed(const v1::Alarm& alarm) const = 0;
  // Why an open alarm cleared because its deadline moved later: an
  // OVERDUE one whose due is now ahead, a DUE_SOON one whose reminder is.
  virtual std::string Moved(const v1::Deadline& owed) const = 0;
};

// Whether `alarm` answers `deadline`: unit_id, stage, followup and duty
// are equal.
bool AnswersDeadline(const v1::Alarm& alarm, const v1::Deadline& deadline);

// Adds an alarm of `kind` about `about` (its unit, stage, follow-up, duty
// and due time) raised at now_ms, numbered by the ledger; open unless it
// is a LATE alarm (a record of fact). Returns it for the caller to fill
// in (message, …); the pointer is valid until the ledger's alarms change.
v1::Alarm* RaiseAlarm(const AlarmLedger& ledger, v1::AlarmKind kind,
                      const v1::Deadline& about, int64_t now_ms);

// Closes `alarm` at now_ms with `why`.
void ClearAlarm(v1::Alarm* alarm, int64_t now_ms, const AlarmClearance& why);

// Brings DUE_SOON, OVERDUE and ESCALATED alarms up to date with `owed` at
// now_ms:
//  - owed and remind_at_ms <= now < due_at_ms (remind_at_ms != 0): a
//    DUE_SOON alarm open;
//  - owed and due_at_ms <= now: an OVERDUE alarm open, and a DUE_SOON one
//    for it cleared ("已超期");
//  - an OVERDUE alarm open at or after its deadline's escalate_at_ms
//    (!= 0): an ESCALATED alarm (escalates_alarm_id) open; it clears with
//    its OVERDUE alarm, for the same reason;
//  - no longer owed: cleared with words.NoLongerOwed(); still owed but
//    moved past now (an OVERDUE alarm's due, a DUE_SOON alarm's reminder):
//    cleared with words.Moved().
// New alarms come in the order of `owed`, escalations after them. Returns
// whether any alarm changed. Never deletes an alarm; raises each at most
// once while it stays open, however often it is called.
bool UpdateDeadlineAlarms(
    const AlarmLedger& ledger,
    const google::protobuf::RepeatedPtrField<v1::Deadline>& owed,
    int64_t now_ms, const AlarmWording& words);

// When an open alarm is to be escalated (0: never), and the message of its
// escalation at now_ms.
using EscalateAt = std::function<int64_t(const v1::Alarm& alarm)>;
using EscalationWords =
    std::function<std::string(const v1::Alarm& alarm, int64_t now_ms)>;

// Escalation of open alarms of `kind` (OVERDUE, CONCEALMENT_SUSPECTED …):
// an alarm still open at or after escalate_at(alarm) (!= 0) without an
// escalation gets an ESCALATED alarm pointing at it (escalates_alarm_id),
// with its unit, stage, follow-up, duty and due time; an open ESCALATED
// alarm whose escalated alarm (of `kind`) has cleared clears with it
// (same time, reason, sequence and step). An alarm is escalated at most
// once. Returns whether any alarm
// changed. UpdateDeadlineAlarms() calls it for OVERDUE alarms.
bool EscalateAlarms(const AlarmLedger& ledger, v1::AlarmKind kind,
                    const EscalateAt& escalate_at, int64_t now_ms,
                    const EscalationWords& words);

}  // namespace xinbao::broker
