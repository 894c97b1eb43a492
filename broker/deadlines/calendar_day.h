// Calendar days as numbers: day 0 is 1970-01-01, whatever the zone, so a
// calendar file's dates and the broker's local days compare as integers
// and weekdays are plain arithmetic. Internal to broker/deadlines.
//
// Threads: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "proto/time_zone.h"

namespace xinbao::broker {

struct Date {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
};

// The day number of a valid date (proleptic Gregorian).
int64_t DayNumber(const Date& date);
// The date of day number `day`.
Date DateOf(int64_t day);
// 0 Sunday, 1 Monday … 6 Saturday.
int Weekday(int64_t day);
// "周一" … "周日".
std::string_view WeekdayWords(int64_t day);

// Exactly "YYYY-MM-DD" naming a day that exists; nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);
// "2026-02-14".
std::string DateText(int64_t day);

// The local day of `unix_ms` in `zone`.
int64_t LocalDay(int64_t unix_ms, const TimeZone& zone);
// The instant of `minute` minutes after local midnight of `day` in `zone`.
int64_t InstantOf(int64_t day, int minute, const TimeZone& zone);

}  // namespace xinbao::broker
