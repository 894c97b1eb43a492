// ReportStore: round trip, sequences, dedupe, validation, lookups and
// recovery. Scans are in report_store_scan_test.cc, failures in
// report_store_failure_test.cc.
#include "storage/report_store.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tests/storage/store_fixtures.h"
#include "tests/support/temp_dir.h"

namespace xinbao::storage {
namespace {

using google::protobuf::util::MessageDifferencer;
using ::xinbao::testing::TempDir;

// A report with every field set, Chinese text and binary attachments.
v1::Report FullReport() {
  v1::Report report = Urgent("hekou", "2f1c-事-首报", "evt-河口-0001",
                             v1::STAGE_SHI);
  report.set_severity(v1::SEVERITY_II);
  report.set_title("河口镇S235线发生一起三车相撞交通事故");
  report.set_body("今日7时40分许，S235线河口镇段发生三车相撞事故，"
                  "造成2人死亡、5人受伤。");
  report.set_place("河口镇S235线K12+300处");
  report.set_occurred_at_ms(1'700'000'000'000);
  report.set_written_at_ms(1'700'000'600'000);
  report.mutable_casualties()->set_dead(2);
  report.mutable_casualties()->set_injured(5);
  report.mutable_casualties()->set_missing(0);
  report.set_measures("交警、120已到场处置，现场实行交通管制。");
  report.set_approver("赵强");
  report.set_contact_name("孙丽");
  report.set_contact_phone("13800000000");
  report.set_classification(v1::CLASSIFICATION_INTERNAL);
  v1::Attachment* photo = report.add_attachments();
  photo->set_name("现场照片.jpg");
  photo->set_media_type("image/jpeg");
  photo->set_data(std::string("\xff\xd8\xff\xe0\0\x10JFIF\0", 12));
  v1::Attachment* sheet = report.add_attachments();
  sheet->set_name("签发单.pdf");
  sheet->set_media_type("application/pdf");
  sheet->set_data("%PDF-1.7");
  report.set_source("河口镇派出所");
  report.set_losses("三车受损");
  report.set_scope("S235线双向通行受阻");
  report.set_trend("伤者病情稳定");
  return report;
}

// What this process writes to stderr (fd 2) between construction and
// Take(), as an operator would see it in the broker's log.
class StderrCapture {
 public:
  StderrCapture() : file_(std::tmpfile()) {
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    ::dup2(::fileno(file_), STDERR_FILENO);
  }
  ~StderrCapture() { (void)Take(); }

  std::string Take() {
    if (file_ == nullptr) return {};
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    std::string text;
    std::rewind(file_);
    for (int c; (c = std::fgetc(file_)) != EOF;) text += static_cast<char>(c);
    std::fclose(file_);
    file_ = nullptr;
    return text;
  }

