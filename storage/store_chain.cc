// ReportStore: the archive chain's reads — its head at open, the linking
// of an older store's records, VerifyChain() and ReadChain() (docs/ARCHIVE.md).
// Writes go through Impl::WriteLinked (chain_links.cc).
#include <rocksdb/iterator.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/chain_links.h"
#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"
#include "storage/state_records.h"

namespace xinbao::storage {
namespace {

// Where each kind of chained record lies: its family and, for the
// adoptions family, the tag of the keys that are records (the 't' keys
// are an index with empty values).
struct ChainedFamily {
  v1::ChainRecordKind kind;
  Family family;
  char tag;  // 0: every key
};

constexpr ChainedFamily kChained[] = {
    {v1::CHAIN_RECORD_KIND_REPORT, Family::kReports, 0},
    {v1::CHAIN_RECORD_KIND_EVENT, Family::kEventHistory, 0},
    {v1::CHAIN_RECORD_KIND_DUBAN, Family::kDubanHistory, 0},
    {v1::CHAIN_RECORD_KIND_BULLETIN_ITEM, Family::kBulletinItemHistory, 0},
    {v1::CHAIN_RECORD_KIND_BULLETIN_ISSUE, Family::kBulletinIssueHistory, 0},
    {v1::CHAIN_RECORD_KIND_COMMISSION, Family::kCommissionHistory, 0},
    {v1::CHAIN_RECORD_KIND_ADOPTION, Family::kAdoptions, layout::kAdoptionTag},
    {v1::CHAIN_RECORD_KIND_AUDIT, Family::kAudit, 0},
};

const ChainedFamily* ChainedOf(v1::ChainRecordKind kind) {
  for (const ChainedFamily& chained : kChained) {
    if (chained.kind == kind) return &chained;
  }
  return nullptr;
}

bool IsRecordKey(const ChainedFamily& chained, std::string_view key) {
  return chained.tag == 0 || (!key.empty() && key.front() == chained.tag);
}

// A record's own time, for the links of an older store's records.
int64_t RecordTime(v1::ChainRecordKind kind, std::string_view key,
                   std::string_view value) {
  const int size = static_cast<int>(value.size());
  switch (kind) {
    case v1::CHAIN_RECORD_KIND_REPORT: {
      v1::Report report;
      return report.ParseFromArray(value.data(), size) ? report.stored_at_ms() : 0;
    }
    case v1::CHAIN_RECORD_KIND_ADOPTION: {
      v1::Adoption adoption;
      return adoption.ParseFromArray(value.data(), size)
                 ? adoption.recorded_at_ms()
                 : 0;
    }
    case v1::CHAIN_RECORD_KIND_AUDIT: {
      v1::AuditRecord record;
      return record.ParseFromArray(value.data(), size) ? record.at_ms() : 0;
    }
    default:
      return key.size() >= layout::kSequenceSize ? layout::HistoryKeyTime(key)
                                                 : 0;
  }
}

std::string IndexKey(uint64_t index) {
  std::string key;
  layout::PutFixed64(&key, index);
  return key;
}

// What the chain says a record should be: the last link naming it.
struct LinkedRecord {
  uint64_t index = 0;
  ChainHash digest{};
  bool seen = false;
};

// The first break found so far: the lowest link index wins; a record no
// link stands for ranks after every link.
class FirstBreak {
 public:
  void Note(uint64_t index, v1::ChainRecordKind kind, std::string_view key,
            std::string reason) {
    const uint64_t rank =
        index == 0 ? std::numeric_limits<uint64_t>::max() : index;
    if (found_ && rank >= rank_) return;
    found_ = true;
    rank_ = rank;
    broken_.set_index(index);
    broken_.set_kind(kind);
    broken_.set_record_key(std::string(key));
    broken_.set_reason(std::move(reason));
  }
  bool found() const { return found_; }
  const v1::ChainBreak& broken() const { return broken_; }

 private:
  bool found_ = false;
  uint64_t rank_ = 0;
  v1::ChainBreak broken_;
};

std::string Where(v1::ChainRecordKind kind, uint64_t index) {
  std::string where = std::string(ChainKindName(kind)) + "记录";
  if (index != 0) where += "（第 " + std::to_string(index) + " 个链节）";
  return where;
}

}  // namespace

Status ReportStore::Impl::RecoverChainHead() {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(Family::kChain)));
  it->SeekToLast();
  std::lock_guard lock(chain_mutex);
  chain = ChainState();
  if (!it->Valid()) {
    if (!it->status().ok()) return StorageFailure("读取存证链失败", it->status());
    return Status::Ok();
  }
  v1::ChainLink link;
  if (it->key().size() != layout::kSequenceSize ||
      !link.ParseFromArray(it->value().data(),
                           static_cast<int>(it->value().size())) ||
      link.index() != layout::DecodeFixed64(it->key().data()) ||
      !ChainHashOf(link.hash(), &chain.hash)) {
    return Corruption("存证链的最后一个链节无法解析");
  }
  chain.index = link.index();
  chain.linked_at_ms = link.linked_at_ms();
  return Status::Ok();
}

