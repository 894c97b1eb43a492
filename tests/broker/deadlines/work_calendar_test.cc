#include "broker/deadlines/work_calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace xinbao::broker {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

const TimeZone& Shanghai() {
  static const TimeZone zone;
  return zone;
}

// A local time in Asia/Shanghai.
int64_t At(int year, int month, int day, int hour = 12, int minute = 0) {
  return Shanghai().UnixMsOf(CivilTime{year, month, day, hour, minute, 0});
}

std::string Local(int64_t ms) {
  return Shanghai().Format(ms, "%Y-%m-%d %H:%M (%a)");
}

Span WorkingDays(int64_t n) { return {Span::Unit::kWorkingDays, n}; }
Span WorkingHours(int64_t ms) { return {Span::Unit::kWorkingHours, ms}; }

// Asserts that calendar.Add(from, span) is `due`.
void ExpectAdd(const WorkCalendar& calendar, int64_t from, const Span& span,
               int64_t due) {
  Result<int64_t> got = calendar.Add(from, span, Shanghai());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(Local(*got), Local(due))
      << "from " << Local(from) << " + " << SpanWords(span);
}

void ExpectSubtract(const WorkCalendar& calendar, int64_t due, const Span& span,
                    int64_t at) {
  Result<int64_t> got = calendar.Subtract(due, span, Shanghai());
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(Local(*got), Local(at)) << Local(due) << " - " << SpanWords(span);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* kShippedFile =
    XINBAO_SOURCE_DIR "/deploy/calendar/cn-workdays.toml";

TEST(WorkCalendar, TheShippedFileIsTheBuiltInOne) {
  const std::string text = ReadFile(kShippedFile);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(EmbeddedCalendarText(), text);
  Result<WorkCalendar> loaded = WorkCalendar::Load(kShippedFile);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->years(), (std::vector<int>{2026, 2027}));
  EXPECT_EQ(loaded->origin(), kShippedFile);
  const WorkCalendar embedded = WorkCalendar::Embedded();
  EXPECT_EQ(embedded.years(), (std::vector<int>{2026, 2027}));
  EXPECT_EQ(embedded.provisional_years(), std::vector<int>{2027});
  EXPECT_EQ(embedded.origin(), "内置日历");
  EXPECT_EQ(embedded.office_hours(), DefaultOfficeHours());
}

TEST(WorkCalendar, The2026ArrangementAndThe2027StatutoryDays) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  struct Case {
    int month, day;
    int year;
    bool working;
  };
  const Case cases[] = {
      // 元旦: 1月1日–3日 off, Sunday 4 January worked.
      {1, 1, 2026, false},
      {1, 3, 2026, false},
      {1, 4, 2026, true},
      {1, 5, 2026, true},
      // 春节: Saturday 14 February worked, 15–23 off, Saturday 28 worked.
      {2, 13, 2026, true},
      {2, 14, 2026, true},
      {2, 15, 2026, false},
      {2, 16, 2026, false},
      {2, 23, 2026, false},
      {2, 24, 2026, true},
      {2, 28, 2026, true},
      {3, 1, 2026, false},
      // 清明, 劳动节 (Saturday 9 May worked), 端午, 中秋.
      {4, 6, 2026, false},
      {4, 7, 2026, true},
      {5, 5, 2026, false},
      {5, 6, 2026, true},
      {5, 9, 2026, true},
      {6, 19, 2026, false},
      {9, 25, 2026, false},
      {9, 28, 2026, true},
      // 国庆: Sunday 20 September worked, 1–7 October off, Saturday 10
      // worked, Sunday 11 not.
      {9, 20, 2026, true},
      {10, 1, 2026, false},
      {10, 7, 2026, false},
      {10, 8, 2026, true},
      {10, 10, 2026, true},
      {10, 11, 2026, false},
      // An ordinary weekend and week.
      {3, 7, 2026, false},
      {3, 8, 2026, false},
      {3, 9, 2026, true},
      // 2027, provisional: the statutory days only.
      {1, 1, 2027, false},
      {2, 5, 2027, false},
      {2, 8, 2027, false},
      {2, 9, 2027, true},
      {4, 5, 2027, false},
      {6, 9, 2027, false},
      {9, 15, 2027, false},
      {10, 4, 2027, true},
  };
  for (const Case& c : cases) {
    Result<bool> working =
        calendar.IsWorkingDay(At(c.year, c.month, c.day), Shanghai());
    ASSERT_TRUE(working.ok()) << working.status().ToString();
    EXPECT_EQ(*working, c.working) << Local(At(c.year, c.month, c.day));
  }
}