 private:
  std::FILE* file_;
  int saved_ = -1;
};

TEST(ReportStore, MakingANewStoreIsNoError) {
  TempDir dir;
  // With no sink: what reaches stderr.
  StderrCapture capture;
  EXPECT_NE(OpenOrDie(dir / "first"), nullptr);
  const std::string printed = capture.Take();
  EXPECT_EQ(printed.find("ERROR"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("error"), std::string::npos) << printed;

  // With the broker's sink: RocksDB's lines come with their level, and
  // none is an error.
  std::mutex mutex;
  std::vector<std::pair<StoreLogLevel, std::string>> lines;
  StoreOptions options;
  options.log = [&](StoreLogLevel level, std::string_view line) {
    std::lock_guard<std::mutex> lock(mutex);
    lines.emplace_back(level, std::string(line));
  };
  EXPECT_NE(OpenOrDie(dir / "second", options), nullptr);
  std::lock_guard<std::mutex> lock(mutex);
  for (const auto& [level, line] : lines) {
    EXPECT_NE(level, StoreLogLevel::kError) << line;
  }
}

// RocksDB's own log reaches the sink from the level asked for, one line a
// call, and never a LOG file in the store, however much it says.
TEST(ReportStore, RocksDbsLogGoesToTheSinkFromTheLevelAsked) {
  TempDir dir;
  std::mutex mutex;
  std::vector<std::pair<StoreLogLevel, std::string>> lines;
  StoreOptions options;
  options.log_level = StoreLogLevel::kInfo;
  options.log = [&](StoreLogLevel level, std::string_view line) {
    std::lock_guard<std::mutex> lock(mutex);
    lines.emplace_back(level, std::string(line));
  };
  {
    auto store = OpenOrDie(dir.path(), options);
    std::vector<v1::Report> batch = {FullReport()};
    AppendAll(*store, batch, 1'700'000'900'000);
  }
  std::unique_lock<std::mutex> lock(mutex);
  bool version = false;
  for (const auto& [level, line] : lines) {
    EXPECT_GE(level, StoreLogLevel::kInfo) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    EXPECT_FALSE(line.empty());
    if (line.find("RocksDB version") != std::string::npos) version = true;
  }
  EXPECT_TRUE(version) << lines.size() << " lines";
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_FALSE(entry.path().filename().string().starts_with("LOG"))
        << entry.path();
  }

  // At the default level (warnings), the same work says nothing.
  lines.clear();
  lock.unlock();
  options.log_level = StoreLogLevel::kWarning;
  TempDir quiet;
  auto store = OpenOrDie(quiet.path(), options);
  std::vector<v1::Report> batch = {FullReport()};
  AppendAll(*store, batch, 1'700'000'900'000);
  store.reset();
  lock.lock();
  EXPECT_TRUE(lines.empty()) << lines.front().second;
}

TEST(ReportStore, RoundTripsFullyPopulatedReport) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::vector<v1::Report> batch = {FullReport()};

  std::vector<AppendOutcome> outcomes = AppendAll(*store, batch, 1'700'000'900'000);

  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].status.ok()) << outcomes[0].status.ToString();
  EXPECT_EQ(outcomes[0].ack.sequence, 1u);
  EXPECT_EQ(outcomes[0].ack.stored_at_ms, 1'700'000'900'000);
  EXPECT_FALSE(outcomes[0].ack.duplicate);
  // Assigned in place.
  EXPECT_EQ(batch[0].sequence(), 1u);
  EXPECT_EQ(batch[0].stored_at_ms(), 1'700'000'900'000);

  Result<v1::Report> got = store->Get(1);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(MessageDifferencer::Equals(*got, batch[0]))
      << got->DebugString();
  EXPECT_EQ(got->title(), "河口镇S235线发生一起三车相撞交通事故");
  ASSERT_TRUE(got->has_casualties());
  EXPECT_EQ(got->casualties().dead(), 2u);
  ASSERT_EQ(got->attachments_size(), 2);
  EXPECT_EQ(got->attachments(0).data().size(), 12u);
  EXPECT_EQ(got->attachments(0).name(), "现场照片.jpg");
}

TEST(ReportStore, StoringTheWireEncodingGivesTheSameReportAsSerializing) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  v1::Report serialized = FullReport();
  v1::Report passed_through = FullReport();
  passed_through.set_idempotency_key("other-key");
  const std::string wire = passed_through.SerializeAsString();
  const NewReport items[] = {{&serialized, {}}, {&passed_through, wire}};

  std::vector<AppendOutcome> outcomes = store->Append(items, 1'700'000'900'000);
  ASSERT_TRUE(outcomes[0].status.ok() && outcomes[1].status.ok());

  Result<v1::Report> first = store->Get(1);
  Result<v1::Report> second = store->Get(2);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(second->sequence(), 2u);
  EXPECT_EQ(second->stored_at_ms(), 1'700'000'900'000);
  EXPECT_TRUE(MessageDifferencer::Equals(*second, passed_through))
      << second->DebugString();
  second->set_idempotency_key(first->idempotency_key());
  second->set_sequence(first->sequence());
  EXPECT_TRUE(MessageDifferencer::Equals(*first, *second));

  // A resubmission of the passed-through report is still a duplicate.
  v1::Report again = FullReport();
  again.set_idempotency_key("other-key");
  const std::string wire_again = again.SerializeAsString();
  const NewReport retry[] = {{&again, wire_again}};
  outcomes = store->Append(retry, 1'700'000'990'000);
  ASSERT_TRUE(outcomes[0].status.ok()) << outcomes[0].status.ToString();
  EXPECT_TRUE(outcomes[0].ack.duplicate);
  EXPECT_EQ(outcomes[0].ack.sequence, 2u);
}

