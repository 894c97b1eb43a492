// The display names a query reply carries for the units it mentions
// (unit_names in EventList, EventDetail and AlarmList), so that the duty
// officer reads "河口镇" where the state holds "hekou".
//
// Threads: pure functions; safe from any thread.
#pragma once

#include <google/protobuf/map.h>

#include <string>
#include <string_view>

#include "broker/units/unit_registry.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// A reply's unit_names: display name by unit id.
using UnitNames = google::protobuf::Map<std::string, std::string>;

// Adds `unit_id`'s name from `units` to `names`. An empty id, or one the
// registry does not know (an old record, a unit since removed), adds
// nothing.
void AddUnitName(std::string_view unit_id, const UnitRegistry& units,
                 UnitNames* names);

// Adds the names of every unit `event` mentions: the responsible unit, the
// units that reported, each report's unit and caller, each alarm's,
// deadline's and action's unit.
void AddUnitNames(const v1::EventState& event, const UnitRegistry& units,
                  UnitNames* names);

// Adds the names of `report`'s unit, responsible unit and phone caller.
void AddUnitNames(const v1::Report& report, const UnitRegistry& units,
                  UnitNames* names);

}  // namespace xinbao::broker
