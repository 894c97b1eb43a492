// The broker's status and health against the real broker process (CURVE):
// the figures follow what it does (store size, last batch, open events,
// refusals by code, feed subscriptions), who may ask, `xinbao status` and
// `xinbao health` with their exit codes, and an unhealthy broker (a free
// disk threshold no disk meets).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/feed_peer.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CliAs;
using testing::PeerAs;
using testing::RunCommand;
using testing::TempDir;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::optional<v1::Reply> AskStatus(testing::WirePeer& peer) {
  v1::Envelope envelope;
  envelope.mutable_status();
  return peer.Ask(envelope);
}

uint64_t RefusalsOf(const v1::BrokerStatus& status, v1::ErrorCode code) {
  for (const v1::RefusalCount& refusal : status.refusals()) {
    if (refusal.code() == code) return refusal.count();
  }
  return 0;
}

TEST(BrokerStatus, FiguresFollowWhatTheBrokerDoes) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  std::unique_ptr<testing::WirePeer> analyst =
      PeerAs(broker, broker.query_endpoint(), "analyst");

  const std::optional<v1::Reply> before = AskStatus(*analyst);
  ASSERT_TRUE(before && before->has_status()) << before->DebugString();
  const v1::BrokerStatus& first = before->status();
  EXPECT_TRUE(first.healthy()) << first.DebugString();
  EXPECT_EQ(first.problems_size(), 0);
  EXPECT_EQ(first.role(), "analyst");
  EXPECT_EQ(first.security_mode(), "curve");
  EXPECT_EQ(first.time_zone(), "Asia/Shanghai");
  EXPECT_FALSE(first.version().empty());
  EXPECT_GT(first.disk_total_bytes(), 0u);
  EXPECT_GE(first.broker_time_ms(), first.started_at_ms());
  EXPECT_EQ(first.batches(), 0u);
  EXPECT_EQ(first.last_batch().at_ms(), 0);
  EXPECT_EQ(first.open_events(), 0u);
  EXPECT_FALSE(first.has_upstream_link());  // no [upstream] configured

  testing::UnitSubmitters units(broker);
  const std::optional<v1::Reply> ack =
      units.Submit(testing::UrgentShiReport("status-1", "EV-STATUS-1"));
  ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->DebugString() : "none");
  v1::Report untitled = testing::GeneralReport("status-2");
  untitled.clear_title();
  const std::optional<v1::Reply> refused = units.Submit(untitled);
  ASSERT_TRUE(refused && refused->has_error());
  const v1::ErrorCode code = refused->error().code();

  const std::optional<v1::Reply> after = AskStatus(*analyst);
  ASSERT_TRUE(after && after->has_status());
  const v1::BrokerStatus& second = after->status();
  EXPECT_GT(second.store_bytes(), first.store_bytes())
      << first.store_bytes() << " then " << second.store_bytes();
  EXPECT_EQ(second.batches(), 1u);
  EXPECT_EQ(second.reports_stored(), 1u);
  EXPECT_EQ(second.last_batch().reports(), 1u);
  EXPECT_GE(second.last_batch().records(), 1u);  // the event's state
  EXPECT_GT(second.last_batch().at_ms(), 0);
  EXPECT_FALSE(second.last_batch().failed());
  EXPECT_EQ(second.open_events(), 1u);
  EXPECT_EQ(RefusalsOf(second, code), 1u) << second.DebugString();
  EXPECT_EQ(second.refusals_size(), 1);
  EXPECT_TRUE(second.healthy());
}

TEST(BrokerStatus, AReporterIsRefusedAMonitorAnswered) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  std::unique_ptr<testing::WirePeer> hekou =
      PeerAs(broker, broker.query_endpoint(), "hekou");
  const std::optional<v1::Reply> refused = AskStatus(*hekou);
  ASSERT_TRUE(refused && refused->has_error());
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_NOT_PERMITTED);
  std::unique_ptr<testing::WirePeer> monitor =
      PeerAs(broker, broker.query_endpoint(), "county-office");
  const std::optional<v1::Reply> answered = AskStatus(*monitor);
  ASSERT_TRUE(answered && answered->has_status());
  EXPECT_EQ(answered->status().role(), "monitor");
}

// The live feed's subscriptions as the broker counts them, once they are
// `want` (asked again until then, for at most 10 s); the last count seen.
uint64_t AwaitSubscriptions(testing::WirePeer& peer, uint64_t want) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  uint64_t seen = 0;
  do {
    const std::optional<v1::Reply> reply = AskStatus(peer);
    if (!reply || !reply->has_status()) return seen;
    seen = reply->status().feed_subscriptions();
  } while (seen != want && std::chrono::steady_clock::now() < deadline);
  return seen;
}