TEST(ReportStore, SequencesAreDenseFromOne) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->next_sequence(), 1u);

  std::vector<v1::Report> first = {General("a", "k1"), General("a", "k2"),
                                   General("b", "k1")};
  std::vector<AppendOutcome> outcomes = AppendAll(*store, first, 1000);
  // A refused report in the middle takes no sequence.
  std::vector<v1::Report> second = {General("a", "k3"), General("", "k4"),
                                    General("b", "k5")};
  std::vector<AppendOutcome> more = AppendAll(*store, second, 2000);
  outcomes.insert(outcomes.end(), more.begin(), more.end());

  std::vector<uint64_t> sequences;
  for (const AppendOutcome& outcome : outcomes) {
    if (outcome.status.ok()) sequences.push_back(outcome.ack.sequence);
  }
  EXPECT_EQ(sequences, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(store->next_sequence(), 6u);
  EXPECT_EQ(second[1].sequence(), 0u);
}

TEST(ReportStore, ReopenRecoversNextSequenceAndData) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    std::vector<v1::Report> batch = {General("a", "k1", "一"),
                                     General("b", "k2", "二"),
                                     General("a", "k3", "三")};
    AppendAll(*store, batch, 1000);
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->next_sequence(), 4u);
  Result<v1::Report> second = store->Get(2);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->body(), "二");
  EXPECT_EQ(second->unit_id(), "b");

  EXPECT_EQ(AppendOne(*store, General("a", "k4"), 2000), 4u);
  EXPECT_EQ(Visited([&](const ReportVisitor& v) {
              return store->ScanUnit("a", 0, v);
            }),
            (std::vector<uint64_t>{1, 3, 4}));
}

TEST(ReportStore, ResubmissionAfterReopenGetsOriginalAck) {
  TempDir dir;
  StoredAck original;
  {
    auto store = OpenOrDie(dir.path());
    std::vector<v1::Report> batch = {General("a", "k0"), General("a", "k1")};
    std::vector<AppendOutcome> outcomes = AppendAll(*store, batch, 1000);
    original = outcomes[1].ack;
  }
  auto store = OpenOrDie(dir.path());
  // The client never heard the ack and sends the same report again; it may
  // even carry stale broker-assigned fields.
  std::vector<v1::Report> resent = {General("a", "k1")};
  resent[0].set_sequence(77);
  std::vector<AppendOutcome> outcomes = AppendAll(*store, resent, 9000);

  ASSERT_TRUE(outcomes[0].status.ok()) << outcomes[0].status.ToString();
  EXPECT_TRUE(outcomes[0].ack.duplicate);
  EXPECT_EQ(outcomes[0].ack.sequence, original.sequence);
  EXPECT_EQ(outcomes[0].ack.stored_at_ms, 1000);
  EXPECT_EQ(store->next_sequence(), 3u);
  EXPECT_EQ(Visited([&](const ReportVisitor& v) {
              return store->ScanSequence(1, UINT64_MAX, v);
            }),
            (std::vector<uint64_t>{1, 2}));
}

TEST(ReportStore, DuplicateWithinBatchGetsFirstAck) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::vector<v1::Report> batch = {General("a", "k1"), General("b", "k1"),
                                   General("a", "k1")};

  std::vector<AppendOutcome> outcomes = AppendAll(*store, batch, 1000);

  ASSERT_TRUE(outcomes[2].status.ok()) << outcomes[2].status.ToString();
  EXPECT_TRUE(outcomes[2].ack.duplicate);
  EXPECT_EQ(outcomes[2].ack.sequence, outcomes[0].ack.sequence);
  EXPECT_EQ(outcomes[2].ack.stored_at_ms, 1000);
  // Same key, other unit: a different report.
  EXPECT_FALSE(outcomes[1].ack.duplicate);
  EXPECT_EQ(outcomes[1].ack.sequence, 2u);
  EXPECT_EQ(store->next_sequence(), 3u);
}

