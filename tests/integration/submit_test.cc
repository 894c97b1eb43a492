// The spine end to end: the real broker process on 127.0.0.1 (CURVE on,
// its demo keys), the real client library, the real store on disk. Each
// report comes from the key of the unit it names.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "clients/lib/submit_client.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::ClientKeysOf;
using testing::PeerAs;
using testing::TempDir;
using testing::WirePeer;

std::chrono::steady_clock::time_point In(std::chrono::seconds s) {
  return std::chrono::steady_clock::now() + s;
}

TEST(Submit, ClientGetsDurableAckAndTheStoreHoldsTheReport) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  auto client = client::SubmitClient::Open(
      {.endpoint = broker.endpoint(),
       .outbox_dir = dir / "outbox",
       .curve = ClientKeysOf(broker, "hekou")});
  ASSERT_TRUE(client.ok()) << client.status().ToString();

  v1::Report report = testing::UrgentShiReport("", "evt-hekou-1");
  report.clear_written_at_ms();
  auto queued = (*client)->Enqueue(report);
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  EXPECT_FALSE(queued->idempotency_key().empty());
  EXPECT_GT(queued->written_at_ms(), 0);

  std::vector<client::Delivery> deliveries;
  client::FlushSummary summary = (*client)->Flush(
      In(std::chrono::seconds(15)),
      [&](const client::Delivery& d) { deliveries.push_back(d); });
  ASSERT_EQ(summary.acknowledged, 1u);
  ASSERT_EQ(deliveries.size(), 1u);
  const v1::Ack& ack = deliveries[0].ack;
  EXPECT_EQ(ack.sequence(), 1u);
  EXPECT_FALSE(ack.duplicate());
  EXPECT_EQ(ack.unit_id(), "hekou");
  EXPECT_EQ(ack.idempotency_key(), queued->idempotency_key());
  EXPECT_TRUE((*client)->outbox().Pending()->empty());

  ASSERT_EQ(broker.Terminate(), 0);
  auto store = storage::ReportStore::Open(dir / "data" / "reports");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto stored = (*store)->Get(ack.sequence());
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->title(), report.title());
  EXPECT_EQ(stored->casualties().dead(), 2u);
  EXPECT_EQ(stored->stored_at_ms(), ack.stored_at_ms());
}

TEST(Submit, ResubmissionGetsTheOriginalAckAndIsStoredOnce) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  auto peer = PeerAs(broker, broker.endpoint(), "chengguan");
  v1::Report report = testing::GeneralReport("same-key-1");
  peer->SendSubmit(report);
  auto first = peer->Receive();
  ASSERT_TRUE(first && first->has_ack());
  peer->SendSubmit(report);
  auto second = peer->Receive();
  ASSERT_TRUE(second && second->has_ack());
  EXPECT_EQ(second->ack().sequence(), first->ack().sequence());
  EXPECT_EQ(second->ack().stored_at_ms(), first->ack().stored_at_ms());
  EXPECT_FALSE(first->ack().duplicate());
  EXPECT_TRUE(second->ack().duplicate());

  // The same key from another unit is another report.
  auto donghu = PeerAs(broker, broker.endpoint(), "donghu");
  donghu->SendSubmit(testing::GeneralReport("same-key-1", "donghu"));
  auto other = donghu->Receive();
  ASSERT_TRUE(other && other->has_ack());
  EXPECT_FALSE(other->ack().duplicate());
  EXPECT_NE(other->ack().sequence(), first->ack().sequence());

  // Reusing a key for different content is refused, not merged.
  v1::Report changed = report;
  changed.set_title("另一篇报告");
  peer->SendSubmit(changed);
  auto reused = peer->Receive();
  ASSERT_TRUE(reused && reused->has_error());
  EXPECT_EQ(reused->error().code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);

  // Dedupe outlives a restart: it is in the store, not in memory.
  std::string endpoint = broker.endpoint();
  ASSERT_EQ(broker.Terminate(), 0);
  BrokerProcess again(dir / "data", endpoint);
  auto peer2 = PeerAs(again, again.endpoint(), "chengguan");
  peer2->SendSubmit(report);
  auto after = peer2->Receive();
  ASSERT_TRUE(after && after->has_ack());
  EXPECT_TRUE(after->ack().duplicate());
  EXPECT_EQ(after->ack().sequence(), first->ack().sequence());
  ASSERT_EQ(again.Terminate(), 0);

  auto store = storage::ReportStore::Open(dir / "data" / "reports");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->next_sequence(), 3u);  // two reports, no more
}

struct BadRequest {
  const char* name;
  std::function<void(WirePeer&)> send;
  v1::ErrorCode code;
};

std::string WithInvalidUtf8Title() {
  v1::Report report = testing::GeneralReport("utf8-key");
  report.set_title("TITLE-MARKER");
  std::string bytes = client::EncodeSubmit(report);
  bytes.replace(bytes.find("TITLE-MARKER"), 12, "TITLE-\xE4\xBA" "ARKER");
  return bytes;
}

