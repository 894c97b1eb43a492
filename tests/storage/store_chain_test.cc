// The archive chain: every history record is linked as it is written, and
// VerifyChain finds each way stored history can be changed behind the
// broker's back — a record edited, deleted or slipped in, a link rewritten
// or cut off — naming the first break. Also: the head survives a reopen,
// an older store gets linked when opened, a backup carries the head, and
// ReadChain pages through a time range.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "proto/chain_hash.h"
#include "storage/layout.h"
#include "storage/report_store.h"
#include "tests/storage/raw_store.h"
#include "tests/storage/store_fixtures.h"
#include "tests/support/temp_dir.h"

namespace xinbao::storage {
namespace {

using testing::TempDir;

constexpr int64_t kNow = 1'764'000'000'000;  // 2025-11-24

std::string SequenceKey(uint64_t sequence) {
  std::string key;
  layout::AppendSequenceKey(&key, sequence);
  return key;
}

// Three reports, an event changed twice, a 督办 item, an adoption and an
// audit record: one of each kind of linked write.
void FillStore(ReportStore& store) {
  for (int i = 0; i < 3; ++i) {
    AppendOne(store, General("chengguan", "k" + std::to_string(i)), kNow + i);
  }
  v1::EventState event;
  event.set_event_id("ev-1");
  event.set_title("河口镇一处民房倒塌");
  event.set_updated_at_ms(kNow + 10);
  ASSERT_TRUE(store.PutEvents(EventWrites{{&event}}).ok());
  event.set_updated_at_ms(kNow + 20);
  event.set_closed(true);
  v1::DubanState item;
  item.mutable_item()->set_item_id("db-1");
  item.set_updated_at_ms(kNow + 20);
  v1::Adoption adoption;
  adoption.set_adoption_id("ad-1");
  adoption.set_report_sequence(1);
  adoption.set_recorded_at_ms(kNow + 20);
  EventWrites writes{{&event}};
  writes.items = {&item};
  writes.adoptions = {&adoption};
  ASSERT_TRUE(store.PutEvents(writes).ok());
  v1::AuditRecord audit;
  audit.set_at_ms(kNow + 30);
  audit.set_user("someone");
  ASSERT_TRUE(store.AppendAudit(&audit).ok());
}

constexpr uint64_t kFilledLinks = 3 + 1 + 3 + 1;

v1::ChainCheck Verify(const ReportStore& store) {
  Result<v1::ChainCheck> check = store.VerifyChain();
  EXPECT_TRUE(check.ok()) << check.status().ToString();
  return check.ok() ? *check : v1::ChainCheck();
}

TEST(StoreChain, EveryKindOfHistoryRecordIsLinkedAndVerifies) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->chain_head().index(), 0u);
  FillStore(*store);
  const v1::ChainHead head = store->chain_head();
  EXPECT_EQ(head.index(), kFilledLinks);
  EXPECT_EQ(head.hash().size(), kChainHashSize);
  const v1::ChainCheck check = Verify(*store);
  EXPECT_TRUE(check.intact()) << check.first_break().reason();
  EXPECT_EQ(check.links_checked(), kFilledLinks);
  EXPECT_EQ(check.records_checked(), kFilledLinks);
  EXPECT_EQ(check.head().hash(), head.hash());
}

TEST(StoreChain, AReportEditedOnDiskIsTheFirstBreak) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    FillStore(*store);
  }
  v1::Report edited;
  ASSERT_TRUE(edited.ParseFromString(
      ReadUnderTheStore(dir.path(), layout::kReportsFamily, SequenceKey(2))));
  edited.set_body("事后改写的内容");
  PutUnderTheStore(dir.path(), layout::kReportsFamily, SequenceKey(2),
                   edited.SerializeAsString());
  auto store = OpenOrDie(dir.path());
  const v1::ChainCheck check = Verify(*store);
  EXPECT_FALSE(check.intact());
  EXPECT_EQ(check.first_break().index(), 2u);
  EXPECT_EQ(check.first_break().kind(), v1::CHAIN_RECORD_KIND_REPORT);
  EXPECT_EQ(check.first_break().record_key(), SequenceKey(2));
  EXPECT_NE(check.first_break().reason().find("记录被改动"), std::string::npos)
      << check.first_break().reason();
}

