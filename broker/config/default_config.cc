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
  return config;
}

}  // namespace xinbao::broker
