// The live feed end to end: the real broker process publishing every
// accepted report, event state change and alarm with dense feed sequences;
// a snapshot plus the items after it giving the same picture as a later
// snapshot while clients submit; topic filters; and a stalled subscriber
// that neither stops ingest nor grows the broker's memory, and sees the gap.
// The broker runs CURVE: each unit submits with its own key, the feed and
// the snapshots are the monitor's (county-office).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/feed_peer.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::FeedMessage;
using testing::FeedPeer;
using testing::PeerAs;
using testing::TempDir;
using testing::WirePeer;
using namespace std::chrono_literals;

constexpr int64_t kHour = 60 * 60'000;

// The user who may read the whole feed and take snapshots.
constexpr char kMonitor[] = "county-office";

// The monitor's keys, for its FeedPeer.
client::CurveClientKeys MonitorKeys(const BrokerProcess& broker) {
  return testing::ClientKeysOf(broker, kMonitor);
}

v1::Report Urgent(const std::string& key, const std::string& event_id,
                  v1::Stage stage, int64_t ago_ms = 10 * 60'000) {
  v1::Report report = testing::UrgentShiReport(key, event_id);
  report.set_stage(stage);
  report.set_occurred_at_ms(testing::NowMs() - ago_ms);
  return report;
}

void AckOrFail(WirePeer& peer, const v1::Report& report) {
  peer.SendSubmit(report);
  std::optional<v1::Reply> reply = peer.Receive();
  ASSERT_TRUE(reply && reply->has_ack())
      << (reply ? reply->ShortDebugString() : "no reply");
}

v1::Snapshot TakeSnapshot(WirePeer& asker, uint32_t latest = 500) {
  v1::Envelope envelope;
  envelope.mutable_snapshot()->set_latest_reports(latest);
  std::optional<v1::Reply> reply = asker.Ask(envelope);
  EXPECT_TRUE(reply && reply->has_snapshot())
      << (reply ? reply->ShortDebugString() : "no reply");
  return reply ? reply->snapshot() : v1::Snapshot();
}

// Resident memory of a process, in KiB (0 if unknown).
long ResidentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
  }
  return 0;
}

TEST(Feed, EveryReportEventChangeAndAlarmInOrderWithDenseSequences) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  FeedPeer feed(broker.feed_endpoint(), "", 1000, MonitorKeys(broker));
  std::optional<v1::Heartbeat> heartbeat = feed.AwaitHeartbeat();
  ASSERT_TRUE(heartbeat.has_value());
  EXPECT_EQ(heartbeat->feed_sequence(), 0u);  // a new store has published nothing

  std::unique_ptr<WirePeer> chengguan =
      PeerAs(broker, broker.endpoint(), "chengguan");
  std::unique_ptr<WirePeer> hekou = PeerAs(broker, broker.endpoint(), "hekou");
  AckOrFail(*chengguan, testing::GeneralReport("feed-general"));
  // A 事 5 h after the incident: late, and its first 情 overdue at once.
  AckOrFail(*hekou, Urgent("feed-shi", "evt-feed", v1::STAGE_SHI, 5 * kHour));

  std::vector<FeedMessage> got;
  while (got.size() < 5) {
    std::optional<FeedMessage> message = feed.ReceiveItem();
    ASSERT_TRUE(message.has_value()) << "after " << got.size() << " items";
    got.push_back(*message);
  }
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].item.feed_sequence(), i + 1);
  }
  EXPECT_EQ(got[0].topic, "r.general.chengguan.");
  EXPECT_EQ(got[0].item.report().title(), "城关镇开展冬季消防安全大检查");
  EXPECT_EQ(got[1].topic, "r.urgent.hekou.");
  EXPECT_EQ(got[1].item.report().event_id(), "evt-feed");
  EXPECT_EQ(got[2].topic, "e.evt-feed.");
  EXPECT_EQ(got[2].item.event().reports_size(), 1);
  std::map<v1::AlarmKind, bool> alarms;  // kind -> open
  for (std::size_t i = 3; i < got.size(); ++i) {
    ASSERT_TRUE(got[i].item.has_alarm()) << got[i].item.ShortDebugString();
    EXPECT_EQ(got[i].topic, "a.evt-feed.hekou.");
    alarms[got[i].item.alarm().alarm().kind()] = got[i].item.alarm().alarm().open();
  }
  EXPECT_FALSE(alarms.at(v1::ALARM_KIND_LATE));
  EXPECT_TRUE(alarms.at(v1::ALARM_KIND_OVERDUE));

  // Heartbeats now carry the last sequence published.
  heartbeat = feed.AwaitHeartbeat();
  ASSERT_TRUE(heartbeat.has_value());
  EXPECT_GE(heartbeat->feed_sequence(), 5u);
}

