// MonitorState item by item: in step, stale, gaps (items and heartbeats),
// resets, the day's counts, alarms and events opening and ending.
#include "clients/monitor/monitor_state.h"

#include <gtest/gtest.h>

#include "tests/clients/feed_fixtures.h"

namespace xinbao::client {
namespace {

using namespace xinbao::testing;
using Outcome = MonitorState::Outcome;

constexpr char kEventId[] = "3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab";

MonitorState Synced(uint64_t sequence, std::size_t capacity = 200) {
  MonitorState state(TimeZone::FixedOffset(kBeijing), capacity);
  state.Reset(Snapshot(sequence, kNow));
  return state;
}

v1::FeedItem General(uint64_t feed_sequence, uint64_t report_sequence) {
  return ReportItem(feed_sequence,
                    Report(report_sequence, v1::KIND_GENERAL_DYNAMIC, "hekou",
                           "动态" + std::to_string(report_sequence), kNow));
}

TEST(MonitorState, BeforeASnapshotEveryItemIsAGap) {
  MonitorState state(TimeZone::FixedOffset(kBeijing));
  EXPECT_FALSE(state.synced());
  EXPECT_EQ(state.Apply(General(1, 1), kNow), Outcome::kGap);
  EXPECT_EQ(state.Apply(Heartbeat(0, kNow), kNow), Outcome::kGap);
  EXPECT_TRUE(state.latest_reports().empty());
  EXPECT_EQ(state.last_heard_ms(), kNow);
}

TEST(MonitorState, AppliesTheNextItemOnly) {
  MonitorState state = Synced(5);
  EXPECT_EQ(state.Apply(General(5, 50), kNow), Outcome::kStale);
  EXPECT_EQ(state.Apply(General(4, 40), kNow), Outcome::kStale);
  EXPECT_TRUE(state.latest_reports().empty());

  EXPECT_EQ(state.Apply(General(6, 60), kNow), Outcome::kApplied);
  EXPECT_EQ(state.feed_sequence(), 6u);
  EXPECT_EQ(state.Apply(General(6, 60), kNow), Outcome::kStale);
  ASSERT_EQ(state.latest_reports().size(), 1u);
  EXPECT_EQ(state.today().reports(v1::KIND_GENERAL_DYNAMIC), 1);

  EXPECT_EQ(state.Apply(General(8, 80), kNow), Outcome::kGap);
  EXPECT_EQ(state.feed_sequence(), 6u);
  EXPECT_EQ(state.latest_reports().size(), 1u);
  EXPECT_EQ(state.Apply(General(7, 70), kNow), Outcome::kApplied);
  EXPECT_EQ(state.latest_reports().front().sequence(), 70u);
}

TEST(MonitorState, AHeartbeatAheadIsAGap) {
  MonitorState state = Synced(5);
  // Queued before the snapshot was taken: behind it, harmless.
  EXPECT_EQ(state.Apply(Heartbeat(3, kNow), kNow + 1), Outcome::kApplied);
  EXPECT_EQ(state.last_heard_ms(), kNow + 1);
  EXPECT_EQ(state.Apply(Heartbeat(5, kNow), kNow + 2), Outcome::kApplied);
  // Item 6 was dropped before this heartbeat.
  EXPECT_EQ(state.Apply(Heartbeat(6, kNow), kNow + 3), Outcome::kGap);
  EXPECT_EQ(state.last_heard_ms(), kNow + 3);
  EXPECT_EQ(state.feed_sequence(), 5u);
}

TEST(MonitorState, AnItemOfAnUnknownKindAdvancesTheSequence) {
  MonitorState state = Synced(5);
  EXPECT_EQ(state.Apply(Item(6, kNow), kNow), Outcome::kApplied);
  EXPECT_EQ(state.feed_sequence(), 6u);
}

TEST(MonitorState, KeepsTheLatestReportsNewestFirst) {
  MonitorState state = Synced(0, /*capacity=*/3);
  for (uint64_t i = 1; i <= 5; ++i) {
    ASSERT_EQ(state.Apply(General(i, 100 + i), kNow), Outcome::kApplied);
  }
  ASSERT_EQ(state.latest_reports().size(), 3u);
  EXPECT_EQ(state.latest_reports()[0].sequence(), 105u);
  EXPECT_EQ(state.latest_reports()[2].sequence(), 103u);
  EXPECT_EQ(state.today().reports(v1::KIND_GENERAL_DYNAMIC), 5);
}

TEST(MonitorState, ResetStartsOverButKeepsNamesAndCounts) {
  MonitorState state(TimeZone::FixedOffset(kBeijing), /*capacity=*/2);
  v1::Snapshot first = Snapshot(10, kNow);
  (*first.mutable_unit_names())["hekou"] = "河口镇";
  *first.add_open_events() =
      Event(kEventId, "hekou", "河口镇化工厂火灾", At(9, 0));
  *first.add_latest_reports() =
      Report(9, v1::KIND_URGENT, "hekou", "火灾首报", At(9, 5));
  state.Reset(first);
  EXPECT_EQ(state.feed_sequence(), 10u);
  EXPECT_EQ(state.open_events().size(), 1u);
  EXPECT_EQ(state.today().reports(v1::KIND_URGENT), 1);
  EXPECT_EQ(state.today().events_opened, 1);

  v1::Snapshot second = Snapshot(20, kNow + kMinute);
  (*second.mutable_unit_names())["gongan"] = "县公安局";
  // The same report again, and three more than the ring holds.
  for (uint64_t sequence : {12, 11, 10, 9}) {
    *second.add_latest_reports() =
        Report(sequence, v1::KIND_URGENT, "hekou", "报告", At(9, 10));
  }
  state.Reset(second);
  EXPECT_EQ(state.feed_sequence(), 20u);
  EXPECT_TRUE(state.open_events().empty());
  ASSERT_EQ(state.latest_reports().size(), 2u);
  EXPECT_EQ(state.latest_reports()[0].sequence(), 12u);
  EXPECT_EQ(state.unit_names().at("hekou"), "河口镇");
  EXPECT_EQ(state.unit_names().at("gongan"), "县公安局");
  // 9 counted once; 10 and 11 counted although the ring has no room: the
  // snapshot showed them.
  EXPECT_EQ(state.today().reports(v1::KIND_URGENT), 4);
  EXPECT_EQ(state.today().events_opened, 1);
}

TEST(MonitorState, CountsTheLocalDayAndStartsANewOne) {
  MonitorState state = Synced(0);
  // 23:30 on the 21st in Beijing: yesterday, not counted.
  ASSERT_EQ(state.Apply(ReportItem(1, Report(1, v1::KIND_RESEARCH, "hekou",
                                             "调研", At(-1, 30))),
                        kNow),
            Outcome::kApplied);
  EXPECT_EQ(state.today().day, "2026-11-22");
  EXPECT_EQ(state.today().reports(v1::KIND_RESEARCH), 0);

  v1::EventState event = Event(kEventId, "hekou", "火灾", At(9, 0));
  *event.add_alarms() = Alarm(kEventId, 1, v1::ALARM_KIND_OVERDUE, "hekou",
                              v1::STAGE_QING, At(9, 30), true);
  ASSERT_EQ(state.Apply(EventItem(2, event, At(9, 31)), kNow),
            Outcome::kApplied);
  // The same alarm again in its own item: counted once.
  ASSERT_EQ(state.Apply(AlarmItem(3, event.alarms(0), At(9, 31)), kNow),
            Outcome::kApplied);
  ASSERT_EQ(state.Apply(EventItem(4, event, At(9, 32)), kNow),
            Outcome::kApplied);
  EXPECT_EQ(state.today().events_opened, 1);
  EXPECT_EQ(state.today().alarms_raised, 1);

  // 00:00:01 on the 23rd in Beijing: a new day, nothing counted yet.
  ASSERT_EQ(state.Apply(Heartbeat(4, At(24, 0) + 1000), kNow),
            Outcome::kApplied);
  EXPECT_EQ(state.today().day, "2026-11-23");
  EXPECT_EQ(state.today().events_opened, 0);
  EXPECT_EQ(state.today().alarms_raised, 0);
}

TEST(MonitorState, AlarmsOpenAndClear) {
  MonitorState state = Synced(0);
  const v1::Alarm overdue = Alarm(kEventId, 1, v1::ALARM_KIND_OVERDUE, "hekou",
                                  v1::STAGE_SHI, At(9, 0), true);
  ASSERT_EQ(state.Apply(AlarmItem(1, overdue, At(9, 0)), kNow),
            Outcome::kApplied);
  v1::Alarm escalated = overdue;
  escalated.set_id(2);
  escalated.set_kind(v1::ALARM_KIND_ESCALATED);
  ASSERT_EQ(state.Apply(AlarmItem(2, escalated, At(9, 30)), kNow),
            Outcome::kApplied);
  ASSERT_EQ(state.open_alarms().size(), 2u);

  v1::Alarm changed = overdue;
  changed.set_message("已催报");
  ASSERT_EQ(state.Apply(AlarmItem(3, changed, At(9, 40)), kNow),
            Outcome::kApplied);
  EXPECT_EQ(state.open_alarms().at({kEventId, 1}).message(), "已催报");

  v1::Alarm cleared = overdue;
  cleared.set_open(false);
  ASSERT_EQ(state.Apply(AlarmItem(4, cleared, At(9, 50)), kNow),
            Outcome::kApplied);
  ASSERT_EQ(state.open_alarms().size(), 1u);
  EXPECT_TRUE(state.open_alarms().contains({kEventId, 2}));
  EXPECT_EQ(state.today().alarms_raised, 2);

  // A LATE record is never open: counted, not kept.
  v1::Alarm late = overdue;
  late.set_id(3);
  late.set_kind(v1::ALARM_KIND_LATE);
  late.set_open(false);
  ASSERT_EQ(state.Apply(AlarmItem(5, late, At(9, 55)), kNow),
            Outcome::kApplied);
  EXPECT_EQ(state.open_alarms().size(), 1u);
  EXPECT_EQ(state.today().alarms_raised, 3);
}

TEST(MonitorState, AnEventsStateSetsItsOpenAlarms) {
  MonitorState state = Synced(0);
  ASSERT_EQ(state.Apply(AlarmItem(1,
                                  Alarm(kEventId, 1, v1::ALARM_KIND_OVERDUE,
                                        "hekou", v1::STAGE_SHI, At(9, 0), true),
                                  At(9, 0)),
                        kNow),
            Outcome::kApplied);
  v1::EventState event = Event(kEventId, "hekou", "火灾", At(8, 0));
  *event.add_alarms() = Alarm(kEventId, 1, v1::ALARM_KIND_OVERDUE, "hekou",
                              v1::STAGE_SHI, At(9, 0), false);
  *event.add_alarms() = Alarm(kEventId, 2, v1::ALARM_KIND_MISSING_ELEMENTS,
                              "hekou", v1::STAGE_SHI, At(9, 10), true);
  ASSERT_EQ(state.Apply(EventItem(2, event, At(9, 10)), kNow),
            Outcome::kApplied);
  ASSERT_EQ(state.open_alarms().size(), 1u);
  EXPECT_TRUE(state.open_alarms().contains({kEventId, 2}));
}

TEST(MonitorState, ClosedAndMergedEventsEndAndReopenedOnesReturn) {
  MonitorState state = Synced(0);
  v1::EventState event = Event(kEventId, "hekou", "火灾", At(8, 0));
  v1::EventState other = Event("ev-2", "gongan", "电话报告", At(8, 10));
  ASSERT_EQ(state.Apply(EventItem(1, event, At(8, 0)), kNow),
            Outcome::kApplied);
  ASSERT_EQ(state.Apply(EventItem(2, other, At(8, 10)), kNow),
            Outcome::kApplied);
  EXPECT_EQ(state.open_events().size(), 2u);

  other.set_merged_into(kEventId);
  ASSERT_EQ(state.Apply(EventItem(3, other, At(9, 0)), kNow),
            Outcome::kApplied);
  event.set_closed(true);
  event.set_closed_at_ms(At(9, 30));
  ASSERT_EQ(state.Apply(EventItem(4, event, At(9, 30)), kNow),
            Outcome::kApplied);
  EXPECT_TRUE(state.open_events().empty());
  ASSERT_EQ(state.ended_events().size(), 2u);
  EXPECT_EQ(state.ended_events()[0].event.event_id(), kEventId);
  EXPECT_EQ(state.ended_events()[0].ended_at_ms, At(9, 30));
  EXPECT_EQ(state.ended_events()[1].event.event_id(), "ev-2");

  event.set_closed(false);
  ASSERT_EQ(state.Apply(EventItem(5, event, At(9, 40)), kNow),
            Outcome::kApplied);
  EXPECT_TRUE(state.open_events().contains(kEventId));
  ASSERT_EQ(state.ended_events().size(), 1u);
  EXPECT_EQ(state.today().events_opened, 2);
}

TEST(MonitorState, KeepsTheLastEndedEventsOnly) {
  MonitorState state = Synced(0);
  for (uint64_t i = 1; i <= MonitorState::kEndedKept + 2; ++i) {
    v1::EventState event =
        Event("ev-" + std::to_string(i), "hekou", "事件", At(8, 0));
    event.set_closed(true);
    ASSERT_EQ(state.Apply(EventItem(i, event, At(9, 0)), kNow),
              Outcome::kApplied);
  }
  ASSERT_EQ(state.ended_events().size(), MonitorState::kEndedKept);
  EXPECT_EQ(state.ended_events().front().event.event_id(), "ev-12");
}

v1::DubanState DubanItem(const std::string& id, v1::Light light, bool closed = false) {
  v1::DubanState item;
  item.mutable_item()->set_item_id(id);
  item.mutable_item()->set_title("督办" + id);
  item.set_light(light);
  item.set_closed(closed);
  item.set_redacted(true);
  return item;
}

v1::FeedItem DubanFeedItem(uint64_t sequence, v1::DubanState item) {
  v1::FeedItem feed = Item(sequence, kNow);
  *feed.mutable_duban() = std::move(item);
  return feed;
}

TEST(MonitorState, KeepsTheOpenDubanItemsFromTheSnapshotAndTheFeed) {
  v1::Snapshot snapshot = Snapshot(3, kNow);
  *snapshot.add_open_items() = DubanItem("db-1", v1::LIGHT_GREEN);
  *snapshot.add_open_items() = DubanItem("db-2", v1::LIGHT_RED);
  MonitorState state(TimeZone::FixedOffset(kBeijing));
  state.Reset(snapshot);
  ASSERT_EQ(state.open_items().size(), 2u);
  EXPECT_EQ(state.red_items(), 1u);

  // A later state replaces the item whole: db-1 turns yellow, db-3 is new.
  ASSERT_EQ(state.Apply(DubanFeedItem(4, DubanItem("db-1", v1::LIGHT_YELLOW)), kNow),
            Outcome::kApplied);
  ASSERT_EQ(state.Apply(DubanFeedItem(5, DubanItem("db-3", v1::LIGHT_RED)), kNow),
            Outcome::kApplied);
  EXPECT_EQ(state.open_items().at("db-1").light(), v1::LIGHT_YELLOW);
  EXPECT_EQ(state.red_items(), 2u);

  // Closed (every unit 销号): it leaves.
  ASSERT_EQ(state.Apply(DubanFeedItem(6, DubanItem("db-2", v1::LIGHT_UNSPECIFIED, true)), kNow),
            Outcome::kApplied);
  EXPECT_FALSE(state.open_items().contains("db-2"));
  EXPECT_EQ(state.red_items(), 1u);

  // A new snapshot is the whole truth: what it does not show is gone.
  v1::Snapshot again = Snapshot(10, kNow);
  *again.add_open_items() = DubanItem("db-3", v1::LIGHT_GREEN);
  state.Reset(again);
  ASSERT_EQ(state.open_items().size(), 1u);
  EXPECT_EQ(state.red_items(), 0u);
}

}  // namespace
}  // namespace xinbao::client
