// ReportStore ranges for replay: time ranges resolved to sequence ranges,
// filtered reads through the indexes (resumable in steps), the events'
// history as of an instant, and the indexes a store of an earlier version
// gets when it is opened.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <cstdint>
#include <string>
#include <vector>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "tests/storage/raw_store.h"
#include "tests/storage/store_fixtures.h"
#include "tests/support/temp_dir.h"

namespace xinbao::storage {
namespace {

using ::xinbao::testing::TempDir;
using Seqs = std::vector<uint64_t>;

// seq  time  unit     kind     event stage
//  1   1000  hekou    general
//  2   1010  gongan   urgent   e1    事
//  3   1020  hekou    urgent   e1    情
//  4   1030  hekou    research
//  5   1040  yingji   urgent   e2    事
//  6   1050  gongan   urgent   e1    因
//  7   1060  hekou    urgent   e2    情
//  8   1070  hekou    general
void AppendDataset(ReportStore& store) {
  std::vector<v1::Report> reports = {
      General("hekou", "k1"),
      Urgent("gongan", "k2", "e1", v1::STAGE_SHI),
      Urgent("hekou", "k3", "e1", v1::STAGE_QING),
      General("hekou", "k4"),
      Urgent("yingji", "k5", "e2", v1::STAGE_SHI),
      Urgent("gongan", "k6", "e1", v1::STAGE_YIN),
      Urgent("hekou", "k7", "e2", v1::STAGE_QING),
      General("hekou", "k8"),
  };
  reports[3].set_kind(v1::KIND_RESEARCH);
  int64_t now = 1000;
  for (v1::Report& report : reports) {
    ASSERT_NE(AppendOne(store, report, now), 0u);
    now += 10;
  }
}

Seqs Read(const ReportStore& store, const ReportFilter& filter,
          uint64_t from = 1, uint64_t last = 8, RangeStep step = {}) {
  Seqs seen;
  uint64_t next = from;
  // Step by step, as a replay does: each call resumes after the last.
  for (int calls = 0; next <= last && calls < 100; ++calls) {
    Result<uint64_t> scanned =
        store.ReadRange(filter, next, last, step,
                        [&](const v1::Report& r, std::string_view encoded) {
                          // The encoding passed on is the stored report.
                          v1::Report decoded;
                          EXPECT_TRUE(decoded.ParseFromArray(encoded.data(),
                                                       static_cast<int>(encoded.size())));
                          EXPECT_EQ(decoded.sequence(), r.sequence());
                          seen.push_back(r.sequence());
                          return true;
                        });
    EXPECT_TRUE(scanned.ok()) << scanned.status().ToString();
    if (!scanned.ok()) break;
    next = *scanned + 1;
  }
  return seen;
}

TEST(ReportRange, TimeRangeIsASequenceRange) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendDataset(*store);
  auto range = [&](uint64_t first, uint64_t last, int64_t from, int64_t to) {
    Result<SequenceRange> r = store->ResolveRange(first, last, from, to);
    EXPECT_TRUE(r.ok());
    return std::make_pair(r->first, r->last);
  };
  EXPECT_EQ(range(0, 0, 0, 0), std::make_pair(uint64_t{1}, uint64_t{8}));
  EXPECT_EQ(range(3, 100, 0, 0), std::make_pair(uint64_t{3}, uint64_t{8}));
  // [1015, 1045): stored at 1020, 1030, 1040.
  EXPECT_EQ(range(0, 0, 1015, 1045), std::make_pair(uint64_t{3}, uint64_t{5}));
  // Bounds exactly on stored times: from is inclusive, to exclusive.
  EXPECT_EQ(range(0, 0, 1020, 1040), std::make_pair(uint64_t{3}, uint64_t{4}));
  // Both a sequence and a time range: where they overlap.
  EXPECT_EQ(range(4, 6, 1015, 1045), std::make_pair(uint64_t{4}, uint64_t{5}));
  EXPECT_TRUE(store->ResolveRange(0, 0, 2000, 3000)->empty());
  EXPECT_TRUE(store->ResolveRange(0, 0, 1, 999)->empty());
}

// Batches of 3, 1 and 4 reports stored at 2000, 2000 (a clock that did
// not move) and 2010, then 2 at 2030: the stored-time index holds each
// batch's first report only, and every range still ends on the right
// report.
void AppendBatches(ReportStore& store) {
  const int sizes[] = {3, 1, 4, 2};
  const int64_t times[] = {2000, 2000, 2010, 2030};
  int key = 0;
  for (int b = 0; b < 4; ++b) {
    std::vector<v1::Report> reports;
    for (int i = 0; i < sizes[b]; ++i) {
      reports.push_back(General("hekou", "t" + std::to_string(++key)));
    }
    std::vector<v1::Report*> pointers;
    for (v1::Report& report : reports) pointers.push_back(&report);
    for (const AppendOutcome& outcome : store.Append(pointers, times[b])) {
      ASSERT_TRUE(outcome.status.ok()) << outcome.status.ToString();
    }
  }
}

void ExpectTheBatchesRanges(const ReportStore& store) {
  auto range = [&](int64_t from, int64_t to) {
    Result<SequenceRange> r = store.ResolveRange(0, 0, from, to);
    EXPECT_TRUE(r.ok());
    return std::make_pair(r->first, r->last);
  };
  using Range = std::pair<uint64_t, uint64_t>;
  EXPECT_EQ(range(2000, 2001), Range(1, 4));   // both batches at 2000
  EXPECT_EQ(range(1990, 2010), Range(1, 4));
  EXPECT_EQ(range(2001, 2011), Range(5, 8));   // the whole 2010 batch
  EXPECT_EQ(range(2010, 2030), Range(5, 8));
  EXPECT_EQ(range(2011, 2030), Range(9, 8));   // nothing between
  EXPECT_EQ(range(2005, 2100), Range(5, 10));
  EXPECT_EQ(range(2030, 0), Range(9, 10));     // no upper bound
  Seqs seen;
  ASSERT_TRUE(store.ScanStoredTime(2000, 2030, [&](const v1::Report& r) {
                     seen.push_back(r.sequence());
                     return true;
                   }).ok());
  EXPECT_EQ(seen, (Seqs{1, 2, 3, 4, 5, 6, 7, 8}));
  seen.clear();
  ASSERT_TRUE(store.ScanStoredTime(2001, 2031, [&](const v1::Report& r) {
                     seen.push_back(r.sequence());
                     return true;
                   }).ok());
  EXPECT_EQ(seen, (Seqs{5, 6, 7, 8, 9, 10}));
}

TEST(ReportRange, ATimeRangeEndsOnTheRightReportWhateverTheBatches) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendBatches(*store);
  ExpectTheBatchesRanges(*store);
}