TEST(WorkCalendar, WorkingDaysEndAtTheCloseOfOfficeHoursAcrossAWeekend) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  // Friday 6 March 2026: the start day never counts, whatever the hour.
  ExpectAdd(calendar, At(2026, 3, 6, 8, 0), WorkingDays(1),
            At(2026, 3, 9, 17, 30));
  ExpectAdd(calendar, At(2026, 3, 6, 23, 59), WorkingDays(1),
            At(2026, 3, 9, 17, 30));
  ExpectAdd(calendar, At(2026, 3, 6, 10, 0), WorkingDays(3),
            At(2026, 3, 11, 17, 30));
  // Issued on a Saturday or a Sunday: Monday is the first working day.
  ExpectAdd(calendar, At(2026, 3, 7, 10, 0), WorkingDays(1),
            At(2026, 3, 9, 17, 30));
  ExpectAdd(calendar, At(2026, 3, 8, 10, 0), WorkingDays(1),
            At(2026, 3, 9, 17, 30));
  ExpectAdd(calendar, At(2026, 3, 8, 10, 0), WorkingDays(5),
            At(2026, 3, 13, 17, 30));
  // 15 working days (一般件) from a Monday: three weeks on, the Monday.
  ExpectAdd(calendar, At(2026, 3, 9, 9, 0), WorkingDays(15),
            At(2026, 3, 30, 17, 30));
  // Back again: the reminder days before a deadline.
  ExpectSubtract(calendar, At(2026, 3, 11, 17, 30), WorkingDays(3),
                 At(2026, 3, 6, 17, 30));
  ExpectSubtract(calendar, At(2026, 3, 9, 17, 30), WorkingDays(1),
                 At(2026, 3, 6, 17, 30));
}

TEST(WorkCalendar, WorkingDaysAcrossTheSpringFestivalAndItsSaturdays) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  const int64_t friday = At(2026, 2, 13, 10, 0);
  // Saturday 14 February is a working day; 15–23 are off; Saturday 28 is
  // worked again.
  ExpectAdd(calendar, friday, WorkingDays(1), At(2026, 2, 14, 17, 30));
  ExpectAdd(calendar, friday, WorkingDays(2), At(2026, 2, 24, 17, 30));
  ExpectAdd(calendar, friday, WorkingDays(5), At(2026, 2, 27, 17, 30));
  ExpectAdd(calendar, friday, WorkingDays(6), At(2026, 2, 28, 17, 30));
  ExpectAdd(calendar, friday, WorkingDays(7), At(2026, 3, 2, 17, 30));
  // Issued during the holiday.
  ExpectAdd(calendar, At(2026, 2, 18, 10, 0), WorkingDays(1),
            At(2026, 2, 24, 17, 30));
  ExpectSubtract(calendar, At(2026, 2, 24, 17, 30), WorkingDays(1),
                 At(2026, 2, 14, 17, 30));
  ExpectSubtract(calendar, At(2026, 3, 2, 17, 30), WorkingDays(2),
                 At(2026, 2, 27, 17, 30));
}

