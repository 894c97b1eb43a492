#include "broker/history/assessment.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "proto/names.h"

namespace xinbao::broker {
namespace {

constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;
// The quota of a range that is not a calendar month is prorated by days
// over a month of this length.
constexpr int64_t kQuotaMonthMs = 30 * kDayMs;

// "2026-11" → 2026y/11; nullopt unless exactly YYYY-MM with a year from
// 1970 to 9999 and a month from 01 to 12.
std::optional<std::chrono::year_month> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const int digit = text[i] - '0';
    if (i < 4) {
      year = year * 10 + digit;
    } else {
      month = month * 10 + static_cast<unsigned>(digit);
    }
  }
  if (year < 1970 || month < 1 || month > 12) return std::nullopt;
  return std::chrono::year(year) / std::chrono::month(month);
}

// The first instant of `month` (its local midnight on the 1st) in `zone`.
int64_t MonthStartMs(std::chrono::year_month month, const TimeZone& zone) {
  return zone.UnixMsOf(CivilTime{static_cast<int>(month.year()),
                                 static_cast<int>(unsigned{month.month()}), 1,
                                 0, 0, 0});
}

// The p-th percentile of `sorted` by nearest rank; 0 when empty.
int64_t Percentile(const std::vector<int64_t>& sorted, std::size_t p) {
  if (sorted.empty()) return 0;
  const std::size_t rank = (p * sorted.size() + 99) / 100;  // ceil(p/100·n)
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

double PointsPerItem(const v1::AssessmentWeights& weights, int kind) {
  switch (kind) {
    case v1::KIND_URGENT:
      return weights.urgent();
    case v1::KIND_IMPORTANT_DYNAMIC:
      return weights.important_dynamic();
    case v1::KIND_GENERAL_DYNAMIC:
      return weights.general_dynamic();
    case v1::KIND_RESEARCH:
      return weights.research();
    case v1::KIND_EXPERIENCE:
      return weights.experience();
    default:
      return 0;
  }
}

double AdoptionPoints(const v1::AssessmentWeights& weights,
                      v1::LeaderLevel level, v1::SeriesKind kind) {
  auto find = [&](v1::LeaderLevel at) -> std::optional<double> {
    for (const v1::AdoptionWeight& row : weights.adoption()) {
      if (row.level() == at && row.kind() == kind) return row.points();
    }
    return std::nullopt;
  };
  if (std::optional<double> points = find(level)) return *points;
  const double factor = level == v1::LEADER_LEVEL_PROVINCE
                            ? weights.province_factor()
                        : level == v1::LEADER_LEVEL_NATIONAL
                            ? weights.national_factor()
                            : 0;
  return factor * find(v1::LEADER_LEVEL_CITY).value_or(0);
}

double InstructionPoints(const v1::AssessmentWeights& weights,
                         v1::LeaderLevel level) {
  switch (level) {
    case v1::LEADER_LEVEL_COUNTY:
      return weights.instruction_county();
    case v1::LEADER_LEVEL_CITY:
      return weights.instruction_city();
    case v1::LEADER_LEVEL_PROVINCE:
      return weights.instruction_province();
    case v1::LEADER_LEVEL_NATIONAL:
      return weights.instruction_national();
    default:
      return 0;
  }
}

// "3", "0.5", "2.25": as few decimals as the number needs.
std::string Points(double points) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", points);
  std::string out = text;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

bool Ranks(const v1::UnitStats& a, const v1::UnitStats& b) {
  if (a.score() != b.score()) return a.score() > b.score();
  return a.unit_id() < b.unit_id();
}

}  // namespace

Result<StatsPeriod> ResolvePeriod(const v1::StatsRequest& request,
                                  const TimeZone& zone) {
  const bool has_range = request.from_ms() != 0 || request.to_ms() != 0;
  if (!request.month().empty()) {
    if (has_range) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "统计期间只能给一种：月份，或起止时间，不能同时给出",
                    "stats.month");
    }
    const std::optional<std::chrono::year_month> month =
        ParseMonth(request.month());
    if (!month) {
      return Status(
          v1::ERROR_CODE_INVALID_FIELD,
          "月份 \"" + request.month() + "\" 写法不对，应为 YYYY-MM，如 2026-11",
          "stats.month");
    }
    const std::chrono::year_month next = *month + std::chrono::months(1);
    return StatsPeriod{MonthStartMs(*month, zone), MonthStartMs(next, zone),
                       true};
  }
  if (!has_range) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  "缺少统计期间：请给出月份（如 2026-11）或起止时间",
                  "stats.month");
  }
  if (request.from_ms() == 0) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "缺少统计的起始时间",
                  "stats.from_ms");
  }
  if (request.to_ms() == 0) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "缺少统计的截止时间",
                  "stats.to_ms");
  }
  if (request.to_ms() <= request.from_ms()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "截止时间应晚于起始时间",
                  "stats.to_ms");
  }
  return StatsPeriod{request.from_ms(), request.to_ms(), false};
}