TEST(StoreChain, ADeletedReportAndAnEditedEventStateAreFound) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    FillStore(*store);
  }
  DeleteUnderTheStore(dir.path(), layout::kReportsFamily, SequenceKey(3));
  auto store = OpenOrDie(dir.path());
  v1::ChainCheck check = Verify(*store);
  EXPECT_FALSE(check.intact());
  EXPECT_EQ(check.first_break().index(), 3u);
  EXPECT_NE(check.first_break().reason().find("记录被删除"), std::string::npos)
      << check.first_break().reason();

  // An event's history entry changed (the first one, link 4).
  store.reset();
  std::string key;
  layout::AppendHistoryKey(&key, "ev-1", kNow + 10);
  v1::EventState rewritten;
  rewritten.set_event_id("ev-1");
  rewritten.set_title("改过的标题");
  PutUnderTheStore(dir.path(), layout::kEventHistoryFamily, key,
                   rewritten.SerializeAsString());
  store = OpenOrDie(dir.path());
  check = Verify(*store);
  EXPECT_EQ(check.first_break().index(), 3u) << "the lowest break comes first";
}

TEST(StoreChain, ARecordSlippedInWithoutALinkIsFound) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    FillStore(*store);
  }
  v1::Report forged = General("hekou", "forged");
  forged.set_sequence(4);
  forged.set_stored_at_ms(kNow + 3);
  PutUnderTheStore(dir.path(), layout::kReportsFamily, SequenceKey(4),
                   forged.SerializeAsString());
  auto store = OpenOrDie(dir.path());
  const v1::ChainCheck check = Verify(*store);
  EXPECT_FALSE(check.intact());
  EXPECT_EQ(check.first_break().index(), 0u);
  EXPECT_EQ(check.first_break().kind(), v1::CHAIN_RECORD_KIND_REPORT);
  EXPECT_EQ(check.first_break().record_key(), SequenceKey(4));
  EXPECT_NE(check.first_break().reason().find("没有链节"), std::string::npos);
}

TEST(StoreChain, ALinkRewrittenToMatchAnEditIsFound) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    FillStore(*store);
  }
  // Edit report 1 and give its link the new digest (but not a new hash:
  // that would need every later link rewritten too).
  v1::Report edited;
  ASSERT_TRUE(edited.ParseFromString(
      ReadUnderTheStore(dir.path(), layout::kReportsFamily, SequenceKey(1))));
  edited.set_title("改过的标题");
  const std::string bytes = edited.SerializeAsString();
  PutUnderTheStore(dir.path(), layout::kReportsFamily, SequenceKey(1), bytes);
  v1::ChainLink link;
  ASSERT_TRUE(link.ParseFromString(
      ReadUnderTheStore(dir.path(), layout::kChainFamily, SequenceKey(1))));
  link.set_record_digest(ChainBytes(ChainDigest(bytes)));
  PutUnderTheStore(dir.path(), layout::kChainFamily, SequenceKey(1),
                   link.SerializeAsString());
  auto store = OpenOrDie(dir.path());
  const v1::ChainCheck check = Verify(*store);
  EXPECT_FALSE(check.intact());
  EXPECT_EQ(check.first_break().index(), 1u);
  EXPECT_NE(check.first_break().reason().find("链节被改动"), std::string::npos)
      << check.first_break().reason();
}

TEST(StoreChain, TheHeadSurvivesAReopenAndTheChainGoesOn) {
  TempDir dir;
  v1::ChainHead head;
  {
    auto store = OpenOrDie(dir.path());
    FillStore(*store);
    head = store->chain_head();
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->chain_head().SerializeAsString(), head.SerializeAsString());
  AppendOne(*store, General("donghu", "after"), kNow + 100);
  EXPECT_EQ(store->chain_head().index(), kFilledLinks + 1);
  EXPECT_TRUE(Verify(*store).intact());
}

TEST(StoreChain, AStateRewrittenInTheSameMillisecondIsCheckedByItsLastLink) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  v1::EventState event;
  event.set_event_id("ev-2");
  event.set_updated_at_ms(kNow);
  ASSERT_TRUE(store->PutEvents(EventWrites{{&event}}).ok());
  event.set_title("同一毫秒里又改了一次");
  ASSERT_TRUE(store->PutEvents(EventWrites{{&event}}).ok());
  EXPECT_EQ(store->chain_head().index(), 2u);
  const v1::ChainCheck check = Verify(*store);
  EXPECT_TRUE(check.intact()) << check.first_break().reason();
  EXPECT_EQ(check.records_checked(), 1u);
}

