#include "broker/deadlines/calendar_day.h"

#include <gtest/gtest.h>

namespace xinbao::broker {
namespace {

int64_t Day(int year, int month, int day) {
  return DayNumber(Date{year, month, day});
}

TEST(CalendarDay, WeekdaysOfKnownDates) {
  struct Case {
    Date date;
    int weekday;  // 0 Sunday … 6 Saturday
  };
  const Case cases[] = {
      {{1970, 1, 1}, 4},  {{1969, 12, 31}, 3}, {{2000, 2, 29}, 2},
      {{2026, 1, 1}, 4},  {{2026, 1, 4}, 0},   {{2026, 2, 14}, 6},
      {{2026, 2, 16}, 1}, {{2026, 2, 28}, 6},  {{2026, 5, 9}, 6},
      {{2026, 9, 20}, 0}, {{2026, 10, 1}, 4},  {{2026, 10, 10}, 6},
      {{2027, 2, 5}, 5},  {{2027, 6, 9}, 3},   {{2027, 12, 31}, 5},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(DateText(DayNumber(c.date)));
    EXPECT_EQ(Weekday(DayNumber(c.date)), c.weekday);
  }
  EXPECT_EQ(WeekdayWords(Day(2026, 2, 14)), "周六");
  EXPECT_EQ(WeekdayWords(Day(2026, 2, 16)), "周一");
}

TEST(CalendarDay, DayNumbersRoundTripAcrossYearsAndLeapDays) {
  EXPECT_EQ(Day(1970, 1, 1), 0);
  EXPECT_EQ(Day(2026, 1, 1) - Day(2025, 12, 31), 1);
  EXPECT_EQ(Day(2028, 3, 1) - Day(2028, 2, 28), 2);  // 2028 is a leap year
  EXPECT_EQ(Day(2027, 1, 1) - Day(2026, 1, 1), 365);
  for (int64_t day = Day(1999, 12, 1); day < Day(2101, 1, 1); ++day) {
    const Date date = DateOf(day);
    ASSERT_EQ(DayNumber(date), day) << DateText(day);
    ASSERT_EQ(ParseDate(DateText(day)).has_value(), true) << DateText(day);
  }
}

TEST(CalendarDay, ParseDateTakesOnlyRealDaysAsYYYYMMDD) {
  const std::optional<Date> date = ParseDate("2026-02-14");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->year, 2026);
  EXPECT_EQ(date->month, 2);
  EXPECT_EQ(date->day, 14);
  EXPECT_TRUE(ParseDate("2028-02-29").has_value());
  for (const char* bad :
       {"2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-2-3", "20260203", "2026/02/03", "2026-02-03 ", "+026-02-03",
        "2026-0a-03", "", "2026-04-31"}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
}

TEST(CalendarDay, LocalDayFollowsTheZoneNotTheMachine) {
  const TimeZone shanghai;
  const TimeZone utc = TimeZone::FixedOffset(0);
  // 2026-03-06 20:00 UTC is already Saturday 04:00 in Shanghai.
  const int64_t at = utc.UnixMsOf(CivilTime{2026, 3, 6, 20, 0, 0});
  EXPECT_EQ(LocalDay(at, utc), Day(2026, 3, 6));
  EXPECT_EQ(LocalDay(at, shanghai), Day(2026, 3, 7));
  EXPECT_EQ(InstantOf(Day(2026, 3, 7), 4 * 60, shanghai), at);
}

}  // namespace
}  // namespace xinbao::broker
