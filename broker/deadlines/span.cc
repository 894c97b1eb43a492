#include "broker/deadlines/span.h"

#include <charconv>
#include <iterator>

namespace xinbao::broker {
namespace {

// Longest duration ParseDuration accepts: far beyond any real deadline, and
// small enough that adding it to a Unix time in ms cannot overflow.
constexpr int64_t kMaxDuration = 366 * kDayMs;
// Most working days and office hours ParseSpan accepts, on the same ground.
constexpr int64_t kMaxWorkingDays = 366;
constexpr int64_t kMaxWorkingHours = 366 * 24;

// A clock unit: its symbol in configuration, its length and its word.
struct ClockUnit {
  std::string_view symbol;
  int64_t ms;
  std::string_view word;
};

// Largest first: the order ParseDuration requires and SpanWords writes.
constexpr ClockUnit kClockUnits[] = {{"d", kDayMs, "天"},
                                     {"h", kHourMs, "小时"},
                                     {"m", kMinuteMs, "分"},
                                     {"s", kSecondMs, "秒"},
                                     {"ms", 1, "毫秒"}};

// Parses all of `text` as a decimal number without sign into *out.
bool ParseDigits(std::string_view text, int64_t* out) {
  uint32_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() ||
      end != text.data() + text.size()) {
    return false;
  }
  *out = value;
  return true;
}

Status Invalid(std::string message) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, std::move(message));
}

// The length of the digits at the start of `text`.
std::size_t DigitsAt(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  return end;
}

// ParseDuration's grammar; a text that does not fit it is refused with
// `malformed`, which says what the caller accepts.
Result<int64_t> ParseClock(std::string_view text, const std::string& quoted,
                           const Status& malformed) {
  if (text == "0" || text == "none") return int64_t{0};
  if (text.starts_with('-')) return Invalid(quoted + "不能为负");
  if (text.empty()) return malformed;
  int64_t total = 0;
  std::size_t next_unit = 0;  // units before this one are used up
  while (!text.empty()) {
    const std::size_t digits = DigitsAt(text);
    int64_t number = 0;
    if (digits == text.size() ||
        !ParseDigits(text.substr(0, digits), &number)) {
      return malformed;
    }
    text.remove_prefix(digits);
    // The longest unit symbol that stands here ("ms" rather than "m"),
    // among those not used up.
    std::size_t unit = std::size(kClockUnits);
    std::size_t matched = 0;
    for (std::size_t u = next_unit; u < std::size(kClockUnits); ++u) {
      const std::string_view symbol = kClockUnits[u].symbol;
      if (text.starts_with(symbol) && symbol.size() > matched) {
        unit = u;
        matched = symbol.size();
      }
    }
    if (unit == std::size(kClockUnits)) return malformed;
    // number < 2^32, so this cannot overflow before the check below.
    total += number * kClockUnits[unit].ms;
    if (total > kMaxDuration) return Invalid(quoted + "超过 366 天");
    next_unit = unit + 1;
    text.remove_prefix(kClockUnits[unit].symbol.size());
  }
  return total;
}

std::string Quoted(std::string_view what, std::string_view text) {
  return std::string(what) + " \"" + std::string(text) + "\" ";
}

// Every non-zero part of `ms` in the units from `first` on: "1小时30分",
// "1秒500毫秒".
std::string ClockWords(int64_t ms, std::size_t first = 0) {
  std::string words;
  for (std::size_t u = first; u < std::size(kClockUnits); ++u) {
    const int64_t count = ms / kClockUnits[u].ms;
    ms %= kClockUnits[u].ms;
    if (count > 0)
      words += std::to_string(count) + std::string(kClockUnits[u].word);
  }
  return words;
}

// "<n>wd": *out the count; false if `text` is not of that form at all.
bool ParseWorkingDays(std::string_view text, int64_t* out) {
  if (!text.ends_with("wd")) return false;
  text.remove_suffix(2);
  return ParseDigits(text, out);
}

