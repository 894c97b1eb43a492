// Spans: how long something may take, as configuration writes it — clock
// time ("2h", "500ms"), working days ("3wd") or office time ("4wh") — and
// the plain words for it. Parsing only; the arithmetic that needs the
// calendar is WorkCalendar::Add/Subtract (work_calendar.h).
//
// Threads: pure functions and plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "proto/status.h"

namespace xinbao::broker {

// Clock durations in milliseconds, for code that writes them out.
inline constexpr int64_t kSecondMs = 1000;
inline constexpr int64_t kMinuteMs = 60 * kSecondMs;
inline constexpr int64_t kHourMs = 60 * kMinuteMs;
inline constexpr int64_t kDayMs = 24 * kHourMs;

struct Span {
  enum class Unit {
    kClock,         // amount: milliseconds of clock time
    kWorkingDays,   // amount: a count of working days
    kWorkingHours,  // amount: milliseconds of office time
  };
  Unit unit = Unit::kClock;
  int64_t amount = 0;

  // "0", "none", "0wd": no deadline.
  bool none() const { return amount == 0; }

  friend bool operator==(const Span&, const Span&) = default;
};

// Parsers for configuration values. Pure; the returned Status is
// INVALID_FIELD, quotes the text and names no key (the caller knows which
// key it was reading).
//
// A clock duration: "0" or "none" (no deadline, 0), or one or more
// <number><unit> pairs, largest unit first, each unit at most once:
// "200ms", "1s500ms", "90s", "30m", "1h", "2d", "1h30m". Units d h m s ms.
// At most 366 days. Returns milliseconds.
Result<int64_t> ParseDuration(std::string_view text);
// A local time of day "HH:MM" (or "H:MM"), 00:00 to 23:59. Returns minutes
// after midnight.
Result<int> ParseTimeOfDay(std::string_view text);

// A span: "<n>wd" (n working days, at most 366), "<n>wh" or "<n>wh<m>m"
// (office time, m below 60, at most 8784 hours), otherwise anything
// ParseDuration takes (clock time); "0" and "none" are a clock span of 0,
// no deadline. A refusal lists the forms.
Result<Span> ParseSpan(std::string_view text);

// The span as people say it: "3个工作日", "4个工作小时", "1个工作小时30分",
// "2小时", "1小时30分", "90秒" as "1分30秒", "500毫秒"; "不设时限" for none.
std::string SpanWords(const Span& span);

}  // namespace xinbao::broker
