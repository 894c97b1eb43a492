// DubanBook: the record of every 督办 item, kept by the committer thread
// and written (storage::ReportStore::PutEvents) before any step is
// acknowledged.
//
// An item is issued by the office (交办) to one lead unit (主办) and any
// co-units (协办). Each unit signs for it (签收), reports progress (办理),
// answers (办结报告 / 办理意见), and is reviewed by the office (复核:
// 办结销号, or 退回重办 — the clock runs again); the office may suspend
// (中止) and resume the whole item and urge (催办) a unit, which must sign
// for the notice. The item closes when every unit is 办结销号. Every step
// is kept whole in DubanState.steps with who, when and what.
//
// What each unit owes and by when is fixed when the step that makes it
// owed is taken (the policy and the working-day calendar in force then),
// and kept in DubanState.deadlines; the one alarm engine
// (broker/deadlines/deadline_alarms.h) raises 临期 (黄灯), 超期 (红灯) and
// 升级 alarms from it and clears them when what they wait for arrives.
// With DubanPolicy::auto_urge, an overdue duty makes the broker issue a
// 催办 notice to its unit (an automatic step).
//
// Retries are safe: an item id or a step id already stored is answered
// with the stored outcome (changed = false) and nothing is applied twice;
// the same id with different content is IDEMPOTENCY_KEY_REUSED.
//
// Memory holds the open items (for the clock) and, until Settle(), the
// items changed since the last write; closed ones are read from the store
// when a step names them.
//
// Threads: one thread (the committer) owns a DubanBook.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "broker/deadlines/alarm_marks.h"
#include "broker/deadlines/work_calendar.h"
#include "broker/duban/duban_policy.h"
#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/duban.pb.h"

namespace xinbao::broker {

// The step ids the broker gives the steps it makes itself (the 交办, an
// automatic 催办) begin with this; a client's step id may not.
inline constexpr std::string_view kBrokerStepPrefix = "broker:";

class DubanBook {
 public:
  // Reads an item's stored state; nullopt if the store has none.
  using Loader = std::function<Result<std::optional<v1::DubanState>>(
      std::string_view item_id)>;

  // What the book works with; every part must outlive the book.
  struct Terms {
    const DubanPolicy& policy;
    const WorkCalendar& calendar;
    const TimeZone& zone;
    const UnitRegistry& units;
  };

  // Who made a request: the registered user (or the acting user a gateway
  // named) and the gateway; empty without CURVE.
  struct Actor {
    std::string user;
    std::string via;
  };

  struct Change {
    bool changed = false;                   // false: a repeat
    const v1::DubanState* item = nullptr;   // the item after the step
    uint32_t step_number = 0;
  };

  DubanBook(Terms terms, Loader load);

  // Takes in an open item read from the store (at start, after Forget()).
  void Adopt(v1::DubanState item);

  // The office issues an item. REQUIRES: the request was validated
  // (broker/ingest/duban_validator.h) and its source exists. Fails with
  // IDEMPOTENCY_KEY_REUSED (another item under that id),
  // INVALID_FIELD (a fixed deadline not after now),
  // CALENDAR_NOT_COVERED (a deadline beyond the calendar).
  Result<Change> Issue(const v1::IssueDubanRequest& request,
                       const Actor& actor, int64_t now_ms);

  // One step. REQUIRES: validated. Fails with UNKNOWN_ITEM, NOT_PERMITTED
  // (the unit is not assigned to the item, or an office step from another
  // office), WRONG_STATE (not possible now: the message says what is owed
  // instead), IDEMPOTENCY_KEY_REUSED, CALENDAR_NOT_COVERED.
  Result<Change> Step(const v1::DubanStepRequest& request, const Actor& actor,
                      int64_t now_ms);

  // Re-evaluates the alarms of every open item at `now_ms` (and issues the
  // automatic 催办 notices they call for).
  void Tick(int64_t now_ms);

  // The items changed since the last Settle() or Forget(), to be written.
  std::vector<const v1::DubanState*> Changed() const;
  // The alarms raised or cleared since then (for the live feed).
  std::vector<v1::Alarm> AlarmChanges() const;
  // They were written: clear the changed set; drop closed items.
  void Settle();
  // They were NOT written: drop everything in memory. The caller must
  // Adopt() the open items from the store again.
  void Forget();

  std::size_t open_items() const { return items_.size(); }
  // Adds the open alarms of the open items to `counts`, by kind.
  void CountOpenAlarms(std::map<v1::AlarmKind, uint64_t>* counts) const;

 private:
  Result<v1::DubanState*> Find(std::string_view item_id);
  // Brings alarms, automatic 催办 and lights up to date at now_ms; `cause`
  // is the step just taken (0: the clock). Returns whether anything changed.
  bool Evaluate(v1::DubanState* item, uint32_t cause, int64_t now_ms);
  void Touch(v1::DubanState* item, int64_t now_ms);

  Terms terms_;
  Loader load_;
  std::map<std::string, v1::DubanState, std::less<>> items_;
  std::set<std::string, std::less<>> changed_;
  AlarmMarks marks_;
};

}  // namespace xinbao::broker
