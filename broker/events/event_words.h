// The plain-Chinese words the broker writes into alarms and event records:
// unit names and local times. Stage labels ("续报二（情）") and durations
// are StageLabel and DurationWords in proto/names.h, shared with the clients.
//
// Threads: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "broker/units/unit_registry.h"
#include "proto/time_zone.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// The unit's display name from the registry; its id if unknown; "属地单位
// （未定）" for an empty id.
std::string UnitName(const UnitRegistry& units, std::string_view unit_id);

// "11月22日 08:05" in `zone`.
std::string LocalTimeWords(int64_t unix_ms, const TimeZone& zone);

}  // namespace xinbao::broker
