// CommissionBook: the record of every commission (约稿) — the central
// office asks named units for an item on a topic by a deadline — kept by
// the committer thread and written (storage::ReportStore) before any
// request is acknowledged.
//
// A unit answers with a report naming the commission
// (Report.commission_id); the committer hands each new such report to
// Answer() inside the report's own write, so the link is stored in the
// same atomic batch as the report. A unit may answer more than once (all
// answers are kept); its first answer says whether it was on time.
//
// Each asked unit owes one answer (v1::Deadline, duty DUTY_COMMISSION),
// due at the commission's fixed deadline or CaibianPolicy::commission_within
// after the request, in working days by the calendar. The one alarm engine
// (broker/deadlines/deadline_alarms.h) raises 临期 (黄灯), 超期 (红灯) and
// 升级 alarms from it — alarms carry commission_id — and clears them when
// the answer comes ("已报送（第N号）") or the commission is cancelled
// ("约稿已撤销"); the words are CommissionWording (commission_words.h).
// Each unit's light: green while its answer is owed in time, yellow (临期),
// red (超期, 升级), none once it answered or the commission was cancelled.
//
// Retries are safe: a commission id already stored with the same request
// is answered with the stored state (changed = false); with a different
// one, IDEMPOTENCY_KEY_REUSED. Cancelling a cancelled one is a repeat.
//
// Memory holds the open commissions (for the clock) and, until Settle(),
// those changed since the last write; closed ones are read from the store
// when named.
//
// Threads: one thread (the committer) owns a CommissionBook.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "broker/caibian/caibian_policy.h"
#include "broker/deadlines/alarm_marks.h"
#include "broker/deadlines/work_calendar.h"
#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/caibian.pb.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

class CommissionBook {
 public:
  // Reads a commission's stored state; nullopt if the store has none.
  using Loader = std::function<Result<std::optional<v1::CommissionState>>(
      std::string_view commission_id)>;

  // What the book works with; every part must outlive the book.
  struct Terms {
    const CaibianPolicy& policy;
    const WorkCalendar& calendar;
    const TimeZone& zone;
    const UnitRegistry& units;
  };

  // Who made a request: the registered user (or a gateway's acting user)
  // and the gateway; empty without CURVE.
  struct Actor {
    std::string user;
    std::string via;
  };

  struct Change {
    bool changed = false;                        // false: a repeat
    const v1::CommissionState* commission = nullptr;  // after the request
  };

  CommissionBook(Terms terms, Loader load);

  // Takes in an open commission read from the store (at start, after
  // Forget()).
  void Adopt(v1::CommissionState commission);

  // The office asks. REQUIRES: validated (ids, texts, units registered and
  // not offices, office_unit_id the user's). Fails with
  // IDEMPOTENCY_KEY_REUSED, INVALID_FIELD (a fixed deadline not after now:
  // "commission.due_at_ms"), CALENDAR_NOT_COVERED.
  Result<Change> Ask(const v1::Commission& commission, const Actor& actor,
                     int64_t now_ms);

  // The asking office cancels an open commission; every unit's duty ends
  // and its alarms clear ("约稿已撤销"). Fails with UNKNOWN_ITEM,
  // NOT_PERMITTED (another office), WRONG_STATE (closed: all answered).
  // The actor is not kept: CommissionState has fields only for who asked.
  Result<Change> Cancel(const v1::CancelCommission& request,
                        std::string_view office_unit_id, const Actor& actor,
                        int64_t now_ms);

  // A new stored report naming a commission (report.commission_id not
  // empty; sequence and stored_at_ms set): links it as its unit's answer.
  // The unit's first answer sets answered_at_ms (the report's stored_at_ms)
  // and answered_late (stored after its due), ends its duty and clears its
  // alarms; the last unit's first answer closes the commission (closed_at_ms
  // = its stored_at_ms). Later answers are only added to answer_sequences
  // (also on a closed commission); a report already linked changes nothing.
  // note.late: this report was stored after the unit's deadline.
  // Not linked (linked = false, message says why, nothing changes): no such
  // commission, cancelled, or not asked of report.unit_id. Fails only when
  // the store cannot be read.
  Result<v1::CommissionNote> Answer(const v1::Report& report);

  // Re-evaluates the alarms of every open commission at `now_ms`.
  void Tick(int64_t now_ms);

  // The commissions changed since the last Settle() or Forget().
  std::vector<const v1::CommissionState*> Changed() const;
  // The alarms raised or cleared since then (for the live feed).
  std::vector<v1::Alarm> AlarmChanges() const;
  // They were written: clear the changed set; drop closed ones.
  void Settle();
  // They were NOT written: drop everything in memory; the caller must
  // Adopt() the open ones from the store again.
  void Forget();

  // The commissions in memory that are not closed.
  std::size_t open_commissions() const;
  // Adds the open alarms of the open commissions to `counts`, by kind.
  void CountOpenAlarms(std::map<v1::AlarmKind, uint64_t>* counts) const;

 private:
  // The commission from memory or the store (then kept in memory until
  // Settle()); nullptr if neither has it.
  Result<v1::CommissionState*> Find(std::string_view commission_id);
  // Brings alarms and lights up to date at now_ms; `answer` is the report
  // just linked, if any. Returns whether anything changed.
  bool Evaluate(v1::CommissionState* commission, const v1::Report* answer,
                int64_t now_ms);
  void Touch(v1::CommissionState* commission, int64_t now_ms);

  Terms terms_;
  Loader load_;
  // The open commissions, and closed ones read or changed since the last
  // Settle().
  std::map<std::string, v1::CommissionState, std::less<>> open_;
  std::set<std::string, std::less<>> changed_;
  AlarmMarks marks_;
};

}  // namespace xinbao::broker