TEST(WorkCalendar, WorkingDaysAcrossTheNationalDayHoliday) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  // Friday 18 September: Saturday 19 is off, Sunday 20 is worked.
  ExpectAdd(calendar, At(2026, 9, 18, 10, 0), WorkingDays(1),
            At(2026, 9, 20, 17, 30));
  ExpectAdd(calendar, At(2026, 9, 18, 10, 0), WorkingDays(2),
            At(2026, 9, 21, 17, 30));
  // 中秋 on Friday 25 September.
  ExpectAdd(calendar, At(2026, 9, 24, 10, 0), WorkingDays(1),
            At(2026, 9, 28, 17, 30));
  // Wednesday 30 September: 1–7 October off, Saturday 10 October worked.
  ExpectAdd(calendar, At(2026, 9, 30, 10, 0), WorkingDays(1),
            At(2026, 10, 8, 17, 30));
  ExpectAdd(calendar, At(2026, 9, 30, 10, 0), WorkingDays(3),
            At(2026, 10, 10, 17, 30));
  ExpectAdd(calendar, At(2026, 9, 30, 10, 0), WorkingDays(4),
            At(2026, 10, 12, 17, 30));
  ExpectSubtract(calendar, At(2026, 10, 8, 17, 30), WorkingDays(1),
                 At(2026, 9, 30, 17, 30));
  ExpectSubtract(calendar, At(2026, 10, 12, 17, 30), WorkingDays(2),
                 At(2026, 10, 9, 17, 30));
}

TEST(WorkingHours, CountOnlyOfficeTimeAcrossLunchEveningAndWeekend) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  // Monday 9 March 2026. Across lunch (12:00–14:00).
  ExpectAdd(calendar, At(2026, 3, 9, 10, 0), WorkingHours(4 * kHour),
            At(2026, 3, 9, 16, 0));
  ExpectAdd(calendar, At(2026, 3, 9, 11, 0), WorkingHours(2 * kHour),
            At(2026, 3, 9, 15, 0));
  // Issued at lunch: counting starts at 14:00.
  ExpectAdd(calendar, At(2026, 3, 9, 12, 30), WorkingHours(1 * kHour),
            At(2026, 3, 9, 15, 0));
  // Filling a morning exactly ends at its close.
  ExpectAdd(calendar, At(2026, 3, 9, 8, 30),
            WorkingHours(3 * kHour + 30 * kMinute), At(2026, 3, 9, 12, 0));
  // Across the evening.
  ExpectAdd(calendar, At(2026, 3, 9, 17, 0), WorkingHours(1 * kHour),
            At(2026, 3, 10, 9, 0));
  ExpectAdd(calendar, At(2026, 3, 9, 20, 0), WorkingHours(1 * kHour),
            At(2026, 3, 10, 9, 30));
  // Across a weekend, and issued on a Sunday.
  ExpectAdd(calendar, At(2026, 3, 6, 16, 30), WorkingHours(2 * kHour),
            At(2026, 3, 9, 9, 30));
  ExpectAdd(calendar, At(2026, 3, 8, 15, 0), WorkingHours(4 * kHour),
            At(2026, 3, 9, 14, 30));
  // Across the Spring Festival: Friday 13 February evening, Saturday 14
  // worked, then 24 February.
  ExpectAdd(calendar, At(2026, 2, 13, 18, 0), WorkingHours(8 * kHour),
            At(2026, 2, 24, 9, 30));
  // Backwards, for reminders.
  ExpectSubtract(calendar, At(2026, 3, 9, 9, 30), WorkingHours(2 * kHour),
                 At(2026, 3, 6, 16, 30));
  ExpectSubtract(calendar, At(2026, 3, 9, 15, 0), WorkingHours(2 * kHour),
                 At(2026, 3, 9, 11, 0));
  ExpectSubtract(calendar, At(2026, 3, 9, 14, 0), WorkingHours(30 * kMinute),
                 At(2026, 3, 9, 11, 30));
}

