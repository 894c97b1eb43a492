// The metrics endpoint against the real broker process (CURVE on the
// ZeroMQ sockets, plain HTTP on loopback for /metrics and /healthz): the
// figures follow what the broker does, the histograms are well formed,
// Prometheus's own promtool accepts the page, /healthz follows the same
// health as `xinbao health`, and a listen address off loopback without
// permission stops the start.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

namespace fs = std::filesystem;
using testing::BrokerBinary;
using testing::BrokerProcess;
using testing::RunCommand;
using testing::TempDir;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A CURVE broker config with [metrics] listen on a free loopback port and
// `sections` besides.
fs::path MetricsConfig(const TempDir& dir, const fs::path& data,
                       const std::string& sections = "") {
  return testing::CurveConfig(
      dir.path(), data,
      "[metrics]\nlisten = \"127.0.0.1:0\"\n" + sections);
}

// GET `path` of the broker's metrics endpoint.
httplib::Result Get(const BrokerProcess& broker, const std::string& path) {
  httplib::Client client(broker.metrics_url());
  client.set_read_timeout(10, 0);
  return client.Get(path);
}

// The samples of an exposition text: "name{labels}" -> value.
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> samples;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.rfind(' ');
    samples[line.substr(0, space)] = std::strtod(line.c_str() + space + 1, nullptr);
  }
  return samples;
}

// A histogram's buckets never decrease, and +Inf is its _count.
void ExpectWellFormedHistogram(const std::map<std::string, double>& samples,
                               const std::string& name) {
  const std::string bucket = name + "_bucket{le=\"";
  std::vector<std::pair<double, double>> buckets;  // (le, count)
  for (const auto& [key, value] : samples) {
    if (!key.starts_with(bucket) || Has(key, "+Inf")) continue;
    buckets.emplace_back(std::strtod(key.c_str() + bucket.size(), nullptr),
                         value);
  }
  ASSERT_FALSE(buckets.empty()) << name;
  std::sort(buckets.begin(), buckets.end());
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_LE(buckets[i - 1].second, buckets[i].second) << name;
  }
  ASSERT_TRUE(samples.contains(bucket + "+Inf\"}")) << name;
  ASSERT_TRUE(samples.contains(name + "_count")) << name;
  EXPECT_LE(buckets.back().second, samples.at(bucket + "+Inf\"}")) << name;
  EXPECT_EQ(samples.at(bucket + "+Inf\"}"), samples.at(name + "_count"))
      << name;
}

TEST(Metrics, FollowWhatTheBrokerDoes) {
  TempDir dir;
  const fs::path data = dir / "data";
  BrokerProcess broker(data, "tcp://127.0.0.1:*",
                       {"--config", MetricsConfig(dir, data).string()});
  ASSERT_TRUE(broker.metrics_url().starts_with("http://127.0.0.1:"))
      << broker.metrics_url();

  testing::UnitSubmitters units(broker);
  const std::optional<v1::Reply> general =
      units.Submit(testing::GeneralReport("metrics-1"));
  ASSERT_TRUE(general && general->has_ack());
  const std::optional<v1::Reply> urgent =
      units.Submit(testing::UrgentShiReport("metrics-2", "EV-METRICS-1"));
  ASSERT_TRUE(urgent && urgent->has_ack());
  v1::Report untitled = testing::GeneralReport("metrics-3");
  untitled.clear_title();
  const std::optional<v1::Reply> refused = units.Submit(untitled);
  ASSERT_TRUE(refused && refused->has_error());
  const std::string code = v1::ErrorCode_Name(refused->error().code());

  const httplib::Result page = Get(broker, "/metrics");
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8");
  const std::map<std::string, double> samples = Samples(page->body);
  EXPECT_EQ(samples.at("xinbao_reports_stored_total"), 2) << page->body;
  EXPECT_EQ(samples.at("xinbao_batches_total"), 2);
  EXPECT_EQ(samples.at("xinbao_refusals_total{code=\"" + code + "\"}"), 1)
      << page->body;
  EXPECT_EQ(samples.at("xinbao_open_events"), 1);
  EXPECT_EQ(samples.at("xinbao_healthy"), 1);
  EXPECT_EQ(samples.at("xinbao_store_failing"), 0);
  EXPECT_GT(samples.at("xinbao_store_bytes"), 0);
  EXPECT_GT(samples.at("xinbao_disk_total_bytes"), 0);
  EXPECT_TRUE(samples.contains("xinbao_rocksdb_pending_compaction_bytes"));
  EXPECT_EQ(samples.at("xinbao_rocksdb_write_stopped"), 0);
  // The one block cache, at its default bound ([broker] store_cache_mb).
  EXPECT_EQ(samples.at("xinbao_rocksdb_block_cache_capacity_bytes"), 64 << 20);
  EXPECT_GT(samples.at("xinbao_rocksdb_block_cache_usage_bytes"), 0);
  EXPECT_GT(samples.at("xinbao_rocksdb_memtables_bytes"), 0);
  EXPECT_TRUE(samples.contains("xinbao_rocksdb_table_readers_bytes"));
  EXPECT_TRUE(Has(page->body, "xinbao_build_info{version=\"" XINBAO_VERSION
                              "\"} 1\n"))
      << page->body;
  // Each synced write of reports is one observation; three answers.
  EXPECT_EQ(samples.at("xinbao_batch_size_reports_count"),
            samples.at("xinbao_batches_total"));
  EXPECT_EQ(samples.at("xinbao_write_duration_seconds_count"),
            samples.at("xinbao_batches_total"));
  EXPECT_EQ(samples.at("xinbao_batch_size_reports_sum"), 2);
  EXPECT_EQ(samples.at("xinbao_ack_latency_seconds_count"), 3);
  for (const char* name : {"xinbao_batch_size_reports",
                           "xinbao_write_duration_seconds",
                           "xinbao_ack_latency_seconds"}) {
    ExpectWellFormedHistogram(samples, name);
  }

  // Prometheus's own parser and linter (Debian's `prometheus` package).
  const char* promtool = XINBAO_PROMTOOL;
  if (std::string(promtool).empty()) {
    GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  }
  const fs::path file = dir / "metrics.txt";
  std::ofstream(file) << page->body;
  const testing::CommandResult checked = RunCommand(
      {"/bin/sh", "-c",
       std::string(promtool) + " check metrics < '" + file.string() + "'"});
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
}

