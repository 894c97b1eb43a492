// Assessment (考核) on fixed datasets — reports and events, and 督办 items —
// whose figures were worked out by hand (the comments show the sums); the
// period a StatsRequest names;
// AnswerStats over a real store; and the [assessment] config section.
#include "broker/history/assessment.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "broker/config/config.h"
#include "broker/history/stats_query.h"
#include "storage/report_store.h"
#include "tests/broker/config/config_files.h"
#include "tests/support/duban_figures.h"
#include "tests/support/temp_dir.h"

namespace xinbao::broker {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
// 2026-11-01 00:00 and 2026-12-01 00:00 at UTC+8.
const TimeZone kShanghai;  // the broker's default zone
constexpr int64_t kNov = 1'793'462'400'000;
constexpr int64_t kDec = 1'796'054'400'000;

UnitRegistry Units() {
  Result<UnitRegistry> units = UnitRegistry::Build({
      {"office", "县委办", UnitKind::kOffice, ""},
      {"a", "甲镇", UnitKind::kTownship, "office"},
      {"b", "乙镇", UnitKind::kTownship, "office"},
      {"c", "丙局", UnitKind::kDepartment, "office"},
      {"d", "丁镇", UnitKind::kTownship, "office"},
  });
  EXPECT_TRUE(units.ok()) << units.status().ToString();
  return std::move(units).value();
}

v1::StatsRequest Month(const std::string& month) {
  v1::StatsRequest request;
  request.set_month(month);
  return request;
}

v1::StatsRequest Range(int64_t from_ms, int64_t to_ms) {
  v1::StatsRequest request;
  request.set_from_ms(from_ms);
  request.set_to_ms(to_ms);
  return request;
}

v1::Alarm* AddAlarm(v1::EventState* event, v1::AlarmKind kind,
                    const std::string& unit, int64_t raised_at_ms,
                    uint64_t report_sequence = 0) {
  v1::Alarm* alarm = event->add_alarms();
  alarm->set_id(static_cast<uint32_t>(event->alarms_size()));
  alarm->set_kind(kind);
  alarm->set_event_id(event->event_id());
  alarm->set_unit_id(unit);
  alarm->set_stage(v1::STAGE_SHI);
  alarm->set_raised_at_ms(raised_at_ms);
  alarm->set_report_sequence(report_sequence);
  return alarm;
}

// An event of `unit`, opened at `opened`, that happened `shi_delay` before
// its written 事 (no 事 yet when shi_delay < 0), closed unless `open`.
v1::EventState Event(const std::string& id, const std::string& unit,
                     int64_t opened, int64_t shi_delay, bool open = false) {
  v1::EventState event;
  event.set_event_id(id);
  event.set_responsible_unit_id(unit);
  event.set_opened_at_ms(opened);
  event.set_occurred_at_ms(opened - 10 * kMinute);
  if (shi_delay >= 0)
    event.set_written_shi_at_ms(opened - 10 * kMinute + shi_delay);
  event.set_closed(!open);
  return event;
}

// The dataset, in November 2026 (UTC+8):
//   reports  a: 2 紧急 + 1 重要动态 + 2 一般动态 = 5 (one stored at the very
//               first instant; two just outside the month are not counted)
//            b: 1 调研 + 1 经验 = 2;  c: 1 一般动态 + 1 紧急 = 2;
//            old (not in the registry): 1 一般动态;  d: none;
//            office: 1 紧急 (a phone log; offices get no row)
//   events   a: E1..E5 opened in November, 事 delays 30m 90m 10m 120m and
//               none yet (E5, still open); E6 opened in October
//            b: E7 (事 written before the given occurrence: delay 0), and
//               E8 merged into E7 (not counted)
//   alarms   a: 迟报 30m (E1), 2h (E2), 45m (E6, raised in November) = 3;
//               漏报 1 (E1); E5 open with two open 超时 alarms for a and
//               one for c (one event each); a cleared 超时 on E4 and an
//               open one on the closed E4 do not count
//            b: 疑似瞒报 on E8 and its copy on E7 = 1; a 迟报 raised in
//               October does not count
//            c: 漏报 on E3 (another raised in December does not count)
class AssessmentDataset : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<StatsPeriod> period = ResolvePeriod(Month("2026-11"), kShanghai);
    ASSERT_TRUE(period.ok()) << period.status().ToString();
    assessment_ = std::make_unique<Assessment>(
        *period, DefaultConfig().assessment, units_);
    // clang-format off
    const std::vector<std::pair<std::string, v1::Kind>> reports = {
        {"a", v1::KIND_URGENT},          {"a", v1::KIND_URGENT},
        {"a", v1::KIND_IMPORTANT_DYNAMIC}, {"a", v1::KIND_GENERAL_DYNAMIC},
        {"a", v1::KIND_GENERAL_DYNAMIC}, {"b", v1::KIND_RESEARCH},
        {"b", v1::KIND_EXPERIENCE},      {"c", v1::KIND_GENERAL_DYNAMIC},
        {"c", v1::KIND_URGENT},          {"old", v1::KIND_GENERAL_DYNAMIC},
        {"office", v1::KIND_URGENT},
    };
    // clang-format on
    for (std::size_t i = 0; i < reports.size(); ++i) {
      assessment_->CountReport(reports[i].first, reports[i].second,
                               kNov + static_cast<int64_t>(i) * kHour);
    }
    assessment_->CountReport("a", v1::KIND_URGENT, kNov - 1);
    assessment_->CountReport("a", v1::KIND_URGENT, kDec);

