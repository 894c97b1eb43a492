// The audit log: records from several threads at once are all kept, each
// with its own sequence, in order, and numbering continues after a
// restart; a scan starts where asked and stops at its limit.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/report_store.h"
#include "tests/storage/store_fixtures.h"
#include "tests/support/temp_dir.h"

namespace xinbao::storage {
namespace {

using ::xinbao::testing::TempDir;

v1::AuditRecord Refusal(const std::string& user, int64_t at) {
  v1::AuditRecord record;
  record.set_at_ms(at);
  record.set_kind(v1::AuditRecord::KIND_IMPERSONATION_REFUSED);
  record.set_user(user);
  record.set_detail("以其他单位名义报送，已拒绝");
  return record;
}

std::vector<v1::AuditRecord> All(const ReportStore& store, uint64_t first = 1,
                                 std::size_t limit = 1000) {
  std::vector<v1::AuditRecord> records;
  EXPECT_TRUE(store
                  .ScanAudit(first, limit,
                             [&](const v1::AuditRecord& r) {
                               records.push_back(r);
                               return true;
                             })
                  .ok());
  return records;
}

TEST(AuditLog, RecordsFromManyThreadsAreAllKeptInOrder) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        v1::AuditRecord record = Refusal("u" + std::to_string(t), i);
        ASSERT_TRUE(store->AppendAudit(&record).ok());
        EXPECT_GT(record.sequence(), 0u);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const std::vector<v1::AuditRecord> records = All(*store);
  ASSERT_EQ(records.size(), 100u);
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].sequence(), i + 1);
  }
  // A scan from the middle, and a limited one.
  EXPECT_EQ(All(*store, 91).size(), 10u);
  EXPECT_EQ(All(*store, 1, 3).back().sequence(), 3u);
}

TEST(AuditLog, NumberingContinuesAfterARestart) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    for (int i = 0; i < 3; ++i) {
      v1::AuditRecord record = Refusal("a", i);
      ASSERT_TRUE(store->AppendAudit(&record).ok());
    }
  }
  auto store = OpenOrDie(dir.path());
  v1::AuditRecord record = Refusal("b", 9);
  ASSERT_TRUE(store->AppendAudit(&record).ok());
  EXPECT_EQ(record.sequence(), 4u);
  const std::vector<v1::AuditRecord> records = All(*store);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[3].user(), "b");
  EXPECT_EQ(records[0].detail(), "以其他单位名义报送，已拒绝");
}

}  // namespace
}  // namespace xinbao::storage