// "<n>wh" or "<n>wh<m>m": *out the office time in ms.
bool ParseWorkingHours(std::string_view text, int64_t* out) {
  const std::size_t wh = text.find("wh");
  int64_t hours = 0;
  int64_t minutes = 0;
  if (wh == std::string_view::npos ||
      !ParseDigits(text.substr(0, wh), &hours)) {
    return false;
  }
  std::string_view rest = text.substr(wh + 2);
  if (!rest.empty()) {
    if (!rest.ends_with('m')) return false;
    rest.remove_suffix(1);
    if (!ParseDigits(rest, &minutes) || minutes >= 60) return false;
  }
  *out = hours * kHourMs + minutes * kMinuteMs;
  return true;
}

}  // namespace

Result<int64_t> ParseDuration(std::string_view text) {
  const std::string quoted = Quoted("时长", text);
  return ParseClock(
      text, quoted,
      Invalid(quoted +
              "无效：应为 \"200ms\"、\"90s\"、\"30m\"、\"1h\"、\"2d\"、"
              "\"1h30m\" 这样的写法（单位 d h m s ms 从大到小，各用一次），"
              "或 \"0\"、\"none\" 表示不设时限"));
}

Result<int> ParseTimeOfDay(std::string_view text) {
  const std::size_t colon = text.find(':');
  int64_t hour = 0;
  int64_t minute = 0;
  if (colon == std::string_view::npos || colon < 1 || colon > 2 ||
      text.size() != colon + 3 || !ParseDigits(text.substr(0, colon), &hour) ||
      !ParseDigits(text.substr(colon + 1), &minute) || hour > 23 ||
      minute > 59) {
    return Invalid(
        "时刻 \"" + std::string(text) +
        "\" 无效：应为 00:00 到 23:59 之间的 \"HH:MM\"，如 \"08:00\"");
  }
  return static_cast<int>(hour * 60 + minute);
}

Result<Span> ParseSpan(std::string_view text) {
  const std::string quoted = Quoted("期限", text);
  const Status malformed = Invalid(
      quoted +
      "无效：应为 \"3wd\"（3个工作日）、\"4wh\" 或 \"1wh30m\"（工作时间，"
      "只计办公时段）、\"2h\"、\"1h30m\"、\"2d\"、\"500ms\" 这样的自然时长"
      "（单位 d h m s ms 从大到小，各用一次），或 \"0\"、\"none\" "
      "表示不设时限");
  int64_t amount = 0;
  if (ParseWorkingDays(text, &amount)) {
    if (amount > kMaxWorkingDays) return Invalid(quoted + "超过 366 个工作日");
    return Span{Span::Unit::kWorkingDays, amount};
  }
  if (ParseWorkingHours(text, &amount)) {
    if (amount > kMaxWorkingHours * kHourMs) {
      return Invalid(quoted + "超过 " + std::to_string(kMaxWorkingHours) +
                     " 个工作小时");
    }
    return Span{Span::Unit::kWorkingHours, amount};
  }
  Result<int64_t> clock = ParseClock(text, quoted, malformed);
  if (!clock.ok()) return clock.status();
  return Span{Span::Unit::kClock, *clock};
}

std::string SpanWords(const Span& span) {
  if (span.none()) return "不设时限";
  switch (span.unit) {
    case Span::Unit::kWorkingDays:
      return std::to_string(span.amount) + "个工作日";
    case Span::Unit::kWorkingHours: {
      const int64_t hours = span.amount / kHourMs;
      const std::string rest = ClockWords(span.amount % kHourMs, 2);
      if (hours == 0) return "工作时间" + rest;
      return std::to_string(hours) + "个工作小时" + rest;
    }
    case Span::Unit::kClock:
      break;
  }
  return ClockWords(span.amount);
}

}  // namespace xinbao::broker