// Whole-feed readers (xinbao watch, the centre, the replay's live tail)
// take the bundles: the same items, in the same order, several to a
// message, none bigger than about 4 KiB.
TEST(Feed, BundlesCarryTheSameItemsInTheSameOrderSeveralToAMessage) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  FeedPeer singly(broker.feed_endpoint(), "", 100000, MonitorKeys(broker));
  FeedPeer bundled(broker.feed_endpoint(), "b.", 100000, MonitorKeys(broker));
  ASSERT_TRUE(singly.AwaitHeartbeat());
  ASSERT_TRUE(bundled.AwaitHeartbeat());

  std::unique_ptr<WirePeer> chengguan =
      PeerAs(broker, broker.endpoint(), "chengguan");
  std::unique_ptr<WirePeer> hekou = PeerAs(broker, broker.endpoint(), "hekou");
  // Sent all at once, so that batches hold many.
  constexpr int kGeneral = 200;  // within a unit's 256 in flight
  for (int n = 0; n < kGeneral; ++n) {
    chengguan->SendSubmit(testing::GeneralReport("bundle-" + std::to_string(n)));
  }
  for (int n = 0; n < kGeneral; ++n) {
    std::optional<v1::Reply> reply = chengguan->Receive();
    ASSERT_TRUE(reply && reply->has_ack()) << n;
  }
  // And an urgent one, whose event and alarms are items too.
  AckOrFail(*hekou, Urgent("bundle-shi", "evt-bundle", v1::STAGE_SHI, 5 * kHour));

  std::vector<std::string> one_by_one;
  while (std::optional<FeedMessage> message = singly.ReceiveItem(1000ms)) {
    one_by_one.push_back(message->item.SerializeAsString());
  }
  std::vector<std::string> from_bundles;
  std::vector<uint64_t> sequences;
  int bundles = 0;
  while (std::optional<FeedMessage> message = bundled.ReceiveItem(1000ms)) {
    ASSERT_EQ(message->topic, "b.");
    ASSERT_FALSE(message->bundle.empty());
    ++bundles;
    std::size_t bytes = 0, biggest = 0;
    for (const v1::FeedItem& item : message->bundle) {
      from_bundles.push_back(item.SerializeAsString());
      sequences.push_back(item.feed_sequence());
      bytes += item.ByteSizeLong();
      biggest = std::max(biggest, item.ByteSizeLong());
      EXPECT_FALSE(item.has_heartbeat()) << "heartbeats go to h. only";
    }
    // Sent once past 4 KiB: at most one item over it.
    EXPECT_LT(bytes, 4096 + biggest + 16 * message->bundle.size());
  }
  ASSERT_GE(one_by_one.size(), static_cast<std::size_t>(kGeneral + 2));
  EXPECT_EQ(from_bundles, one_by_one);
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    EXPECT_EQ(sequences[i], i + 1) << "dense and in order";
  }
  EXPECT_LT(bundles * 5, static_cast<int>(from_bundles.size()))
      << bundles << " bundles for " << from_bundles.size() << " items";
}

