#include "broker/deadlines/span.h"

#include <gtest/gtest.h>

#include <utility>

namespace xinbao::broker {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

TEST(Span, ParseDuration) {
  const std::pair<const char*, int64_t> good[] = {
      {"0", 0},
      {"none", 0},
      {"0s", 0},
      {"0ms", 0},
      {"200ms", 200},
      {"1s500ms", 1'500},
      {"1m5ms", kMinute + 5},
      {"1h30ms", kHour + 30},
      {"90s", 90'000},
      {"30m", 30 * kMinute},
      {"1h", kHour},
      {"2d", 48 * kHour},
      {"1h30m", 90 * kMinute},
      {"1d2h3m4s", 26 * kHour + 3 * kMinute + 4'000},
      {"1d2h3m4s5ms", 26 * kHour + 3 * kMinute + 4'005},
      {"366d", 366 * 24 * kHour},
  };
  for (const auto& [text, ms] : good) {
    Result<int64_t> parsed = ParseDuration(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed.value(), ms) << text;
  }
  const char* bad[] = {
      "",       "-1h",  "-0",           "90",   "1x",     "h",   "1h30",
      "30m1h",  "1h1h", "1.5h",         " 1h",  "1h ",    "1H",  "367d",
      "none1",  "+1h",  "99999999999s", "1 h",  "nonE",   "ms",  "1ms1s",
      "1ms1ms", "1s1m", "1MS",          "1msx", "200 ms", "1m s"};
  for (const char* text : bad) {
    Result<int64_t> parsed = ParseDuration(text);
    ASSERT_FALSE(parsed.ok()) << text << " gave " << parsed.value();
    EXPECT_EQ(parsed.status().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_NE(parsed.status().message().find(std::string("\"") + text + "\""),
              std::string::npos)
        << parsed.status().message();
  }
  EXPECT_NE(ParseDuration("-1h").status().message().find("不能为负"),
            std::string::npos);
  // The refusal teaches the new unit too.
  EXPECT_NE(ParseDuration("1x").status().message().find("ms"),
            std::string::npos);
}

TEST(Span, ParseTimeOfDay) {
  const std::pair<const char*, int> good[] = {
      {"00:00", 0},    {"08:00", 480},  {"8:00", 480},
      {"17:00", 1020}, {"23:59", 1439}, {"12:05", 725},
  };
  for (const auto& [text, minutes] : good) {
    Result<int> parsed = ParseTimeOfDay(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed.value(), minutes) << text;
  }
  const char* bad[] = {"25:00", "24:00", "12:60", "8",     "08:0", "080:00",
                       "-1:00", "+8:00", "ab:cd", "",      ":00",  "08:00pm",
                       "8.00",  "08-00", "08:5 ", " 8:00", "8h"};
  for (const char* text : bad) {
    Result<int> parsed = ParseTimeOfDay(text);
    ASSERT_FALSE(parsed.ok()) << text << " gave " << parsed.value();
    EXPECT_NE(parsed.status().message().find(std::string("\"") + text + "\""),
              std::string::npos)
        << parsed.status().message();
  }
}

TEST(Span, ParseSpanReadsWorkingDaysOfficeTimeAndClockTime) {
  using Unit = Span::Unit;
  const std::pair<const char*, Span> good[] = {
      {"3wd", {Unit::kWorkingDays, 3}},
      {"15wd", {Unit::kWorkingDays, 15}},
      {"366wd", {Unit::kWorkingDays, 366}},
      {"4wh", {Unit::kWorkingHours, 4 * kHour}},
      {"1wh30m", {Unit::kWorkingHours, 90 * kMinute}},
      {"0wh45m", {Unit::kWorkingHours, 45 * kMinute}},
      {"2h", {Unit::kClock, 2 * kHour}},
      {"1h30m", {Unit::kClock, 90 * kMinute}},
      {"200ms", {Unit::kClock, 200}},
      {"none", {Unit::kClock, 0}},
      {"0", {Unit::kClock, 0}},
  };
  for (const auto& [text, span] : good) {
    Result<Span> parsed = ParseSpan(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed.value(), span) << text;
  }
  EXPECT_TRUE(ParseSpan("none")->none());
  EXPECT_TRUE(ParseSpan("0wd")->none());
  EXPECT_FALSE(ParseSpan("1wd")->none());
}

TEST(Span, ParseSpanRefusesJunkListingTheForms) {
  const char* bad[] = {"",       "wd",     "3 wd",  "3WD",    "-3wd",
                       "3.5wd",  "367wd",  "wh",    "4wh60m", "4wh30",
                       "4wh30s", "1d3wd",  "3wd1h", "soon",   "3w",
                       "1h30",   "8785wh", "4whm",  "3wdd",   "none3wd"};
  for (const char* text : bad) {
    Result<Span> parsed = ParseSpan(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), v1::ERROR_CODE_INVALID_FIELD) << text;
    EXPECT_NE(parsed.status().message().find(std::string("\"") + text + "\""),
              std::string::npos)
        << parsed.status().message();
  }
  const std::string message = ParseSpan("soon").status().message();
  for (const char* form : {"3wd", "4wh", "1wh30m", "2h", "500ms", "none"}) {
    EXPECT_NE(message.find(form), std::string::npos) << message;
  }
  EXPECT_NE(ParseSpan("-3wd").status().message().find("不能为负"),
            std::string::npos);
  EXPECT_NE(ParseSpan("367wd").status().message().find("366 个工作日"),
            std::string::npos);
}

TEST(Span, WordsSayTheSpanAsPeopleDo) {
  using Unit = Span::Unit;
  const std::pair<Span, const char*> cases[] = {
      {{Unit::kWorkingDays, 3}, "3个工作日"},
      {{Unit::kWorkingHours, 4 * kHour}, "4个工作小时"},
      {{Unit::kWorkingHours, 90 * kMinute}, "1个工作小时30分"},
      {{Unit::kWorkingHours, 45 * kMinute}, "工作时间45分"},
      {{Unit::kClock, 2 * kHour}, "2小时"},
      {{Unit::kClock, 90 * kMinute}, "1小时30分"},
      {{Unit::kClock, 26 * kHour + 3 * kMinute}, "1天2小时3分"},
      {{Unit::kClock, 90'000}, "1分30秒"},
      {{Unit::kClock, 1'500}, "1秒500毫秒"},
      {{Unit::kClock, 200}, "200毫秒"},
      {{Unit::kClock, 0}, "不设时限"},
      {{Unit::kWorkingDays, 0}, "不设时限"},
  };
  for (const auto& [span, words] : cases) {
    EXPECT_EQ(SpanWords(span), words);
  }
}

}  // namespace
}  // namespace xinbao::broker