TEST(WorkCalendar, ClockSpansIgnoreTheCalendar) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  const int64_t saturday = At(2026, 3, 7, 23, 0);
  const Span two_hours{Span::Unit::kClock, 2 * kHour};
  ExpectAdd(calendar, saturday, two_hours, saturday + 2 * kHour);
  ExpectSubtract(calendar, saturday, two_hours, saturday - 2 * kHour);
  ExpectAdd(calendar, saturday, Span{Span::Unit::kClock, 200}, saturday + 200);
  // No deadline adds nothing, in any unit; a negative one is refused.
  ExpectAdd(calendar, saturday, WorkingDays(0), saturday);
  Result<int64_t> negative =
      calendar.Add(saturday, WorkingDays(-1), Shanghai());
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().code(), v1::ERROR_CODE_INVALID_FIELD);
}

TEST(WorkCalendar, CountsWorkingDaysLeft) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  auto between = [&](int64_t from, int64_t to) {
    Result<int64_t> count = calendar.WorkingDaysBetween(from, to, Shanghai());
    EXPECT_TRUE(count.ok()) << count.status().ToString();
    return count.ok() ? *count : -999;
  };
  EXPECT_EQ(between(At(2026, 2, 13, 9, 0), At(2026, 2, 24, 17, 30)), 2);
  EXPECT_EQ(between(At(2026, 2, 24, 17, 30), At(2026, 2, 13, 9, 0)), -2);
  EXPECT_EQ(between(At(2026, 3, 9, 9, 0), At(2026, 3, 9, 17, 0)), 0);
  EXPECT_EQ(between(At(2026, 3, 6, 9, 0), At(2026, 3, 13, 9, 0)), 5);
}