    v1::EventState e1 = Event("E1", "a", kNov + 1 * kDay, 30 * kMinute);
    AddAlarm(&e1, v1::ALARM_KIND_LATE, "a", kNov + 1 * kDay, 11)
        ->set_late_by_ms(30 * kMinute);
    AddAlarm(&e1, v1::ALARM_KIND_MISSING_ELEMENTS, "a", kNov + 1 * kDay, 11);
    v1::EventState e2 = Event("E2", "a", kNov + 2 * kDay, 90 * kMinute);
    v1::Alarm* late =
        AddAlarm(&e2, v1::ALARM_KIND_LATE, "a", kNov + 3 * kDay, 12);
    late->set_stage(v1::STAGE_QING);
    late->set_followup(1);
    late->set_late_by_ms(2 * kHour);
    v1::EventState e3 = Event("E3", "a", kNov + 3 * kDay, 10 * kMinute);
    AddAlarm(&e3, v1::ALARM_KIND_MISSING_ELEMENTS, "c", kNov + 3 * kDay, 13);
    AddAlarm(&e3, v1::ALARM_KIND_MISSING_ELEMENTS, "c", kDec, 14);
    v1::EventState e4 = Event("E4", "a", kNov + 4 * kDay, 2 * kHour);
    AddAlarm(&e4, v1::ALARM_KIND_OVERDUE, "a", kNov + 4 * kDay);
    AddAlarm(&e4, v1::ALARM_KIND_OVERDUE, "a", kNov + 4 * kDay)->set_open(true);
    v1::EventState e5 = Event("E5", "a", kNov + 5 * kDay, -1, /*open=*/true);
    AddAlarm(&e5, v1::ALARM_KIND_OVERDUE, "a", kNov + 5 * kDay)->set_open(true);
    AddAlarm(&e5, v1::ALARM_KIND_OVERDUE, "a", kNov + 6 * kDay)->set_open(true);
    AddAlarm(&e5, v1::ALARM_KIND_ESCALATED, "a", kNov + 6 * kDay)
        ->set_open(true);
    AddAlarm(&e5, v1::ALARM_KIND_OVERDUE, "c", kNov + 6 * kDay)->set_open(true);
    v1::EventState e6 = Event("E6", "a", kNov - 2 * kDay, 5 * kMinute);
    AddAlarm(&e6, v1::ALARM_KIND_LATE, "a", kNov + 7 * kDay, 16)
        ->set_late_by_ms(45 * kMinute);
    v1::EventState e7 = Event("E7", "b", kNov + 8 * kDay, 0);
    e7.set_written_shi_at_ms(e7.occurred_at_ms() - kHour);
    AddAlarm(&e7, v1::ALARM_KIND_LATE, "b", kNov - kDay, 17)
        ->set_late_by_ms(kHour);
    v1::EventState e8 = Event("E8", "b", kNov + 8 * kDay, -1, /*open=*/true);
    e8.set_merged_into("E7");
    for (v1::EventState* event : {&e8, &e7}) {
      v1::Alarm* concealment = AddAlarm(
          event, v1::ALARM_KIND_CONCEALMENT_SUSPECTED, "b", kNov + 8 * kDay);
      concealment->set_due_at_ms(kNov + 8 * kDay);
      concealment->set_open(true);
    }
    AddAlarm(&e8, v1::ALARM_KIND_OVERDUE, "b", kNov + 8 * kDay)->set_open(true);
    for (const v1::EventState* event :
         {&e1, &e2, &e3, &e4, &e5, &e6, &e7, &e8}) {
      assessment_->CountEvent(*event);
    }
    assessment_->Finish(&table_);
  }

  const v1::UnitStats& Row(const std::string& unit_id) const {
    for (const v1::UnitStats& row : table_.units()) {
      if (row.unit_id() == unit_id) return row;
    }
    ADD_FAILURE() << "no row for " << unit_id;
    return v1::UnitStats::default_instance();
  }

  UnitRegistry units_ = Units();
  std::unique_ptr<Assessment> assessment_;
  v1::StatsTable table_;
};

