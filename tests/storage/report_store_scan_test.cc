// ReportStore scans: each returns exactly the reports of its range, in
// order, and stops at the range's ends.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "storage/report_store.h"
#include "tests/storage/store_fixtures.h"
#include "tests/support/temp_dir.h"

namespace xinbao::storage {
namespace {

using ::xinbao::testing::TempDir;
using Seqs = std::vector<uint64_t>;

constexpr uint64_t kMaxSeq = std::numeric_limits<uint64_t>::max();

// Units whose ids are prefixes of one another, so a scan that reads past
// its unit's keys shows up.
//   seq: 1 unit-1   2 unit-10   3 unit-1   4 unit-1x   5 unit-10   6 unit-1
void AppendInterleavedUnits(ReportStore& store) {
  const char* units[] = {"unit-1", "unit-10", "unit-1", "unit-1x", "unit-10",
                         "unit-1"};
  int64_t now = 1000;
  int n = 0;
  for (const char* unit : units) {
    ASSERT_NE(AppendOne(store, General(unit, "k" + std::to_string(n++)), now),
              0u);
    now += 10;
  }
}

TEST(ReportStore, ScanSequenceIsInclusiveAtBothEnds) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendInterleavedUnits(*store);
  auto scan = [&](uint64_t first, uint64_t last) {
    return Visited([&](const ReportVisitor& v) {
      return store->ScanSequence(first, last, v);
    });
  };

  EXPECT_EQ(scan(2, 4), (Seqs{2, 3, 4}));
  EXPECT_EQ(scan(1, 1), (Seqs{1}));
  EXPECT_EQ(scan(0, kMaxSeq), (Seqs{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(scan(5, 100), (Seqs{5, 6}));
  EXPECT_EQ(scan(4, 3), Seqs{});
  EXPECT_EQ(scan(7, kMaxSeq), Seqs{});
}

TEST(ReportStore, ScanStopsWhenVisitorSaysSo) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendInterleavedUnits(*store);
  Seqs seen;
  Status status = store->ScanUnit("unit-1", 0, [&](const v1::Report& r) {
    seen.push_back(r.sequence());
    return seen.size() < 2;
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(seen, (Seqs{1, 3}));
}

TEST(ReportStore, ScanUnitReturnsOnlyThatUnitFromFirst) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendInterleavedUnits(*store);
  auto scan = [&](const std::string& unit, uint64_t first) {
    return Visited([&](const ReportVisitor& v) {
      return store->ScanUnit(unit, first, v);
    });
  };

  EXPECT_EQ(scan("unit-1", 0), (Seqs{1, 3, 6}));
  EXPECT_EQ(scan("unit-1", 3), (Seqs{3, 6}));  // first is inclusive
  EXPECT_EQ(scan("unit-1", 4), (Seqs{6}));
  EXPECT_EQ(scan("unit-1", 7), Seqs{});
  EXPECT_EQ(scan("unit-10", 0), (Seqs{2, 5}));
  EXPECT_EQ(scan("unit-1x", 0), (Seqs{4}));
  EXPECT_EQ(scan("unit-", 0), Seqs{});
  EXPECT_EQ(scan("unit-2", 0), Seqs{});

  // The visited reports are the unit's, in full.
  Status status = store->ScanUnit("unit-10", 0, [](const v1::Report& r) {
    EXPECT_EQ(r.unit_id(), "unit-10");
    EXPECT_EQ(r.title(), "城关镇开展冬季消防安全大检查");
    return true;
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(store->ScanUnit(std::string("unit-1\0", 7), 0,
                            [](const v1::Report&) { return true; })
                .code(),
            v1::ERROR_CODE_INVALID_FIELD);
}

TEST(ReportStore, ScanEventReturnsTheEventsStagesInOrder) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  // seq: 1 evt-1 事   2 general   3 evt-10 事   4 evt-1 情 (other unit)
  //      5 general    6 evt-1 果
  std::vector<v1::Report> batch = {
      Urgent("hekou", "u1", "evt-1", v1::STAGE_SHI),
      General("hekou", "g1"),
      Urgent("hekou", "u2", "evt-10", v1::STAGE_SHI),
      Urgent("anjian", "u3", "evt-1", v1::STAGE_QING),
      General("anjian", "g2"),
      Urgent("hekou", "u4", "evt-1", v1::STAGE_GUO),
  };
  AppendAll(*store, batch, 1000);
  auto scan = [&](const std::string& event) {
    return Visited([&](const ReportVisitor& v) {
      return store->ScanEvent(event, v);
    });
  };

  EXPECT_EQ(scan("evt-1"), (Seqs{1, 4, 6}));
  EXPECT_EQ(scan("evt-10"), (Seqs{3}));
  EXPECT_EQ(scan("evt-"), Seqs{});
  EXPECT_EQ(scan(""), Seqs{});  // reports without an event are not indexed

  std::vector<v1::Stage> stages;
  Status status = store->ScanEvent("evt-1", [&](const v1::Report& r) {
    stages.push_back(r.stage());
    return true;
  });
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(stages, (std::vector<v1::Stage>{v1::STAGE_SHI, v1::STAGE_QING,
                                            v1::STAGE_GUO}));
}

TEST(ReportStore, ScanStoredTimeIsHalfOpen) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  // The clock stepped back before the fourth batch: its report is stored
  // at the last time again, so time order stays sequence order.
  //   seq 1 at -5;  seq 2, 3 at 1000;  seq 4 at 2000;  seq 5 at 2000 (1500
  //   on the clock);  seq 6 at 3000
  std::vector<v1::Report> before1970 = {General("a", "1")};
  std::vector<v1::Report> at1000 = {General("a", "2"), General("b", "3")};
  std::vector<v1::Report> at2000 = {General("a", "4")};
  std::vector<v1::Report> at1500 = {General("b", "5")};
  std::vector<v1::Report> at3000 = {General("a", "6")};
  AppendAll(*store, before1970, -5);
  AppendAll(*store, at1000, 1000);
  AppendAll(*store, at2000, 2000);
  AppendAll(*store, at1500, 1500);
  AppendAll(*store, at3000, 3000);
  EXPECT_EQ(store->Get(5)->stored_at_ms(), 2000);
  auto scan = [&](int64_t from, int64_t to) {
    return Visited([&](const ReportVisitor& v) {
      return store->ScanStoredTime(from, to, v);
    });
  };

  EXPECT_EQ(scan(1000, 3000), (Seqs{2, 3, 4, 5}));
  EXPECT_EQ(scan(1001, 3000), (Seqs{4, 5}));
  EXPECT_EQ(scan(1000, 2000), (Seqs{2, 3}));  // to is exclusive
  EXPECT_EQ(scan(3000, 3001), (Seqs{6}));
  EXPECT_EQ(scan(2000, 2000), Seqs{});
  EXPECT_EQ(scan(3000, 1000), Seqs{});
  EXPECT_EQ(scan(-10, 0), (Seqs{1}));
  EXPECT_EQ(scan(0, 1000), Seqs{});
  EXPECT_EQ(scan(std::numeric_limits<int64_t>::min(),
                 std::numeric_limits<int64_t>::max()),
            (Seqs{1, 2, 3, 4, 5, 6}));
}

}  // namespace
}  // namespace xinbao::storage
