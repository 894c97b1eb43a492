#include "clients/lib/outbox.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace xinbao::client {
namespace {

namespace fs = std::filesystem;
using xinbao::testing::TempDir;

v1::Report MakeReport(const std::string& key, const std::string& title) {
  v1::Report report;
  report.set_idempotency_key(key);
  report.set_unit_id("chengguan");
  report.set_title(title);
  return report;
}

std::unique_ptr<Outbox> OpenOrDie(const fs::path& dir) {
  auto outbox = Outbox::Open(dir);
  EXPECT_TRUE(outbox.ok()) << outbox.status().ToString();
  return outbox.ok() ? std::move(outbox).value() : nullptr;
}

std::vector<std::string> PendingKeys(const Outbox& outbox) {
  auto pending = outbox.Pending();
  EXPECT_TRUE(pending.ok());
  std::vector<std::string> keys;
  for (const auto& entry : *pending) {
    keys.push_back(entry.report.idempotency_key());
  }
  EXPECT_EQ(outbox.PendingCount(), keys.size());  // kept without reading
  return keys;
}

void WriteRaw(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(Outbox, KeepsOrderAcrossReopen) {
  TempDir dir;
  {
    auto outbox = OpenOrDie(dir.path());
    for (const char* key : {"b-key", "a-key", "c-key"}) {
      ASSERT_TRUE(outbox->Add(MakeReport(key, "标题")).ok());
    }
  }
  auto outbox = OpenOrDie(dir.path());
  EXPECT_EQ(PendingKeys(*outbox),
            (std::vector<std::string>{"b-key", "a-key", "c-key"}));
  auto pending = outbox->Pending();
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ((*pending)[0].ordinal, 1u);
  EXPECT_EQ((*pending)[2].ordinal, 3u);
  EXPECT_EQ((*pending)[0].report.title(), "标题");
  // New entries continue after the largest ordinal found.
  auto added = outbox->Add(MakeReport("d-key", "t"));
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->ordinal, 4u);
}

TEST(Outbox, AcknowledgeRemoves) {
  TempDir dir;
  auto outbox = OpenOrDie(dir.path());
  auto first = outbox->Add(MakeReport("k1", "t"));
  auto second = outbox->Add(MakeReport("k2", "t"));
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(outbox->Acknowledge(first->ordinal).ok());
  EXPECT_EQ(PendingKeys(*outbox), std::vector<std::string>{"k2"});
  EXPECT_FALSE(outbox->Acknowledge(first->ordinal).ok());
  outbox.reset();
  // The next ordinal follows the largest still on disk.
  outbox = OpenOrDie(dir.path());
  EXPECT_EQ(PendingKeys(*outbox), std::vector<std::string>{"k2"});
  auto third = outbox->Add(MakeReport("k3", "t"));
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->ordinal, 3u);
  ASSERT_TRUE(outbox->Acknowledge(third->ordinal).ok());
  ASSERT_TRUE(outbox->Acknowledge(second->ordinal).ok());
  EXPECT_TRUE(PendingKeys(*outbox).empty());
}

TEST(Outbox, RejectMovesAndKeepsTheError) {
  TempDir dir;
  auto outbox = OpenOrDie(dir.path());
  auto entry = outbox->Add(MakeReport("k/with spaces", "被拒的报告"));
  ASSERT_TRUE(entry.ok());
  v1::Error error;
  error.set_code(v1::ERROR_CODE_UNKNOWN_UNIT);
  error.set_message("单位未登记");
  error.set_field("report.unit_id");
  ASSERT_TRUE(outbox->Reject(entry->ordinal, error).ok());
  EXPECT_TRUE(PendingKeys(*outbox).empty());
  outbox.reset();

  outbox = OpenOrDie(dir.path());
  auto rejected = outbox->Rejected();
  ASSERT_TRUE(rejected.ok());
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_EQ((*rejected)[0].ordinal, entry->ordinal);
  EXPECT_EQ((*rejected)[0].report.idempotency_key(), "k/with spaces");
  EXPECT_EQ((*rejected)[0].error.code(), v1::ERROR_CODE_UNKNOWN_UNIT);
  EXPECT_EQ((*rejected)[0].error.message(), "单位未登记");
  // Rejected ordinals are not reused either.
  auto next = outbox->Add(MakeReport("k3", "t"));
  ASSERT_TRUE(next.ok());
  EXPECT_GT(next->ordinal, entry->ordinal);
}

