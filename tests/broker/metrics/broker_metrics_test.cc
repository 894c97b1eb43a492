// The broker's metric families written from one reading: every family the
// operators' docs name is there with the reading's figures; alarms by every
// kind; refusals by the code's proto name; what is not known left out.
#include "broker/metrics/broker_metrics.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace xinbao::broker {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find(line) != std::string::npos;
}

BrokerReading SampleReading() {
  BrokerReading reading;
  VitalsSnapshot& v = reading.vitals;
  v.started_at_ms = 1'764'669'600'000;
  v.batches = 2;
  v.reports_stored = 5;
  v.batch_reports.Observe(2);
  v.batch_reports.Observe(3);
  v.refusals[v1::ERROR_CODE_MISSING_FIELD] = 4;
  v.open.events = 1;
  v.open.alarms[v1::ALARM_KIND_OVERDUE] = 2;
  v.open.duban_items = 3;
  v.committer_seen_ms = 1'764'669'601'500;
  reading.chain.set_index(42);
  reading.store.sst_bytes = 1000;
  reading.store.wal_bytes = 24;
  reading.disk = {true, 5000, 9000};
  return reading;
}

TEST(BrokerMetrics, WritesEveryFamilyFromTheReading) {
  storage::StorePressure pressure;
  pressure.pending_compaction_bytes = 77;
  pressure.running_flushes = 1;
  storage::StoreMemory memory;
  memory.block_cache_capacity = 64 << 20;
  memory.block_cache_usage = 5000;
  memory.block_cache_pinned = 300;
  memory.table_readers = 40;
  memory.memtables = 2048;
  const std::string text =
      BrokerMetrics(SampleReading(), pressure, memory, "0.1.0");
  for (const char* line : {
           "xinbao_build_info{version=\"0.1.0\"} 1\n",
           "xinbao_start_time_seconds 1764669600\n",
           "xinbao_reports_stored_total 5\n",
           "xinbao_batches_total 2\n",
           "# TYPE xinbao_batch_size_reports histogram\n",
           "xinbao_batch_size_reports_bucket{le=\"2\"} 1\n",
           "xinbao_batch_size_reports_bucket{le=\"+Inf\"} 2\n",
           "xinbao_batch_size_reports_count 2\n",
           "# TYPE xinbao_write_duration_seconds histogram\n",
           "# TYPE xinbao_ack_latency_seconds histogram\n",
           "xinbao_refusals_total{code=\"ERROR_CODE_MISSING_FIELD\"} 4\n",
           "xinbao_waiting_requests 0\n",
           "xinbao_open_events 1\n",
           "xinbao_open_alarms{kind=\"ALARM_KIND_OVERDUE\"} 2\n",
           "xinbao_open_alarms{kind=\"ALARM_KIND_LATE\"} 0\n",
           "xinbao_open_duban_items 3\n",
           "xinbao_open_commissions 0\n",
           "xinbao_draft_issues 0\n",
           "xinbao_feed_subscriptions 0\n",
           "xinbao_active_replays 0\n",
           "xinbao_store_bytes 1024\n",
           "xinbao_disk_free_bytes 5000\n",
           "xinbao_disk_total_bytes 9000\n",
           "xinbao_store_failing 0\n",
           "xinbao_archive_chain_links 42\n",
           "xinbao_store_failing_since_seconds 0\n",
           "xinbao_committer_last_seen_seconds 1764669601.5\n",
           "xinbao_healthy 1\n",
           "xinbao_rocksdb_pending_compaction_bytes 77\n",
           "xinbao_rocksdb_write_stopped 0\n",
           "xinbao_rocksdb_delayed_write_rate_bytes_per_second 0\n",
           "xinbao_rocksdb_running_compactions 0\n",
           "xinbao_rocksdb_running_flushes 1\n",
           "xinbao_rocksdb_block_cache_capacity_bytes 67108864\n",
           "xinbao_rocksdb_block_cache_usage_bytes 5000\n",
           "xinbao_rocksdb_block_cache_pinned_bytes 300\n",
           "xinbao_rocksdb_table_readers_bytes 40\n",
           "xinbao_rocksdb_memtables_bytes 2048\n",
       }) {
    EXPECT_TRUE(Has(text, line)) << line << "\nin:\n" << text;
  }
  EXPECT_FALSE(Has(text, "ALARM_KIND_UNSPECIFIED")) << text;
  // libzmq counts no drops: no made-up figure for them.
  EXPECT_FALSE(Has(text, "\nxinbao_feed_drop")) << text;
}

