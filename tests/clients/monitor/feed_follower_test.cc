// FeedFollower against a stand-in feed (a PUB socket in the test) and a
// stand-in query socket (FakeBroker): sync, stale and applied items, a gap
// and the resync, silence and the reconnect, a refused snapshot.
#include "clients/monitor/feed_follower.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>
#include <zmq.hpp>

#include "tests/clients/lib/fake_broker.h"
#include "tests/clients/feed_fixtures.h"

namespace xinbao::client {
namespace {

using namespace std::chrono_literals;
using namespace xinbao::testing;
using Clock = std::chrono::steady_clock;

// The broker's feed: a PUB on an ephemeral port, used from the test thread.
class FakeFeed {
 public:
  FakeFeed() {
    pub_.set(zmq::sockopt::linger, 0);
    pub_.bind("tcp://127.0.0.1:*");
    endpoint_ = pub_.get(zmq::sockopt::last_endpoint);
  }
  const std::string& endpoint() const { return endpoint_; }
  // As the broker sends them to a whole-feed reader: a heartbeat on "h.",
  // an item in a bundle of its own on "b.".
  void Publish(const v1::FeedItem& item) {
    if (item.has_heartbeat()) {
      pub_.send(zmq::str_buffer("h."), zmq::send_flags::sndmore);
      pub_.send(zmq::buffer(item.SerializeAsString()));
      return;
    }
    PublishBundle({item});
  }
  void PublishBundle(const std::vector<v1::FeedItem>& items) {
    v1::FeedItems bundle;
    for (const v1::FeedItem& item : items) *bundle.add_items() = item;
    pub_.send(zmq::str_buffer("b."), zmq::send_flags::sndmore);
    pub_.send(zmq::buffer(bundle.SerializeAsString()));
  }
  // One frame; then two whose second is no FeedItems.
  void PublishJunk() {
    pub_.send(zmq::str_buffer("b.not a feed item"));
    pub_.send(zmq::str_buffer("b."), zmq::send_flags::sndmore);
    pub_.send(zmq::str_buffer("\xff\xff\xff"));
  }

 private:
  zmq::context_t context_;
  zmq::socket_t pub_{context_, zmq::socket_type::pub};
  std::string endpoint_;
};

// Answers every snapshot request with an empty snapshot at `*sequence`.
Policy SnapshotsAt(const std::atomic<uint64_t>* sequence) {
  return [sequence](const v1::Envelope& request, int) {
    v1::Reply reply;
    reply.set_request_id(request.request_id());
    reply.mutable_snapshot()->set_feed_sequence(*sequence);
    reply.mutable_snapshot()->set_taken_at_ms(kNow);
    return std::vector<v1::Reply>{reply};
  };
}

struct Watcher {
  MonitorState state{TimeZone::FixedOffset(kBeijing)};
  int snapshots = 0;
  std::vector<uint64_t> applied;
  std::unique_ptr<FeedFollower> follower;

  Watcher(const std::string& feed, const std::string& query,
          std::chrono::milliseconds silence = 5s) {
    FeedListener listener;
    listener.on_snapshot = [this](const v1::Snapshot&) { ++snapshots; };
    listener.on_item = [this](const v1::FeedItem& item) {
      applied.push_back(item.feed_sequence());
    };
    auto opened =
        FeedFollower::Open(FeedFollowerOptions{feed, query, silence, 1s, 50},
                           &state, std::move(listener));
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (opened.ok()) follower = std::move(opened).value();
  }

  // Runs `step` and polls briefly until `done`, for at most 10 s.
  Status PumpUntil(const std::function<void()>& step,
                   const std::function<bool()>& done) {
    const auto deadline = Clock::now() + 10s;
    while (!done()) {
      if (Clock::now() > deadline) {
        return Status(v1::ERROR_CODE_STORAGE_FAILURE, "timed out");
      }
      step();
      Result<bool> polled = follower->Poll(Clock::now() + 20ms);
      if (!polled.ok()) return polled.status();
    }
    return Status::Ok();
  }
};

v1::FeedItem Numbered(uint64_t sequence) {
  return ReportItem(sequence, Report(sequence, v1::KIND_GENERAL_DYNAMIC,
                                     "hekou", "动态", kNow));
}

// A stand-in broker whose snapshots stand at `snapshot_at`, its feed, and
// a watcher following them.
class FeedFollowerTest : public ::testing::Test {
 protected:
  // Opens the watcher and publishes heartbeats at `sequence` until the
  // subscription is live and the first snapshot taken.
  void StartSynced(uint64_t sequence, std::chrono::milliseconds silence = 5s) {
    snapshot_at = sequence;
    watcher =
        std::make_unique<Watcher>(feed.endpoint(), broker.endpoint(), silence);
    ASSERT_NE(watcher->follower, nullptr);
    EXPECT_EQ(watcher->state.link(), LinkState::kConnecting);
    PumpUntil([&] { feed.Publish(Heartbeat(sequence, kNow)); },
              [&] { return watcher->state.synced(); });
    EXPECT_EQ(watcher->state.link(), LinkState::kLive);
  }
  void PumpUntil(const std::function<void()>& step,
                 const std::function<bool()>& done) {
    const Status status = watcher->PumpUntil(step, done);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  void PollUntilSequence(uint64_t sequence) {
    PumpUntil([] {},
              [&] { return watcher->state.feed_sequence() == sequence; });
  }

  std::atomic<uint64_t> snapshot_at{0};
  FakeBroker broker{SnapshotsAt(&snapshot_at)};
  FakeFeed feed;
  std::unique_ptr<Watcher> watcher;
};

TEST_F(FeedFollowerTest, SyncsAppliesAndResyncsAfterAGap) {
  ASSERT_NO_FATAL_FAILURE(StartSynced(5));
  EXPECT_EQ(watcher->snapshots, 1);
  const auto requests = broker.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].snapshot().latest_reports(), 50u);

