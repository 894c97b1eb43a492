// The broker's figures in words: durations and sizes as `xinbao status`
// shows them.
#include "clients/text/broker_status_text.h"

#include <gtest/gtest.h>

#include "clients/text/local_time.h"

namespace xinbao::client {
namespace {

TEST(BrokerStatusText, DurationsSayTheTwoLargestUnitsAndNoZeroPart) {
  EXPECT_EQ(DurationText(40'000), "40 秒");
  EXPECT_EQ(DurationText(-5), "0 秒");
  EXPECT_EQ(DurationText(60'000), "1 分");
  EXPECT_EQ(DurationText(185'000), "3 分 5 秒");
  EXPECT_EQ(DurationText(7'500'000), "2 小时 5 分");
  EXPECT_EQ(DurationText(3'600'000), "1 小时");
  EXPECT_EQ(DurationText(86'400'000), "1 天");
  EXPECT_EQ(DurationText(3 * 86'400'000 + 4 * 3'600'000 + 59'000), "3 天 4 小时");
}

TEST(BrokerStatusText, SizesInBytesKilobytesMegabytesGigabytes) {
  EXPECT_EQ(ByteSizeText(512), "512 字节");
  EXPECT_EQ(ByteSizeText(3482), "3.4 KB");
  EXPECT_EQ(ByteSizeText(12u * 1024 * 1024), "12.0 MB");
  EXPECT_EQ(ByteSizeText(1536ull * 1024 * 1024), "1.50 GB");
}

TEST(BrokerStatusText, TheLinkToTheParentSaysWhatWaitsAndWhatWentUp) {
  const TimeZone beijing = ZoneNamed("Asia/Shanghai", TimeZone());
  v1::BrokerStatus status;
  EXPECT_EQ(UpstreamLinkText(status, beijing),
            "无（未配置 [upstream]，本级不向上转报）");
  v1::UpstreamLink& link = *status.mutable_upstream_link();
  link.set_endpoint("tcp://city.example:7601");
  EXPECT_EQ(UpstreamLinkText(status, beijing),
            "tcp://city.example:7601 未连接；待转报 0 份；启动以来尚未转报；"
            "启动以来转报 0 份");
  link.set_connected(true);
  link.set_queued(3);
  link.set_oldest_queued_ms(125'000);
  link.set_last_forwarded_at_ms(1'764'640'800'000);  // 2025-12-02 10:00 Beijing
  link.set_last_forwarded_sequence(41);
  link.set_parent_sequence(9077);
  link.set_forwarded(40);
  link.set_refused(1);
  link.set_problem("上级拒收上报队列第 7 条（ERROR_CODE_FORWARD_LOOP）：环路");
  EXPECT_EQ(UpstreamLinkText(status, beijing),
            "tcp://city.example:7601 已连接；待转报 3 份（最早一份已等 2 分 5 秒）；"
            "最近转报 2025-12-02 10:00:00（本级序号 41 → 上级序号 9077）；"
            "启动以来转报 40 份，被上级拒收 1 份；"
            "上级拒收上报队列第 7 条（ERROR_CODE_FORWARD_LOOP）：环路");
}

}  // namespace
}  // namespace xinbao::client