Assessment::Assessment(const StatsPeriod& period,
                       const v1::AssessmentWeights& weights,
                       const UnitRegistry& units)
    : period_(period), weights_(weights), units_(units) {}

Assessment::Tally& Assessment::TallyOf(std::string_view unit_id) {
  auto it = rows_.find(unit_id);
  if (it == rows_.end())
    it = rows_.emplace(std::string(unit_id), Tally{}).first;
  return it->second;
}

void Assessment::CountReport(std::string_view unit_id, v1::Kind kind,
                             int64_t stored_at_ms) {
  if (unit_id.empty() || !InPeriod(stored_at_ms)) return;
  Tally& tally = TallyOf(unit_id);
  ++tally.reports;
  ++tally.by_kind[kind];
}

void Assessment::CountEvent(const v1::EventState& event) {
  if (event.merged_into().empty() && InPeriod(event.opened_at_ms()) &&
      !event.responsible_unit_id().empty()) {
    Tally& tally = TallyOf(event.responsible_unit_id());
    ++tally.urgent_events;
    if (event.occurred_at_ms() > 0 && event.written_shi_at_ms() > 0) {
      tally.shi_delays.push_back(std::max<int64_t>(
          0, event.written_shi_at_ms() - event.occurred_at_ms()));
    }
  }
  for (const v1::Alarm& alarm : event.alarms()) CountAlarm(alarm);

  if (event.closed() || !event.merged_into().empty()) return;
  std::set<std::string_view> overdue_units;
  for (const v1::Alarm& alarm : event.alarms()) {
    if (alarm.open() && alarm.kind() == v1::ALARM_KIND_OVERDUE &&
        !alarm.unit_id().empty()) {
      overdue_units.insert(alarm.unit_id());
    }
  }
  for (std::string_view unit_id : overdue_units)
    ++TallyOf(unit_id).open_overdue;
}

void Assessment::CountItem(const v1::DubanState& item) {
  for (const v1::DubanUnit& unit : item.units()) {
    Tally& tally = TallyOf(unit.unit_id());
    if (InPeriod(item.issued_at_ms())) ++tally.duban_received;
    if (unit.signed_at_ms() != 0 && InPeriod(unit.signed_at_ms())) {
      ++(unit.signed_late() ? tally.duban_signed_late
                            : tally.duban_signed_on_time);
    }
    if (unit.phase() == v1::UNIT_PHASE_DONE && InPeriod(unit.done_at_ms())) {
      ++(unit.answered_late() ? tally.duban_closed_late
                              : tally.duban_closed_on_time);
      if (!unit.answered_late()) {
        AddLine(unit.unit_id(), v1::SCORE_SOURCE_DUBAN_CLOSED,
                weights_.points_duban_closed_on_time(),
                "督办“" + item.item().title() + "”按时办结销号",
                unit.done_at_ms())
            .set_item_id(item.item().item_id());
      }
    }
  }
  const std::string title = "督办“" + item.item().title() + "”";
  for (const v1::Alarm& alarm : item.alarms()) {
    if (alarm.kind() == v1::ALARM_KIND_OVERDUE &&
        alarm.duty() != v1::DUTY_SIGN_URGE && InPeriod(alarm.raised_at_ms())) {
      ++TallyOf(alarm.unit_id()).duban_overdue;
      v1::ScoreLine& line =
          AddLine(alarm.unit_id(), v1::SCORE_SOURCE_DUBAN_OVERDUE,
                  -weights_.per_duban_overdue(),
                  title + DutyLabel(alarm.duty(), alarm.followup(), true) +
                      "超期",
                  alarm.raised_at_ms());
      line.set_item_id(item.item().item_id());
      line.set_alarm_id(alarm.id());
    }
  }
  for (const v1::DubanStep& step : item.steps()) {
    if (step.kind() == v1::STEP_KIND_URGE && InPeriod(step.at_ms())) {
      ++TallyOf(step.target_unit_id()).duban_urged;
      AddLine(step.target_unit_id(), v1::SCORE_SOURCE_DUBAN_URGED,
              -weights_.per_duban_urged(),
              title + "被催办（第" + std::to_string(step.urge_number()) + "次）",
              step.at_ms())
          .set_item_id(item.item().item_id());
    }
  }
}

