// Times as information officers type and read them.
//
// Threads: safe from any thread (uses localtime_r / mktime, which read the
// TZ environment variable; do not change TZ while other threads run).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "proto/status.h"

namespace xinbao::client {

// Parses `text` into Unix milliseconds (UTC). Accepts:
//   "2026-11-22 10:31" / "2026-11-22 10:31:05" — local time ('/' between
//       the date parts and 'T' before the time also accepted);
//   "2026-11-22T10:31:05+08:00", "…+0800", "…Z" — ISO-8601 with an offset,
//       optionally with a fraction of a second (".250");
//   "1795833065000" — a bare integer of Unix milliseconds.
// Anything else, or a date that does not exist (2026-02-30), gives
// ERROR_CODE_INVALID_FIELD with `field` as the offending field.
Result<int64_t> ParseTime(std::string_view text, std::string field);

// "2026-11-22 10:31:05" in the local time zone.
std::string FormatLocalTime(int64_t unix_ms);

// Where times are shown: the process's local time zone (TZ), or a fixed
// offset from UTC (tests, and anyone who wants one).
struct TimeZone {
  std::optional<int> utc_offset_minutes;  // nullopt: the local time zone
};

// `unix_ms` in `zone`, formatted by strftime's `format` (e.g. "%H:%M").
std::string FormatTime(int64_t unix_ms, const TimeZone& zone,
                       const char* format);

}  // namespace xinbao::client
