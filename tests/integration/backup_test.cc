// Online backup and restore with the real broker process (CURVE): an
// admin's `xinbao backup` taken while units submit, restored with
// `xinbao-broker --restore` into a new data folder, holds every report
// acknowledged before it began, once and with its sequence; only an admin
// may ask; a restore never overwrites a store; [backup] every makes one by
// itself.
#include <gtest/gtest.h>
#include <google/protobuf/util/json_util.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clients/lib/submit_client.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using namespace std::chrono_literals;
using testing::BrokerProcess;
using testing::CliAs;
using testing::RunCommand;
using testing::TempDir;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* const kUnits[] = {"chengguan", "hekou", "gongan"};

TEST(Backup, AnOnlineBackupRestoresEveryReportAcknowledgedBeforeIt) {
  TempDir dir;
  const std::filesystem::path data = dir / "data";
  const std::filesystem::path config =
      testing::CurveConfig(dir.path(), data, "[backup]\nkeep = 3\n");
  BrokerProcess broker(data, "tcp://127.0.0.1:*", {"--config", config.string()});

  // (unit, key) -> sequence, for every ack any client saw.
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, uint64_t> acked;
  std::atomic<bool> submitting{true};
  std::atomic<int> refused{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&, c] {
      auto client = client::SubmitClient::Open(
          {.endpoint = broker.endpoint(),
           .outbox_dir = dir / ("outbox-" + std::to_string(c)),
           .reply_timeout = 2s,
           .window = 8,
           .curve = testing::ClientKeysOf(broker, kUnits[c])});
      ASSERT_TRUE(client.ok());
      auto on_delivery = [&](const client::Delivery& d) {
        if (!d.acknowledged) {
          ++refused;
          return;
        }
        std::lock_guard lock(mutex);
        acked.emplace(std::make_pair(d.ack.unit_id(), d.ack.idempotency_key()),
                      d.ack.sequence());
      };
      for (int n = 0; submitting.load() && n < 5000; ++n) {
        ASSERT_TRUE((*client)
                        ->Enqueue(testing::GeneralReport(
                            "b" + std::to_string(c) + "-" + std::to_string(n),
                            kUnits[c]))
                        .ok());
        if (n % 10 == 9) {
          (*client)->Flush(std::chrono::steady_clock::now() + 30s, on_delivery);
        }
      }
      (*client)->Flush(std::chrono::steady_clock::now() + 30s, on_delivery);
    });
  }
  auto acked_count = [&] {
    std::lock_guard lock(mutex);
    return acked.size();
  };
  const auto wait_until = std::chrono::steady_clock::now() + 60s;
  while (acked_count() < 200 && std::chrono::steady_clock::now() < wait_until) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_GE(acked_count(), 200u);

  // A reporter may not; an admin may, while the units go on submitting.
  const auto reporter = RunCommand(CliAs(
      broker, "chengguan", {"--query-endpoint", broker.query_endpoint(), "backup"}));
  EXPECT_EQ(reporter.exit_code, 4) << reporter.output;
  const auto made = RunCommand(
      CliAs(broker, "admin",
            {"--query-endpoint", broker.query_endpoint(), "--json", "backup",
             "--note", "演练"}));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  v1::BackupResult result;
  google::protobuf::util::JsonParseOptions lenient;
  lenient.ignore_unknown_fields = true;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(made.output, &result,
                                                          lenient)
                  .ok())
      << made.output;
  EXPECT_EQ(result.made().backup_id(), 1u);
  EXPECT_EQ(result.made().note(), "演练");
  EXPECT_EQ(result.dir(), (data / "backups").string());
  ASSERT_EQ(result.kept_size(), 1);
  const uint64_t last = result.made().last_sequence();
  std::map<std::pair<std::string, std::string>, uint64_t> acked_before;
  {
    std::lock_guard lock(mutex);
    acked_before = acked;
  }
  EXPECT_GE(last, 200u);

  // The text form, and the status's newest backup.
  const auto second = RunCommand(CliAs(
      broker, "admin", {"--query-endpoint", broker.query_endpoint(), "backup"}));
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_TRUE(Has(second.output, "已完成备份: 第 2 号")) << second.output;
  EXPECT_TRUE(Has(second.output, "（requested by admin）")) << second.output;
  EXPECT_TRUE(Has(second.output, "保留的备份（共 2 个）")) << second.output;
  const auto status = RunCommand(CliAs(
      broker, "admin", {"--query-endpoint", broker.query_endpoint(), "status"}));
  EXPECT_TRUE(Has(status.output, "备份: 最近 第 2 号")) << status.output;

  submitting = false;
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(refused.load(), 0);
  ASSERT_EQ(broker.Terminate(), 0);

  // Restored into a new data folder: everything acknowledged up to the
  // backup's last sequence, with the sequences the acks gave.
  const std::filesystem::path restored = dir / "restored";
  const auto restore = RunCommand(
      {testing::BrokerBinary(), "--data-dir", restored.string(), "--restore",
       (data / "backups").string(), "--backup-id", "1"});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;
  EXPECT_TRUE(Has(restore.output, "第 1 号备份")) << restore.output;
  EXPECT_TRUE(Has(restore.output, "报告到第 " + std::to_string(last) + " 号"))
      << restore.output;
  {
    auto store = storage::ReportStore::Open(restored / "reports");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::map<std::pair<std::string, std::string>, uint64_t> stored;
    uint64_t expected = 1;
    ASSERT_TRUE((*store)
                    ->ScanSequence(1, UINT64_MAX,
                                   [&](const v1::Report& r) {
                                     EXPECT_EQ(r.sequence(), expected++);
                                     stored.emplace(std::make_pair(
                                                        r.unit_id(),
                                                        r.idempotency_key()),
                                                    r.sequence());
                                     return true;
                                   })
                    .ok());
    EXPECT_GT(expected, last);  // 1..last at least
    std::size_t checked = 0;
    for (const auto& [id, sequence] : acked_before) {
      if (sequence > last) continue;
      ++checked;
      auto it = stored.find(id);
      ASSERT_NE(it, stored.end()) << "acknowledged before the backup, missing: "
                                  << id.second;
      EXPECT_EQ(it->second, sequence);
    }
    EXPECT_GE(checked, 200u);
  }
  // A restore never overwrites a store.
  const auto again = RunCommand(
      {testing::BrokerBinary(), "--data-dir", restored.string(), "--restore",
       (data / "backups").string()});
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_TRUE(Has(again.output, "已有报告库")) << again.output;
  // And the restored folder serves.
  BrokerProcess revived(restored);
  std::unique_ptr<testing::WirePeer> analyst =
      testing::PeerAs(revived, revived.query_endpoint(), "analyst");
  v1::Envelope ask;
  ask.mutable_get_reports()->add_sequences(last);
  std::optional<v1::Reply> reply = analyst->Ask(ask);
  ASSERT_TRUE(reply && reply->has_report_list()) << reply->DebugString();
  ASSERT_EQ(reply->report_list().reports_size(), 1);
}

TEST(Backup, TheScheduleMakesOneByItself) {
  TempDir dir;
  const std::filesystem::path data = dir / "data";
  const std::filesystem::path config = testing::CurveConfig(
      dir.path(), data, "[backup]\nevery = \"1d\"\ndir = \"" +
                            (dir / "elsewhere").string() + "\"\n");
  BrokerProcess broker(data, "tcp://127.0.0.1:*", {"--config", config.string()});
  // No backup in the folder yet: one right after start.
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  do {
    output = RunCommand(CliAs(broker, "admin",
                              {"--query-endpoint", broker.query_endpoint(),
                               "status"}))
                 .output;
    if (Has(output, "备份: 最近 第 1 号")) break;
    std::this_thread::sleep_for(100ms);
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_TRUE(Has(output, "备份: 最近 第 1 号")) << output;
  EXPECT_TRUE(Has(output, "（scheduled）；每 1 天一次")) << output;
  Result<std::vector<storage::BackupMade>> kept =
      storage::ReportStore::ListBackups(dir / "elsewhere");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->size(), 1u);
}

}  // namespace
}  // namespace xinbao