TEST(Feed, TopicPrefixFiltersByKindUnitAndEvent) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  FeedPeer urgent_only(broker.feed_endpoint(), "r.urgent.", 1000,
                       MonitorKeys(broker));
  FeedPeer one_event(broker.feed_endpoint(), "e.evt-b.", 1000,
                     MonitorKeys(broker));
  ASSERT_TRUE(urgent_only.AwaitHeartbeat());
  ASSERT_TRUE(one_event.AwaitHeartbeat());

  std::unique_ptr<WirePeer> chengguan =
      PeerAs(broker, broker.endpoint(), "chengguan");
  std::unique_ptr<WirePeer> hekou = PeerAs(broker, broker.endpoint(), "hekou");
  AckOrFail(*chengguan, testing::GeneralReport("filter-general"));
  AckOrFail(*hekou, Urgent("filter-a", "evt-a", v1::STAGE_SHI));
  AckOrFail(*hekou, Urgent("filter-b", "evt-b", v1::STAGE_SHI));

  std::optional<FeedMessage> first = urgent_only.ReceiveItem();
  std::optional<FeedMessage> second = urgent_only.ReceiveItem();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->item.report().event_id(), "evt-a");
  EXPECT_EQ(second->item.report().event_id(), "evt-b");
  std::optional<FeedMessage> event = one_event.ReceiveItem();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->item.event().event_id(), "evt-b");
  EXPECT_FALSE(one_event.ReceiveItem(std::chrono::milliseconds(300)));
}

TEST(Feed, SnapshotPlusLaterItemsMatchesALaterSnapshotUnderConcurrentSubmits) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  FeedPeer feed(broker.feed_endpoint(), "", 100000, MonitorKeys(broker));
  ASSERT_TRUE(feed.AwaitHeartbeat());

  // 240 of them from chengguan at once: under its fair share of 256
  // ([fairness] unit_in_flight), so none is refused RATE_LIMITED.
  constexpr int kReports = 320;
  std::thread submitting([&] {
    // Urgent reports from hekou, general ones from chengguan, interleaved.
    std::unique_ptr<WirePeer> hekou =
        PeerAs(broker, broker.endpoint(), "hekou");
    std::unique_ptr<WirePeer> chengguan =
        PeerAs(broker, broker.endpoint(), "chengguan");
    int urgent = 0;
    for (int n = 0; n < kReports; ++n) {
      const std::string key = "snap-" + std::to_string(n);
      if (n % 4 == 0) {
        hekou->SendSubmit(Urgent(key, "evt-snap-" + std::to_string(n % 5),
                                 n < 20 ? v1::STAGE_SHI : v1::STAGE_QING));
        ++urgent;
      } else {
        chengguan->SendSubmit(testing::GeneralReport(key));
      }
    }
    for (int n = 0; n < urgent; ++n) {
      if (!hekou->Receive()) break;
    }
    for (int n = urgent; n < kReports; ++n) {
      if (!chengguan->Receive()) break;
    }
  });

  // Take the snapshot while the submissions stream in.
  std::unique_ptr<WirePeer> monitor =
      PeerAs(broker, broker.query_endpoint(), kMonitor);
  WirePeer& asker = *monitor;
  std::optional<FeedMessage> some = feed.ReceiveItem();
  ASSERT_TRUE(some.has_value());
  const v1::Snapshot first = TakeSnapshot(asker);

  std::map<std::string, v1::EventState> events;
  for (const v1::EventState& event : first.open_events()) {
    events[event.event_id()] = event;
  }
  std::vector<uint64_t> reports;  // report sequences after the snapshot
  uint64_t applied = first.feed_sequence();
  submitting.join();
  // Everything is acked, so every item is published; read up to the end.
  while (true) {
    std::optional<FeedMessage> message =
        feed.Receive(std::chrono::milliseconds(1500));
    if (!message) break;
    const v1::FeedItem& item = message->item;
    if (item.has_heartbeat()) {
      if (item.heartbeat().feed_sequence() == applied) break;
      continue;
    }
    if (item.feed_sequence() <= applied) continue;  // already in the snapshot
    ASSERT_EQ(item.feed_sequence(), applied + 1) << "a gap in the feed";
    applied = item.feed_sequence();
    if (item.has_event()) events[item.event().event_id()] = item.event();
    if (item.has_report()) reports.push_back(item.report().sequence());
  }
  const v1::Snapshot last = TakeSnapshot(asker);
  EXPECT_EQ(applied, last.feed_sequence());
  ASSERT_EQ(static_cast<int>(events.size()), last.open_events_size());
  for (const v1::EventState& event : last.open_events()) {
    EXPECT_EQ(events[event.event_id()].SerializeAsString(),
              event.SerializeAsString())
        << event.event_id();
  }
  // The reports the snapshot had plus the ones after it: all of them.
  const uint64_t newest_in_first =
      first.latest_reports_size() > 0 ? first.latest_reports(0).sequence() : 0;
  EXPECT_EQ(newest_in_first + reports.size(), static_cast<uint64_t>(kReports));
  for (std::size_t i = 0; i < reports.size(); ++i) {
    EXPECT_EQ(reports[i], newest_in_first + i + 1);
  }
}

