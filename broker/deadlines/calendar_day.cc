#include "broker/deadlines/calendar_day.h"

#include <charconv>
#include <cstdio>

namespace xinbao::broker {
namespace {

bool IsLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// All of `text` as an unsigned decimal number.
std::optional<int> Number(std::string_view text) {
  int value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() ||
      text.empty() || text.front() < '0' || text.front() > '9') {
    return std::nullopt;
  }
  return value;
}

}  // namespace

// Howard Hinnant's days_from_civil and civil_from_days
// (http://howardhinnant.github.io/date_algorithms.html).
int64_t DayNumber(const Date& date) {
  const int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t month_from_march = (date.month + 9) % 12;
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

Date DateOf(int64_t day) {
  const int64_t z = day + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 +
                               day_of_era / 36524 - day_of_era / 146096) /
                              365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  Date date;
  date.day =
      static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  date.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3
                                                      : month_from_march - 9);
  date.year =
      static_cast<int>(year_of_era + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

int Weekday(int64_t day) {
  // 1970-01-01 was a Thursday.
  return static_cast<int>(((day % 7) + 7 + 4) % 7);
}

std::string_view WeekdayWords(int64_t day) {
  static constexpr std::string_view kWords[] = {"周日", "周一", "周二", "周三",
                                                "周四", "周五", "周六"};
  return kWords[Weekday(day)];
}

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  const std::optional<int> year = Number(text.substr(0, 4));
  const std::optional<int> month = Number(text.substr(5, 2));
  const std::optional<int> day = Number(text.substr(8, 2));
  if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1 ||
      *day > DaysInMonth(*year, *month)) {
    return std::nullopt;
  }
  return Date{*year, *month, *day};
}

std::string DateText(int64_t day) {
  const Date date = DateOf(day);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month,
                date.day);
  return text;
}

int64_t LocalDay(int64_t unix_ms, const TimeZone& zone) {
  const CivilTime civil = zone.CivilOf(unix_ms);
  return DayNumber(Date{civil.year, civil.month, civil.day});
}

int64_t InstantOf(int64_t day, int minute, const TimeZone& zone) {
  const Date date = DateOf(day);
  return zone.UnixMsOf(
      CivilTime{date.year, date.month, date.day, minute / 60, minute % 60, 0});
}

}  // namespace xinbao::broker