// Refuses `report` (already added) with an UNKNOWN_UNIT error.
void RejectOrDie(Outbox& outbox, uint64_t ordinal) {
  v1::Error error;
  error.set_code(v1::ERROR_CODE_UNKNOWN_UNIT);
  error.set_message("单位未登记");
  ASSERT_TRUE(outbox.Reject(ordinal, error).ok());
}

std::size_t FilesIn(const fs::path& folder) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& file : fs::directory_iterator(folder)) ++n;
  return n;
}

TEST(Outbox, ResendPutsTheFixedReportBackAsPending) {
  TempDir dir;
  auto outbox = OpenOrDie(dir.path());
  auto refused = outbox->Add(MakeReport("old-key", "错的标题"));
  ASSERT_TRUE(refused.ok());
  RejectOrDie(*outbox, refused->ordinal);

  v1::Report fixed = MakeReport("new-key", "改正的标题");
  auto resent = outbox->Resend(refused->ordinal, fixed);
  ASSERT_TRUE(resent.ok()) << resent.status().ToString();
  EXPECT_GT(resent->ordinal, refused->ordinal);
  EXPECT_EQ(resent->report.title(), "改正的标题");
  EXPECT_EQ(PendingKeys(*outbox), std::vector<std::string>{"new-key"});
  EXPECT_TRUE(outbox->Rejected()->empty());
  EXPECT_EQ(FilesIn(dir / "rejected"), 0u);  // the report and its error
  outbox.reset();

  outbox = OpenOrDie(dir.path());  // durable: the same after a reopen
  auto pending = outbox->Pending();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].ordinal, resent->ordinal);
  EXPECT_EQ((*pending)[0].report.title(), "改正的标题");
  EXPECT_TRUE(outbox->Rejected()->empty());
}

