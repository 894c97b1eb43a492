// The questions a WorkCalendar answers; reading the file is in
// work_calendar_file.cc.
#include "broker/deadlines/work_calendar.h"

#include <algorithm>
#include <utility>

#include "broker/deadlines/calendar_day.h"
#include "broker/deadlines/work_calendar_data.h"

namespace xinbao::broker {
namespace {

Status Invalid(std::string message) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, std::move(message));
}

std::string TimeOfDayText(int minute) {
  const auto two = [](int n) {
    return std::string(n < 10 ? "0" : "") + std::to_string(n);
  };
  return two(minute / 60) + ":" + two(minute % 60);
}

std::string WindowText(const OfficeWindow& window) {
  return TimeOfDayText(window.begin_minute) + "-" +
         TimeOfDayText(window.end_minute);
}

// Far beyond any span ParseSpan makes (366 days), and small enough that
// adding it to a Unix time in ms cannot overflow.
constexpr int64_t kMaxAmount = 10'000'000'000'000;

Status CheckAmount(const Span& span) {
  if (span.amount >= 0 && span.amount <= kMaxAmount) return Status::Ok();
  return Invalid("期限数值无效：" + std::to_string(span.amount));
}

}  // namespace

Result<OfficeWindow> ParseOfficeWindow(std::string_view text) {
  const std::string quoted = "办公时段 \"" + std::string(text) + "\" ";
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    return Invalid(quoted + "无效：应为 \"08:30-12:00\" 这样的 开始-结束 时刻");
  }
  Result<int> begin = ParseTimeOfDay(text.substr(0, dash));
  if (!begin.ok()) return Invalid(quoted + "无效：" + begin.status().message());
  Result<int> end = ParseTimeOfDay(text.substr(dash + 1));
  if (!end.ok()) return Invalid(quoted + "无效：" + end.status().message());
  if (*end <= *begin) return Invalid(quoted + "无效：结束时刻应晚于开始时刻");
  return OfficeWindow{*begin, *end};
}

std::vector<OfficeWindow> DefaultOfficeHours() {
  return {{8 * 60 + 30, 12 * 60}, {14 * 60, 17 * 60 + 30}};
}

WorkCalendar::WorkCalendar() : WorkCalendar(WorkCalendarData()) {}

WorkCalendar::WorkCalendar(WorkCalendarData data) {
  if (data.office_hours.empty()) data.office_hours = DefaultOfficeHours();
  data_ = std::make_shared<const WorkCalendarData>(std::move(data));
}

Result<WorkCalendar> WorkCalendar::WithOfficeHours(
    std::vector<OfficeWindow> windows) const {
  if (windows.empty()) return Invalid("办公时段不能为空，至少应有一段");
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (windows[i].end_minute <= windows[i].begin_minute) {
      return Invalid("办公时段 " + WindowText(windows[i]) +
                     " 无效：结束时刻应晚于开始时刻");
    }
    if (i > 0 && windows[i].begin_minute < windows[i - 1].end_minute) {
      return Invalid("办公时段 " + WindowText(windows[i]) + " 应在 " +
                     WindowText(windows[i - 1]) +
                     " 之后且不重叠（按时间先后写）");
    }
  }
  WorkCalendarData data = *data_;
  data.office_hours = std::move(windows);
  return WorkCalendar(std::move(data));
}

const std::string& WorkCalendar::origin() const { return data_->origin; }

std::vector<int> WorkCalendar::years() const {
  std::vector<int> years;
  for (const auto& [year, days] : data_->years) years.push_back(year);
  return years;
}

std::vector<int> WorkCalendar::provisional_years() const {
  std::vector<int> years;
  for (const auto& [year, days] : data_->years) {
    if (days.provisional) years.push_back(year);
  }
  return years;
}

const std::vector<OfficeWindow>& WorkCalendar::office_hours() const {
  return data_->office_hours;
}

Status WorkCalendar::NotCovered(int year) const {
  std::string have;
  for (const auto& [known, days] : data_->years) {
    have += (have.empty() ? "" : "、") + std::to_string(known);
  }
  have = have.empty() ? "尚无任何年份" : "已有 " + have + " 年";
  const std::string update =
      data_->embedded
          ? "请管理员在配置 [calendar] file 中指定包含该年的日历文件（现用" +
                data_->origin + "）"
          : "请管理员更新日历文件 " + data_->origin;
  return Status(v1::ERROR_CODE_CALENDAR_NOT_COVERED,
                "工作日历未包含 " + std::to_string(year) + " 年（" + have +
                    "），" + update,
                "calendar.file");
}

