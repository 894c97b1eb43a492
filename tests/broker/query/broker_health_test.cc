// What makes the broker unhealthy, and what it says then.
#include "broker/query/broker_health.h"

#include <gtest/gtest.h>

namespace xinbao::broker {
namespace {

constexpr uint64_t kMb = 1024 * 1024;

TEST(BrokerHealth, AWellBrokerHasNoProblems) {
  VitalsSnapshot vitals;
  vitals.committer_seen_ms = 1000;
  const DiskSpace disk{true, 2048 * kMb, 10000 * kMb};
  EXPECT_TRUE(HealthProblems(vitals, disk, 512, 2000).empty());
}

TEST(BrokerHealth, FreeDiskBelowTheLimitIsAProblem) {
  const std::vector<std::string> problems =
      HealthProblems(VitalsSnapshot(), DiskSpace{true, 100 * kMb, 1000 * kMb},
                     512, 0);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "数据目录所在磁盘剩余 100 MB，少于设定的下限 512 MB"
            "（[limits] min_free_disk_mb）：请清理磁盘或扩容");
  EXPECT_EQ(HealthProblems(VitalsSnapshot(), DiskSpace{}, 512, 0).size(), 1u);
}

TEST(BrokerHealth, AStoreRefusingWritesIsAProblemUntilItWritesAgain) {
  VitalsSnapshot vitals;
  vitals.store_failing_since_ms = 10'000;
  const DiskSpace disk{true, 2048 * kMb, 10000 * kMb};
  const std::vector<std::string> problems =
      HealthProblems(vitals, disk, 512, 70'000);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("存储自 60 秒前起拒绝写入"), std::string::npos)
      << problems[0];
}

TEST(BrokerHealth, RequestsWaitingOnAStilledCommitterAreAProblem) {
  VitalsSnapshot vitals;
  vitals.committer_seen_ms = 1000;
  vitals.waiting_requests = 5;
  const DiskSpace disk{true, 2048 * kMb, 10000 * kMb};
  // Waiting briefly is normal: a batch is being written.
  EXPECT_TRUE(HealthProblems(vitals, disk, 512, 1000 + 5000).empty());
  const std::vector<std::string> problems =
      HealthProblems(vitals, disk, 512, 1000 + kCommitterStallMs);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "有 5 个请求在等待写入，但写入线程已 30 秒没有运转");
  // Nothing waiting: an idle committer is fine however long.
  vitals.waiting_requests = 0;
  EXPECT_TRUE(HealthProblems(vitals, disk, 512, 1000 + 10 * kCommitterStallMs)
                  .empty());
}

TEST(BrokerHealth, TheCommitterStandsStillFromItsLastTurnOrFromStart) {
  VitalsSnapshot vitals;
  vitals.started_at_ms = 10'000;
  // Before its first turn, counted from the broker's start.
  EXPECT_EQ(CommitterStillMs(vitals, 10'400), 400);
  vitals.committer_seen_ms = 12'000;
  EXPECT_EQ(CommitterStillMs(vitals, 12'000), 0);
  EXPECT_EQ(CommitterStillMs(vitals, 15'500), 3'500);
  // A clock that stepped back is not a negative stall.
  EXPECT_EQ(CommitterStillMs(vitals, 11'000), 0);
}

}  // namespace
}  // namespace xinbao::broker