  feed.PublishJunk();
  feed.PublishBundle({Numbered(5),    // in the snapshot already
                      Numbered(6)});
  ASSERT_NO_FATAL_FAILURE(PollUntilSequence(6));
  EXPECT_EQ(watcher->applied, (std::vector<uint64_t>{6}));

  // 7 is lost; the snapshot taken on seeing 8 stands at 9; the rest of
  // 8's bundle is read against it.
  snapshot_at = 9;
  feed.PublishBundle({Numbered(8), Numbered(9), Numbered(10)});
  ASSERT_NO_FATAL_FAILURE(PollUntilSequence(10));
  EXPECT_EQ(watcher->snapshots, 2);
  EXPECT_EQ(watcher->applied, (std::vector<uint64_t>{6, 10}));
  EXPECT_EQ(watcher->state.latest_reports().front().sequence(), 10u);
}

TEST_F(FeedFollowerTest, AHeartbeatAheadMeansAResync) {
  ASSERT_NO_FATAL_FAILURE(StartSynced(3));
  snapshot_at = 4;
  feed.Publish(Heartbeat(4, kNow));
  ASSERT_NO_FATAL_FAILURE(PollUntilSequence(4));
  EXPECT_EQ(watcher->snapshots, 2);
  EXPECT_TRUE(watcher->applied.empty());
}

TEST_F(FeedFollowerTest, ReconnectsAfterSilenceAndResyncs) {
  ASSERT_NO_FATAL_FAILURE(StartSynced(1, 300ms));
  // The broker falls silent.
  ASSERT_NO_FATAL_FAILURE(PumpUntil(
      [] {},
      [&] { return watcher->state.link() == LinkState::kReconnecting; }));
  // It is back, further on.
  snapshot_at = 7;
  ASSERT_NO_FATAL_FAILURE(
      PumpUntil([&] { feed.Publish(Heartbeat(7, kNow)); },
                [&] { return watcher->state.link() == LinkState::kLive; }));
  EXPECT_EQ(watcher->state.feed_sequence(), 7u);
  EXPECT_EQ(watcher->snapshots, 2);
}

TEST(FeedFollower, ARefusedSnapshotEndsThePoll) {
  FakeBroker broker([](const v1::Envelope& request, int) {
    v1::Reply reply;
    reply.set_request_id(request.request_id());
    Status(v1::ERROR_CODE_UNKNOWN_REQUEST, "不认识的请求")
        .ToWire(reply.mutable_error());
    return std::vector<v1::Reply>{reply};
  });
  FakeFeed feed;
  Watcher watcher(feed.endpoint(), broker.endpoint());
  ASSERT_NE(watcher.follower, nullptr);
  const Status status = watcher.PumpUntil(
      [&] { feed.Publish(Heartbeat(1, kNow)); }, [] { return false; });
  EXPECT_EQ(status.code(), v1::ERROR_CODE_UNKNOWN_REQUEST);
  EXPECT_EQ(status.message(), "不认识的请求");
  EXPECT_FALSE(watcher.state.synced());
}

TEST(FeedFollower, RefusesAnInvalidAddress) {
  MonitorState state(TimeZone::FixedOffset(kBeijing));
  auto follower = FeedFollower::Open(
      FeedFollowerOptions{"not an address", "tcp://127.0.0.1:1"}, &state, {});
  ASSERT_FALSE(follower.ok());
  EXPECT_EQ(follower.status().code(), v1::ERROR_CODE_INVALID_FIELD);
}

}  // namespace
}  // namespace xinbao::client