TEST(ReportRange, AnOlderStoresEntryForEveryReportReadsTheSame) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    AppendBatches(*store);
  }
  // Stores before format 6 have a by_time entry for every report.
  const int64_t times[] = {2000, 2000, 2000, 2000, 2010,
                           2010, 2010, 2010, 2030, 2030};
  for (uint64_t seq = 1; seq <= 10; ++seq) {
    std::string key;
    layout::AppendTimeKey(&key, times[seq - 1], seq);
    PutUnderTheStore(dir.path(), layout::kByTimeFamily, key, "");
  }
  auto store = OpenOrDie(dir.path());
  ExpectTheBatchesRanges(*store);
}

TEST(ReportRange, StoredTimeNeverStepsBack) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  ASSERT_EQ(AppendOne(*store, General("hekou", "a"), 5000), 1u);
  // The clock was set back: the report gets the last time again.
  ASSERT_EQ(AppendOne(*store, General("hekou", "b"), 4000), 2u);
  EXPECT_EQ(store->Get(2)->stored_at_ms(), 5000);
  store.reset();
  store = OpenOrDie(dir.path());  // also across a restart
  ASSERT_EQ(AppendOne(*store, General("hekou", "c"), 4500), 3u);
  EXPECT_EQ(store->Get(3)->stored_at_ms(), 5000);
}