TEST_F(AssessmentDataset, RowsAreTheAssessedUnitsRankedByScore) {
  // Scores: a 3, c 1, b -2, old -2, d -4; b and old tie (b first by id).
  std::vector<std::pair<std::string, uint32_t>> ranked;
  for (const v1::UnitStats& row : table_.units()) {
    ranked.emplace_back(row.unit_id(), row.rank());
  }
  const std::vector<std::pair<std::string, uint32_t>> expected = {
      {"a", 1}, {"c", 2}, {"b", 3}, {"old", 3}, {"d", 5}};
  EXPECT_EQ(ranked, expected);
  EXPECT_EQ(table_.from_ms(), kNov);
  EXPECT_EQ(table_.to_ms(), kDec);
  EXPECT_EQ(table_.weights().monthly_quota(), 4u);
}

TEST_F(AssessmentDataset, CountsItemsByKind) {
  const v1::UnitStats& a = Row("a");
  EXPECT_EQ(a.reports(), 5u);
  ASSERT_EQ(a.by_kind_size(), 3);
  EXPECT_EQ(a.by_kind(0).kind(), v1::KIND_URGENT);
  EXPECT_EQ(a.by_kind(0).count(), 2u);
  EXPECT_EQ(a.by_kind(1).kind(), v1::KIND_IMPORTANT_DYNAMIC);
  EXPECT_EQ(a.by_kind(1).count(), 1u);
  EXPECT_EQ(a.by_kind(2).kind(), v1::KIND_GENERAL_DYNAMIC);
  EXPECT_EQ(a.by_kind(2).count(), 2u);
  EXPECT_EQ(Row("b").reports(), 2u);
  EXPECT_EQ(Row("old").reports(), 1u);
  EXPECT_EQ(Row("d").reports(), 0u);
  EXPECT_EQ(Row("d").by_kind_size(), 0);
}

TEST_F(AssessmentDataset, ShiDelaysByNearestRank) {
  const v1::UnitStats& a = Row("a");
  EXPECT_EQ(a.urgent_events(), 5u);  // E1..E5; E6 opened in October
  EXPECT_EQ(a.shi_delays(), 4u);     // E5 has no 事 yet
  // Sorted 10m 30m 90m 120m: median d[ceil(2)-1] = d[1], p90 d[ceil(3.6)-1] =
  // d[3].
  EXPECT_EQ(a.shi_delay_median_ms(), 30 * kMinute);
  EXPECT_EQ(a.shi_delay_p90_ms(), 120 * kMinute);
  const v1::UnitStats& b = Row("b");
  EXPECT_EQ(b.urgent_events(), 1u);  // E8 was merged into E7
  EXPECT_EQ(b.shi_delays(), 1u);
  EXPECT_EQ(b.shi_delay_median_ms(), 0);  // written before it happened
  EXPECT_EQ(b.shi_delay_p90_ms(), 0);
  EXPECT_EQ(Row("c").urgent_events(), 0u);
  EXPECT_EQ(Row("c").shi_delays(), 0u);
}

TEST_F(AssessmentDataset, LateMissingAndConcealmentByRaisedTime) {
  const v1::UnitStats& a = Row("a");
  EXPECT_EQ(a.late(), 3u);
  EXPECT_EQ(a.late_total_ms(), 195 * kMinute);  // 30m + 2h + 45m
  EXPECT_EQ(a.late_max_ms(), 2 * kHour);
  EXPECT_EQ(a.missing_elements(), 1u);
  EXPECT_EQ(a.concealment(), 0u);
  EXPECT_EQ(Row("b").late(), 0u);         // raised in October
  EXPECT_EQ(Row("b").concealment(), 1u);  // the merge's copy counted once
  EXPECT_EQ(Row("c").missing_elements(), 1u);
}

TEST_F(AssessmentDataset, OpenOverdueCountsOpenEventsOnce) {
  EXPECT_EQ(Row("a").open_overdue(), 1u);  // E5; E4 is closed
  EXPECT_EQ(Row("c").open_overdue(), 1u);
  EXPECT_EQ(Row("b").open_overdue(), 0u);  // E8 was merged away
}

TEST_F(AssessmentDataset, ScoresFromTheDefaultWeights) {
  struct Expected {
    const char* unit;
    double quota, shortfall, points, deductions, score;
  };
  // points: 紧急 3, 重要动态 2, 一般动态 1, 调研 3, 经验 2 per item;
  // deductions: 1 per item short of 4, 2 per 迟报, 1 per 漏报, 5 per 瞒报.
  const Expected expected[] = {
      {"a", 4, 0, 10, 7, 3},    // 2×3+2+2×1; 3×2 + 1
      {"b", 4, 2, 5, 7, -2},    // 3+2; 2 + 5
      {"c", 4, 2, 4, 3, 1},     // 1+3; 2 + 1
      {"old", 4, 3, 1, 3, -2},  // 1; 3
      {"d", 4, 4, 0, 4, -4},
  };
  for (const Expected& want : expected) {
    SCOPED_TRACE(want.unit);
    const v1::UnitStats& row = Row(want.unit);
    EXPECT_DOUBLE_EQ(row.quota(), want.quota);
    EXPECT_DOUBLE_EQ(row.shortfall(), want.shortfall);
    EXPECT_DOUBLE_EQ(row.points(), want.points);
    EXPECT_DOUBLE_EQ(row.deductions(), want.deductions);
    EXPECT_DOUBLE_EQ(row.score(), want.score);
  }
}