TEST(Metrics, HealthzFollowsTheBrokersHealth) {
  TempDir dir;
  const fs::path data = dir / "data";
  {
    BrokerProcess broker(data, "tcp://127.0.0.1:*",
                         {"--config", MetricsConfig(dir, data).string()});
    const httplib::Result healthy = Get(broker, "/healthz");
    ASSERT_TRUE(healthy) << httplib::to_string(healthy.error());
    EXPECT_EQ(healthy->status, 200);
    EXPECT_EQ(healthy->body, "正常\n");
    const httplib::Result nothing = Get(broker, "/nothing-here");
    ASSERT_TRUE(nothing);
    EXPECT_EQ(nothing->status, 404);
  }
  BrokerProcess broker(
      data, "tcp://127.0.0.1:*",
      {"--config",
       MetricsConfig(dir, data, "[limits]\nmin_free_disk_mb = 1000000000\n")
           .string()});
  const httplib::Result sick = Get(broker, "/healthz");
  ASSERT_TRUE(sick) << httplib::to_string(sick.error());
  EXPECT_EQ(sick->status, 503);
  EXPECT_TRUE(Has(sick->body, "数据目录所在磁盘剩余")) << sick->body;
  EXPECT_TRUE(Has(sick->body, "少于设定的下限 1000000000 MB")) << sick->body;
  EXPECT_EQ(sick->body.find('\n'), sick->body.size() - 1) << "one line";
  const httplib::Result page = Get(broker, "/metrics");
  ASSERT_TRUE(page);
  EXPECT_EQ(Samples(page->body).at("xinbao_healthy"), 0);
}

TEST(Metrics, OffUnlessConfigured) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  EXPECT_EQ(broker.metrics_url(), "");
}

TEST(Metrics, AListenOffLoopbackWithoutPermissionStopsTheStart) {
  TempDir dir;
  const fs::path data = dir / "data";
  const fs::path config = testing::CurveConfig(
      dir.path(), data, "[metrics]\nlisten = \"0.0.0.0:0\"\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{BrokerBinary(), "--config", config.string()},
        std::vector<std::string>{BrokerBinary(), "--config", config.string(),
                                 "--check-config"}}) {
    const testing::CommandResult result = RunCommand(args);
    EXPECT_EQ(result.exit_code, 1) << result.output;
    EXPECT_TRUE(Has(result.output, "metrics.listen")) << result.output;
    EXPECT_TRUE(Has(result.output, "allow_remote = true")) << result.output;
    EXPECT_FALSE(Has(result.output, "READY")) << result.output;
  }
  const fs::path bad = testing::CurveConfig(
      dir.path(), data, "[metrics]\nlisten = \"127.0.0.1:http\"\n");
  const testing::CommandResult result =
      RunCommand({BrokerBinary(), "--config", bad.string()});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(Has(result.output, "无法识别")) << result.output;
}

}  // namespace
}  // namespace xinbao