TEST(Outbox, ResendThatCannotBeWrittenLeavesTheReportRefused) {
  TempDir dir;
  auto outbox = OpenOrDie(dir.path());
  ASSERT_TRUE(outbox->Add(MakeReport("pending-key", "t")).ok());
  auto refused = outbox->Add(MakeReport("old-key", "t"));
  ASSERT_TRUE(refused.ok());
  RejectOrDie(*outbox, refused->ordinal);

  auto reused = outbox->Resend(refused->ordinal, MakeReport("pending-key", "t"));
  EXPECT_EQ(reused.status().code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
  auto unknown = outbox->Resend(refused->ordinal + 100, MakeReport("k", "t"));
  EXPECT_EQ(unknown.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_NE(unknown.status().message().find("被拒绝"), std::string::npos)
      << unknown.status().message();
  ASSERT_EQ(outbox->Rejected()->size(), 1u);
  EXPECT_EQ(PendingKeys(*outbox), std::vector<std::string>{"pending-key"});
}

TEST(Outbox, DiscardRemovesTheRefusedReportAndSaysWhichItWas) {
  TempDir dir;
  auto outbox = OpenOrDie(dir.path());
  auto refused = outbox->Add(MakeReport("old-key", "不要了"));
  auto kept = outbox->Add(MakeReport("kept-key", "留着"));
  ASSERT_TRUE(refused.ok() && kept.ok());
  RejectOrDie(*outbox, refused->ordinal);
  RejectOrDie(*outbox, kept->ordinal);

  auto discarded = outbox->Discard(refused->ordinal);
  ASSERT_TRUE(discarded.ok()) << discarded.status().ToString();
  EXPECT_EQ(discarded->report.title(), "不要了");
  EXPECT_EQ(discarded->error.code(), v1::ERROR_CODE_UNKNOWN_UNIT);
  auto rejected = outbox->Rejected();
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_EQ((*rejected)[0].report.title(), "留着");
  EXPECT_EQ(FilesIn(dir / "rejected"), 2u);
  EXPECT_EQ(outbox->Discard(refused->ordinal).status().code(),
            v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_TRUE(outbox->Unreadable().empty());
}

TEST(Outbox, RefusesMissingOrPendingKey) {
  TempDir dir;
  auto outbox = OpenOrDie(dir.path());
  auto missing = outbox->Add(MakeReport("", "t"));
  EXPECT_EQ(missing.status().code(), v1::ERROR_CODE_MISSING_FIELD);
  ASSERT_TRUE(outbox->Add(MakeReport("same", "t")).ok());
  auto again = outbox->Add(MakeReport("same", "t"));
  EXPECT_EQ(again.status().code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
  EXPECT_EQ(PendingKeys(*outbox).size(), 1u);
}

TEST(Outbox, LockIsExclusiveInOneProcess) {
  TempDir dir;
  auto first = OpenOrDie(dir.path());
  auto second = Outbox::Open(dir.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_NE(second.status().message().find("发件箱正被另一个程序使用"),
            std::string::npos)
      << second.status().message();
  first.reset();
  EXPECT_TRUE(Outbox::Open(dir.path()).ok());  // released on close
}

TEST(Outbox, LockIsExclusiveAcrossProcesses) {
  TempDir dir;
  auto held = OpenOrDie(dir.path());
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto other = Outbox::Open(dir.path());
    _exit(other.ok() ? 0 : 7);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST(Outbox, ReportsCorruptFilesWithoutCrashing) {
  TempDir dir;
  ASSERT_NE(OpenOrDie(dir.path()), nullptr);  // creates the folders
  const fs::path pending = dir.path() / "pending";
  std::string good;
  ASSERT_TRUE(MakeReport("good", "t").SerializeToString(&good));
  WriteRaw(pending / "000000000002-good.report", good);
  WriteRaw(pending / "000000000005-bad.report", "\xff\xff\xff\xff");
  WriteRaw(pending / "000000000006-empty.report", "");
  WriteRaw(pending / "notes.txt", "hello");
  WriteRaw(pending / "000000000009-half.report.tmp", "partial");

  auto outbox = OpenOrDie(dir.path());
  ASSERT_NE(outbox, nullptr);
  EXPECT_EQ(PendingKeys(*outbox), std::vector<std::string>{"good"});
  const auto unreadable = outbox->Unreadable();
  EXPECT_EQ(unreadable.size(), 3u);
  for (const auto& line : unreadable) {
    EXPECT_EQ(line.rfind("pending/", 0), 0u) << line;
  }
  // Leftover temporary files are removed; corrupt ones are kept.
  EXPECT_FALSE(fs::exists(pending / "000000000009-half.report.tmp"));
  EXPECT_TRUE(fs::exists(pending / "000000000005-bad.report"));
  // New ordinals never collide with the corrupt files.
  auto added = outbox->Add(MakeReport("new", "t"));
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->ordinal, 7u);
}

TEST(Outbox, CorruptRejectedErrorIsReported) {
  TempDir dir;
  auto outbox = OpenOrDie(dir.path());
  auto entry = outbox->Add(MakeReport("k", "t"));
  ASSERT_TRUE(entry.ok());
  v1::Error error;
  error.set_code(v1::ERROR_CODE_NOT_URGENT);
  ASSERT_TRUE(outbox->Reject(entry->ordinal, error).ok());
  for (const auto& file : fs::directory_iterator(dir.path() / "rejected")) {
    if (file.path().extension() == ".error") WriteRaw(file.path(), "\xff\xff");
  }
  auto rejected = outbox->Rejected();
  ASSERT_TRUE(rejected.ok());
  EXPECT_TRUE(rejected->empty());
  EXPECT_EQ(outbox->Unreadable().size(), 1u);
}

}  // namespace
}  // namespace xinbao::client
