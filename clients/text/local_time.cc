#include "clients/text/local_time.h"

#include <charconv>
#include <ctime>
#include <optional>

namespace xinbao::client {
namespace {

// A cursor over the text being parsed.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool done() const { return text_.empty(); }
  char peek() const { return text_.empty() ? '\0' : text_.front(); }
  bool Take(char c) {
    if (peek() != c) return false;
    text_.remove_prefix(1);
    return true;
  }
  // Exactly `digits` decimal digits.
  std::optional<int> Number(std::size_t digits) {
    if (text_.size() < digits) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
      if (text_[i] < '0' || text_[i] > '9') return std::nullopt;
      value = value * 10 + (text_[i] - '0');
    }
    text_.remove_prefix(digits);
    return value;
  }
  // One or more digits as milliseconds (".5" → 500, ".1234" → 123).
  std::optional<int> Fraction() {
    int millis = 0;
    std::size_t count = 0;
    while (peek() >= '0' && peek() <= '9') {
      if (count < 3) millis = millis * 10 + (peek() - '0');
      ++count;
      text_.remove_prefix(1);
    }
    if (count == 0) return std::nullopt;
    for (; count < 3; ++count) millis *= 10;
    return millis;
  }

 private:
  std::string_view text_;
};

struct CivilTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int millis = 0;
  std::optional<int> offset_minutes;  // absent: local time
};

bool IsLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool Valid(const CivilTime& t) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (t.month < 1 || t.month > 12 || t.day < 1) return false;
  const int days = kDays[t.month - 1] + (t.month == 2 && IsLeap(t.year));
  return t.day <= days && t.hour <= 23 && t.minute <= 59 && t.second <= 59;
}

std::optional<CivilTime> ParseCivil(std::string_view text) {
  Scanner in(text);
  CivilTime t{};
  const auto year = in.Number(4);
  const char date_separator = in.peek();
  if (!year || (date_separator != '-' && date_separator != '/')) return {};
  in.Take(date_separator);
  const auto month = in.Number(2);
  if (!month || !in.Take(date_separator)) return {};
  const auto day = in.Number(2);
  if (!day || !(in.Take(' ') || in.Take('T') || in.Take('t'))) return {};
  while (in.Take(' ')) {
  }
  const auto hour = in.Number(2);
  if (!hour || !in.Take(':')) return {};
  const auto minute = in.Number(2);
  if (!minute) return {};
  t.year = *year;
  t.month = *month;
  t.day = *day;
  t.hour = *hour;
  t.minute = *minute;
  if (in.Take(':')) {
    const auto second = in.Number(2);
    if (!second) return {};
    t.second = *second;
    if (in.Take('.') || in.Take(',')) {
      const auto millis = in.Fraction();
      if (!millis) return {};
      t.millis = *millis;
    }
  }
  if (in.Take('Z') || in.Take('z')) {
    t.offset_minutes = 0;
  } else if (const char sign = in.peek(); sign == '+' || sign == '-') {
    in.Take(sign);
    const auto hours = in.Number(2);
    if (!hours) return {};
    in.Take(':');
    const auto minutes = in.Number(2);
    if (!minutes || *hours > 23 || *minutes > 59) return {};
    t.offset_minutes = (sign == '-' ? -1 : 1) * (*hours * 60 + *minutes);
  }
  if (!in.done() || !Valid(t)) return {};
  return t;
}

// Seconds since the epoch, or nullopt if the local time does not exist.
std::optional<int64_t> ToUnixSeconds(const CivilTime& t) {
  std::tm tm{};
  tm.tm_year = t.year - 1900;
  tm.tm_mon = t.month - 1;
  tm.tm_mday = t.day;
  tm.tm_hour = t.hour;
  tm.tm_min = t.minute;
  tm.tm_sec = t.second;
  if (t.offset_minutes) {
    return static_cast<int64_t>(timegm(&tm)) - *t.offset_minutes * 60;
  }
  tm.tm_isdst = -1;
  const std::time_t seconds = std::mktime(&tm);
  // mktime moves times in a daylight-saving gap; such a time never happened.
  if (seconds == static_cast<std::time_t>(-1) || tm.tm_hour != t.hour ||
      tm.tm_min != t.minute || tm.tm_mday != t.day) {
    return std::nullopt;
  }
  return static_cast<int64_t>(seconds);
}

}  // namespace

Result<int64_t> ParseTime(std::string_view text, std::string field) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  const std::string_view trimmed =
      first == std::string_view::npos
          ? std::string_view()
          : text.substr(first, text.find_last_not_of(kSpace) - first + 1);
  int64_t millis = 0;
  const auto [end, ec] =
      std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), millis);
  if (!trimmed.empty() && ec == std::errc() &&
      end == trimmed.data() + trimmed.size() && trimmed.front() != '-') {
    return millis;
  }
  if (const auto civil = ParseCivil(trimmed)) {
    if (const auto seconds = ToUnixSeconds(*civil)) {
      return *seconds * 1000 + civil->millis;
    }
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "无法识别的时间 \"" + std::string(text) +
                    "\"：请写成 \"YYYY-MM-DD HH:MM[:SS]\"（本地时间）、"
                    "带时区的 ISO-8601（如 2026-11-22T10:31:05+08:00）"
                    "或 Unix 毫秒数",
                std::move(field));
}

std::string FormatLocalTime(int64_t unix_ms) {
  return FormatTime(unix_ms, TimeZone{}, "%Y-%m-%d %H:%M:%S");
}

std::string FormatTime(int64_t unix_ms, const TimeZone& zone,
                       const char* format) {
  int64_t seconds = unix_ms / 1000;
  if (unix_ms % 1000 < 0) --seconds;  // floor for times before 1970
  std::tm tm{};
  bool converted = false;
  if (zone.utc_offset_minutes) {
    const auto t = static_cast<std::time_t>(
        seconds + int64_t{*zone.utc_offset_minutes} * 60);
    converted = gmtime_r(&t, &tm) != nullptr;
  } else {
    const auto t = static_cast<std::time_t>(seconds);
    converted = localtime_r(&t, &tm) != nullptr;
  }
  char text[64];
  if (!converted || std::strftime(text, sizeof text, format, &tm) == 0) {
    return std::to_string(unix_ms);
  }
  return text;
}

}  // namespace xinbao::client
