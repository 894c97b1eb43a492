// SubmitClient against an in-process peer on a ROUTER socket, for replies
// that docs/PROTOCOL.md allows but the real broker does not give on demand:
// replies out of order, a retryable STORAGE_FAILURE, stray and repeated
// replies. Everything the real broker can show — acks, duplicates,
// refusals, silence (a stopped broker), a crash — is tested against the
// real broker process in tests/integration/.
#include "clients/lib/submit_client.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/clients/lib/fake_broker.h"
#include "tests/support/temp_dir.h"

namespace xinbao::client {
namespace {

using namespace std::chrono_literals;
using xinbao::testing::FakeBroker;
using xinbao::testing::TempDir;

v1::Reply AckFor(const v1::Envelope& request, bool duplicate = false) {
  v1::Reply reply;
  reply.set_request_id(request.request_id());
  v1::Ack* ack = reply.mutable_ack();
  ack->set_sequence(42);
  ack->set_stored_at_ms(1795314665000);
  ack->set_duplicate(duplicate);
  ack->set_unit_id(request.submit().report().unit_id());
  ack->set_idempotency_key(request.submit().report().idempotency_key());
  return reply;
}

v1::Reply ErrorFor(const v1::Envelope& request, v1::ErrorCode code) {
  v1::Reply reply;
  reply.set_request_id(request.request_id());
  Status(code, "拒绝", "report.unit_id").ToWire(reply.mutable_error());
  return reply;
}

class SubmitClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<SubmitClient> Open(const std::string& endpoint) {
    ClientOptions options;
    options.endpoint = endpoint;
    options.outbox_dir = dir_.path();
    options.reply_timeout = 150ms;
    options.window = 4;
    auto client = SubmitClient::Open(options);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }
  static v1::Report MakeReport(const std::string& title) {
    v1::Report report;
    report.set_unit_id("chengguan");
    report.set_title(title);
    return report;
  }
  static auto Within(std::chrono::milliseconds limit) {
    return std::chrono::steady_clock::now() + limit;
  }
  // A client on `broker` with one report queued per title; null on failure.
  std::unique_ptr<SubmitClient> OpenWith(const FakeBroker& broker,
                                         std::vector<std::string> titles) {
    auto client = Open(broker.endpoint());
    for (const std::string& title : titles) {
      if (client == nullptr || !client->Enqueue(MakeReport(title)).ok()) {
        ADD_FAILURE() << "could not queue " << title;
        return nullptr;
      }
    }
    return client;
  }
  // Flushes (5 s at most), keeping every delivery in deliveries_.
  FlushSummary FlushAll(SubmitClient& client) {
    return client.Flush(Within(5s), [this](const Delivery& delivery) {
      deliveries_.push_back(delivery);
    });
  }
  std::size_t PendingCount(SubmitClient& client) {
    auto pending = client.outbox().Pending();
    EXPECT_TRUE(pending.ok());
    return pending.ok() ? pending->size() : 0;
  }

  TempDir dir_;
  std::vector<Delivery> deliveries_;
};

TEST_F(SubmitClientTest, EnqueueFillsKeyAndWrittenTime) {
  auto client = Open("tcp://127.0.0.1:1");
  ASSERT_NE(client, nullptr);
  auto queued = client->Enqueue(MakeReport("t"));
  ASSERT_TRUE(queued.ok());
  EXPECT_EQ(queued->idempotency_key().size(), 36u);
  EXPECT_GT(queued->written_at_ms(), 1700000000000);
  v1::Report given = MakeReport("t");
  given.set_idempotency_key("mine");
  given.set_written_at_ms(5);
  auto kept = client->Enqueue(given);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->idempotency_key(), "mine");
  EXPECT_EQ(kept->written_at_ms(), 5);
  EXPECT_EQ(PendingCount(*client), 2u);
}

TEST_F(SubmitClientTest, SubmitsCarryTheActingUserAndPersonWhenSet) {
  FakeBroker broker([](const v1::Envelope& request, int) {
    return std::vector<v1::Reply>{AckFor(request)};
  });
  ClientOptions options;
  options.endpoint = broker.endpoint();
  options.outbox_dir = dir_.path();
  options.acting_user = "county-office";
  options.person = "值班员王五";
  auto client = SubmitClient::Open(options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  ASSERT_TRUE((*client)->Enqueue(MakeReport("代报")).ok());
  EXPECT_EQ((*client)->Flush(Within(5s)).acknowledged, 1u);
  const auto requests = broker.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].acting_user(), "county-office");
  EXPECT_EQ(requests[0].person(), "值班员王五");
  EXPECT_EQ(requests[0].submit().report().title(), "代报");
}

TEST_F(SubmitClientTest, BadEndpointIsRefusedAtOpen) {
  ClientOptions options;
  options.endpoint = "not an endpoint";
  options.outbox_dir = dir_.path();
  auto client = SubmitClient::Open(options);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().field(), "endpoint");
}