void Assessment::CountAlarm(const v1::Alarm& alarm) {
  const v1::AlarmKind kind = alarm.kind();
  if (kind != v1::ALARM_KIND_LATE && kind != v1::ALARM_KIND_MISSING_ELEMENTS &&
      kind != v1::ALARM_KIND_CONCEALMENT_SUSPECTED) {
    return;
  }
  if (alarm.unit_id().empty() || !InPeriod(alarm.raised_at_ms())) return;
  // The copy a merge made of an alarm already counted.
  const bool first =
      alarms_seen_
          .emplace(kind, alarm.unit_id(), alarm.stage(), alarm.followup(),
                   alarm.report_sequence(), alarm.due_at_ms())
          .second;
  if (!first) return;
  Tally& tally = TallyOf(alarm.unit_id());
  v1::ScoreSource source = v1::SCORE_SOURCE_CONCEALMENT;
  double points = -weights_.per_concealment();
  std::string label = "疑似瞒报";
  switch (kind) {
    case v1::ALARM_KIND_LATE:
      ++tally.late;
      tally.late_total_ms += std::max<int64_t>(0, alarm.late_by_ms());
      tally.late_max_ms = std::max(tally.late_max_ms, alarm.late_by_ms());
      source = v1::SCORE_SOURCE_LATE;
      points = -weights_.per_late();
      label = "迟报";
      break;
    case v1::ALARM_KIND_MISSING_ELEMENTS:
      ++tally.missing_elements;
      source = v1::SCORE_SOURCE_MISSING_ELEMENTS;
      points = -weights_.per_missing_elements();
      label = "漏报";
      break;
    default:
      ++tally.concealment;
      break;
  }
  v1::ScoreLine& line = AddLine(alarm.unit_id(), source, points,
                                label + "：" + alarm.message(),
                                alarm.raised_at_ms());
  line.set_event_id(alarm.event_id());
  line.set_alarm_id(alarm.id());
  if (alarm.report_sequence() != 0) {
    line.add_report_sequences(alarm.report_sequence());
  }
}

v1::ScoreLine& Assessment::AddLine(std::string_view unit_id,
                                   v1::ScoreSource source, double points,
                                   std::string text, int64_t at_ms) {
  v1::ScoreLine& line = TallyOf(unit_id).lines.emplace_back();
  line.set_source(source);
  line.set_points(points);
  line.set_text(std::move(text));
  line.set_at_ms(at_ms);
  return line;
}

void Assessment::CountAdoption(const v1::Adoption& adoption) {
  if (adoption.unit_id().empty() || !InPeriod(adoption.adopted_at_ms())) return;
  const bool first =
      adoptions_seen_.emplace(adoption.unit_id(), adoption.adoption_id()).second;
  if (!first) return;
  const double base =
      AdoptionPoints(weights_, adoption.level(), adoption.kind());
  const bool merged = adoption.merged_units() > 1;
  const double points = merged ? base * weights_.merged_factor() : base;
  Tally& tally = TallyOf(adoption.unit_id());
  ++tally.adoptions;
  tally.adoption_points += points;
  std::string text = std::string(LeaderLevelName(adoption.level())) + "《" +
                     adoption.series_name() + "》" + adoption.reference() +
                     "采用《" + adoption.item_title() + "》（" +
                     std::string(SeriesKindName(adoption.kind())) + " " +
                     Points(base) + "分";
  if (merged) {
    text += "，综合" + std::to_string(adoption.merged_units()) + "个单位 ×" +
            Points(weights_.merged_factor());
  }
  text += "）";
  v1::ScoreLine& line = AddLine(adoption.unit_id(), v1::SCORE_SOURCE_ADOPTION,
                                points, std::move(text),
                                adoption.adopted_at_ms());
  line.add_report_sequences(adoption.report_sequence());
  line.set_issue_id(adoption.issue_id());
  line.set_item_id(adoption.item_id());
  line.set_adoption_id(adoption.adoption_id());
  line.set_reference(adoption.reference());
}

