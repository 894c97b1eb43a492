// WorkCalendar: which days are working days, the office hours on them,
// and deadlines counted in working days or office time.
//
// The days come from a calendar file the operator updates each year
// (deploy/calendar/cn-workdays.toml, its format in docs/PROTOCOL.md,
// "Working days and the calendar file"): one [[year]] table per year with
// its official holidays (放假) and its make-up working days (调休上班). A
// day is a working day when that year lists it in `workdays`, or when it
// is Monday to Friday and not listed in `holidays`. A day in a year the
// file does not have is not guessed at: every question about it is
// refused with CALENDAR_NOT_COVERED. The shipped file is also built into
// the broker (Embedded()).
//
// Days and office hours are local to the broker's zone, which every
// question is given (the calendar keeps no zone of its own, so it cannot
// disagree with [broker] time_zone).
//
// Threads: immutable after it is made; copies share their data. Safe to
// use from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "broker/deadlines/span.h"
#include "proto/status.h"
#include "proto/time_zone.h"

namespace xinbao::broker {

// A stretch of office hours on a working day: local minutes after
// midnight, begin < end.
struct OfficeWindow {
  int begin_minute = 0;
  int end_minute = 0;
  friend bool operator==(const OfficeWindow&, const OfficeWindow&) = default;
};

// "08:30-12:00" (each side as ParseTimeOfDay). INVALID_FIELD, quoting the
// text, when malformed or when the end is not after the beginning.
Result<OfficeWindow> ParseOfficeWindow(std::string_view text);

// 08:30-12:00 and 14:00-17:30.
std::vector<OfficeWindow> DefaultOfficeHours();

// The text of deploy/calendar/cn-workdays.toml as built into the broker.
std::string_view EmbeddedCalendarText();

struct WorkCalendarData;  // work_calendar_data.h

class WorkCalendar {
 public:
  // A calendar of no year (every question refused) with the default
  // office hours. Use Embedded(), Load() or Parse() for a real one.
  WorkCalendar();

  // The built-in calendar (EmbeddedCalendarText()) with the default
  // office hours. Parsed once; aborts only if the built-in text is broken,
  // which the tests rule out.
  static WorkCalendar Embedded();
  // The calendar file at `path`, with the default office hours. Fails
  // with INVALID_FIELD, naming the file (and the year and value at fault),
  // when the file cannot be read or is not a valid calendar; the Status's
  // field is the path.
  static Result<WorkCalendar> Load(const std::filesystem::path& path);
  // Calendar text from `origin` (a path, or "内置日历"), as Load.
  static Result<WorkCalendar> Parse(std::string_view text, std::string origin);

  // This calendar with other office hours: at least one window, in order,
  // not overlapping. INVALID_FIELD otherwise.
  Result<WorkCalendar> WithOfficeHours(std::vector<OfficeWindow> windows) const;

  // Where the days came from: the file's path, or "内置日历".
  const std::string& origin() const;
  // The years the calendar covers, ascending.
  std::vector<int> years() const;
  // The covered years marked provisional (statutory holidays only, the
  // year's 调休 not yet published): the broker warns about them.
  std::vector<int> provisional_years() const;
  const std::vector<OfficeWindow>& office_hours() const;

  // Whether the local day (in `zone`) of `at_ms` is a working day.
  // CALENDAR_NOT_COVERED if its year is not in the calendar.
  Result<bool> IsWorkingDay(int64_t at_ms, const TimeZone& zone) const;

  // The deadline `span` after `from_ms`:
  //   clock:        from_ms + amount.
  //   working days: the end of office hours (end of the last window) of
  //                 the n-th working day after the local day of from_ms —
  //                 "自交办之次日起 n 个工作日内": the start day never
  //                 counts, whatever the hour.
  //   working hours: office time counted forward from from_ms (from the
  //                 next window when from_ms is outside office hours).
  // A span of 0 gives from_ms. CALENDAR_NOT_COVERED when a day the count
  // must look at lies in a year the calendar does not have; INVALID_FIELD
  // for a negative amount or one beyond 10^13 (no ParseSpan makes either).
  Result<int64_t> Add(int64_t from_ms, const Span& span,
                      const TimeZone& zone) const;
  // The instant `span` before `due_ms`, for "remind n working days before
  // the deadline": working days → the end of office hours of the n-th
  // working day before the local day of due_ms; working hours → office
  // time counted backwards from due_ms; clock → due_ms - amount. Fails as
  // Add.
  Result<int64_t> Subtract(int64_t due_ms, const Span& span,
                           const TimeZone& zone) const;
  // How many working days lie after the local day of `from_ms` up to and
  // including the local day of `to_ms` ("还剩 2 个工作日"): 0 when both are
  // the same day, negative (the count from to to from) when to_ms is on
  // an earlier day. Fails as Add.
  Result<int64_t> WorkingDaysBetween(int64_t from_ms, int64_t to_ms,
                                     const TimeZone& zone) const;

 private:
  // Shares `data`; the default office hours when it names none.
  explicit WorkCalendar(WorkCalendarData data);

  // Days are counted from 1970-01-01 (day 0), in the broker's zone.
  // Whether `day` is a working day; CALENDAR_NOT_COVERED outside the years.
  Result<bool> IsWorkingDayNumber(int64_t day) const;
  // The n-th working day after `day` (step +1) or before it (step -1).
  Result<int64_t> NthWorkingDay(int64_t day, int64_t n, int step) const;
  // The instant `ms` of office time after (step +1) or before (step -1)
  // `at_ms`.
  Result<int64_t> CountOfficeTime(int64_t at_ms, int64_t ms, int step,
                                  const TimeZone& zone) const;
  // Add (step +1) or Subtract (step -1).
  Result<int64_t> Move(int64_t at_ms, const Span& span, int step,
                       const TimeZone& zone) const;
  // The end of the last office window of `day`.
  int64_t EndOfOfficeHours(int64_t day, const TimeZone& zone) const;
  Status NotCovered(int year) const;

  std::shared_ptr<const WorkCalendarData> data_;
};

}  // namespace xinbao::broker