// 督办 items (CountItem), by hand. Helpers build an item as the broker
// keeps it: its units' parts, its alarms and its steps.
v1::DubanUnit* AddPart(v1::DubanState* item, const std::string& unit,
                       v1::UnitPhase phase) {
  v1::DubanUnit* part = item->add_units();
  part->set_unit_id(unit);
  part->set_lead(item->units_size() == 1);
  part->set_phase(phase);
  return part;
}

void Signed(v1::DubanUnit* part, int64_t at_ms, bool late) {
  part->set_signed_at_ms(at_ms);
  part->set_signed_late(late);
}

void Done(v1::DubanUnit* part, int64_t at_ms, bool answered_late) {
  part->set_done_at_ms(at_ms);
  part->set_answered_late(answered_late);
}

void AddItemAlarm(v1::DubanState* item, v1::AlarmKind kind, v1::Duty duty,
                  const std::string& unit, int64_t raised_at_ms) {
  v1::Alarm* alarm = item->add_alarms();
  alarm->set_id(static_cast<uint32_t>(item->alarms_size()));
  alarm->set_kind(kind);
  alarm->set_duty(duty);
  alarm->set_item_id(item->item().item_id());
  alarm->set_unit_id(unit);
  alarm->set_raised_at_ms(raised_at_ms);
}

void AddItemStep(v1::DubanState* item, v1::StepKind kind, int64_t at_ms,
                 const std::string& target = "", bool automatic = false) {
  v1::DubanStep* step = item->add_steps();
  step->set_number(static_cast<uint32_t>(item->steps_size()));
  step->set_kind(kind);
  step->set_unit_id("office");
  step->set_at_ms(at_ms);
  step->set_target_unit_id(target);
  step->set_automatic(automatic);
}

v1::DubanState Item(const std::string& id, int64_t issued_at_ms) {
  v1::DubanState item;
  item.mutable_item()->set_item_id(id);
  item.set_issued_at_ms(issued_at_ms);
  AddItemStep(&item, v1::STEP_KIND_ISSUE, issued_at_ms);
  return item;
}