void Assessment::CountInstructions(const v1::BulletinItem& item) {
  for (const v1::Instruction& given : item.instructions()) {
    for (const v1::SourceReport& source : item.sources()) {
      instructed_.emplace(given.leader(), source.sequence());
    }
    if (!InPeriod(given.instructed_at_ms())) continue;
    const double points = InstructionPoints(weights_, given.leader_level());
    for (const std::string& unit_id : item.source_unit_ids()) {
      ++TallyOf(unit_id).instructions;
      v1::ScoreLine& line = AddLine(
          unit_id, v1::SCORE_SOURCE_INSTRUCTION, points,
          std::string(LeaderLevelName(given.leader_level())) + "领导" +
              given.leader() + "批示《" + item.title() + "》",
          given.instructed_at_ms());
      line.set_item_id(item.item_id());
      for (const v1::SourceReport& source : item.sources()) {
        if (source.unit_id() == unit_id) {
          line.add_report_sequences(source.sequence());
        }
      }
    }
  }
}

void Assessment::CountDubanInstruction(const v1::DubanItem& item,
                                       std::string_view report_unit) {
  if (report_unit.empty() || item.source_report_sequence() == 0 ||
      !InPeriod(item.instructed_at_ms()) ||
      instructed_.contains({item.leader(), item.source_report_sequence()})) {
    return;
  }
  ++TallyOf(report_unit).instructions;
  v1::ScoreLine& line = AddLine(
      report_unit, v1::SCORE_SOURCE_INSTRUCTION,
      InstructionPoints(weights_, item.leader_level()),
      std::string(LeaderLevelName(item.leader_level())) + "领导" +
          item.leader() + "批示（督办“" + item.title() + "”）",
      item.instructed_at_ms());
  line.set_item_id(item.item_id());
  line.add_report_sequences(item.source_report_sequence());
}

void Assessment::CountCommission(const v1::CommissionState& commission,
                                 int64_t now_ms) {
  const std::string topic = "约稿“" + commission.commission().topic() + "”";
  for (const v1::CommissionUnit& unit : commission.units()) {
    if (unit.due_at_ms() == 0 || !InPeriod(unit.due_at_ms())) continue;
    Tally& tally = TallyOf(unit.unit_id());
    v1::ScoreSource source = v1::SCORE_SOURCE_COMMISSION;
    double points = 0;
    std::string text;
    int64_t at = unit.answered_at_ms();
    if (unit.answered_at_ms() != 0 && !unit.answered_late()) {
      ++tally.commissions_on_time;
      points = weights_.commission_on_time();
      text = topic + "按时报送";
    } else if (unit.answered_at_ms() != 0) {
      ++tally.commissions_late;
      points = weights_.commission_late();
      text = topic + "逾期报送";
    } else if (!commission.cancelled() && unit.due_at_ms() <= now_ms) {
      ++tally.commissions_missing;
      points = -weights_.per_commission_missing();
      text = topic + "未报送";
      at = unit.due_at_ms();
    } else {
      continue;  // not yet due, or cancelled before it was answered
    }
    v1::ScoreLine& line = AddLine(unit.unit_id(), source, points,
                                  std::move(text), at);
    line.set_commission_id(commission.commission().commission_id());
    for (uint64_t sequence : unit.answer_sequences()) {
      line.add_report_sequences(sequence);
      break;  // the first answer is the one that counted
    }
  }
}

