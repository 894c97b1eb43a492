#include "proto/time_zone.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace xinbao {
namespace {

using Seconds = std::chrono::time_point<std::chrono::system_clock,
                                        std::chrono::seconds>;

Seconds SecondsOf(int64_t unix_ms) {
  // Floor, so that 1 ms before the epoch is in the second before it.
  int64_t seconds = unix_ms / 1000;
  if (unix_ms % 1000 < 0) --seconds;
  return Seconds(std::chrono::seconds(seconds));
}

}  // namespace

TimeZone::TimeZone(std::string name,
                   std::shared_ptr<const cctz::time_zone> zone)
    : name_(std::move(name)), zone_(std::move(zone)) {}

TimeZone::TimeZone() {
  Result<TimeZone> zone = Load(kDefaultTimeZone);
  if (!zone.ok()) {
    std::fprintf(stderr, "xinbao: %s\n", zone.status().message().c_str());
    std::abort();  // a broken installation, not input
  }
  *this = std::move(zone).value();
}

Result<TimeZone> TimeZone::Load(std::string_view name, std::string field) {
  auto zone = std::make_shared<cctz::time_zone>();
  // cctz also accepts "Fixed/UTC+08:00:00"-style names; only IANA names
  // (and UTC) are ours to accept.
  if (name.empty() || name.front() == '/' || name.find("..") != name.npos ||
      !cctz::load_time_zone(std::string(name), zone.get())) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "时区 \"" + std::string(name) +
                      "\" 不认识：应为 IANA 时区名，如 Asia/Shanghai（系统需装有 "
                      "tzdata）",
                  std::move(field));
  }
  return TimeZone(std::string(name), std::move(zone));
}

TimeZone TimeZone::FixedOffset(int minutes_east) {
  auto zone = std::make_shared<cctz::time_zone>(
      cctz::fixed_time_zone(std::chrono::minutes(minutes_east)));
  const int magnitude = minutes_east < 0 ? -minutes_east : minutes_east;
  char name[16];
  std::snprintf(name, sizeof name, "UTC%c%02d:%02d",
                minutes_east < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return TimeZone(name, std::move(zone));
}

CivilTime TimeZone::CivilOf(int64_t unix_ms) const {
  const cctz::civil_second cs = cctz::convert(SecondsOf(unix_ms), *zone_);
  return CivilTime{static_cast<int>(cs.year()), cs.month(),  cs.day(),
                   cs.hour(),                   cs.minute(), cs.second()};
}

int64_t TimeZone::UnixMsOf(const CivilTime& civil) const {
  const cctz::civil_second cs(civil.year, civil.month, civil.day, civil.hour,
                              civil.minute, civil.second);
  const cctz::time_zone::civil_lookup found = zone_->lookup(cs);
  // SKIPPED: `pre` is the time as if the old offset still held; REPEATED:
  // `pre` is the first occurrence.
  return int64_t{found.pre.time_since_epoch().count()} * 1000;
}

int TimeZone::UtcOffsetSecondsAt(int64_t unix_ms) const {
  return zone_->lookup(SecondsOf(unix_ms)).offset;
}

std::string TimeZone::Format(int64_t unix_ms, std::string_view format) const {
  return cctz::format(std::string(format), SecondsOf(unix_ms), *zone_);
}

}  // namespace xinbao
