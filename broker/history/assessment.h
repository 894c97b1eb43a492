// Assessment (考核): each unit's accountability record for a period and
// its score, tallied from what the store holds. Pure: no I/O, no clock.
//
// The period is [from_ms, to_ms): a calendar month in the centre's local
// time (the broker's zone, BrokerConfig::zone()), or a range given in
// milliseconds (ResolvePeriod).
//
// Rows (one v1::UnitStats each): every registry unit that is not an
// office (offices assess, they are not assessed), plus any unit id the
// registry does not know that filed a report in the period (an old
// record, a unit since removed). An office never has a row, even when it
// filed (its phone-call logs are reports). Whatever is attributed to a unit
// without a row is left out.
//
// What each row counts:
//  * reports, by_kind: reports stored in the period (stored_at_ms), by the
//    report's unit_id, per kind; by_kind lists the kinds with an item, in
//    kind order.
//  * urgent_events: events opened in the period (opened_at_ms) that were
//    not merged into another, by responsible_unit_id. For those with both
//    an occurrence time and a written 事 (written_shi_at_ms), the delay
//    written_shi_at_ms - occurred_at_ms (a negative one counts as 0):
//    shi_delays = how many; median and p90 by nearest rank over the sorted
//    delays d[0..n-1], the p-th percentile being d[ceil(p/100 * n) - 1];
//    both 0 when n = 0.
//  * late (迟报) with late_total_ms and late_max_ms (from late_by_ms),
//    missing_elements (漏报), concealment (疑似瞒报): alarms of those kinds
//    raised in the period (raised_at_ms), by the alarm's unit_id, over all
//    events whatever their state. A merge copies the open alarms of the
//    merged event to the surviving one, so an alarm is counted once per
//    (kind, unit_id, stage, followup, report_sequence, due_at_ms).
//  * open_overdue: events open NOW (neither closed nor merged) with an
//    open OVERDUE alarm on the unit; events, not alarms. This is the state
//    when the events were read, not at the period's end.
//  * 督办 (CountItem), per assigned unit: duban_received (items issued in
//    the period), duban_signed_on_time / _late (signed in the period, by
//    its sign deadline or after), duban_closed_on_time / _late (销号 in the
//    period; on time when the accepted answer came by its deadline),
//    duban_overdue (OVERDUE alarms of 签收 or 办结 duties raised in the
//    period), duban_urged (催办 notices to it in the period, by hand or
//    automatic).
//  * the score: quota = monthly_quota for a calendar month, else
//    monthly_quota * (to_ms - from_ms) / 30 days; shortfall =
//    max(0, quota - reports); points = sum over kinds of count * the
//    kind's weight; deductions = shortfall * per_item_short + late *
//    per_late + missing_elements * per_missing_elements + concealment *
//    per_concealment + duban_overdue * per_duban_overdue + duban_urged *
//    per_duban_urged; points also add duban_closed_on_time *
//    points_duban_closed_on_time; score = points - deductions.
//  * 采编: adoptions (each adoption's points: the [assessment.adoption]
//    entry for its level and series kind, or for a level without entries
//    the city's times province_factor / national_factor; times
//    merged_factor when the item was merged from several units),
//    instructions (by the leader's level), commissions (on time, late,
//    missing); see CountAdoption and the others.
//  * lines: every point with the record that earned or cost it; they add
//    up to the score.
//  * rank: by score, highest first, then by unit_id; equal scores share a
//    rank and the next rank skips (1, 1, 3).
//
// Memory: per unit a few counters and one delay per urgent event, plus
// the keys of the alarms counted; never a whole report.
//
// Threads: an Assessment is a value; use one from one thread at a time.
// ResolvePeriod is a pure function.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/caibian.pb.h"
#include "xinbao/v1/duban.pb.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::broker {

// The period a StatsRequest asks about.
struct StatsPeriod {
  int64_t from_ms = 0;
  int64_t to_ms = 0;  // exclusive
  bool calendar_month = false;
};

// The period of `request`: `month` ("2026-11", that month's local midnights
// in `zone`), or [from_ms, to_ms). Refuses with
//   ERROR_CODE_MISSING_FIELD  neither is given (field "stats.month"), or
//                             only one end of the range ("stats.from_ms" /
//                             "stats.to_ms");
//   ERROR_CODE_INVALID_FIELD  both are given ("stats.month"), the month is
//                             not YYYY-MM with a year from 1970 to 9999
//                             ("stats.month"), or to_ms <= from_ms
//                             ("stats.to_ms").
Result<StatsPeriod> ResolvePeriod(const v1::StatsRequest& request,
                                  const TimeZone& zone);

