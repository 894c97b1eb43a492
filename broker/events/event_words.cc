#include "broker/events/event_words.h"

#include <cstdio>
#include <ctime>

namespace xinbao::broker {

std::string UnitName(const UnitRegistry& units, std::string_view unit_id) {
  if (unit_id.empty()) return "属地单位（未定）";
  const Unit* unit = units.Find(unit_id);
  return unit != nullptr ? unit->name : std::string(unit_id);
}

std::string LocalTimeWords(int64_t unix_ms, int utc_offset_minutes) {
  const std::time_t seconds = static_cast<std::time_t>(
      (unix_ms + int64_t{utc_offset_minutes} * 60 * 1000) / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::snprintf(text, sizeof text, "%d月%d日 %02d:%02d", parts.tm_mon + 1,
                parts.tm_mday, parts.tm_hour, parts.tm_min);
  return text;
}

}  // namespace xinbao::broker
