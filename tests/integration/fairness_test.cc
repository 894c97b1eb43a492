// Fairness under a flood (issue 15): the real broker (CURVE, its demo keys)
// with a small per-unit share, one unit flooding past it and another unit
// reporting meanwhile; then the client library's outbox delivering the
// flooded reports at the broker's pace. No timing is asserted: the flood
// is hundreds of requests sent at once against a share of two.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "clients/lib/submit_client.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::PeerAs;
using testing::TempDir;

constexpr int kFlood = 300;
constexpr int kVictimReports = 20;

std::string FloodKey(int i) { return "flood-" + std::to_string(i); }

TEST(Fairness, AFloodPastItsShareIsRateLimitedWhileAnotherUnitIsServed) {
  TempDir dir;
  const auto config = testing::CurveConfig(dir.path(), dir / "data",
                                           "[fairness]\nunit_in_flight = 2\n");
  BrokerProcess broker(dir / "data", "tcp://127.0.0.1:*",
                       {"--config", config.string()});
  auto flooder = PeerAs(broker, broker.endpoint(), "hekou");
  auto victim = PeerAs(broker, broker.endpoint(), "chengguan");
  // The flooding unit's reports, as its outbox keeps them: the raw flood
  // below sends these very reports, the outbox sends them again after.
  auto client = client::SubmitClient::Open(
      {.endpoint = broker.endpoint(),
       .outbox_dir = dir / "outbox",
       .window = 64,
       .curve = testing::ClientKeysOf(broker, "hekou")});
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  std::vector<v1::Report> flood;
  for (int i = 0; i < kFlood; ++i) {
    auto queued =
        (*client)->Enqueue(testing::GeneralReport(FloodKey(i), "hekou"));
    ASSERT_TRUE(queued.ok()) << queued.status().ToString();
    flood.push_back(*queued);
  }

  // The flood goes out at once, as a raw DEALER; the other unit reports
  // one at a time while its answers come back.
  for (const v1::Report& report : flood) flooder->SendSubmit(report);
  for (int i = 0; i < kVictimReports; ++i) {
    v1::Envelope envelope;
    *envelope.mutable_submit()->mutable_report() =
        testing::GeneralReport("victim-" + std::to_string(i), "chengguan");
    const std::optional<v1::Reply> reply = victim->Ask(envelope);
    ASSERT_TRUE(reply.has_value()) << i;
    EXPECT_TRUE(reply->has_ack()) << reply->DebugString();
  }
  int acked = 0, limited = 0;
  for (int i = 0; i < kFlood; ++i) {
    const std::optional<v1::Reply> reply = flooder->Receive();
    ASSERT_TRUE(reply.has_value()) << "reply " << i << " of the flood";
    if (reply->has_ack()) {
      ++acked;
      continue;
    }
    const v1::Error& error = reply->error();
    EXPECT_EQ(error.code(), v1::ERROR_CODE_RATE_LIMITED) << error.message();
    EXPECT_TRUE(error.retryable());
    EXPECT_GT(error.retry_after_ms(), 0u);
    EXPECT_NE(error.message().find("unit_in_flight"), std::string::npos)
        << error.message();
    ++limited;
  }
  EXPECT_GT(acked, 0);
  EXPECT_GT(limited, 0);

  // Now the unit's client library sends the whole flood again through its
  // outbox, far past its share (window 64): it waits out each hint and
  // resends what was refused, until every report is acknowledged.
  int duplicates = 0;
  const client::FlushSummary summary = (*client)->Flush(
      std::chrono::steady_clock::now() + std::chrono::minutes(2),
      [&duplicates](const client::Delivery& delivery) {
        duplicates += delivery.acknowledged && delivery.ack.duplicate();
      });
  EXPECT_EQ(summary.acknowledged, static_cast<std::size_t>(kFlood));
  EXPECT_EQ(summary.rejected, 0u);
  EXPECT_EQ(summary.still_pending, 0u);
  EXPECT_EQ(duplicates, acked);  // those the raw flood got in already
  EXPECT_TRUE((*client)->outbox().Pending()->empty());

  // Each report is in the store once: the victim's and the whole flood.
  ASSERT_EQ(broker.Terminate(), 0);
  auto store = storage::ReportStore::Open(dir / "data" / "reports");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->next_sequence(),
            static_cast<uint64_t>(kVictimReports + kFlood + 1));
}

TEST(Fairness, ABatchHoldsOneUnitsShareAndTheRestFollowInOrder) {
  TempDir dir;
  const auto config = testing::CurveConfig(
      dir.path(), dir / "data",
      "[fairness]\nunit_in_flight = 0\nunit_per_batch = 3\n");
  BrokerProcess broker(dir / "data", "tcp://127.0.0.1:*",
                       {"--config", config.string()});
  auto flooder = PeerAs(broker, broker.endpoint(), "hekou");
  auto other = PeerAs(broker, broker.endpoint(), "chengguan");
  // Another unit sends meanwhile: the flood is held back to 3 a batch
  // (or as many as the other unit has in it), the rest in later batches.
  for (int i = 0; i < kFlood; ++i) {
    flooder->SendSubmit(testing::GeneralReport(FloodKey(i), "hekou"));
    if (i % 10 == 0) {
      other->SendSubmit(
          testing::GeneralReport("other-" + std::to_string(i), "chengguan"));
    }
  }
  for (int i = 0; i < kFlood / 10; ++i) {
    const std::optional<v1::Reply> reply = other->Receive();
    ASSERT_TRUE(reply.has_value()) << "other's reply " << i;
    EXPECT_TRUE(reply->has_ack()) << reply->DebugString();
  }
  // Every report is stored, none refused, in the order sent.
  std::map<std::string, uint64_t> sequences;  // by idempotency key
  for (int i = 0; i < kFlood; ++i) {
    const std::optional<v1::Reply> reply = flooder->Receive();
    ASSERT_TRUE(reply.has_value()) << "reply " << i;
    ASSERT_TRUE(reply->has_ack()) << reply->DebugString();
    sequences[reply->ack().idempotency_key()] = reply->ack().sequence();
  }
  ASSERT_EQ(sequences.size(), static_cast<std::size_t>(kFlood));
  for (int i = 1; i < kFlood; ++i) {
    EXPECT_LT(sequences[FloodKey(i - 1)], sequences[FloodKey(i)]) << i;
  }
  ASSERT_EQ(broker.Terminate(), 0);
  auto store = storage::ReportStore::Open(dir / "data" / "reports");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->next_sequence(),
            static_cast<uint64_t>(kFlood + kFlood / 10 + 1));
}

}  // namespace
}  // namespace xinbao
