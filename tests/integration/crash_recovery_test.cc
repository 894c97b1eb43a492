// Nothing lost, nothing doubled: kill -9 the broker while several clients
// are submitting, restart it, and check that every acknowledged report is
// stored exactly once, every report eventually is, and the outboxes drain.
// CURVE is on: each client submits with its own unit's key, and the
// restarted broker keeps the same key set.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "clients/lib/submit_client.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using namespace std::chrono_literals;

constexpr int kClients = 4;
constexpr int kReportsPerClient = 150;
constexpr int kAcksBeforeCrash = 120;
const char* const kUnits[kClients] = {"chengguan", "hekou", "gongan", "yingji"};

// Every ack any client saw: (unit, key) -> sequence. A second ack for the
// same report must carry the same sequence.
class AckLedger {
 public:
  void Record(const v1::Ack& ack) {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = acks_.emplace(
        std::make_pair(ack.unit_id(), ack.idempotency_key()), ack.sequence());
    if (!inserted) {
      EXPECT_EQ(it->second, ack.sequence())
          << "two different sequences for " << ack.idempotency_key();
    }
    changed_.notify_all();
  }
  bool AwaitAtLeast(std::size_t n, std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return acks_.size() >= n; });
  }
  std::map<std::pair<std::string, std::string>, uint64_t> Snapshot() {
    std::lock_guard lock(mutex_);
    return acks_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::pair<std::string, std::string>, uint64_t> acks_;
};

TEST(CrashRecovery, KillNineLosesNoAcknowledgedReportAndStoresNoneTwice) {
  testing::TempDir dir;
  auto broker = std::make_unique<testing::BrokerProcess>(dir / "data");
  const std::string endpoint = broker->endpoint();
  AckLedger ledger;
  std::atomic<int> failures{0};
  // Read here: `broker` is replaced while the clients run.
  std::vector<client::CurveClientKeys> keys;
  for (const char* unit : kUnits) {
    keys.push_back(testing::ClientKeysOf(*broker, unit));
  }

  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto client = client::SubmitClient::Open(
          {.endpoint = endpoint,
           .outbox_dir = dir / ("outbox-" + std::to_string(c)),
           .reply_timeout = 400ms,
           .window = 8,
           .curve = keys[c]});
      if (!client.ok()) {
        ++failures;
        return;
      }
      auto on_delivery = [&](const client::Delivery& d) {
        if (d.acknowledged) ledger.Record(d.ack);
        else ++failures;  // nothing here should be refused
      };
      const auto deadline = std::chrono::steady_clock::now() + 90s;
      // Submit in small rounds, so the crash lands mid-stream.
      for (int n = 0; n < kReportsPerClient; ++n) {
        v1::Report report = testing::GeneralReport(
            "c" + std::to_string(c) + "-r" + std::to_string(n), kUnits[c]);
        report.set_title("第" + std::to_string(n) + "号工作动态");
        if (!(*client)->Enqueue(report).ok()) ++failures;
        if (n % 10 == 9) (*client)->Flush(deadline, on_delivery);
      }
      while (std::chrono::steady_clock::now() < deadline) {
        if ((*client)->Flush(deadline, on_delivery).still_pending == 0) break;
      }
    });
  }

  ASSERT_TRUE(ledger.AwaitAtLeast(kAcksBeforeCrash, 60s));
  broker->Kill9();
  const auto acked_before_crash = ledger.Snapshot();
  // The crash must land mid-stream, or this test proves nothing.
  ASSERT_LT(acked_before_crash.size(),
            std::size_t{kClients * kReportsPerClient});
  broker = std::make_unique<testing::BrokerProcess>(dir / "data", endpoint);
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);

  // Every outbox drained.
  for (int c = 0; c < kClients; ++c) {
    auto outbox = client::Outbox::Open(dir / ("outbox-" + std::to_string(c)));
    ASSERT_TRUE(outbox.ok());
    EXPECT_TRUE((*outbox)->Pending()->empty()) << "client " << c;
    EXPECT_TRUE((*outbox)->Rejected()->empty()) << "client " << c;
  }
  ASSERT_EQ(broker->Terminate(), 0);

  // The store: each report exactly once, sequences dense, acks honoured.
  auto store = storage::ReportStore::Open(dir / "data" / "reports");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::map<std::pair<std::string, std::string>, uint64_t> stored;
  uint64_t expected_sequence = 1;
  Status scan = (*store)->ScanSequence(1, UINT64_MAX, [&](const v1::Report& r) {
    EXPECT_EQ(r.sequence(), expected_sequence++);
    bool inserted =
        stored.emplace(std::make_pair(r.unit_id(), r.idempotency_key()),
                       r.sequence()).second;
    EXPECT_TRUE(inserted) << "stored twice: " << r.idempotency_key();
    return true;
  });
  ASSERT_TRUE(scan.ok()) << scan.ToString();
  EXPECT_EQ(stored.size(), std::size_t{kClients * kReportsPerClient});
  for (const auto& [id, sequence] : acked_before_crash) {
    auto it = stored.find(id);
    ASSERT_NE(it, stored.end()) << "acked before the crash, then lost: "
                                << id.second;
    EXPECT_EQ(it->second, sequence);
  }
  EXPECT_EQ(ledger.Snapshot(), stored);
}

}  // namespace
}  // namespace xinbao