// A month of 督办 (November 2026, UTC+8), every part and alarm placed by
// hand in or out of the period [kNov, kDec):
//   I1  issued 30 Oct (out) to a; a signed 30 Oct on time (out), 销号 on
//       3 Nov, answered in time          → a closed on time
//   I2  issued 2 Nov to a (主办), b and c (协办)
//       a  signed on time 2 Nov, 销号 4 Nov in time → a received, signed
//          on time, closed on time
//       b  sign overdue (红灯) 2 Nov 06:00 → overdue; the broker's 催办 at
//          the same instant → urged; signed late 2 Nov 08:00 → signed late;
//          the 签收 of its 催办 notice overdue (not counted: the 催办 is);
//          临期 and 升级 alarms (not 超期: not counted); 催办 by
//          hand 6 Nov → urged; answer overdue 9 Nov → overdue; 销号 11 Nov
//          after a late answer → closed late; the 签收催办 and 销号 steps are
//          not 催办
//       c  signed on time; answered, not yet 销号 (not closed); answer
//          overdue and the broker's 催办 on 1 Dec 01:00 (out)
//   I3  issued 26 Oct (out) to d; sign overdue and the broker's 催办 at
//       31 Oct 23:59:59.999 (out); 催办 by hand at 1 Nov 00:00 (the first
//       instant: in) → urged; signed late 1 Nov 01:00 → signed late; answer
//       overdue 21 Nov → overdue; 销号 at 1 Dec 00:00 (out)
//   I4  issued 1 Dec 00:00 (out) to c
//   I5  issued 16 Nov to gone (not in the registry, never filed: no row)
//       and d → d received; gone's overdue and 催办 left out
// So, per unit (收到, 按时签收, 逾期签收, 按时办结, 逾期办结, 超期, 被催办):
//   a  1 (I2), 1 (I2), 0, 2 (I1, I2), 0, 0, 0
//   b  1 (I2), 0, 1, 0, 1, 2 (sign, answer), 2 (auto, by hand)
//   c  1 (I2; I4 is December's), 1, 0, 0, 0, 0, 0
//   d  1 (I5; I3 is October's), 0, 1 (I3), 0, 0, 1 (I3's answer), 1
// With 3 points per part closed on time, 2 off per overdue, 0.5 off per
// 催办, and no monthly quota (so nothing is short):
//   a  points 2 × 3 = 6, deductions 0               → score 6, rank 1
//   c  0, 0                                          → 0, rank 2
//   d  0, 1 × 2 + 1 × 0.5 = 2.5                      → -2.5, rank 3
//   b  0, 2 × 2 + 2 × 0.5 = 5                        → -5, rank 4
class AssessmentOfItems : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<StatsPeriod> period = ResolvePeriod(Month("2026-11"), kShanghai);
    ASSERT_TRUE(period.ok()) << period.status().ToString();
    v1::AssessmentWeights weights = DefaultConfig().assessment;
    weights.set_monthly_quota(0);
    weights.set_points_duban_closed_on_time(3);
    weights.set_per_duban_overdue(2);
    weights.set_per_duban_urged(0.5);
    Assessment assessment(*period, weights, units_);

    v1::DubanState i1 = Item("I1", kNov - 2 * kDay);
    v1::DubanUnit* part = AddPart(&i1, "a", v1::UNIT_PHASE_DONE);
    Signed(part, kNov - 2 * kDay + kHour, false);
    Done(part, kNov + 2 * kDay, false);
    AddItemStep(&i1, v1::STEP_KIND_ACCEPT, kNov + 2 * kDay, "a");

    const int64_t nov2 = kNov + kDay;
    v1::DubanState i2 = Item("I2", nov2);
    part = AddPart(&i2, "a", v1::UNIT_PHASE_DONE);
    Signed(part, nov2 + kHour, false);
    Done(part, kNov + 3 * kDay, false);
    part = AddPart(&i2, "b", v1::UNIT_PHASE_DONE);
    Signed(part, nov2 + 8 * kHour, true);
    Done(part, kNov + 10 * kDay, true);
    part = AddPart(&i2, "c", v1::UNIT_PHASE_ANSWERED);
    Signed(part, nov2 + 2 * kHour, false);
    part->set_answered_late(false);
    AddItemAlarm(&i2, v1::ALARM_KIND_DUE_SOON, v1::DUTY_SIGN, "b",
                 nov2 + 5 * kHour);
    AddItemAlarm(&i2, v1::ALARM_KIND_OVERDUE, v1::DUTY_SIGN, "b",
                 nov2 + 6 * kHour);
    AddItemStep(&i2, v1::STEP_KIND_URGE, nov2 + 6 * kHour, "b", true);
    AddItemAlarm(&i2, v1::ALARM_KIND_ESCALATED, v1::DUTY_SIGN, "b",
                 nov2 + 7 * kHour);
    AddItemStep(&i2, v1::STEP_KIND_SIGN, nov2 + 8 * kHour);
    AddItemAlarm(&i2, v1::ALARM_KIND_OVERDUE, v1::DUTY_SIGN_URGE, "b",
                 nov2 + 8 * kHour);
    AddItemStep(&i2, v1::STEP_KIND_SIGN_URGE, nov2 + 9 * kHour);
    AddItemStep(&i2, v1::STEP_KIND_ACCEPT, kNov + 3 * kDay, "a");
    AddItemStep(&i2, v1::STEP_KIND_URGE, kNov + 5 * kDay, "b");
    AddItemAlarm(&i2, v1::ALARM_KIND_OVERDUE, v1::DUTY_ANSWER, "b",
                 kNov + 8 * kDay);
    AddItemStep(&i2, v1::STEP_KIND_ACCEPT, kNov + 10 * kDay, "b");
    AddItemAlarm(&i2, v1::ALARM_KIND_OVERDUE, v1::DUTY_ANSWER, "c",
                 kDec + kHour);
    AddItemStep(&i2, v1::STEP_KIND_URGE, kDec + kHour, "c", true);

    v1::DubanState i3 = Item("I3", kNov - 6 * kDay);
    part = AddPart(&i3, "d", v1::UNIT_PHASE_DONE);
    Signed(part, kNov + kHour, true);
    Done(part, kDec, true);
    AddItemAlarm(&i3, v1::ALARM_KIND_OVERDUE, v1::DUTY_SIGN, "d", kNov - 1);
    AddItemStep(&i3, v1::STEP_KIND_URGE, kNov - 1, "d", true);
    AddItemStep(&i3, v1::STEP_KIND_URGE, kNov, "d");
    AddItemAlarm(&i3, v1::ALARM_KIND_OVERDUE, v1::DUTY_ANSWER, "d",
                 kNov + 20 * kDay);

    v1::DubanState i4 = Item("I4", kDec);
    AddPart(&i4, "c", v1::UNIT_PHASE_ISSUED);

    v1::DubanState i5 = Item("I5", kNov + 15 * kDay);
    AddPart(&i5, "gone", v1::UNIT_PHASE_ISSUED);
    AddPart(&i5, "d", v1::UNIT_PHASE_ISSUED);
    AddItemAlarm(&i5, v1::ALARM_KIND_OVERDUE, v1::DUTY_SIGN, "gone",
                 kNov + 16 * kDay);
    AddItemStep(&i5, v1::STEP_KIND_URGE, kNov + 16 * kDay, "gone", true);

    for (const v1::DubanState* item : {&i1, &i2, &i3, &i4, &i5}) {
      assessment.CountItem(*item);
    }
    assessment.Finish(&table_);
  }

  UnitRegistry units_ = Units();
  v1::StatsTable table_;
};