TEST(ReportStore, KeyReuseWithDifferentContentIsRefused) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  ASSERT_EQ(AppendOne(*store, General("a", "k1", "原文"), 1000), 1u);

  // Against a stored report, and against one earlier in the same batch.
  std::vector<v1::Report> batch = {General("a", "k1", "改过的正文"),
                                   General("a", "k2", "新报告"),
                                   General("a", "k2", "新报告，又改了")};
  std::vector<AppendOutcome> outcomes = AppendAll(*store, batch, 2000);

  EXPECT_EQ(outcomes[0].status.code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
  EXPECT_NE(outcomes[0].status.message().find("幂等键"), std::string::npos);
  EXPECT_TRUE(outcomes[1].status.ok());
  EXPECT_EQ(outcomes[2].status.code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
  EXPECT_EQ(store->next_sequence(), 3u);
  Result<v1::Report> kept = store->Get(1);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->body(), "原文");
  Result<v1::Report> second = store->Get(2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->body(), "新报告");
}

TEST(ReportStore, InvalidKeyFieldRefusedWithoutHarmingBatch) {
  struct Case {
    const char* name;
    std::string unit, key, event;
    const char* field;
  };
  const std::string nul("\0", 1);
  const Case cases[] = {
      {"nul in unit", "a" + nul + "b", "k", "", "report.unit_id"},
      {"nul in key", "a", "k" + nul, "", "report.idempotency_key"},
      {"nul in event", "a", "k", nul + "e", "report.event_id"},
      {"empty unit", "", "k", "", "report.unit_id"},
      {"empty key", "a", "", "", "report.idempotency_key"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    auto store = OpenOrDie(dir.path());
    v1::Report bad = Urgent(c.unit, c.key, c.event, v1::STAGE_SHI);
    std::vector<v1::Report> batch = {General("a", "ok1"), bad,
                                     General("a", "ok2")};

    std::vector<AppendOutcome> outcomes = AppendAll(*store, batch, 1000);

    EXPECT_EQ(outcomes[1].status.code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_EQ(outcomes[1].status.field(), c.field);
    EXPECT_EQ(batch[1].sequence(), 0u);
    EXPECT_EQ(outcomes[0].ack.sequence, 1u);
    EXPECT_EQ(outcomes[2].ack.sequence, 2u);
    EXPECT_EQ(store->next_sequence(), 3u);
  }
}

TEST(ReportStore, GetOfMissingSequenceIsInvalidField) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  for (uint64_t missing : {uint64_t{0}, uint64_t{1}}) {
    Result<v1::Report> got = store->Get(missing);
    EXPECT_EQ(got.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  }
  ASSERT_EQ(AppendOne(*store, General("a", "k"), 1000), 1u);
  EXPECT_TRUE(store->Get(1).ok());
  Result<v1::Report> got = store->Get(7);
  EXPECT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(got.status().message(), "没有序号为 7 的报告");
}

TEST(ReportStore, LookupFindsAckByUnitAndKey) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  Result<std::optional<StoredAck>> none = store->Lookup("a", "k1");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  AppendOne(*store, General("b", "k0"), 500);
  AppendOne(*store, General("a", "k1"), 1500);

  Result<std::optional<StoredAck>> found = store->Lookup("a", "k1");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->sequence, 2u);
  EXPECT_EQ((*found)->stored_at_ms, 1500);
  EXPECT_FALSE((*found)->duplicate);

  Result<std::optional<StoredAck>> other_unit = store->Lookup("b", "k1");
  ASSERT_TRUE(other_unit.ok());
  EXPECT_FALSE(other_unit->has_value());
  // "a\0k" must not be read as unit "a", key "k".
  Result<std::optional<StoredAck>> nul =
      store->Lookup(std::string("a\0k", 3), "1");
  EXPECT_EQ(nul.status().code(), v1::ERROR_CODE_INVALID_FIELD);
}