TEST(BrokerMetrics, ProblemsAndFailingStoreShowAndUnknownsAreLeftOut) {
  BrokerReading reading = SampleReading();
  reading.vitals.store_failing_since_ms = 1'764'669'700'000;
  reading.vitals.store_resumes = 2;
  reading.problems.push_back("存储拒绝写入");
  reading.disk = DiskSpace{};  // statvfs failed
  const Status unknown(v1::ERROR_CODE_STORAGE_FAILURE, "no property");
  const std::string text = BrokerMetrics(reading, unknown, unknown, "0.1.0");
  EXPECT_TRUE(Has(text, "xinbao_healthy 0\n")) << text;
  EXPECT_TRUE(Has(text, "xinbao_store_failing 1\n")) << text;
  EXPECT_TRUE(Has(text, "xinbao_store_resumes_total 2\n")) << text;
  EXPECT_TRUE(Has(text, "xinbao_store_failing_since_seconds 1764669700\n"));
  EXPECT_FALSE(Has(text, "xinbao_disk_free_bytes")) << text;
  EXPECT_FALSE(Has(text, "xinbao_rocksdb_")) << text;
}

TEST(BrokerMetrics, TheLinkToTheParentShowsWhenThereIsOne) {
  const std::string none =
      BrokerMetrics(SampleReading(), storage::StorePressure{}, storage::StoreMemory{}, "0.1.0");
  EXPECT_FALSE(Has(none, "xinbao_upstream_")) << none;
  v1::UpstreamLink link;
  link.set_connected(false);
  link.set_queued(6);
  link.set_oldest_queued_ms(90'500);
  link.set_forwarded(40);
  link.set_refused(1);
  link.set_down_received(3);
  link.set_copies_new(2);
  const std::string text =
      BrokerMetrics(SampleReading(), storage::StorePressure{}, storage::StoreMemory{}, "0.1.0", link);
  EXPECT_TRUE(Has(text, "\nxinbao_upstream_connected 0\n")) << text;
  EXPECT_TRUE(Has(text, "\nxinbao_upstream_queued_reports 6\n")) << text;
  EXPECT_TRUE(Has(text, "\nxinbao_upstream_oldest_queued_seconds 90.5\n")) << text;
  EXPECT_TRUE(Has(text, "\nxinbao_upstream_forwarded_total 40\n")) << text;
  EXPECT_TRUE(Has(text, "\nxinbao_upstream_refused_total 1\n")) << text;
  EXPECT_TRUE(Has(text, "\nxinbao_downward_received_position 3\n")) << text;
  EXPECT_TRUE(Has(text, "\nxinbao_downward_copies_new_total 2\n")) << text;
  EXPECT_TRUE(Has(text, "# TYPE xinbao_upstream_forwarded_total counter\n")) << text;
}

// The example Grafana dashboard asks only for metrics the broker writes.
TEST(BrokerMetrics, TheExampleDashboardUsesOnlyTheseNames) {
  const std::string text =
      BrokerMetrics(SampleReading(), storage::StorePressure{}, storage::StoreMemory{}, "0.1.0");
  std::ifstream file(XINBAO_SOURCE_DIR "/deploy/grafana/xinbao-dashboard.json");
  ASSERT_TRUE(file) << "deploy/grafana/xinbao-dashboard.json";
  std::stringstream json;
  json << file.rdbuf();
  const std::string dashboard = json.str();
  const std::regex name("xinbao_[a-z_]+");
  int names = 0;
  for (auto it = std::sregex_iterator(dashboard.begin(), dashboard.end(), name);
       it != std::sregex_iterator(); ++it, ++names) {
    EXPECT_TRUE(Has(text, "\n" + it->str() + " ") ||
                Has(text, "\n" + it->str() + "{"))
        << it->str() << " is not in the broker's metrics";
  }
  EXPECT_GT(names, 10);
}

}  // namespace
}  // namespace xinbao::broker