TEST(BrokerStatus, CountsTheLiveFeedsSubscriptions) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  std::unique_ptr<testing::WirePeer> analyst =
      PeerAs(broker, broker.query_endpoint(), "analyst");
  EXPECT_EQ(AwaitSubscriptions(*analyst, 0), 0u);
  {
    testing::FeedPeer feed(broker.feed_endpoint(), "", 1000,
                           testing::ClientKeysOf(broker, "analyst"));
    ASSERT_TRUE(feed.AwaitHeartbeat(std::chrono::seconds(10)));
    EXPECT_EQ(AwaitSubscriptions(*analyst, 1), 1u);
  }
  // Gone with its subscriber.
  EXPECT_EQ(AwaitSubscriptions(*analyst, 0), 0u);
}

TEST(BrokerStatus, StatusAndHealthOnTheCommandLine) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  const std::string query = broker.query_endpoint();

  const auto analyst =
      RunCommand(CliAs(broker, "analyst", {"--query-endpoint", query, "status"}));
  ASSERT_EQ(analyst.exit_code, 0) << analyst.output;
  for (const char* line : {"角色 分析员", "运行: 自 ", "存储: 共 ", "磁盘: 剩余 ",
                           "最近一次写入: 启动以来尚无", "未结: 事件 0 起",
                           "本级: 未命名", "上级连接: 无（未配置 [upstream]", "健康: 正常"}) {
    EXPECT_TRUE(Has(analyst.output, line)) << line << ":\n" << analyst.output;
  }
  const auto json = RunCommand(
      CliAs(broker, "analyst", {"--json", "--query-endpoint", query, "status"}));
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_TRUE(Has(json.output, "\"broker_status\":{")) << json.output;
  EXPECT_TRUE(Has(json.output, "\"healthy\":true")) << json.output;

  // A reporter still sees who it is, without the broker's figures.
  const auto hekou =
      RunCommand(CliAs(broker, "hekou", {"--query-endpoint", query, "status"}));
  ASSERT_EQ(hekou.exit_code, 0) << hekou.output;
  EXPECT_TRUE(Has(hekou.output, "角色 报送员")) << hekou.output;
  EXPECT_FALSE(Has(hekou.output, "存储:")) << hekou.output;
  EXPECT_FALSE(Has(hekou.output, "错误")) << hekou.output;

  const auto healthy =
      RunCommand(CliAs(broker, "admin", {"--query-endpoint", query, "health"}));
  EXPECT_EQ(healthy.exit_code, 0) << healthy.output;
  EXPECT_EQ(healthy.output.rfind("正常：已运行 ", 0), 0u) << healthy.output;
  const auto reporter =
      RunCommand(CliAs(broker, "hekou", {"--query-endpoint", query, "health"}));
  EXPECT_EQ(reporter.exit_code, 4) << reporter.output;
  const auto nobody = RunCommand(
      CliAs(broker, "admin",
            {"--timeout", "0.3", "--query-endpoint", "tcp://127.0.0.1:1",
             "health"}));
  EXPECT_EQ(nobody.exit_code, 3) << nobody.output;
}

TEST(BrokerStatus, UnhealthyWhenTheDiskIsBelowTheLimit) {
  TempDir dir;
  const std::filesystem::path data = dir / "data";
  const std::filesystem::path config = testing::CurveConfig(
      dir.path(), data, "[limits]\nmin_free_disk_mb = 1000000000\n");
  BrokerProcess broker(data, "tcp://127.0.0.1:*", {"--config", config.string()});
  const auto health = RunCommand(CliAs(
      broker, "analyst", {"--query-endpoint", broker.query_endpoint(), "health"}));
  EXPECT_EQ(health.exit_code, 1) << health.output;
  EXPECT_TRUE(Has(health.output, "异常：数据目录所在磁盘剩余")) << health.output;
  EXPECT_TRUE(Has(health.output, "少于设定的下限 1000000000 MB")) << health.output;
  const auto status = RunCommand(CliAs(
      broker, "analyst", {"--query-endpoint", broker.query_endpoint(), "status"}));
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_TRUE(Has(status.output, "健康: 异常 — 数据目录所在磁盘剩余"))
      << status.output;
}

}  // namespace
}  // namespace xinbao
