// One time model, end to end: the broker runs in a named zone and says so
// in every reply; the CLI shows the same instant the same way as the
// broker's own words, whatever the machine's TZ (here UTC, as a new
// server often is); a month is that zone's local month.
#include "proto/time_zone.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CliAs;
using testing::RunCommand;
using testing::TempDir;

constexpr int64_t kHour = 3'600'000;

// The machine (and every program the test starts) on UTC.
class MachineOnUtc : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* old = std::getenv("TZ")) saved_ = old;
    setenv("TZ", "UTC", 1);
  }
  void TearDown() override {
    if (saved_.empty()) {
      unsetenv("TZ");
    } else {
      setenv("TZ", saved_.c_str(), 1);
    }
  }
  std::string saved_;
};

// "11月22日 08:05", as the broker words times in alarms.
std::string Words(int64_t unix_ms, const TimeZone& zone) {
  const CivilTime t = zone.CivilOf(unix_ms);
  char text[32];
  std::snprintf(text, sizeof text, "%d月%d日 %02d:%02d", t.month, t.day,
                t.hour, t.minute);
  return text;
}

// `xinbao stats --month 2026-12` shows the period in the broker's zone.
void ExpectDecemberShownFromMidnightToMidnight(const BrokerProcess& broker) {
  const testing::CommandResult stats = RunCommand(
      CliAs(broker, "analyst",
            {"stats", "--month", "2026-12", "--query-endpoint",
             broker.query_endpoint()}));
  ASSERT_EQ(stats.exit_code, 0) << stats.output;
  EXPECT_NE(stats.output.find("考核期间 2026-12-01 00:00 至 2027-01-01 00:00"),
            std::string::npos)
      << stats.output;
}

TEST_F(MachineOnUtc, TheCliShowsTheBrokersZoneLikeTheBrokersOwnWords) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  const TimeZone shanghai;  // the embedded default
  // A Ⅲ-grade 事 written 3 h after the incident: due within 2 h, late.
  v1::Report shi = testing::UrgentShiReport("tz-shi", "evt-tz");
  const int64_t occurred = testing::NowMs() - 3 * kHour;
  shi.set_occurred_at_ms(occurred);
  testing::UnitSubmitters units(broker);
  const std::optional<v1::Reply> ack = units.Submit(shi);
  ASSERT_TRUE(ack && ack->has_ack());
  EXPECT_EQ(ack->time_zone(), "Asia/Shanghai");

  const testing::CommandResult event = RunCommand(CliAs(
      broker, "county-office",
      {"event", "evt-tz", "--query-endpoint", broker.query_endpoint()}));
  ASSERT_EQ(event.exit_code, 0) << event.output;
  // The occurrence time as the CLI shows it, and the due time as the
  // broker's 迟报 alarm words it: both in Shanghai time, not UTC.
  EXPECT_NE(event.output.find(shanghai.Format(occurred, "%Y-%m-%d %H:%M")),
            std::string::npos)
      << event.output;
  EXPECT_NE(event.output.find("应于 " + Words(occurred + 2 * kHour, shanghai)),
            std::string::npos)
      << event.output;
  EXPECT_EQ(event.output.find(
                TimeZone::Load("UTC").value().Format(occurred, "%Y-%m-%d %H:%M")),
            std::string::npos)
      << event.output;
}

TEST_F(MachineOnUtc, AMonthIsTheBrokersLocalMonth) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  ExpectDecemberShownFromMidnightToMidnight(broker);
}

TEST_F(MachineOnUtc, AConfiguredZoneIsCarriedInEveryReply) {
  TempDir dir;
  const std::filesystem::path data = dir / "data";
  const std::filesystem::path config = testing::CurveConfig(
      dir.path(), data, "[broker]\ntime_zone = \"America/New_York\"\n");
  BrokerProcess broker(data, "tcp://127.0.0.1:*",
                       {"--config", config.string()});
  auto peer = testing::PeerAs(broker, broker.query_endpoint(), "analyst");
  v1::Envelope request;
  request.mutable_stats()->set_month("2026-12");
  const std::optional<v1::Reply> reply = peer->Ask(request);
  ASSERT_TRUE(reply && reply->has_stats())
      << (reply ? reply->ShortDebugString() : "no reply");
  EXPECT_EQ(reply->time_zone(), "America/New_York");
  // New York's December: from 05:00 UTC on the 1st.
  EXPECT_EQ(reply->stats().from_ms(), 1'796'101'200'000);
  // The CLI, its own default Asia/Shanghai, shows the broker's zone.
  ExpectDecemberShownFromMidnightToMidnight(broker);
}

}  // namespace
}  // namespace xinbao