Status ReportStore::Impl::BackfillChain() {
  // A backfill cut short by a crash starts again from nothing.
  const std::string first = IndexKey(0);
  const std::string last = IndexKey(std::numeric_limits<uint64_t>::max());
  rocksdb::Status status =
      db->DeleteRange(write_options, family(Family::kChain), first, last);
  if (status.ok()) status = db->Delete(write_options, family(Family::kChain), last);
  if (!status.ok()) return StorageFailure("清理存证链失败", status);
  {
    std::lock_guard lock(chain_mutex);
    chain = ChainState();
  }
  constexpr std::size_t kRecordsPerBatch = 10000;
  rocksdb::WriteBatch fill;
  std::vector<PendingLink> pending;
  for (const ChainedFamily& chained : kChained) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), family(chained.family)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (!IsRecordKey(chained, key)) continue;
      const std::string_view value = it->value().ToStringView();
      AddPendingLink(&pending, chained.kind, key, value,
                     RecordTime(chained.kind, key, value));
      if (pending.size() >= kRecordsPerBatch) {
        status = WriteLinked(&fill, &pending);
        fill.Clear();
        if (!status.ok()) return StorageFailure("补写存证链失败", status);
      }
    }
    if (!it->status().ok()) return StorageFailure("扫描记录失败", it->status());
  }
  status = WriteLinked(&fill, &pending);
  if (!status.ok()) return StorageFailure("补写存证链失败", status);
  return Status::Ok();
}

v1::ChainHead ReportStore::chain_head() const {
  std::lock_guard lock(impl_->chain_mutex);
  return impl_->chain.Head();
}

Result<v1::ChainCheck> ReportStore::VerifyChain() const {
  const auto begin = std::chrono::steady_clock::now();
  const Impl& impl = *impl_;
  OneInstant at(impl.db.get());
  v1::ChainCheck check;
  FirstBreak first;

  // The links, each against the one before; what each says of its record.
  std::unordered_map<std::string, LinkedRecord>
      linked[std::size(kChained)];
  ChainState head;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        impl.db->NewIterator(at.options, impl.family(Family::kChain)));
    v1::ChainLink link;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const uint64_t expected = head.index + 1;
      if (!link.ParseFromArray(it->value().data(),
                               static_cast<int>(it->value().size())) ||
          it->key().size() != layout::kSequenceSize ||
          layout::DecodeFixed64(it->key().data()) != link.index()) {
        first.Note(expected, v1::CHAIN_RECORD_KIND_UNSPECIFIED, {},
                   "链节被改动：第 " + std::to_string(expected) +
                       " 个链节无法解析或与它的键不符");
        break;
      }
      const ChainedFamily* chained = ChainedOf(link.kind());
      Status linked_ok = CheckChainLink(link, head.index, head.hash, nullptr);
      if (linked_ok.ok() && chained == nullptr) {
        linked_ok = Status(v1::ERROR_CODE_INVALID_FIELD,
                           "链节被改动：第 " + std::to_string(expected) +
                               " 个链节的记录种类不明");
      }
      if (!linked_ok.ok()) {
        first.Note(expected, link.kind(), link.record_key(),
                   linked_ok.message());
        break;  // nothing after a broken link can be trusted
      }
      LinkedRecord& record =
          linked[chained - kChained][link.record_key()];
      record.index = link.index();
      ChainHashOf(link.record_digest(), &record.digest);
      head.index = link.index();
      ChainHashOf(link.hash(), &head.hash);
      head.linked_at_ms = link.linked_at_ms();
      check.set_links_checked(check.links_checked() + 1);
    }
    if (!it->status().ok()) return StorageFailure("读取存证链失败", it->status());
  }
  {
    std::lock_guard lock(impl.chain_mutex);
    if (impl.chain.index > head.index && !first.found()) {
      first.Note(head.index + 1, v1::CHAIN_RECORD_KIND_UNSPECIFIED, {},
                 "链节缺失：链在第 " + std::to_string(head.index) +
                     " 个链节就断了，而本程序已链到第 " +
                     std::to_string(impl.chain.index) + " 个");
    }
  }

  // The records, each against its link; then the links whose record is
  // gone.
  for (std::size_t f = 0; f < std::size(kChained); ++f) {
    const ChainedFamily& chained = kChained[f];
    std::unique_ptr<rocksdb::Iterator> it(
        impl.db->NewIterator(at.options, impl.family(chained.family)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (!IsRecordKey(chained, key)) continue;
      check.set_records_checked(check.records_checked() + 1);
      auto found = linked[f].find(std::string(key));
      if (found == linked[f].end()) {
        first.Note(0, chained.kind, key,
                   "记录没有链节：这条" + Where(chained.kind, 0) +
                       "不在存证链上，是绕过本程序写进去的");
        continue;
      }
      found->second.seen = true;
      if (ChainDigest(it->value().ToStringView()) != found->second.digest) {
        first.Note(found->second.index, chained.kind, key,
                   "记录被改动：" + Where(chained.kind, found->second.index) +
                       "与链上的摘要不符");
      }
    }
    if (!it->status().ok()) return StorageFailure("读取记录失败", it->status());
    for (const auto& [key, record] : linked[f]) {
      if (!record.seen) {
        first.Note(record.index, chained.kind, key,
                   "记录被删除：" + Where(chained.kind, record.index) +
                       "已不在库中");
      }
    }
  }
  check.set_intact(!first.found());
  if (first.found()) *check.mutable_first_break() = first.broken();
  *check.mutable_head() = head.Head();
  check.set_took_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - begin)
                        .count());
  return check;
}

