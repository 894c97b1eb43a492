#include "broker/units/unit_names.h"

namespace xinbao::broker {

void AddUnitName(std::string_view unit_id, const UnitRegistry& units,
                 UnitNames* names) {
  if (unit_id.empty()) return;
  if (const Unit* unit = units.Find(unit_id)) {
    (*names)[unit->id] = unit->name;
  }
}

void AddUnitNames(const v1::EventState& event, const UnitRegistry& units,
                  UnitNames* names) {
  const auto add = [&](const std::string& id) {
    AddUnitName(id, units, names);
  };
  add(event.responsible_unit_id());
  for (const std::string& id : event.units()) add(id);
  for (const v1::EventReport& report : event.reports()) {
    add(report.unit_id());
    add(report.caller_unit_id());
  }
  for (const v1::Alarm& alarm : event.alarms()) add(alarm.unit_id());
  for (const v1::Deadline& deadline : event.deadlines()) {
    add(deadline.unit_id());
  }
  for (const v1::EventAction& action : event.actions()) add(action.unit_id());
}

void AddUnitNames(const v1::Report& report, const UnitRegistry& units,
                  UnitNames* names) {
  AddUnitName(report.unit_id(), units, names);
  AddUnitName(report.responsible_unit_id(), units, names);
  AddUnitName(report.phone_call().caller_unit_id(), units, names);
}

}  // namespace xinbao::broker
