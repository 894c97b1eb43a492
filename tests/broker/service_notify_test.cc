// When the daemon feeds systemd's watchdog, and what `systemctl status`
// shows (broker/service_notify.h; the real process against a datagram
// socket: tests/integration/service_notify_test.cc).
#include "broker/service_notify.h"

#include <gtest/gtest.h>

namespace xinbao::broker {
namespace {

using std::chrono::milliseconds;

TEST(ServiceNotifier, TheWatchdogIsFedWhileTheCommitterTurnedWithinItsLimit) {
  VitalsSnapshot vitals;
  vitals.started_at_ms = 1'000;
  vitals.committer_seen_ms = 100'000;
  // WatchdogSec=30 and check_interval_ms 1000: the limit is 30 s.
  EXPECT_TRUE(
      WatchdogFed(vitals, milliseconds(30'000), milliseconds(1'000), 130'000));
  EXPECT_FALSE(
      WatchdogFed(vitals, milliseconds(30'000), milliseconds(1'000), 130'001));
  // A short watchdog never undercuts three clock checks of an idle
  // committer.
  EXPECT_TRUE(
      WatchdogFed(vitals, milliseconds(400), milliseconds(1'000), 103'000));
  EXPECT_FALSE(
      WatchdogFed(vitals, milliseconds(400), milliseconds(1'000), 103'001));
}

TEST(ServiceNotifier, TheStatusLineSaysWhatTheBrokerDoes) {
  VitalsSnapshot vitals;
  vitals.started_at_ms = 1'000;
  vitals.committer_seen_ms = 1'000;
  vitals.reports_stored = 42;
  EXPECT_EQ(ServiceStatusLine(vitals, true, 2'000),
            "服务中：本次启动以来存入 42 份报告");
  vitals.store_failing_since_ms = 1'000;
  EXPECT_EQ(ServiceStatusLine(vitals, true, 61'000),
            "服务中：本次启动以来存入 42 份报告；存储自 60 秒前起拒绝写入");
  EXPECT_EQ(ServiceStatusLine(vitals, false, 41'000),
            "写入线程已 40 秒没有运转：不再向看门狗报平安，等待 systemd 重启");
}

}  // namespace
}  // namespace xinbao::broker