Result<bool> WorkCalendar::IsWorkingDayNumber(int64_t day) const {
  const int year = DateOf(day).year;
  const auto found = data_->years.find(year);
  if (found == data_->years.end()) return NotCovered(year);
  const CalendarYear& days = found->second;
  if (days.workdays.contains(day)) return true;
  if (days.holidays.contains(day)) return false;
  const int weekday = Weekday(day);
  return weekday != 0 && weekday != 6;
}

Result<bool> WorkCalendar::IsWorkingDay(int64_t at_ms,
                                        const TimeZone& zone) const {
  return IsWorkingDayNumber(LocalDay(at_ms, zone));
}

Result<int64_t> WorkCalendar::NthWorkingDay(int64_t day, int64_t n,
                                            int step) const {
  // Ends: every step either counts or moves on, and past the last covered
  // year IsWorkingDayNumber refuses.
  for (int64_t counted = 0; counted < n;) {
    day += step;
    Result<bool> working = IsWorkingDayNumber(day);
    if (!working.ok()) return working.status();
    if (*working) ++counted;
  }
  return day;
}

int64_t WorkCalendar::EndOfOfficeHours(int64_t day,
                                       const TimeZone& zone) const {
  return InstantOf(day, data_->office_hours.back().end_minute, zone);
}

Result<int64_t> WorkCalendar::CountOfficeTime(int64_t at_ms, int64_t ms,
                                              int step,
                                              const TimeZone& zone) const {
  const std::vector<OfficeWindow>& windows = data_->office_hours;
  int64_t left = ms;
  for (int64_t day = LocalDay(at_ms, zone);; day += step) {
    // The office time of each window on `day` on the counting side of
    // at_ms, in counting order.
    std::vector<std::pair<int64_t, int64_t>> open;
    for (std::size_t i = 0; i < windows.size(); ++i) {
      const OfficeWindow& window =
          windows[step > 0 ? i : windows.size() - 1 - i];
      int64_t begin = InstantOf(day, window.begin_minute, zone);
      int64_t end = InstantOf(day, window.end_minute, zone);
      if (step > 0) begin = std::max(begin, at_ms);
      if (step < 0) end = std::min(end, at_ms);
      if (begin < end) open.emplace_back(begin, end);
    }
    // A day with no office time left to count (the start day after hours)
    // needs no answer from the calendar.
    if (open.empty()) continue;
    Result<bool> working = IsWorkingDayNumber(day);
    if (!working.ok()) return working.status();
    if (!*working) continue;
    for (const auto& [begin, end] : open) {
      if (left <= end - begin) return step > 0 ? begin + left : end - left;
      left -= end - begin;
    }
  }
}

Result<int64_t> WorkCalendar::Move(int64_t at_ms, const Span& span, int step,
                                   const TimeZone& zone) const {
  XINBAO_RETURN_IF_ERROR(CheckAmount(span));
  if (span.none()) return at_ms;
  switch (span.unit) {
    case Span::Unit::kWorkingDays: {
      Result<int64_t> day =
          NthWorkingDay(LocalDay(at_ms, zone), span.amount, step);
      if (!day.ok()) return day.status();
      return EndOfOfficeHours(*day, zone);
    }
    case Span::Unit::kWorkingHours:
      return CountOfficeTime(at_ms, span.amount, step, zone);
    case Span::Unit::kClock:
      break;
  }
  return at_ms + step * span.amount;
}

Result<int64_t> WorkCalendar::Add(int64_t from_ms, const Span& span,
                                  const TimeZone& zone) const {
  return Move(from_ms, span, 1, zone);
}

Result<int64_t> WorkCalendar::Subtract(int64_t due_ms, const Span& span,
                                       const TimeZone& zone) const {
  return Move(due_ms, span, -1, zone);
}

Result<int64_t> WorkCalendar::WorkingDaysBetween(int64_t from_ms, int64_t to_ms,
                                                 const TimeZone& zone) const {
  int64_t first = LocalDay(from_ms, zone);
  int64_t last = LocalDay(to_ms, zone);
  const int sign = last < first ? -1 : 1;
  if (sign < 0) std::swap(first, last);
  int64_t count = 0;
  for (int64_t day = first + 1; day <= last; ++day) {
    Result<bool> working = IsWorkingDayNumber(day);
    if (!working.ok()) return working.status();
    if (*working) ++count;
  }
  return sign * count;
}

}  // namespace xinbao::broker