v1::UnitStats Assessment::Row(const std::string& unit_id,
                              const Tally& tally) const {
  v1::UnitStats row;
  row.set_unit_id(unit_id);
  row.set_reports(tally.reports);
  for (const auto& [kind, count] : tally.by_kind) {
    v1::KindCount* entry = row.add_by_kind();
    entry->set_kind(static_cast<v1::Kind>(kind));
    entry->set_count(count);
    const double each = PointsPerItem(weights_, kind);
    v1::ScoreLine* line = row.add_lines();
    line->set_source(v1::SCORE_SOURCE_REPORTS);
    line->set_points(count * each);
    line->set_text("报送" + std::string(KindName(static_cast<v1::Kind>(kind))) +
                   " " + std::to_string(count) + " 篇 × " + Points(each) + "分");
  }
  row.set_urgent_events(tally.urgent_events);
  std::vector<int64_t> delays = tally.shi_delays;
  std::sort(delays.begin(), delays.end());
  row.set_shi_delays(static_cast<uint32_t>(delays.size()));
  row.set_shi_delay_median_ms(Percentile(delays, 50));
  row.set_shi_delay_p90_ms(Percentile(delays, 90));
  row.set_late(tally.late);
  row.set_late_total_ms(tally.late_total_ms);
  row.set_late_max_ms(tally.late_max_ms);
  row.set_missing_elements(tally.missing_elements);
  row.set_concealment(tally.concealment);
  row.set_open_overdue(tally.open_overdue);
  row.set_duban_received(tally.duban_received);
  row.set_duban_signed_on_time(tally.duban_signed_on_time);
  row.set_duban_signed_late(tally.duban_signed_late);
  row.set_duban_closed_on_time(tally.duban_closed_on_time);
  row.set_duban_closed_late(tally.duban_closed_late);
  row.set_duban_overdue(tally.duban_overdue);
  row.set_duban_urged(tally.duban_urged);
  row.set_adoptions(tally.adoptions);
  row.set_adoption_points(tally.adoption_points);
  row.set_instructions(tally.instructions);
  row.set_commissions_on_time(tally.commissions_on_time);
  row.set_commissions_late(tally.commissions_late);
  row.set_commissions_missing(tally.commissions_missing);

  const double quota =
      period_.calendar_month
          ? weights_.monthly_quota()
          : weights_.monthly_quota() *
                static_cast<double>(period_.to_ms - period_.from_ms) /
                static_cast<double>(kQuotaMonthMs);
  const double shortfall = std::max(0.0, quota - tally.reports);
  if (shortfall > 0 && weights_.per_item_short() > 0) {
    v1::ScoreLine* line = row.add_lines();
    line->set_source(v1::SCORE_SOURCE_QUOTA);
    line->set_points(-shortfall * weights_.per_item_short());
    line->set_text("报送 " + std::to_string(tally.reports) + " 篇，少于定额 " +
                   Points(quota) + " 篇，差 " + Points(shortfall) + " 篇 × " +
                   Points(weights_.per_item_short()) + "分");
  }
  std::vector<v1::ScoreLine> counted = tally.lines;
  std::stable_sort(counted.begin(), counted.end(),
                   [](const v1::ScoreLine& a, const v1::ScoreLine& b) {
                     if (a.source() != b.source()) return a.source() < b.source();
                     return a.at_ms() < b.at_ms();
                   });
  for (v1::ScoreLine& line : counted) *row.add_lines() = std::move(line);
  std::stable_sort(row.mutable_lines()->begin(), row.mutable_lines()->end(),
                   [](const v1::ScoreLine& a, const v1::ScoreLine& b) {
                     return a.source() < b.source();
                   });
  double points = 0;
  double deductions = 0;
  for (const v1::ScoreLine& line : row.lines()) {
    if (line.points() >= 0) {
      points += line.points();
    } else {
      deductions -= line.points();
    }
  }
  row.set_quota(quota);
  row.set_shortfall(shortfall);
  row.set_points(points);
  row.set_deductions(deductions);
  row.set_score(points - deductions);
  return row;
}

void Assessment::Finish(v1::StatsTable* table) const {
  table->set_from_ms(period_.from_ms);
  table->set_to_ms(period_.to_ms);
  *table->mutable_weights() = weights_;
  std::vector<v1::UnitStats> rows;
  const Tally none;
  for (const Unit& unit : units_.units()) {
    if (unit.kind == UnitKind::kOffice) continue;
    auto it = rows_.find(unit.id);
    rows.push_back(Row(unit.id, it == rows_.end() ? none : it->second));
  }
  // Unknown to the registry: a row only for a unit that filed.
  for (const auto& [unit_id, tally] : rows_) {
    if (units_.Find(unit_id) == nullptr && tally.reports > 0) {
      rows.push_back(Row(unit_id, tally));
    }
  }
  std::sort(rows.begin(), rows.end(), Ranks);
  table->clear_units();
  for (v1::UnitStats& row : rows) {
    const int placed = table->units_size();
    // Competition ranking: a tie shares the rank of the first of its scores.
    const bool tied =
        placed > 0 && row.score() == table->units(placed - 1).score();
    row.set_rank(tied ? table->units(placed - 1).rank()
                      : static_cast<uint32_t>(placed + 1));
    *table->add_units() = std::move(row);
  }
}

}  // namespace xinbao::broker