TEST(StoreChain, AStoreOfFormatOneGetsItsRecordsLinkedWhenOpened) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    FillStore(*store);
  }
  // What the previous version left: no links, format 1.
  for (uint64_t index = 1; index <= kFilledLinks; ++index) {
    DeleteUnderTheStore(dir.path(), layout::kChainFamily, SequenceKey(index));
  }
  std::string one;
  layout::PutFixed64(&one, 1);
  PutUnderTheStore(dir.path(), rocksdb::kDefaultColumnFamilyName,
                   layout::kFormatVersionKey, one);
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->chain_head().index(), kFilledLinks);
  EXPECT_TRUE(Verify(*store).intact());
  store.reset();
  const std::string version = ReadUnderTheStore(
      dir.path(), rocksdb::kDefaultColumnFamilyName, layout::kFormatVersionKey);
  ASSERT_EQ(version.size(), 8u);
  EXPECT_EQ(layout::DecodeFixed64(version.data()), layout::kFormatVersion);
}

TEST(StoreChain, AReadOnlyOpenVerifiesButDoesNotWrite) {
  TempDir dir;
  v1::ChainHead head;
  {
    auto store = OpenOrDie(dir.path());
    FillStore(*store);
    head = store->chain_head();
  }
  StoreOptions options;
  options.read_only = true;
  auto store = OpenOrDie(dir.path(), options);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->chain_head().hash(), head.hash());
  EXPECT_TRUE(Verify(*store).intact());
  v1::Report report = General("chengguan", "ro");
  v1::Report* pointer = &report;
  EXPECT_EQ(store->Append({&pointer, 1}, kNow + 50).at(0).status.code(),
            v1::ERROR_CODE_STORAGE_FAILURE);
}

TEST(StoreChain, ReadChainPagesThroughATimeRangeWithEachRecord) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  FillStore(*store);
  // Links 2..7 lie in [kNow + 1, kNow + 30).
  v1::ExportChainRequest request;
  request.set_from_ms(kNow + 1);
  request.set_until_ms(kNow + 30);
  request.set_limit(4);
  Result<v1::ChainPage> page = store->ReadChain(request);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->entries_size(), 4);
  EXPECT_TRUE(page->more());
  EXPECT_EQ(page->entries(0).link().index(), 2u);
  // The first entry chains from link 1.
  ChainHash prev;
  ASSERT_TRUE(ChainHashOf(page->prev_hash(), &prev));
  uint64_t prev_index = 1;
  std::vector<uint64_t> indexes;
  while (true) {
    for (const v1::ChainEntry& entry : page->entries()) {
      EXPECT_TRUE(
          CheckChainLink(entry.link(), prev_index, prev, &entry.record()).ok());
      prev_index = entry.link().index();
      ASSERT_TRUE(ChainHashOf(entry.link().hash(), &prev));
      indexes.push_back(prev_index);
    }
    if (!page->more()) break;
    request.set_after_index(prev_index);
    page = store->ReadChain(request);
    ASSERT_TRUE(page.ok());
  }
  EXPECT_EQ(indexes, (std::vector<uint64_t>{2, 3, 4, 5, 6, 7}));
}

TEST(StoreChain, ABackupCarriesTheHeadItWasMadeAt) {
  TempDir dir, backups, restored;
  auto store = OpenOrDie(dir.path());
  FillStore(*store);
  const v1::ChainHead head = store->chain_head();
  Result<BackupMade> made = store->Backup(backups.path(), "测试", 0);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(made->chain_head.index(), head.index());
  EXPECT_EQ(made->chain_head.hash(), head.hash());
  EXPECT_EQ(made->note, "测试");
  Result<std::vector<BackupMade>> listed = ReportStore::ListBackups(backups.path());
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).chain_head.hash(), head.hash());
  ASSERT_TRUE(
      ReportStore::Restore(backups.path(), 0, restored.path() / "store").ok());
  auto copy = OpenOrDie(restored.path() / "store");
  EXPECT_EQ(copy->chain_head().hash(), head.hash());
  EXPECT_TRUE(Verify(*copy).intact());
}

}  // namespace
}  // namespace xinbao::storage