Result<v1::ChainPage> ReportStore::ReadChain(
    const v1::ExportChainRequest& request) const {
  const Impl& impl = *impl_;
  OneInstant at(impl.db.get());
  const uint32_t limit =
      request.limit() == 0 ? 1000 : std::min<uint32_t>(request.limit(), 10000);
  v1::ChainPage page;
  *page.mutable_head() = chain_head();

  auto read_link = [&](uint64_t index, v1::ChainLink* link) -> Result<bool> {
    rocksdb::PinnableSlice bytes;
    const rocksdb::Status status = impl.db->Get(
        at.options, impl.family(Family::kChain), IndexKey(index), &bytes);
    if (status.IsNotFound()) return false;
    if (!status.ok()) return StorageFailure("读取存证链失败", status);
    if (!link->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return Corruption("第 " + std::to_string(index) + " 个链节无法解析");
    }
    return true;
  };

  // Link times never step back: the first link at or after from_ms is
  // found by bisection over the indexes.
  uint64_t low = 1, high = page.head().index() + 1;
  v1::ChainLink link;
  while (low < high) {
    const uint64_t mid = low + (high - low) / 2;
    Result<bool> found = read_link(mid, &link);
    if (!found.ok()) return found.status();
    if (*found && link.linked_at_ms() >= request.from_ms()) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  const uint64_t start = std::max(low, request.after_index() + 1);
  ChainHash prev{};
  if (start > 1) {
    Result<bool> found = read_link(start - 1, &link);
    if (!found.ok()) return found.status();
    if (*found) ChainHashOf(link.hash(), &prev);
  }
  page.set_prev_hash(ChainBytes(prev));

  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(at.options, impl.family(Family::kChain)));
  for (it->Seek(IndexKey(start)); it->Valid(); it->Next()) {
    if (!link.ParseFromArray(it->value().data(),
                             static_cast<int>(it->value().size()))) {
      return Corruption("存证链的链节无法解析");
    }
    if (request.until_ms() != 0 && link.linked_at_ms() >= request.until_ms()) {
      break;
    }
    if (static_cast<uint32_t>(page.entries_size()) == limit) {
      page.set_more(true);
      break;
    }
    v1::ChainEntry* entry = page.add_entries();
    *entry->mutable_link() = link;
    if (const ChainedFamily* chained = ChainedOf(link.kind())) {
      rocksdb::PinnableSlice record;
      const rocksdb::Status status =
          impl.db->Get(at.options, impl.family(chained->family),
                       link.record_key(), &record);
      if (status.ok()) {
        entry->set_record(record.data(), record.size());
      } else if (!status.IsNotFound()) {
        return StorageFailure("读取记录失败", status);
      }
    }
  }
  if (!it->status().ok()) return StorageFailure("读取存证链失败", it->status());
  return page;
}

}  // namespace xinbao::storage
