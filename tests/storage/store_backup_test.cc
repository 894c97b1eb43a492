// Backups of a live store, restoring them, and the on-disk format version.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "tests/storage/raw_store.h"
#include "tests/storage/store_fixtures.h"
#include "tests/support/temp_dir.h"

namespace xinbao::storage {
namespace {

using ::xinbao::testing::TempDir;

void AppendMany(ReportStore& store, int from, int count) {
  std::vector<v1::Report> batch;
  for (int n = from; n < from + count; ++n) {
    batch.push_back(General("u" + std::to_string(n % 5), "k" + std::to_string(n),
                            "第" + std::to_string(n) + "份"));
  }
  for (const AppendOutcome& outcome : AppendAll(store, batch, 1000 + from)) {
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.ToString();
  }
}

TEST(StoreBackup, KeepsTheNewestAndRestoresAnyOfThem) {
  TempDir dir;
  auto store = OpenOrDie(dir / "store");
  AppendMany(*store, 1, 100);
  Result<BackupMade> first = store->Backup(dir / "backups", "第一次", 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->id, 1u);
  EXPECT_EQ(first->last_sequence, 100u);
  EXPECT_EQ(first->note, "第一次");
  EXPECT_GT(first->size_bytes, 0u);
  EXPECT_GT(first->files, 0u);
  EXPECT_GT(first->created_at_ms, 0);
  AppendMany(*store, 101, 50);
  Result<BackupMade> second = store->Backup(dir / "backups", "scheduled", 2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->last_sequence, 150u);
  AppendMany(*store, 151, 10);
  std::vector<BackupMade> left;
  ASSERT_TRUE(store->Backup(dir / "backups", "", 2, &left).ok());
  ASSERT_EQ(left.size(), 2u);  // as the folder lists them below
  EXPECT_EQ(left[0].id, 2u);
  EXPECT_EQ(left[1].id, 3u);

  // keep = 2: the first is gone.
  Result<std::vector<BackupMade>> kept = ReportStore::ListBackups(dir / "backups");
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ((*kept)[0].id, 2u);
  EXPECT_EQ((*kept)[0].note, "scheduled");
  EXPECT_EQ((*kept)[1].id, 3u);
  EXPECT_EQ((*kept)[1].last_sequence, 160u);

  Result<BackupMade> restored =
      ReportStore::Restore(dir / "backups", 2, dir / "restored");
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->last_sequence, 150u);
  auto copy = OpenOrDie(dir / "restored");
  EXPECT_EQ(copy->next_sequence(), 151u);
  EXPECT_EQ(copy->Get(150)->body(), "第150份");
  EXPECT_EQ(copy->Get(151).status().code(), v1::ERROR_CODE_INVALID_FIELD);
  // Dedupe came back with the reports: a resend is a duplicate.
  std::vector<v1::Report> resend = {General("u0", "k100", "第100份")};
  AppendOutcome again = AppendAll(*copy, resend, 9000)[0];
  ASSERT_TRUE(again.status.ok());
  EXPECT_TRUE(again.ack.duplicate);
  EXPECT_EQ(again.ack.sequence, 100u);
}

TEST(StoreBackup, RestoreNeverOverwritesAStoreAndNamesWhatIsMissing) {
  TempDir dir;
  auto store = OpenOrDie(dir / "store");
  AppendMany(*store, 1, 3);
  ASSERT_TRUE(store->Backup(dir / "backups", "", 0).ok());
  Result<BackupMade> over = ReportStore::Restore(dir / "backups", 0, dir / "store");
  EXPECT_EQ(over.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_NE(over.status().message().find("已有报告库"), std::string::npos);
  EXPECT_EQ(store->Get(3)->body(), "第3份");  // untouched
  Result<BackupMade> unknown = ReportStore::Restore(dir / "backups", 7, dir / "x");
  EXPECT_EQ(unknown.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_NE(unknown.status().message().find("没有第 7 号备份（有 1 至 1 号）"),
            std::string::npos)
      << unknown.status().message();
  Result<BackupMade> nowhere = ReportStore::Restore(dir / "none", 0, dir / "y");
  EXPECT_EQ(nowhere.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_TRUE(ReportStore::ListBackups(dir / "none")->empty());
}

// A backup taken while a writer appends holds every report stored before
// it began, densely, and nothing the original does not have.
TEST(StoreBackup, ABackupUnderLoadHoldsEverythingStoredBeforeIt) {
  TempDir dir;
  auto store = OpenOrDie(dir / "store");
  AppendMany(*store, 1, 200);
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    for (int n = 201; writing.load() && n < 200000; n += 20) {
      AppendMany(*store, n, 20);
    }
  });
  while (store->next_sequence() < 400) std::this_thread::yield();
  Result<BackupMade> backup = store->Backup(dir / "backups", "", 0);
  writing = false;
  writer.join();
  ASSERT_TRUE(backup.ok()) << backup.status().ToString();
  EXPECT_GE(backup->last_sequence, 399u);
  ASSERT_TRUE(ReportStore::Restore(dir / "backups", 0, dir / "restored").ok());
  auto copy = OpenOrDie(dir / "restored");
  ASSERT_GT(copy->next_sequence(), backup->last_sequence);
  uint64_t expected = 1;
  Status scan = copy->ScanSequence(1, UINT64_MAX, [&](const v1::Report& r) {
    EXPECT_EQ(r.sequence(), expected++);
    EXPECT_EQ(r.body(), store->Get(r.sequence())->body());
    return true;
  });
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(expected, copy->next_sequence());
}

TEST(StoreFormat, AStoreOfANewerFormatIsRefusedWithAPlainReason) {
  TempDir dir;
  OpenOrDie(dir.path()).reset();  // made, and marked with this version
  std::string newer;
  layout::PutFixed64(&newer, layout::kFormatVersion + 1);
  PutUnderTheStore(dir.path(), "default", layout::kFormatVersionKey, newer);
  Result<std::unique_ptr<ReportStore>> store = ReportStore::Open(dir.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_NE(store.status().message().find(
                "报告库的格式版本为 " +
                std::to_string(layout::kFormatVersion + 1) +
                "，而本程序只认得到版本 " +
                std::to_string(layout::kFormatVersion)),
            std::string::npos)
      << store.status().message();
}

TEST(StoreFormat, AStoreOfThisVersionOrWithoutOneOpens) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendMany(*store, 1, 2);
  store.reset();
  store = OpenOrDie(dir.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->next_sequence(), 3u);
}

}  // namespace
}  // namespace xinbao::storage