TEST_F(AssessmentOfItems, CountsEachUnitsPartInThePeriod) {
  using testing::DubanFigures;
  const std::pair<std::string, DubanFigures> expected[] = {
      {"a", {1, 1, 0, 2, 0, 0, 0}},
      {"c", {1, 1, 0, 0, 0, 0, 0}},
      {"d", {1, 0, 1, 0, 0, 1, 1}},
      {"b", {1, 0, 1, 0, 1, 2, 2}},
  };
  // Only the registry's units: gone never filed, so it has no row.
  ASSERT_EQ(table_.units_size(), 4);
  for (int i = 0; i < 4; ++i) {
    const auto& [unit, figures] = expected[i];
    EXPECT_EQ(table_.units(i).unit_id(), unit);
    EXPECT_EQ(testing::DubanFiguresOf(table_.units(i)), figures) << unit;
  }
}

TEST_F(AssessmentOfItems, ScoresWithTheDubanWeights) {
  struct Expected {
    const char* unit;
    double points, deductions, score;
    uint32_t rank;
  };
  const Expected expected[] = {
      {"a", 6, 0, 6, 1},      // 2 closed on time × 3
      {"c", 0, 0, 0, 2},      // nothing closed, nothing overdue
      {"d", 0, 2.5, -2.5, 3},  // 1 overdue × 2 + 1 催办 × 0.5
      {"b", 0, 5, -5, 4},     // 2 overdue × 2 + 2 催办 × 0.5
  };
  ASSERT_EQ(table_.units_size(), 4);
  for (int i = 0; i < 4; ++i) {
    const Expected& want = expected[i];
    const v1::UnitStats& row = table_.units(i);
    SCOPED_TRACE(want.unit);
    EXPECT_EQ(row.unit_id(), want.unit);
    EXPECT_DOUBLE_EQ(row.shortfall(), 0);
    EXPECT_DOUBLE_EQ(row.points(), want.points);
    EXPECT_DOUBLE_EQ(row.deductions(), want.deductions);
    EXPECT_DOUBLE_EQ(row.score(), want.score);
    EXPECT_EQ(row.rank(), want.rank);
  }
  EXPECT_DOUBLE_EQ(table_.weights().points_duban_closed_on_time(), 3);
}

TEST(Assessment, ARangeProratesTheQuotaOverThirtyDays) {
  const UnitRegistry units = Units();
  // 12 days: quota 4 × 12/30 = 1.6.
  Result<StatsPeriod> period =
      ResolvePeriod(Range(kNov, kNov + 12 * kDay), kShanghai);
  ASSERT_TRUE(period.ok());
  v1::AssessmentWeights weights = DefaultConfig().assessment;
  weights.set_per_item_short(0.5);
  Assessment assessment(*period, weights, units);
  assessment.CountReport("b", v1::KIND_RESEARCH, kNov + 11 * kDay);
  assessment.CountReport("b", v1::KIND_RESEARCH, kNov + 12 * kDay);  // after
  v1::StatsTable table;
  assessment.Finish(&table);
  ASSERT_EQ(table.units_size(), 4);  // a b c d
  const v1::UnitStats& b = table.units(0);
  EXPECT_EQ(b.unit_id(), "b");
  EXPECT_DOUBLE_EQ(b.quota(), 1.6);
  EXPECT_DOUBLE_EQ(b.shortfall(), 0.6);
  EXPECT_DOUBLE_EQ(b.points(), 3);
  EXPECT_DOUBLE_EQ(b.deductions(), 0.3);  // 0.6 × 0.5
  EXPECT_DOUBLE_EQ(b.score(), 2.7);
  // a, c and d tie at -0.8 (1.6 × 0.5 short), ranked 2 in id order.
  for (int i = 1; i < 4; ++i) {
    EXPECT_EQ(table.units(i).rank(), 2u);
    EXPECT_DOUBLE_EQ(table.units(i).score(), -0.8);
  }
  EXPECT_EQ(table.units(1).unit_id(), "a");
  EXPECT_EQ(table.units(3).unit_id(), "d");
}