TEST(WorkCalendar, AYearItDoesNotCoverIsRefusedNotGuessed) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  // Thursday 30 December 2027: the third working day would be in 2028.
  Result<int64_t> due =
      calendar.Add(At(2027, 12, 30), WorkingDays(3), Shanghai());
  ASSERT_FALSE(due.ok());
  EXPECT_EQ(due.status().code(), v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  for (const char* part : {"工作日历未包含 2028 年", "已有 2026、2027 年",
                           "[calendar] file", "内置日历"}) {
    EXPECT_NE(due.status().message().find(part), std::string::npos)
        << due.status().message();
  }
  // One working day still fits in 2027.
  ExpectAdd(calendar, At(2027, 12, 30), WorkingDays(1),
            At(2027, 12, 31, 17, 30));
  // Reminders reaching back into 2025; questions about 2028.
  Result<int64_t> reminder =
      calendar.Subtract(At(2026, 1, 5, 17, 30), WorkingDays(3), Shanghai());
  ASSERT_FALSE(reminder.ok());
  EXPECT_EQ(reminder.status().code(), v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  EXPECT_NE(reminder.status().message().find("2025 年"), std::string::npos);
  EXPECT_EQ(calendar.IsWorkingDay(At(2028, 3, 1), Shanghai()).status().code(),
            v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  EXPECT_EQ(
      calendar.Add(At(2027, 12, 31, 17, 0), WorkingHours(kHour), Shanghai())
          .status()
          .code(),
      v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  EXPECT_EQ(
      calendar.WorkingDaysBetween(At(2027, 12, 1), At(2028, 1, 5), Shanghai())
          .status()
          .code(),
      v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  // Issued after hours on the last day of 2025: that evening has no office
  // time to count, so only 2026 is asked (Sunday 4 January is worked).
  ExpectAdd(calendar, At(2025, 12, 31, 20, 0), WorkingHours(kHour),
            At(2026, 1, 4, 9, 30));
  // A loaded file names itself for the administrator to update.
  testing::TempDir dir;
  const std::filesystem::path path = dir / "workdays.toml";
  std::ofstream(path) << ReadFile(kShippedFile);
  Result<WorkCalendar> loaded = WorkCalendar::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Status refused =
      loaded->IsWorkingDay(At(2028, 1, 3), Shanghai()).status();
  EXPECT_NE(refused.message().find("请管理员更新日历文件 " + path.string()),
            std::string::npos)
      << refused.message();
  // A calendar of no year refuses everything.
  const Status empty =
      WorkCalendar().IsWorkingDay(At(2026, 3, 9), Shanghai()).status();
  EXPECT_EQ(empty.code(), v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  EXPECT_NE(empty.message().find("尚无任何年份"), std::string::npos);
}

TEST(WorkCalendar, DaysAreLocalToTheZoneItIsGiven) {
  const WorkCalendar calendar = WorkCalendar::Embedded();
  const TimeZone utc = TimeZone::FixedOffset(0);
  // Friday 6 March 2026 20:00 UTC is Saturday 04:00 in Shanghai.
  const int64_t at = utc.UnixMsOf(CivilTime{2026, 3, 6, 20, 0, 0});
  EXPECT_TRUE(calendar.IsWorkingDay(at, utc).value());
  EXPECT_FALSE(calendar.IsWorkingDay(at, Shanghai()).value());
  Result<int64_t> due = calendar.Add(at, WorkingDays(1), utc);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, utc.UnixMsOf(CivilTime{2026, 3, 9, 17, 30, 0}));
}

TEST(OfficeHours, WindowsParseAndReplaceTheDefault) {
  Result<OfficeWindow> window = ParseOfficeWindow("09:00-17:00");
  ASSERT_TRUE(window.ok()) << window.status().ToString();
  EXPECT_EQ(*window, (OfficeWindow{9 * 60, 17 * 60}));
  for (const char* bad : {"09:00", "09:00-", "-17:00", "9-17", "17:00-09:00",
                          "09:00-09:00", "09:00-24:00", "09:00 - 17:00"}) {
    Result<OfficeWindow> parsed = ParseOfficeWindow(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find(std::string("\"") + bad + "\""),
              std::string::npos)
        << parsed.status().message();
  }
  const WorkCalendar calendar = WorkCalendar::Embedded();
  Result<WorkCalendar> nine_to_five = calendar.WithOfficeHours({*window});
  ASSERT_TRUE(nine_to_five.ok());
  ExpectAdd(*nine_to_five, At(2026, 3, 6), WorkingDays(1),
            At(2026, 3, 9, 17, 0));
  ExpectAdd(*nine_to_five, At(2026, 3, 9, 8, 0), WorkingHours(8 * kHour),
            At(2026, 3, 9, 17, 0));
  // The days stay; the original keeps its hours.
  EXPECT_EQ(nine_to_five->years(), calendar.years());
  EXPECT_EQ(calendar.office_hours(), DefaultOfficeHours());
  const std::vector<std::vector<OfficeWindow>> refused = {
      {},
      {{14 * 60, 17 * 60}, {8 * 60, 12 * 60}},
      {{8 * 60, 12 * 60}, {11 * 60, 17 * 60}},
      {{12 * 60, 8 * 60}},
  };
  for (const auto& windows : refused) {
    Result<WorkCalendar> with = calendar.WithOfficeHours(windows);
    ASSERT_FALSE(with.ok()) << windows.size();
    EXPECT_EQ(with.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  }
}

// The body of a valid year for the malformed-file cases below.
constexpr const char* kYear2026 =
    "[[year]]\nyear = 2026\nstatus = \"official\"\nsource = \"通知\"\n";

TEST(CalendarFile, AcceptsTomlDatesAsWellAsText) {
  Result<WorkCalendar> calendar = WorkCalendar::Parse(
      std::string(kYear2026) +
          "holidays = [2026-03-09, \"2026-03-10\"]\nworkdays = [2026-03-07]\n",
      "test.toml");
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  EXPECT_FALSE(calendar->IsWorkingDay(At(2026, 3, 9), Shanghai()).value());
  EXPECT_FALSE(calendar->IsWorkingDay(At(2026, 3, 10), Shanghai()).value());
  EXPECT_TRUE(calendar->IsWorkingDay(At(2026, 3, 7), Shanghai()).value());
  EXPECT_TRUE(calendar->provisional_years().empty());
}

TEST(CalendarFile, RefusesEachMistakeNamingTheFileTheYearAndTheValue) {
  const std::string origin = "/etc/xinbao/cn-workdays.toml";
  struct Case {
    std::string text;
    std::vector<std::string> says;
  };
  const std::string y = kYear2026;
  const Case cases[] = {
      {y + y, {"2026 年", "出现了两次"}},
      {y + "holidays = [\"2027-01-01\"]\n",
       {"2026 年", "\"2027-01-01\"", "不在 2026 年内"}},
      {y + "holidays = [\"2026-02-30\"]\n",
       {"2026 年", "\"2026-02-30\"", "不是有效日期"}},
      {y + "workdays = [\"2026-2-14\"]\n",
       {"workdays", "\"2026-2-14\"", "不是有效日期"}},
      {y + "holidays = [20260101]\n",
       {"holidays", "\"20260101\"", "不是有效日期"}},
      {y + "holidays = [\"2026-02-14\"]\nworkdays = [\"2026-02-14\"]\n",
       {"2026 年", "\"2026-02-14\"", "既在 holidays 又在 workdays"}},
      {y + "holidays = [\"2026-01-01\", \"2026-01-01\"]\n",
       {"\"2026-01-01\"", "重复"}},
      {y + "workdays = [\"2026-02-16\"]\n",
       {"\"2026-02-16\"", "周一", "调休上班"}},
      {y + "holiday = [\"2026-01-01\"]\n", {"2026 年", "未知的键 \"holiday\""}},
      {y + "holidays = \"2026-01-01\"\n", {"2026 年", "holidays 应为日期数组"}},
      {"[[year]]\nyear = 2026\nstatus = \"draft\"\nsource = \"x\"\n",
       {"2026 年", "\"draft\"", "official", "provisional"}},
      {"[[year]]\nyear = 2026\nstatus = \"official\"\n",
       {"2026 年", "缺少 source"}},
      {"[[year]]\nstatus = \"official\"\nsource = \"x\"\n",
       {"第 1 个 [[year]]", "year = 2026"}},
      {y + "[[year]]\nyear = \"2027\"\n", {"第 2 个 [[year]]"}},
      {y + "[[year]]\nyear = 27\n", {"第 2 个 [[year]]"}},
      // Beyond any integer: refused as not a year (toml++'s own conversion
      // overflowed here before; tests/fuzz found it under UBSan).
      {"[[year]]\nyear = 2.0e30\n", {"第 1 个 [[year]]", "year = 2026"}},
      {"[[year]]\nyear = -1e300\n", {"第 1 个 [[year]]"}},
      {"[[year]]\nyear = inf\n", {"第 1 个 [[year]]"}},
      {"[[year]]\nyear = 2026.5\n", {"第 1 个 [[year]]"}},
      {"title = \"日历\"\n" + y, {"未知的键 \"title\""}},
      {"", {"[[year]]"}},
      {"year = 2026\n", {"[[year]]"}},
      {"[[year]\nyear = 2026\n", {"无法解析"}},
  };
  for (const Case& c : cases) {
    Result<WorkCalendar> calendar = WorkCalendar::Parse(c.text, origin);
    ASSERT_FALSE(calendar.ok()) << c.text;
    const Status& status = calendar.status();
    EXPECT_EQ(status.code(), v1::ERROR_CODE_INVALID_FIELD) << c.text;
    EXPECT_EQ(status.field(), origin) << c.text;
    EXPECT_NE(status.message().find("工作日历 " + origin), std::string::npos)
        << status.message();
    for (const std::string& part : c.says) {
      EXPECT_NE(status.message().find(part), std::string::npos)
          << c.text << " → " << status.message();
    }
  }
}

TEST(CalendarFile, AMissingFileIsRefusedByName) {
  testing::TempDir dir;
  Result<WorkCalendar> calendar = WorkCalendar::Load(dir / "missing.toml");
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_NE(calendar.status().message().find("missing.toml"), std::string::npos)
      << calendar.status().message();
}

}  // namespace
}  // namespace xinbao::broker
