// The embedded defaults: what the broker runs on with no config file.
// A demo county (清河县) with its central office, townships and departments,
// held to the "national" deadline preset, counting working days by the
// built-in calendar.
#include "broker/config/config.h"

namespace xinbao::broker {

BrokerConfig DefaultConfig() {
  BrokerConfig config;
  const std::vector<Unit> demo_units = {
      {"county-office", "清河县委办公室", UnitKind::kOffice, ""},
      {"chengguan", "城关镇", UnitKind::kTownship, "county-office"},
      {"hekou", "河口镇", UnitKind::kTownship, "county-office"},
      {"qingshan", "青山乡", UnitKind::kTownship, "county-office"},
      {"donghu", "东湖街道", UnitKind::kTownship, "county-office"},
      {"gongan", "县公安局", UnitKind::kDepartment, "county-office"},
      {"yingji", "县应急管理局", UnitKind::kDepartment, "county-office"},
      {"weijian", "县卫生健康局", UnitKind::kDepartment, "county-office"},
      {"jiaotong", "县交通运输局", UnitKind::kDepartment, "county-office"},
      {"shuili", "县水利局", UnitKind::kDepartment, "county-office"},
      {"jiaoyu", "县教育局", UnitKind::kDepartment, "county-office"},
  };
  Result<UnitRegistry> units = UnitRegistry::Build(demo_units);
  // The list above is a constant of this file: a failure is a defect here.
  if (!units.ok()) std::abort();
  config.units = std::move(units).value();
  config.events = DefaultPolicy();
  config.calendar = WorkCalendar::Embedded();
  config.duban = DefaultDubanPolicy();
  config.caibian = DefaultCaibianPolicy();
  // Assessment weights: ours, not taken from any regulation; each office
  // sets its own in [assessment].
  v1::AssessmentWeights& weights = config.assessment;
  weights.set_urgent(3);
  weights.set_important_dynamic(2);
  weights.set_general_dynamic(1);
  weights.set_research(3);
  weights.set_experience(2);
  weights.set_monthly_quota(4);
  weights.set_per_item_short(1);
  weights.set_per_late(2);
  weights.set_per_missing_elements(1);
  weights.set_per_concealment(5);
  weights.set_points_duban_closed_on_time(2);
  weights.set_per_duban_overdue(2);
  weights.set_per_duban_urged(1);
  // 采编: adoption points after the published county rules the issue
  // cites (county 快报 5 / 常规 10 / 增刊 30, city 20 / 50 / 80;
  // province ×2, national ×5 of the city's); 专报 as 增刊, 要情 as 常规.
  const struct {
    v1::LeaderLevel level;
    v1::SeriesKind kind;
    double points;
  } kAdoption[] = {
      {v1::LEADER_LEVEL_COUNTY, v1::SERIES_KIND_EXPRESS, 5},
      {v1::LEADER_LEVEL_COUNTY, v1::SERIES_KIND_ROUTINE, 10},
      {v1::LEADER_LEVEL_COUNTY, v1::SERIES_KIND_ALERT, 10},
      {v1::LEADER_LEVEL_COUNTY, v1::SERIES_KIND_SUPPLEMENT, 30},
      {v1::LEADER_LEVEL_COUNTY, v1::SERIES_KIND_SPECIAL, 30},
      {v1::LEADER_LEVEL_CITY, v1::SERIES_KIND_EXPRESS, 20},
      {v1::LEADER_LEVEL_CITY, v1::SERIES_KIND_ROUTINE, 50},
      {v1::LEADER_LEVEL_CITY, v1::SERIES_KIND_ALERT, 50},
      {v1::LEADER_LEVEL_CITY, v1::SERIES_KIND_SUPPLEMENT, 80},
      {v1::LEADER_LEVEL_CITY, v1::SERIES_KIND_SPECIAL, 80},
  };
  for (const auto& row : kAdoption) {
    v1::AdoptionWeight* weight = weights.add_adoption();
    weight->set_level(row.level);
    weight->set_kind(row.kind);
    weight->set_points(row.points);
  }
  weights.set_province_factor(2);
  weights.set_national_factor(5);
  weights.set_merged_factor(0.5);
  weights.set_instruction_county(10);
  weights.set_instruction_city(20);
  weights.set_instruction_province(40);
  weights.set_instruction_national(80);
  weights.set_commission_on_time(5);
  weights.set_commission_late(2);
  weights.set_per_commission_missing(5);
  return config;
}

}  // namespace xinbao::broker
