// The store's event records: written in the same batch as the reports that
// changed them (EventHook) or alone (PutEvents), listed as open while open.
#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"
#include "storage/report_store.h"
#include "tests/storage/store_fixtures.h"

namespace xinbao::storage {
namespace {

using testing::TempDir;

v1::EventState Event(const std::string& id, uint64_t sequence) {
  v1::EventState event;
  event.set_event_id(id);
  event.set_title("河口镇一处民房倒塌");
  v1::EventReport* report = event.add_reports();
  report->set_sequence(sequence);
  return event;
}

std::vector<std::string> OpenIds(const ReportStore& store) {
  std::vector<std::string> ids;
  EXPECT_TRUE(store
                  .ScanOpenEvents([&](const v1::EventState& event) {
                    ids.push_back(event.event_id());
                    return true;
                  })
                  .ok());
  return ids;
}

TEST(EventRecords, HookStatesAreWrittenWithTheReportsAndSurviveReopen) {
  TempDir dir;
  v1::EventState event;
  {
    auto store = OpenOrDie(dir.path());
    v1::Report shi = Urgent("hekou", "k1", "E1", v1::STAGE_SHI);
    v1::Report general = General("chengguan", "k2");
    std::vector<NewReport> items = {{&shi, {}}, {&general, {}}};
    std::vector<uint64_t> seen;
    const auto outcomes = store->Append(
        items, 1000,
        [&](std::span<v1::Report* const> fresh)
            -> Result<EventWrites> {
          for (v1::Report* report : fresh) seen.push_back(report->sequence());
          event = Event("E1", fresh[0]->sequence());
          return EventWrites{{&event}, 7};
        });
    ASSERT_TRUE(outcomes[0].status.ok());
    EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2}));  // sequences assigned
  }
  auto store = OpenOrDie(dir.path());
  Result<std::optional<v1::EventState>> stored = store->GetEvent("E1");
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->reports(0).sequence(), 1u);
  EXPECT_EQ(OpenIds(*store), std::vector<std::string>{"E1"});
  EXPECT_FALSE(store->GetEvent("E2")->has_value());
  EXPECT_EQ(store->FeedSequence().value(), 7u);  // stored with the batch
  FeedSnapshot snapshot;
  ASSERT_TRUE(store->ReadFeedSnapshot(1, &snapshot).ok());
  EXPECT_EQ(snapshot.feed_sequence, 7u);
  ASSERT_EQ(snapshot.open_events.size(), 1u);
  ASSERT_EQ(snapshot.latest_reports.size(), 1u);
  EXPECT_EQ(snapshot.latest_reports[0].sequence(), 2u);  // newest first
}

TEST(EventRecords, AFailingHookStoresNeitherReportsNorStates) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  v1::Report shi = Urgent("hekou", "k1", "E1", v1::STAGE_SHI);
  std::vector<NewReport> items = {{&shi, {}}};
  const auto outcomes = store->Append(
      items, 1000,
      [](std::span<v1::Report* const>) -> Result<EventWrites> {
        return Status(v1::ERROR_CODE_STORAGE_FAILURE, "事件记录无法读取");
      });
  EXPECT_EQ(outcomes[0].status.code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_EQ(outcomes[0].status.message(), "事件记录无法读取");
  EXPECT_EQ(store->next_sequence(), 1u);
  EXPECT_FALSE(store->Get(1).ok());
  EXPECT_FALSE(store->Lookup("hekou", "k1").value().has_value());
}

TEST(EventRecords, HookIsNotCalledForDuplicatesOnly) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  ASSERT_EQ(AppendOne(*store, Urgent("hekou", "k1", "E1", v1::STAGE_SHI), 1000),
            1u);
  v1::Report again = Urgent("hekou", "k1", "E1", v1::STAGE_SHI);
  std::vector<NewReport> items = {{&again, {}}};
  bool called = false;
  const auto outcomes = store->Append(
      items, 2000,
      [&](std::span<v1::Report* const>) -> Result<EventWrites> {
        called = true;
        return EventWrites{};
      });
  EXPECT_TRUE(outcomes[0].ack.duplicate);
  EXPECT_FALSE(called);
}

TEST(EventRecords, ClosedAndMergedEventsLeaveTheOpenList) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  v1::EventState a = Event("A", 1);
  v1::EventState b = Event("B", 2);
  v1::EventState c = Event("C", 3);
  ASSERT_TRUE(store->PutEvents(EventWrites{{&a, &b, &c}}).ok());
  EXPECT_EQ(OpenIds(*store), (std::vector<std::string>{"A", "B", "C"}));
  a.set_closed(true);
  b.set_merged_into("C");
  ASSERT_TRUE(store->PutEvents(EventWrites{{&a, &b}}).ok());
  EXPECT_EQ(OpenIds(*store), std::vector<std::string>{"C"});
  EXPECT_TRUE(store->GetEvent("A").value()->closed());  // still readable
  a.set_closed(false);  // reopened
  ASSERT_TRUE(store->PutEvents(EventWrites{{&a}}).ok());
  EXPECT_EQ(OpenIds(*store), (std::vector<std::string>{"A", "C"}));
}

}  // namespace
}  // namespace xinbao::storage