TEST(Feed, StalledSubscriberNeitherStopsIngestNorGrowsTheBrokerAndSeesTheGap) {
  TempDir dir;
  const std::filesystem::path config = testing::CurveConfig(
      dir.path(), dir / "data",
      // 500 at once from one unit, in whole batches as this test was made
      // for: past the default fair shares (256 in flight, 32 a batch).
      "[broker]\nfeed_high_water_mark = 200\n"
      "[fairness]\nunit_in_flight = 1000\nunit_per_batch = 0\n");
  BrokerProcess broker(dir / "data", "tcp://127.0.0.1:*",
                       {"--config", config.string()});
  // Subscribes, then never reads while the clients submit.
  FeedPeer stalled(broker.feed_endpoint(), "", 100, MonitorKeys(broker));
  ASSERT_TRUE(stalled.AwaitHeartbeat());
  const long rss_before = ResidentKiB(broker.pid());

  constexpr int kReports = 20000;
  std::unique_ptr<WirePeer> chengguan =
      PeerAs(broker, broker.endpoint(), "chengguan");
  WirePeer& submitter = *chengguan;
  int acked = 0;
  for (int sent = 0; sent < kReports; sent += 500) {
    for (int n = sent; n < sent + 500; ++n) {
      submitter.SendSubmit(testing::GeneralReport("stall-" + std::to_string(n)));
    }
    for (int n = 0; n < 500; ++n) {
      std::optional<v1::Reply> reply = submitter.Receive();
      ASSERT_TRUE(reply && reply->has_ack()) << "ingest stopped at " << acked;
      ++acked;
    }
  }
  EXPECT_EQ(acked, kReports);
  const long rss_after = ResidentKiB(broker.pid());
  // 20,000 items of ~150 bytes would be ~3 MB if the broker kept them for
  // the stalled subscriber; at the high-water mark of 200 it keeps ~30 KB.
  // Allow for RocksDB's memtables and allocator slack, not for a backlog.
  EXPECT_LT(rss_after - rss_before, 64 * 1024) << "KiB";

  // The subscriber wakes up: what it reads has a hole in feed_sequence
  // (between items, or between its last item and a heartbeat).
  uint64_t previous = 0;
  bool gap = false;
  while (std::optional<FeedMessage> message =
             stalled.Receive(std::chrono::milliseconds(500))) {
    const v1::FeedItem& item = message->item;
    const uint64_t sequence = item.has_heartbeat()
                                  ? item.heartbeat().feed_sequence()
                                  : item.feed_sequence();
    if (item.has_heartbeat() ? sequence > previous
                             : previous != 0 && sequence != previous + 1) {
      gap = true;
    }
    previous = std::max(previous, sequence);
  }
  EXPECT_TRUE(gap);
}

}  // namespace
}  // namespace xinbao