TEST_F(SubmitClientTest, AcknowledgesRepliesInAnyOrder) {
  FakeBroker broker([](const v1::Envelope& request,
                       int) { return std::vector<v1::Reply>{AckFor(request)}; },
                    /*reverse_batch=*/4);
  std::vector<std::string> titles;
  for (int i = 0; i < 8; ++i) titles.push_back("报告" + std::to_string(i));
  auto client = OpenWith(broker, titles);
  ASSERT_NE(client, nullptr);
  const FlushSummary summary = FlushAll(*client);
  EXPECT_EQ(summary.acknowledged, 8u);
  EXPECT_EQ(summary.still_pending, 0u);
  EXPECT_TRUE(summary.outbox_status.ok());
  ASSERT_EQ(deliveries_.size(), 8u);
  EXPECT_TRUE(deliveries_[0].acknowledged);
  // The first batch came back newest first.
  EXPECT_EQ(deliveries_[0].report.title(), "报告3");
  EXPECT_EQ(PendingCount(*client), 0u);
  const auto requests = broker.requests();
  ASSERT_EQ(requests.size(), 8u);
  EXPECT_EQ(requests[0].protocol_version(), 1u);
  EXPECT_EQ(requests[0].submit().report().title(), "报告0");  // oldest first
  EXPECT_EQ(requests[0].request_id(),
            requests[0].submit().report().idempotency_key());
}

TEST_F(SubmitClientTest, RetryableRefusalIsRetried) {
  FakeBroker broker([](const v1::Envelope& request, int attempt) {
    if (attempt == 1) {
      return std::vector<v1::Reply>{
          ErrorFor(request, v1::ERROR_CODE_STORAGE_FAILURE)};
    }
    return std::vector<v1::Reply>{AckFor(request)};
  });
  auto client = OpenWith(broker, {"t"});
  ASSERT_NE(client, nullptr);
  const FlushSummary summary = FlushAll(*client);
  EXPECT_EQ(deliveries_.size(), 1u);
  EXPECT_EQ(summary.acknowledged, 1u);
  EXPECT_EQ(summary.rejected, 0u);
  EXPECT_EQ(broker.requests().size(), 2u);
}

TEST_F(SubmitClientTest, RateLimitedReportsWaitOutTheHintAndAreSentOnceMore) {
  FakeBroker broker([](const v1::Envelope& request, int attempt) {
    if (attempt == 1) {
      v1::Reply reply;
      reply.set_request_id(request.request_id());
      Status(v1::ERROR_CODE_RATE_LIMITED, "本单位在途请求已达上限")
          .WithRetryAfter(20)
          .ToWire(reply.mutable_error());
      return std::vector<v1::Reply>{reply};
    }
    return std::vector<v1::Reply>{AckFor(request)};
  });
  auto client = OpenWith(broker, {"一", "二", "三", "四"});
  ASSERT_NE(client, nullptr);
  const FlushSummary summary = FlushAll(*client);
  EXPECT_EQ(summary.acknowledged, 4u);
  EXPECT_EQ(summary.rejected, 0u);
  EXPECT_EQ(summary.still_pending, 0u);
  EXPECT_EQ(summary.last_retry_message, "本单位在途请求已达上限");
  EXPECT_EQ(PendingCount(*client), 0u);
  // Each report twice: refused once, then acknowledged; none dropped, none
  // sent a third time.
  std::map<std::string, int> sent;
  for (const v1::Envelope& request : broker.requests()) {
    ++sent[request.submit().report().title()];
  }
  EXPECT_EQ(sent, (std::map<std::string, int>{
                      {"一", 2}, {"二", 2}, {"三", 2}, {"四", 2}}));
}

TEST_F(SubmitClientTest, StrayAndRepeatedRepliesAreIgnored) {
  FakeBroker broker([](const v1::Envelope& request, int) {
    v1::Reply stray = AckFor(request);
    stray.set_request_id("from-an-earlier-run");
    return std::vector<v1::Reply>{stray, AckFor(request), AckFor(request)};
  });
  auto client = OpenWith(broker, {"t"});
  ASSERT_NE(client, nullptr);
  const FlushSummary summary = FlushAll(*client);
  EXPECT_EQ(deliveries_.size(), 1u);
  EXPECT_EQ(summary.acknowledged, 1u);
}

TEST_F(SubmitClientTest, NothingPendingReturnsAtOnce) {
  auto client = Open("tcp://127.0.0.1:1");
  ASSERT_NE(client, nullptr);
  const FlushSummary summary = client->Flush(Within(5s));
  EXPECT_EQ(summary.acknowledged + summary.rejected + summary.still_pending,
            0u);
}

}  // namespace
}  // namespace xinbao::client