class Assessment {
 public:
  // `units` must outlive this object.
  Assessment(const StatsPeriod& period, const v1::AssessmentWeights& weights,
             const UnitRegistry& units);

  // One stored report; ignored unless stored_at_ms is in the period.
  void CountReport(std::string_view unit_id, v1::Kind kind,
                   int64_t stored_at_ms);
  // One event, in any state (open, closed or merged).
  void CountEvent(const v1::EventState& event);
  // One 督办 item, in any state.
  void CountItem(const v1::DubanState& item);

  // 采编 (docs/CAIBIAN.md, "The score"):
  // One adoption; counted when adopted_at_ms is in the period, once per
  // (unit, adoption id) however many of the unit's reports the adopted item
  // was made from.
  void CountAdoption(const v1::Adoption& adoption);
  // The instructions (批示) recorded on one edited item: each instructed in
  // the period credits every source unit once.
  void CountInstructions(const v1::BulletinItem& item);
  // The 批示 of a 督办 item issued from a report of `report_unit`, when it
  // was given in the period — unless the same leader's instruction on that
  // report was already counted from an edited item. REQUIRES: every edited
  // item was counted first.
  void CountDubanInstruction(const v1::DubanItem& item,
                             std::string_view report_unit);
  // One commission: each asked unit whose deadline falls in the period —
  // answered in time, late, or (past due at now_ms, not cancelled) missing.
  void CountCommission(const v1::CommissionState& commission, int64_t now_ms);

  // The ranked rows, into table->units (replacing any), with the period
  // and the weights. unit_names and computed_at_ms are left to the caller.
  void Finish(v1::StatsTable* table) const;

 private:
  struct Tally {
    std::map<int, uint32_t> by_kind;  // Kind number -> items
    uint32_t reports = 0;
    uint32_t urgent_events = 0;
    std::vector<int64_t> shi_delays;
    uint32_t late = 0;
    int64_t late_total_ms = 0;
    int64_t late_max_ms = 0;
    uint32_t missing_elements = 0;
    uint32_t concealment = 0;
    uint32_t open_overdue = 0;
    uint32_t duban_received = 0;
    uint32_t duban_signed_on_time = 0;
    uint32_t duban_signed_late = 0;
    uint32_t duban_closed_on_time = 0;
    uint32_t duban_closed_late = 0;
    uint32_t duban_overdue = 0;
    uint32_t duban_urged = 0;
    uint32_t adoptions = 0;
    double adoption_points = 0;
    uint32_t instructions = 0;
    uint32_t commissions_on_time = 0;
    uint32_t commissions_late = 0;
    uint32_t commissions_missing = 0;
    // Every point counted per record (alarms, items, adoptions …); the
    // lines per kind and for the quota are added by Row().
    std::vector<v1::ScoreLine> lines;
  };
  // (kind, unit_id, stage, followup, report_sequence, due_at_ms)
  using AlarmKey =
      std::tuple<int, std::string, int, uint32_t, uint64_t, int64_t>;

  bool InPeriod(int64_t at_ms) const {
    return at_ms >= period_.from_ms && at_ms < period_.to_ms;
  }
  // The tally of `unit_id`, made on first use. Finish() decides which
  // tallies become rows, so the order of the Count calls does not matter.
  Tally& TallyOf(std::string_view unit_id);
  void CountAlarm(const v1::Alarm& alarm);
  // The row of `unit_id` from its tally, unranked.
  v1::UnitStats Row(const std::string& unit_id, const Tally& tally) const;

  StatsPeriod period_;
  v1::AssessmentWeights weights_;
  const UnitRegistry& units_;
  // Adds a line of `points` to the tally of `unit_id`.
  v1::ScoreLine& AddLine(std::string_view unit_id, v1::ScoreSource source,
                         double points, std::string text, int64_t at_ms);

  std::map<std::string, Tally, std::less<>> rows_;
  std::set<AlarmKey> alarms_seen_;
  std::set<std::pair<std::string, std::string>> adoptions_seen_;
  // (leader, report sequence) of every instruction counted from an item.
  std::set<std::pair<std::string, uint64_t>> instructed_;
};

}  // namespace xinbao::broker