TEST(StatsPeriod, AMonthIsACalendarMonthInTheCentresTime) {
  Result<StatsPeriod> november = ResolvePeriod(Month("2026-11"), kShanghai);
  ASSERT_TRUE(november.ok());
  EXPECT_EQ(november->from_ms, kNov);
  EXPECT_EQ(november->to_ms, kDec);
  EXPECT_TRUE(november->calendar_month);
  // December rolls into the next year; UTC and New York (UTC-5 then).
  Result<StatsPeriod> december =
      ResolvePeriod(Month("2026-12"), TimeZone::Load("UTC").value());
  ASSERT_TRUE(december.ok());
  EXPECT_EQ(december->from_ms, 1'796'083'200'000);  // 2026-12-01T00:00Z
  Result<StatsPeriod> west =
      ResolvePeriod(Month("2026-12"), TimeZone::Load("America/New_York").value());
  ASSERT_TRUE(west.ok());
  EXPECT_EQ(west->to_ms, 1'798'779'600'000);  // 2027-01-01T00:00-05:00
  // A month with a clock change is its local midnights, not 30 x 24 h:
  // New York's March 2026 has 31 days less one hour.
  Result<StatsPeriod> march =
      ResolvePeriod(Month("2026-03"), TimeZone::Load("America/New_York").value());
  ASSERT_TRUE(march.ok());
  EXPECT_EQ(march->to_ms - march->from_ms, 31 * kDay - kHour);
  Result<StatsPeriod> range = ResolvePeriod(Range(5, 9), kShanghai);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->from_ms, 5);
  EXPECT_EQ(range->to_ms, 9);
  EXPECT_FALSE(range->calendar_month);
}

TEST(StatsPeriod, RefusesABadPeriodNamingTheField) {
  struct Case {
    v1::StatsRequest request;
    v1::ErrorCode code;
    const char* field;
  };
  v1::StatsRequest both = Month("2026-11");
  both.set_from_ms(kNov);
  both.set_to_ms(kDec);
  v1::StatsRequest from_only;
  from_only.set_from_ms(kNov);
  v1::StatsRequest to_only;
  to_only.set_to_ms(kDec);
  const Case cases[] = {
      {v1::StatsRequest(), v1::ERROR_CODE_MISSING_FIELD, "stats.month"},
      {both, v1::ERROR_CODE_INVALID_FIELD, "stats.month"},
      {Month("2026-1"), v1::ERROR_CODE_INVALID_FIELD, "stats.month"},
      {Month("2026-13"), v1::ERROR_CODE_INVALID_FIELD, "stats.month"},
      {Month("2026-00"), v1::ERROR_CODE_INVALID_FIELD, "stats.month"},
      {Month("2026/11"), v1::ERROR_CODE_INVALID_FIELD, "stats.month"},
      {Month("１２３４-11"), v1::ERROR_CODE_INVALID_FIELD, "stats.month"},
      {Month("1969-12"), v1::ERROR_CODE_INVALID_FIELD, "stats.month"},
      {Month("2026-11-01"), v1::ERROR_CODE_INVALID_FIELD, "stats.month"},
      {from_only, v1::ERROR_CODE_MISSING_FIELD, "stats.to_ms"},
      {to_only, v1::ERROR_CODE_MISSING_FIELD, "stats.from_ms"},
      {Range(kDec, kNov), v1::ERROR_CODE_INVALID_FIELD, "stats.to_ms"},
      {Range(kNov, kNov), v1::ERROR_CODE_INVALID_FIELD, "stats.to_ms"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.request.ShortDebugString());
    Result<StatsPeriod> period = ResolvePeriod(c.request, kShanghai);
    ASSERT_FALSE(period.ok());
    EXPECT_EQ(period.status().code(), c.code);
    EXPECT_EQ(period.status().field(), c.field);
    EXPECT_FALSE(period.status().message().empty());
  }
}

