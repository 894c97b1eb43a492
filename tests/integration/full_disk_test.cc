// A full disk, met by the real broker process (CURVE) on a small tmpfs of
// its own: while there is no room, reports are refused with the retryable
// STORAGE_FAILURE and stay in the client's outbox, reads go on, and the
// broker is unhealthy; once room is freed it writes again by itself - no
// restart - says so in its log, and the outbox drains. Every acknowledged
// report is stored, once.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "clients/lib/submit_client.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/small_disk.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using namespace std::chrono_literals;
using testing::BrokerProcess;
using testing::TempDir;

std::optional<v1::BrokerStatus> StatusOf(testing::WirePeer& peer) {
  v1::Envelope envelope;
  envelope.mutable_status();
  std::optional<v1::Reply> reply = peer.Ask(envelope);
  if (!reply || !reply->has_status()) return std::nullopt;
  return reply->status();
}

uint64_t StorageFailures(const v1::BrokerStatus& status) {
  for (const v1::RefusalCount& refusal : status.refusals()) {
    if (refusal.code() == v1::ERROR_CODE_STORAGE_FAILURE) return refusal.count();
  }
  return 0;
}

std::string ReadAll(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(FullDisk, TheBrokerWritesAgainByItselfOnceThereIsRoom) {
  testing::SmallDisk disk(48);
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  TempDir dir;  // the client's outbox and the broker's log: not on the disk
  testing::SpawnSetup setup;
  setup.stderr_file = dir / "broker.log";
  // A disk this small is below the default free-space limit (512 MB).
  const std::filesystem::path config = testing::CurveConfig(
      dir.path(), disk / "data", "[limits]\nmin_free_disk_mb = 1\n");
  BrokerProcess broker(disk / "data", "tcp://127.0.0.1:*",
                       {"--config", config.string()}, 20s, setup);
  std::unique_ptr<testing::WirePeer> analyst =
      testing::PeerAs(broker, broker.query_endpoint(), "analyst");

  auto client = client::SubmitClient::Open(
      {.endpoint = broker.endpoint(),
       .outbox_dir = dir / "outbox",
       .reply_timeout = 400ms,
       .window = 8,
       .curve = testing::ClientKeysOf(broker, "chengguan")});
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  std::map<std::string, uint64_t> acked;  // idempotency key -> sequence
  int refused_for_good = 0;
  auto on_delivery = [&](const client::Delivery& d) {
    if (!d.acknowledged) {
      ++refused_for_good;
      return;
    }
    auto [it, inserted] = acked.emplace(d.ack.idempotency_key(), d.ack.sequence());
    if (!inserted) {
      EXPECT_EQ(it->second, d.ack.sequence());
    }
  };
  int submitted = 0;
  auto submit = [&](int count) {
    for (int i = 0; i < count; ++i, ++submitted) {
      v1::Report report = testing::GeneralReport(
          "disk-" + std::to_string(submitted), "chengguan");
      report.set_body(std::string(32 * 1024, 'x'));
      ASSERT_TRUE((*client)->Enqueue(report).ok());
    }
  };

  // Room: stored and acknowledged.
  submit(10);
  (*client)->Flush(std::chrono::steady_clock::now() + 20s, on_delivery);
  ASSERT_EQ(acked.size(), 10u);

  // No room: refused as retryable, kept in the outbox.
  disk.Fill();
  std::optional<v1::BrokerStatus> failing;
  for (int round = 0; round < 60; ++round) {
    submit(10);
    (*client)->Flush(std::chrono::steady_clock::now() + 1s, on_delivery);
    failing = StatusOf(*analyst);  // reads go on
    ASSERT_TRUE(failing.has_value());
    if (failing->store_failing_since_ms() != 0) break;
  }
  ASSERT_TRUE(failing && failing->store_failing_since_ms() != 0)
      << "the disk never filled";
  EXPECT_GT(StorageFailures(*failing), 0u);
  EXPECT_FALSE(failing->healthy());
  const std::size_t acked_while_filling = acked.size();
  // Still no room a few clock checks later: still refused, never dropped.
  submit(5);
  const client::FlushSummary waiting =
      (*client)->Flush(std::chrono::steady_clock::now() + 3s, on_delivery);
  EXPECT_GT(waiting.still_pending, 0u);
  EXPECT_EQ(acked.size(), acked_while_filling);

  // Room again: the broker resumes by itself and the outbox drains.
  disk.Free();
  client::FlushSummary drained;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  do {
    drained = (*client)->Flush(deadline, on_delivery);
  } while (drained.still_pending != 0 &&
           std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(drained.still_pending, 0u);
  EXPECT_EQ(refused_for_good, 0);
  EXPECT_EQ(acked.size(), static_cast<std::size_t>(submitted));
  std::optional<v1::BrokerStatus> resumed = StatusOf(*analyst);
  ASSERT_TRUE(resumed.has_value());
  EXPECT_EQ(resumed->store_failing_since_ms(), 0);
  EXPECT_TRUE(resumed->healthy()) << resumed->DebugString();
  EXPECT_NE(ReadAll(dir / "broker.log").find("the store takes writes again"),
            std::string::npos);

  // On disk: every acknowledged report once, with the sequence its ack gave.
  ASSERT_EQ(broker.Terminate(), 0);
  auto store = storage::ReportStore::Open(disk / "data" / "reports");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::map<std::string, uint64_t> stored;
  uint64_t expected_sequence = 1;
  Status scan = (*store)->ScanSequence(1, UINT64_MAX, [&](const v1::Report& r) {
    EXPECT_EQ(r.sequence(), expected_sequence++);
    EXPECT_TRUE(stored.emplace(r.idempotency_key(), r.sequence()).second)
        << "stored twice: " << r.idempotency_key();
    return true;
  });
  ASSERT_TRUE(scan.ok()) << scan.ToString();
  EXPECT_EQ(stored, acked);
}

}  // namespace
}  // namespace xinbao
