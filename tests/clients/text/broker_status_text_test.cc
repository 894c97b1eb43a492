// The broker's figures in words: durations and sizes as `xinbao status`
// shows them.
#include "clients/text/broker_status_text.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace xinbao::client
