// ReportStore when things go wrong: a failed write, damaged bytes on disk,
// a store that cannot open; and reads racing the writer.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "tests/storage/raw_store.h"
#include "tests/storage/store_fixtures.h"
#include "tests/support/small_disk.h"
#include "tests/support/temp_dir.h"

namespace xinbao::storage {
namespace {

using ::xinbao::testing::TempDir;

// The size of the store's newest write-ahead log file (*.log).
uintmax_t WalSize(const std::filesystem::path& dir) {
  std::filesystem::path newest;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".log" && entry.path() > newest) {
      newest = entry.path();
    }
  }
  EXPECT_FALSE(newest.empty()) << "no WAL in " << dir;
  return newest.empty() ? 0 : std::filesystem::file_size(newest);
}

// While alive, writes that would grow a file past `limit` bytes fail with
// EFBIG (RLIMIT_FSIZE), as on a full disk. Nothing may print to a file
// meanwhile.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(uintmax_t limit) {
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    EXPECT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit_), 0);
    rlimit lower = old_limit_;
    lower.rlim_cur = limit;
    EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &lower), 0);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_limit_);
    signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit old_limit_{};
  sighandler_t old_handler_ = SIG_DFL;
};

TEST(ReportStore, FullDiskIsAStorageFailureNotACrash) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  ASSERT_EQ(AppendOne(*store, General("a", "k1"), 1000), 1u);
  std::vector<AppendOutcome> first, second;
  {
    // Every file at its current size: no room anywhere, as on a full disk
    // (RocksDB's own info log included, if it kept one).
    FileSizeLimit disk_full(WalSize(dir.path()));
    std::vector<v1::Report> one = {General("a", "k2")};
    std::vector<v1::Report> two = {General("a", "k3")};
    first = AppendAll(*store, one, 2000);
    second = AppendAll(*store, two, 3000);
  }
  EXPECT_EQ(first[0].status.code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_EQ(second[0].status.code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_EQ(store->next_sequence(), 2u);
  // Not "no space" but "file too large": an error RocksDB 7.8 calls fatal,
  // which no Resume() clears; only reopening the store does.
  Result<bool> resumed = store->Resume();
  EXPECT_EQ(resumed.status().code(), v1::ERROR_CODE_STORAGE_FAILURE);
  store.reset();
  store = OpenOrDie(dir.path());
  EXPECT_EQ(AppendOne(*store, General("a", "k2"), 4000), 2u);
}

// A real full disk (ENOSPC on a small tmpfs): writes stop, reads go on,
// and Resume() starts writing again as soon as there is room - without
// reopening the store - losing nothing stored before and storing nothing
// twice.
TEST(ReportStore, ResumesWritingOnceAFullDiskHasRoomAgain) {
  testing::SmallDisk disk(24);
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  auto store = OpenOrDie(disk / "store");
  EXPECT_EQ(store->Resume().value(), false);  // nothing to resume
  ASSERT_EQ(AppendOne(*store, General("a", "k1"), 1000), 1u);
  disk.Fill();
  // Reports of 64 KiB until the WAL needs room it cannot get.
  uint64_t stored = 1;
  Status failure;
  for (int n = 2; n < 2000 && failure.ok(); ++n) {
    v1::Report report = General("a", "k" + std::to_string(n));
    report.set_body(std::string(64 * 1024, 'x'));
    std::vector<v1::Report> one = {report};
    AppendOutcome outcome = AppendAll(*store, one, 1000 + n)[0];
    if (outcome.status.ok()) ++stored;
    else failure = outcome.status;
  }
  ASSERT_EQ(failure.code(), v1::ERROR_CODE_STORAGE_FAILURE) << "never full";
  const uint64_t next = store->next_sequence();
  EXPECT_EQ(next, stored + 1);
  // Stopped: the next write fails too, even a small one, and Resume()
  // cannot help while the disk is full.
  std::vector<v1::Report> small = {General("b", "x")};
  EXPECT_EQ(AppendAll(*store, small, 5000)[0].status.code(),
            v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_EQ(store->Resume().status().code(), v1::ERROR_CODE_STORAGE_FAILURE);
  // Reads still work.
  ASSERT_TRUE(store->Get(1).ok());
  EXPECT_EQ(store->Get(next - 1)->unit_id(), "a");

  disk.Free();
  Result<bool> resumed = store->Resume();
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_TRUE(*resumed);
  EXPECT_EQ(store->Resume().value(), false);  // done; nothing more to do
  // The refused report, sent again, is new and gets the next sequence; a
  // report stored before the disk filled is still a duplicate.
  EXPECT_EQ(AppendOne(*store, General("b", "x"), 6000), next);
  std::vector<v1::Report> again = {General("a", "k1")};
  AppendOutcome repeat = AppendAll(*store, again, 7000)[0];
  ASSERT_TRUE(repeat.status.ok());
  EXPECT_TRUE(repeat.ack.duplicate);
  EXPECT_EQ(repeat.ack.sequence, 1u);
  store.reset();
  store = OpenOrDie(disk / "store");
  EXPECT_EQ(store->next_sequence(), next + 1);
}

TEST(ReportStore, FailedWriteStoresNothingAndKeepsSequence) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    // A first report big enough that its WAL outgrows RocksDB's info LOG:
    // the limit below then fails the next WAL write but not the logging
    // of that failure (Debian's RocksDB asserts when its LOG fails twice).
    v1::Report big = General("a", "k1");
    big.add_attachments()->set_data(std::string(1 << 20, 'x'));
    ASSERT_EQ(AppendOne(*store, big, 1000), 1u);
    // new, new, in-batch duplicate of the first, duplicate of stored seq 1,
    // refused.
    std::vector<v1::Report> batch = {General("a", "k2"), General("b", "k3"),
                                     General("a", "k2"), General("a", "k1"),
                                     General("", "k4")};
    batch[3] = big;
    std::vector<AppendOutcome> outcomes;
    {
      FileSizeLimit disk_full(WalSize(dir.path()));
      outcomes = AppendAll(*store, batch, 2000);
    }
    for (int i : {0, 1, 2}) {
      SCOPED_TRACE(i);
      EXPECT_EQ(outcomes[i].status.code(), v1::ERROR_CODE_STORAGE_FAILURE);
      EXPECT_EQ(outcomes[i].status.message().rfind(
                    "存储失败，报告未保存，请稍后重试: ", 0),
                0u)
          << outcomes[i].status.message();
      EXPECT_EQ(batch[i].sequence(), 0u);
      EXPECT_EQ(batch[i].stored_at_ms(), 0);
    }
    EXPECT_TRUE(outcomes[3].status.ok());
    EXPECT_TRUE(outcomes[3].ack.duplicate);
    EXPECT_EQ(outcomes[3].ack.sequence, 1u);
    EXPECT_EQ(outcomes[4].status.code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_EQ(store->next_sequence(), 2u);
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->next_sequence(), 2u);
  EXPECT_EQ(store->Get(2).status().code(), v1::ERROR_CODE_INVALID_FIELD);
  Result<std::optional<StoredAck>> lost = store->Lookup("a", "k2");
  ASSERT_TRUE(lost.ok());
  EXPECT_FALSE(lost->has_value());
  // The retry is a new report and gets the next sequence.
  EXPECT_EQ(AppendOne(*store, General("a", "k2"), 3000), 2u);
}

// Overwrites the stored bytes of report `sequence` behind the store's back.
void DamageReport(const std::filesystem::path& dir, uint64_t sequence) {
  // Field 8 (title) claims 16 bytes; 5 follow.
  const std::string garbage("\x42\x10short", 7);
  ASSERT_FALSE(v1::Report().ParseFromString(garbage));
  std::string key;
  layout::AppendSequenceKey(&key, sequence);
  PutUnderTheStore(dir, layout::kReportsFamily, key, garbage);
}

TEST(ReportStore, DamagedReportIsStorageFailureNotCrash) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    std::vector<v1::Report> batch = {General("a", "k1"), General("a", "k2"),
                                     General("a", "k3")};
    AppendAll(*store, batch, 1000);
  }
  DamageReport(dir.path(), 2);
  auto store = OpenOrDie(dir.path());
  auto count = [](const v1::Report&) { return true; };

  EXPECT_EQ(store->Get(2).status().code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_TRUE(store->Get(3).ok());
  EXPECT_EQ(store->ScanSequence(1, 3, count).code(),
            v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_EQ(store->ScanUnit("a", 0, count).code(),
            v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_EQ(store->ScanStoredTime(0, 2000, count).code(),
            v1::ERROR_CODE_STORAGE_FAILURE);
  // A resubmission of the damaged report cannot be compared: not stored.
  std::vector<v1::Report> resent = {General("a", "k2")};
  EXPECT_EQ(AppendAll(*store, resent, 2000)[0].status.code(),
            v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_EQ(store->next_sequence(), 4u);
}

TEST(ReportStore, OpenWithoutCreateIfMissingFails) {
  TempDir dir;
  StoreOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<ReportStore>> store =
      ReportStore::Open(dir / "none", options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_FALSE(store.status().message().empty());
}

// A reader scanning while the writer appends batches of two sees whole
// batches only, densely numbered, in every scan.
TEST(ReportStore, ReadersSeeWholeBatchesWhileAppending) {
  TempDir dir;
  StoreOptions options;
  options.sync = false;  // durability is not under test; speed is welcome
  auto store = OpenOrDie(dir.path(), options);
  constexpr int kBatches = 200;
  std::atomic<bool> done{false};

  std::thread reader([&] {
    int scans = 0;
    while (!done.load() || scans == 0) {
      ++scans;
      uint64_t expected = 1;
      Status status = store->ScanUnit("a", 0, [&](const v1::Report& r) {
        EXPECT_EQ(r.sequence(), expected);
        expected += 2;
        return true;
      });
      EXPECT_TRUE(status.ok()) << status.ToString();
      uint64_t count = 0;
      status = store->ScanSequence(1, UINT64_MAX, [&](const v1::Report& r) {
        EXPECT_EQ(r.sequence(), ++count);
        return true;
      });
      EXPECT_TRUE(status.ok()) << status.ToString();
      EXPECT_EQ(count % 2, 0u) << "half a batch visible";
    }
  });
  for (int i = 0; i < kBatches; ++i) {
    std::vector<v1::Report> batch = {General("a", "a" + std::to_string(i)),
                                     General("b", "b" + std::to_string(i))};
    AppendAll(*store, batch, 1000 + i);
  }
  done.store(true);
  reader.join();
  EXPECT_EQ(store->next_sequence(), 2u * kBatches + 1);
}

}  // namespace
}  // namespace xinbao::storage
