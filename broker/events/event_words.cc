#include "broker/events/event_words.h"

#include <cstdio>

namespace xinbao::broker {

std::string UnitName(const UnitRegistry& units, std::string_view unit_id) {
  if (unit_id.empty()) return "属地单位（未定）";
  const Unit* unit = units.Find(unit_id);
  return unit != nullptr ? unit->name : std::string(unit_id);
}

std::string LocalTimeWords(int64_t unix_ms, const TimeZone& zone) {
  const CivilTime local = zone.CivilOf(unix_ms);
  char text[32];
  std::snprintf(text, sizeof text, "%d月%d日 %02d:%02d", local.month,
                local.day, local.hour, local.minute);
  return text;
}

}  // namespace xinbao::broker
