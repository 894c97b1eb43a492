#include "proto/time_zone.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace xinbao {
namespace {

// 2026-11-22 10:31:05 in Beijing = 02:31:05 UTC.
constexpr int64_t kKnownInstantMs = 1795314665000;

TEST(TimeZone, TheDefaultIsShanghaiWhateverTheMachinesTz) {
  setenv("TZ", "America/Los_Angeles", 1);
  tzset();
  const TimeZone zone;
  EXPECT_EQ(zone.name(), "Asia/Shanghai");
  EXPECT_EQ(zone.Format(kKnownInstantMs, "%Y-%m-%d %H:%M:%S %z"),
            "2026-11-22 10:31:05 +0800");
  EXPECT_EQ(zone.UtcOffsetSecondsAt(kKnownInstantMs), 8 * 3600);
  unsetenv("TZ");
  tzset();
}

TEST(TimeZone, CivilTimesRoundTrip) {
  const TimeZone zone;
  const CivilTime t = zone.CivilOf(kKnownInstantMs + 999);
  EXPECT_EQ(t.year, 2026);
  EXPECT_EQ(t.month, 11);
  EXPECT_EQ(t.day, 22);
  EXPECT_EQ(t.hour, 10);
  EXPECT_EQ(t.minute, 31);
  EXPECT_EQ(t.second, 5);
  EXPECT_EQ(zone.UnixMsOf(t), kKnownInstantMs);
  // Out-of-range fields roll over: 2026-11-31 is 2026-12-01.
  EXPECT_EQ(zone.UnixMsOf(CivilTime{2026, 11, 31, 0, 0, 0}),
            zone.UnixMsOf(CivilTime{2026, 12, 1, 0, 0, 0}));
  // Before the epoch, milliseconds floor to the earlier second.
  EXPECT_EQ(zone.CivilOf(-1).second, 59);
}

TEST(TimeZone, UnknownNamesAreRefusedNamingThem) {
  for (const char* name : {"", "Asia/Beijing", "CST", "../../etc/passwd",
                           "/usr/share/zoneinfo/UTC"}) {
    const Result<TimeZone> zone = TimeZone::Load(name, "broker.time_zone");
    ASSERT_FALSE(zone.ok()) << name;
    EXPECT_EQ(zone.status().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_EQ(zone.status().field(), "broker.time_zone");
    EXPECT_NE(zone.status().message().find(name), std::string::npos);
  }
  EXPECT_TRUE(TimeZone::Load("UTC").ok());
  EXPECT_TRUE(TimeZone::Load("Europe/Berlin").ok());
}

TEST(TimeZone, DaylightSavingChangesTheOffset) {
  Result<TimeZone> berlin = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  const int64_t winter = berlin->UnixMsOf(CivilTime{2026, 1, 15, 12, 0, 0});
  const int64_t summer = berlin->UnixMsOf(CivilTime{2026, 7, 15, 12, 0, 0});
  EXPECT_EQ(berlin->UtcOffsetSecondsAt(winter), 3600);
  EXPECT_EQ(berlin->UtcOffsetSecondsAt(summer), 7200);
}

TEST(TimeZone, FixedOffsetsAreNamedByTheirOffset) {
  EXPECT_EQ(TimeZone::FixedOffset(480).name(), "UTC+08:00");
  EXPECT_EQ(TimeZone::FixedOffset(-330).name(), "UTC-05:30");
  EXPECT_EQ(TimeZone::FixedOffset(480).Format(kKnownInstantMs, "%H:%M"),
            "10:31");
}

}  // namespace
}  // namespace xinbao
