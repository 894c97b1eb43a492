// Times as information officers type and read them: local times in the
// broker's time zone (proto/time_zone.h), whatever the machine's TZ says.
// A reply names the zone (Reply.time_zone); before any reply, a client uses
// its configured zone (default Asia/Shanghai, the broker's default).
//
// Threads: pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

using ::xinbao::TimeZone;

// Parses `text` into Unix milliseconds (UTC). Accepts:
//   "2026-11-22 10:31" / "2026-11-22 10:31:05" — local time in `zone`
//       ('/' between the date parts and 'T' before the time also accepted);
//   "2026-11-22T10:31:05+08:00", "…+0800", "…Z" — ISO-8601 with an offset,
//       optionally with a fraction of a second (".250");
//   "1795833065000" — a bare integer of Unix milliseconds.
// Anything else, a date that does not exist (2026-02-30) or a local time a
// clock change skipped gives ERROR_CODE_INVALID_FIELD with `field` as the
// offending field.
Result<int64_t> ParseTime(std::string_view text, std::string field,
                          const TimeZone& zone);

// "2026-11-22 10:31:05" in `zone`.
std::string FormatLocalTime(int64_t unix_ms, const TimeZone& zone);

// `unix_ms` in `zone`, formatted by strftime's `format` (e.g. "%H:%M").
std::string FormatTime(int64_t unix_ms, const TimeZone& zone,
                       const char* format);

// The zone called `name` (a broker's Reply.time_zone); `fallback` when the
// name is empty (an older broker) or this machine's tz database does not
// know it.
TimeZone ZoneNamed(std::string_view name, const TimeZone& fallback);
// The zone `reply` names, as ZoneNamed.
TimeZone ZoneOf(const v1::Reply& reply, const TimeZone& fallback);

}  // namespace xinbao::client