TEST(ReportRange, EachFilterReadsItsReports) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendDataset(*store);
  EXPECT_EQ(Read(*store, {}), (Seqs{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(Read(*store, {.unit_ids = {"hekou"}}), (Seqs{1, 3, 4, 7, 8}));
  EXPECT_EQ(Read(*store, {.unit_ids = {"gongan", "yingji"}}), (Seqs{2, 5, 6}));
  EXPECT_EQ(Read(*store, {.kinds = {v1::KIND_URGENT}}), (Seqs{2, 3, 5, 6, 7}));
  EXPECT_EQ(Read(*store, {.kinds = {v1::KIND_RESEARCH, v1::KIND_GENERAL_DYNAMIC}}),
            (Seqs{1, 4, 8}));
  EXPECT_EQ(Read(*store, {.event_ids = {"e1"}}), (Seqs{2, 3, 6}));
  EXPECT_EQ(Read(*store, {.event_ids = {"e2", "e1"}}), (Seqs{2, 3, 5, 6, 7}));
  EXPECT_EQ(Read(*store, {.stages = {v1::STAGE_SHI}}), (Seqs{2, 5}));
  EXPECT_EQ(Read(*store, {.stages = {v1::STAGE_QING, v1::STAGE_YIN}}),
            (Seqs{3, 6, 7}));
  // Several filters: all must hold.
  EXPECT_EQ(Read(*store, {.unit_ids = {"hekou"}, .kinds = {v1::KIND_URGENT}}),
            (Seqs{3, 7}));
  EXPECT_EQ(Read(*store, {.unit_ids = {"hekou"}, .event_ids = {"e2"}}),
            (Seqs{7}));
  EXPECT_EQ(Read(*store, {.kinds = {v1::KIND_URGENT}, .stages = {v1::STAGE_QING}}),
            (Seqs{3, 7}));
  // Within a sequence range.
  EXPECT_EQ(Read(*store, {.unit_ids = {"hekou"}}, 2, 7), (Seqs{3, 4, 7}));
  EXPECT_EQ(Read(*store, {.unit_ids = {"nobody"}}), Seqs{});
}

TEST(ReportRange, StepsResumeWhereTheyStopped) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendDataset(*store);
  // One report or one key per call: the same reports, in order.
  EXPECT_EQ(Read(*store, {}, 1, 8, {.max_reports = 1, .max_keys = 100}),
            (Seqs{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(Read(*store, {.unit_ids = {"hekou", "gongan"}}, 1, 8,
                 {.max_reports = 100, .max_keys = 1}),
            (Seqs{1, 2, 3, 4, 6, 7, 8}));
  EXPECT_EQ(Read(*store, {.kinds = {v1::KIND_URGENT}}, 1, 8,
                 {.max_reports = 2, .max_keys = 100}),
            (Seqs{2, 3, 5, 6, 7}));
  // A call that reads its key budget without a match still moves on.
  Result<uint64_t> scanned = store->ReadRange(
      {.unit_ids = {"hekou"}, .kinds = {v1::KIND_URGENT}}, 1, 8,
      {.max_reports = 10, .max_keys = 1},
      [](const v1::Report&, std::string_view) { return true; });
  ASSERT_TRUE(scanned.ok());
  EXPECT_EQ(*scanned, 1u);
}

v1::EventState StateAt(const std::string& id, int64_t at, bool closed) {
  v1::EventState event;
  event.set_event_id(id);
  event.set_title("状态 " + std::to_string(at));
  event.set_updated_at_ms(at);
  event.set_closed(closed);
  return event;
}

TEST(ReportRange, EventHistoryAnswersAsOfAnInstant) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  const v1::EventState a1 = StateAt("a", 100, false);
  const v1::EventState a2 = StateAt("a", 200, false);
  const v1::EventState a3 = StateAt("a", 300, true);
  const v1::EventState b1 = StateAt("b", 250, false);
  // "ab" shares a prefix with "a": its history must not be taken for a's.
  const v1::EventState ab = StateAt("ab", 50, false);
  for (const v1::EventState* e : {&a1, &ab, &a2, &b1, &a3}) {
    ASSERT_TRUE(store->PutEvents(EventWrites{{e}, 0}).ok());
  }
  auto title_at = [&](const std::string& id, int64_t at) -> std::string {
    Result<std::optional<v1::EventState>> e = store->GetEventAsOf(id, at);
    EXPECT_TRUE(e.ok());
    return e->has_value() ? (*e)->title() : "-";
  };
  EXPECT_EQ(title_at("a", 99), "-");
  EXPECT_EQ(title_at("a", 100), "状态 100");
  EXPECT_EQ(title_at("a", 299), "状态 200");
  EXPECT_EQ(title_at("a", 5000), "状态 300");
  EXPECT_EQ(title_at("b", 240), "-");
  EXPECT_EQ(title_at("ab", 60), "状态 50");

  std::vector<std::string> known;
  ASSERT_TRUE(store
                  ->ScanEventsAsOf(260,
                                   [&](const v1::EventState& e) {
                                     known.push_back(e.event_id() + "@" +
                                                     e.title());
                                     return true;
                                   })
                  .ok());
  EXPECT_EQ(known, (std::vector<std::string>{"a@状态 200", "ab@状态 50",
                                             "b@状态 250"}));
}

TEST(ReportRange, StoreOfAnEarlierVersionGetsItsIndexesOnOpen) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    AppendDataset(*store);
    const v1::EventState e = StateAt("e1", 1050, false);
    ASSERT_TRUE(store->PutEvents(EventWrites{{&e}, 0}).ok());
  }
  {
    // Take the store back to the layout before by_kind and event_history.
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    std::vector<std::string> names;
    ASSERT_TRUE(
        rocksdb::DB::ListColumnFamilies({}, dir.path().string(), &names).ok());
    for (const std::string& name : names) families.push_back({name, {}});
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open({}, dir.path().string(), families, &handles,
                                  &db)
                    .ok());
    for (rocksdb::ColumnFamilyHandle* handle : handles) {
      if (handle->GetName() == layout::kByKindFamily ||
          handle->GetName() == layout::kEventHistoryFamily) {
        ASSERT_TRUE(db->DropColumnFamily(handle).ok());
      }
    }
    for (rocksdb::ColumnFamilyHandle* handle : handles) {
      ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    }
    delete db;
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(Read(*store, {.kinds = {v1::KIND_URGENT}}), (Seqs{2, 3, 5, 6, 7}));
  EXPECT_EQ(Read(*store, {.stages = {v1::STAGE_SHI}}), (Seqs{2, 5}));
  Result<std::optional<v1::EventState>> e1 = store->GetEventAsOf("e1", 2000);
  ASSERT_TRUE(e1.ok());
  ASSERT_TRUE(e1->has_value());
  EXPECT_EQ((*e1)->updated_at_ms(), 1050);
}

}  // namespace
}  // namespace xinbao::storage
