#include "clients/text/local_time.h"

#include <charconv>
#include <optional>

#include "proto/utf8.h"

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

struct ParsedTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int millis = 0;
  std::optional<int> offset_minutes;  // absent: local time in the zone
};

bool IsLeap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool Valid(const ParsedTime& t) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (t.month < 1 || t.month > 12 || t.day < 1) return false;
  const int days = kDays[t.month - 1] + (t.month == 2 && IsLeap(t.year));
  return t.day <= days && t.hour <= 23 && t.minute <= 59 && t.second <= 59;
}

std::optional<ParsedTime> ParseCivil(std::string_view text) {
  Scanner in(text);
  ParsedTime t{};
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
std::optional<int64_t> ToUnixSeconds(const ParsedTime& t,
                                     const TimeZone& zone) {
  const CivilTime civil{t.year, t.month, t.day, t.hour, t.minute, t.second};
  if (t.offset_minutes) {
    return TimeZone::FixedOffset(0).UnixMsOf(civil) / 1000 -
           int64_t{*t.offset_minutes} * 60;
  }
  const int64_t unix_ms = zone.UnixMsOf(civil);
  // A time a clock change skipped never happened there.
  const CivilTime back = zone.CivilOf(unix_ms);
  if (back.hour != t.hour || back.minute != t.minute || back.day != t.day) {
    return std::nullopt;
  }
  return unix_ms / 1000;
}

}  // namespace

Result<int64_t> ParseTime(std::string_view text, std::string field,
                          const TimeZone& zone) {
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
    if (const auto seconds = ToUnixSeconds(*civil, zone)) {
      return *seconds * 1000 + civil->millis;
    }
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "无法识别的时间 \"" + ValidUtf8(text) +
                    "\"：请写成 \"YYYY-MM-DD HH:MM[:SS]\"（" + zone.name() + " 时间）、"
                    "带时区的 ISO-8601（如 2026-11-22T10:31:05+08:00）"
                    "或 Unix 毫秒数",
                std::move(field));
}

std::string FormatLocalTime(int64_t unix_ms, const TimeZone& zone) {
  return zone.Format(unix_ms, "%Y-%m-%d %H:%M:%S");
}

std::string FormatTime(int64_t unix_ms, const TimeZone& zone,
                       const char* format) {
  return zone.Format(unix_ms, format);
}

TimeZone ZoneNamed(std::string_view name, const TimeZone& fallback) {
  if (name.empty() || name == fallback.name()) return fallback;
  Result<TimeZone> zone = TimeZone::Load(name);
  return zone.ok() ? std::move(zone).value() : fallback;
}

TimeZone ZoneOf(const v1::Reply& reply, const TimeZone& fallback) {
  return ZoneNamed(reply.time_zone(), fallback);
}

}  // namespace xinbao::client
