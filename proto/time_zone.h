// TimeZone: the one time model of xinbao.
//
// The broker runs in one named IANA zone ([broker] time_zone, default
// Asia/Shanghai) and puts its name in every reply; every client shows and
// reads local times in that zone, whatever the machine's TZ says. Instants
// travel as Unix milliseconds; only people see local time. Zone rules come
// from the system's tz database (Debian's tzdata) through cctz.
//
// Threads: a TimeZone is an immutable value, safe to share and copy.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "proto/status.h"

namespace cctz {
class time_zone;
}

namespace xinbao {

// The zone a broker runs in when its configuration names none.
inline constexpr std::string_view kDefaultTimeZone = "Asia/Shanghai";

// A local date and time, without a zone.
struct CivilTime {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  int hour = 0;
  int minute = 0;
  int second = 0;
};

class TimeZone {
 public:
  // kDefaultTimeZone. Aborts only if the system has no tz database at all
  // and the zone cannot be found (tzdata is a dependency).
  TimeZone();

  // The IANA zone `name` ("Asia/Shanghai", "UTC"). INVALID_FIELD with
  // `field`, naming the zone, when the tz database does not know it.
  static Result<TimeZone> Load(std::string_view name,
                               std::string field = "time_zone");
  // A fixed offset east of UTC, named "UTC+08:00" (tests).
  static TimeZone FixedOffset(int minutes_east);

  // The IANA name, as carried in replies.
  const std::string& name() const { return name_; }

  // The local time of `unix_ms` (milliseconds dropped).
  CivilTime CivilOf(int64_t unix_ms) const;
  // The instant of a local time. A time skipped by a clock change counts
  // from before the change; a repeated one is its first occurrence. Fields
  // out of range are normalized (day 32 is the next month's 1st).
  int64_t UnixMsOf(const CivilTime& civil) const;
  // Seconds east of UTC at `unix_ms` (28800 in China).
  int UtcOffsetSecondsAt(int64_t unix_ms) const;

  // `unix_ms` in this zone by a strftime-style `format` ("%Y-%m-%d %H:%M",
  // "%z" for the offset).
  std::string Format(int64_t unix_ms, std::string_view format) const;

  friend bool operator==(const TimeZone& a, const TimeZone& b) {
    return a.name_ == b.name_;
  }

 private:
  TimeZone(std::string name, std::shared_ptr<const cctz::time_zone> zone);

  std::string name_;
  std::shared_ptr<const cctz::time_zone> zone_;
};

}  // namespace xinbao