TEST(Submit, EveryRefusalIsTypedAndTheBrokerKeepsServing) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  const BadRequest cases[] = {
      {"not an envelope", [](WirePeer& p) { p.SendPayload("hello broker"); },
       v1::ERROR_CODE_MALFORMED},
      {"no delimiter frame",
       [](WirePeer& p) { p.SendFrames({"just one frame"}); },
       v1::ERROR_CODE_MALFORMED},
      {"extra frames", [](WirePeer& p) { p.SendFrames({"", "a", "b"}); },
       v1::ERROR_CODE_MALFORMED},
      {"invalid utf-8",
       [](WirePeer& p) { p.SendPayload(WithInvalidUtf8Title()); },
       v1::ERROR_CODE_INVALID_UTF8},
      {"oversize",
       [](WirePeer& p) {
         v1::Report r = testing::GeneralReport("big");
         r.set_body(std::string(1100 << 10, 'x'));
         p.SendSubmit(r);
       },
       v1::ERROR_CODE_MESSAGE_TOO_LARGE},
      // The key decides the sender: a report in any other unit's name —
      // registered or not — is an impersonation, refused before validation.
      {"another unit's name",
       [](WirePeer& p) { p.SendSubmit(testing::GeneralReport("u", "atlantis")); },
       v1::ERROR_CODE_NOT_PERMITTED},
      {"unknown responsible unit",
       [](WirePeer& p) {
         v1::Report r =
             testing::UrgentShiReport("ru", "evt-chengguan-1", "chengguan");
         r.set_responsible_unit_id("atlantis");
         p.SendSubmit(r);
       },
       v1::ERROR_CODE_UNKNOWN_UNIT},
      {"version 2",
       [](WirePeer& p) { p.SendSubmit(testing::GeneralReport("v"), 2); },
       v1::ERROR_CODE_UNSUPPORTED_VERSION},
      {"stage on general",
       [](WirePeer& p) {
         v1::Report r = testing::GeneralReport("s");
         r.set_stage(v1::STAGE_YIN);
         p.SendSubmit(r);
       },
       v1::ERROR_CODE_NOT_URGENT},
      {"missing title",
       [](WirePeer& p) {
         v1::Report r = testing::GeneralReport("t");
         r.clear_title();
         p.SendSubmit(r);
       },
       v1::ERROR_CODE_MISSING_FIELD},
      {"unknown enum",
       [](WirePeer& p) {
         v1::Report r = testing::GeneralReport("e");
         r.set_kind(static_cast<v1::Kind>(77));
         p.SendSubmit(r);
       },
       v1::ERROR_CODE_UNKNOWN_ENUM_VALUE},
      {"future",
       [](WirePeer& p) {
         v1::Report r = testing::GeneralReport("f");
         r.set_written_at_ms(testing::NowMs() + 48LL * 3600 * 1000);
         p.SendSubmit(r);
       },
       v1::ERROR_CODE_TIME_IN_FUTURE},
  };
  for (const BadRequest& c : cases) {
    auto peer = PeerAs(broker, broker.endpoint(), "chengguan");
    c.send(*peer);
    auto reply = peer->Receive();
    ASSERT_TRUE(reply.has_value()) << c.name << ": no reply";
    ASSERT_TRUE(reply->has_error()) << c.name;
    EXPECT_EQ(v1::ErrorCode_Name(reply->error().code()),
              v1::ErrorCode_Name(c.code))
        << c.name;
    EXPECT_FALSE(reply->error().message().empty()) << c.name;
    EXPECT_FALSE(reply->error().retryable()) << c.name;
  }
  // The invalid-UTF-8 refusal still names the field and the request.
  auto peer = PeerAs(broker, broker.endpoint(), "chengguan");
  peer->SendPayload(WithInvalidUtf8Title());
  auto utf8 = peer->Receive();
  ASSERT_TRUE(utf8 && utf8->has_error());
  EXPECT_EQ(utf8->error().field(), "report.title");
  EXPECT_EQ(utf8->request_id(), "utf8-key");

  // Still serving, and nothing invalid was stored: the first valid report
  // gets sequence 1.
  peer->SendSubmit(testing::GeneralReport("valid-after-all"));
  auto ok = peer->Receive();
  ASSERT_TRUE(ok && ok->has_ack());
  EXPECT_EQ(ok->ack().sequence(), 1u);
}

}  // namespace
}  // namespace xinbao

namespace xinbao {
namespace {

// A broker that is alive but silent (stopped): the client gives up at its
// deadline with everything still in the outbox, having reconnected; once
// the broker answers again, the next flush delivers each report — stored
// once, although the broker received it twice.
TEST(Submit, SilentBrokerLeavesReportsPendingUntilItAnswersAgain) {
  testing::TempDir dir;
  testing::BrokerProcess broker(dir / "data");
  auto client = client::SubmitClient::Open(
      {.endpoint = broker.endpoint(),
       .outbox_dir = dir / "outbox",
       .reply_timeout = std::chrono::milliseconds(200),
       .curve = testing::ClientKeysOf(broker, "chengguan")});
  ASSERT_TRUE(client.ok());
  for (const char* key : {"silent-1", "silent-2"}) {
    ASSERT_TRUE((*client)->Enqueue(testing::GeneralReport(key)).ok());
  }

  broker.Pause();
  const auto started = std::chrono::steady_clock::now();
  client::FlushSummary stalled = (*client)->Flush(
      started + std::chrono::milliseconds(900));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_EQ(stalled.still_pending, 2u);
  EXPECT_GE(stalled.reconnects, 1u);
  EXPECT_EQ((*client)->outbox().Pending()->size(), 2u);

  broker.Resume();
  client::FlushSummary delivered =
      (*client)->Flush(std::chrono::steady_clock::now() + std::chrono::seconds(15));
  EXPECT_EQ(delivered.acknowledged, 2u);
  EXPECT_TRUE((*client)->outbox().Pending()->empty());

  ASSERT_EQ(broker.Terminate(), 0);
  auto store = storage::ReportStore::Open(dir / "data" / "reports");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->next_sequence(), 3u);  // two reports, each once
}

}  // namespace
}  // namespace xinbao