// The size the status answer shows grows as reports are stored, and is
// still known after a reopen (then from the table files and the WAL).
TEST(ReportStore, SizeGrowsWithWhatIsStored) {
  TempDir dir;
  uint64_t after = 0;
  {
    auto store = OpenOrDie(dir.path());
    Result<StoreSize> before = store->Size();
    ASSERT_TRUE(before.ok()) << before.status().ToString();
    std::vector<v1::Report> reports = Generals("a", "size-", 20);
    AppendAll(*store, reports, 1000);
    Result<StoreSize> grown = store->Size();
    ASSERT_TRUE(grown.ok()) << grown.status().ToString();
    EXPECT_GT(grown->total(), before->total());
    EXPECT_GT(grown->wal_bytes, before->wal_bytes);
    after = grown->total();
  }
  auto reopened = OpenOrDie(dir.path());
  Result<StoreSize> size = reopened->Size();
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_GT(size->total(), 0u);
  EXPECT_GT(after, 0u);
}

// A clean close writes what was only in memory to table files: the next
// open has no write-ahead log to replay (a broker's restart would
// otherwise read back everything since the slowest family's last flush).
TEST(ReportStore, ACleanCloseLeavesNoLogToReplay) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    std::vector<v1::Report> reports = Generals("a", "close-", 20);
    AppendAll(*store, reports, 1000);
    Result<StoreSize> open = store->Size();
    ASSERT_TRUE(open.ok()) << open.status().ToString();
    ASSERT_GT(open->wal_bytes, 0u);
  }
  uintmax_t log_bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().extension() == ".log") log_bytes += entry.file_size();
  }
  EXPECT_EQ(log_bytes, 0u);
  auto reopened = OpenOrDie(dir.path());
  EXPECT_EQ(reopened->next_sequence(), 21u);
  Result<v1::Report> last = reopened->Get(20);
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last->idempotency_key(), "close-19");
}

TEST(ReportStore, PressureIsReadFromRocksDBsPropertiesWithoutAScan) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::vector<v1::Report> reports = {General("a", "pressure-1")};
  AppendAll(*store, reports, 1000);
  Result<StorePressure> pressure = store->Pressure();
  ASSERT_TRUE(pressure.ok()) << pressure.status().ToString();
  // A store with one small write owes no compaction and is not slowed.
  EXPECT_FALSE(pressure->write_stopped);
  EXPECT_EQ(pressure->delayed_write_rate, 0u);
  EXPECT_EQ(pressure->pending_compaction_bytes, 0u);
}

// What reading costs in memory stays within the block cache however many
// reports are stored: the index and filter blocks of the table files are
// held in it, not beside it for every open file (issue 17's "memory
// flat"; bench/restart_bench.cc measures it with 10 million reports).
TEST(ReportStore, MemoryForReadingStaysInTheCacheHoweverManyReportsAreStored) {
  TempDir dir;
  StoreOptions options;
  options.sync = false;
  options.block_cache_bytes = std::size_t{8} << 20;
  // Grows the store to `total` reports (a clean close writes them to
  // table files), opens it again, reads every seventh report, and returns
  // what the store then holds in memory.
  int stored = 0;
  auto grow_to = [&](int total) {
    {
      auto store = OpenOrDie(dir.path(), options);
      for (; stored < total; stored += 1000) {
        std::vector<v1::Report> reports =
            Generals("a", "mem-" + std::to_string(stored) + "-", 1000);
        AppendAll(*store, reports, 1000 + stored);
      }
    }
    auto store = OpenOrDie(dir.path(), options);
    for (uint64_t sequence = 1; sequence <= static_cast<uint64_t>(total);
         sequence += 7) {
      EXPECT_TRUE(store->Get(sequence).ok()) << sequence;
    }
    Result<StoreMemory> memory = store->Memory();
    EXPECT_TRUE(memory.ok()) << memory.status().ToString();
    return memory.ok() ? *memory : StoreMemory{};
  };
  const StoreMemory small = grow_to(20'000);
  const StoreMemory large = grow_to(100'000);
  EXPECT_EQ(large.block_cache_capacity, std::size_t{8} << 20);
  EXPECT_LE(large.block_cache_usage, large.block_cache_capacity);
  EXPECT_GT(large.block_cache_usage, 0u);
  // Five times the reports: the readers' own memory outside the cache
  // grows with the files, not the reports (with the index and filter
  // blocks beside the cache it grew with them, about fivefold).
  EXPECT_LT(large.table_readers, 2 * small.table_readers + 16 * 1024)
      << small.table_readers << " bytes at 20,000 reports, "
      << large.table_readers << " at 100,000";
}

}  // namespace
}  // namespace xinbao::storage