// AnswerStats over a real store: reports by stored time, events, names.
TEST(AnswerStats, TalliesTheStoreForTheMonth) {
  testing::TempDir dir;
  auto store = storage::ReportStore::Open(dir / "store");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  BrokerConfig config = DefaultConfig();
  const auto append = [&store](const std::string& key, const std::string& unit,
                               v1::Kind kind, int64_t now_ms) {
    v1::Report report;
    report.set_idempotency_key(key);
    report.set_unit_id(unit);
    report.set_kind(kind);
    v1::Report* batch[] = {&report};
    ASSERT_TRUE((*store)->Append(batch, now_ms)[0].status.ok());
  };
  append("k1", "hekou", v1::KIND_URGENT, kNov - 1);  // October
  append("k2", "hekou", v1::KIND_URGENT, kNov);
  append("k3", "hekou", v1::KIND_RESEARCH, kNov + kDay);
  append("k4", "chengguan", v1::KIND_GENERAL_DYNAMIC, kDec - 1);
  append("k5", "county-office", v1::KIND_URGENT, kNov + kDay);
  append("k6", "hekou", v1::KIND_GENERAL_DYNAMIC, kDec);  // December
  v1::EventState event = Event("E1", "hekou", kNov, 40 * kMinute);
  AddAlarm(&event, v1::ALARM_KIND_LATE, "hekou", kNov, 2)
      ->set_late_by_ms(5 * kMinute);
  ASSERT_TRUE((*store)->PutEvents({{&event}, 0}).ok());

  v1::StatsTable table;
  ASSERT_TRUE(
      AnswerStats(**store, config, Month("2026-11"), kDec + 7, &table).ok());
  EXPECT_EQ(table.computed_at_ms(), kDec + 7);
  EXPECT_EQ(table.units_size(), 10);  // the demo registry less its office
  const v1::UnitStats& top = table.units(0);
  EXPECT_EQ(top.unit_id(), "hekou");
  EXPECT_EQ(top.rank(), 1u);
  EXPECT_EQ(top.reports(), 2u);
  EXPECT_EQ(top.urgent_events(), 1u);
  EXPECT_EQ(top.shi_delay_median_ms(), 40 * kMinute);
  EXPECT_EQ(top.late(), 1u);
  // 3 + 3 points; 2 short of 4 and one 迟报: 2 + 2.
  EXPECT_DOUBLE_EQ(top.score(), 2);
  EXPECT_EQ(table.units(1).unit_id(), "chengguan");  // 1 - 3 = -2
  EXPECT_DOUBLE_EQ(table.units(1).score(), -2);
  EXPECT_EQ(table.unit_names().at("hekou"), "河口镇");
  EXPECT_EQ(table.unit_names().count("county-office"), 0u);
  EXPECT_DOUBLE_EQ(table.weights().per_concealment(), 5);

  const Status refused =
      AnswerStats(**store, config, Month("11/2026"), kDec, &table);
  EXPECT_EQ(refused.code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(refused.field(), "stats.month");
}

// [assessment] in the broker's TOML. (Kept here, beside what the weights
// feed, rather than in config_test.cc.)
Result<BrokerConfig> LoadAssessment(const testing::TempDir& dir,
                                    const std::string& section) {
  return LoadConfig(
      WriteConfig(dir, "[assessment]\n" + section, "assessment.toml"));
}

TEST(AssessmentConfig, DefaultsAndOverrides) {
  const v1::AssessmentWeights& defaults = DefaultConfig().assessment;
  EXPECT_DOUBLE_EQ(defaults.urgent(), 3);
  EXPECT_DOUBLE_EQ(defaults.general_dynamic(), 1);
  EXPECT_EQ(defaults.monthly_quota(), 4u);
  EXPECT_DOUBLE_EQ(defaults.per_concealment(), 5);
  EXPECT_DOUBLE_EQ(defaults.points_duban_closed_on_time(), 2);
  EXPECT_DOUBLE_EQ(defaults.per_duban_overdue(), 2);
  EXPECT_DOUBLE_EQ(defaults.per_duban_urged(), 1);

  testing::TempDir dir;
  Result<BrokerConfig> config = LoadAssessment(
      dir,
      "points_research = 4.5\nmonthly_quota = 6\nper_late = 0\n"
      "points_duban_closed_on_time = 3\nper_duban_urged = 0.5\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_DOUBLE_EQ(config->assessment.research(), 4.5);
  EXPECT_EQ(config->assessment.monthly_quota(), 6u);
  EXPECT_DOUBLE_EQ(config->assessment.per_late(), 0);
  EXPECT_DOUBLE_EQ(config->assessment.points_duban_closed_on_time(), 3);
  EXPECT_DOUBLE_EQ(config->assessment.per_duban_urged(), 0.5);
  EXPECT_DOUBLE_EQ(config->assessment.urgent(), 3);  // untouched
  EXPECT_DOUBLE_EQ(config->assessment.per_duban_overdue(), 2);

  // The shipped example spells out the defaults.
  auto example = LoadConfig(XINBAO_SOURCE_DIR "/deploy/xinbao-broker.toml");
  ASSERT_TRUE(example.ok()) << example.status().ToString();
  EXPECT_EQ(example->assessment.SerializeAsString(),
            defaults.SerializeAsString());
}

TEST(AssessmentConfig, RefusesUnknownKeysAndNegativeNumbers) {
  testing::TempDir dir;
  const std::pair<const char*, const char*> cases[] = {
      {"points_urgnet = 3\n", "assessment.points_urgnet"},
      {"per_late = -1\n", "assessment.per_late"},
      {"points_urgent = \"3\"\n", "assessment.points_urgent"},
      {"monthly_quota = -2\n", "assessment.monthly_quota"},
      {"monthly_quota = 2.5\n", "assessment.monthly_quota"},
      {"per_concealment = nan\n", "assessment.per_concealment"},
  };
  for (const auto& [text, field] : cases) {
    SCOPED_TRACE(text);
    Result<BrokerConfig> config = LoadAssessment(dir, text);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.status().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_EQ(config.status().field(), field);
  }
}

}  // namespace
}  // namespace xinbao::broker
