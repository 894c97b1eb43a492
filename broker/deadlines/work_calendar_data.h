// What a WorkCalendar holds, shared by work_calendar.cc (the questions)
// and work_calendar_file.cc (reading the file). Internal to
// broker/deadlines.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "broker/deadlines/work_calendar.h"

namespace xinbao::broker {

// One [[year]] of the calendar file; days are day numbers (calendar_day.h).
struct CalendarYear {
  bool provisional = false;
  std::string source;
  std::set<int64_t> holidays;
  std::set<int64_t> workdays;
};

struct WorkCalendarData {
  std::string origin;     // the file's path, or "内置日历"
  bool embedded = false;  // origin is the built-in text
  std::map<int, CalendarYear> years;
  std::vector<OfficeWindow> office_hours;
};

}  // namespace xinbao::broker
