// 下发: what this broker holds for its child brokers (docs/HIERARCHY.md,
// "Back down the tree") — a queue per child unit, written in the batch of
// what it queues, read by the child's pulls, with the child's receipt —
// and, as a child itself, how far it has stored its parent's queue.
#include <rocksdb/iterator.h>

#include <cstdint>
#include <mutex>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {
namespace {

// kind(8) sequence(8) queued_at_ms(8), then the entry's ref (may be empty).
constexpr size_t kDownwardValueSize = 24;

// unit \0 position(8); position 0 is the child's receipt.
std::string DownwardKey(std::string_view unit_id, uint64_t position) {
  std::string key(unit_id);
  key.push_back('\0');
  layout::PutFixed64(&key, position);
  return key;
}

Status BadUnit(std::string_view unit_id) {
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "下级单位编号不能为空，也不能含 NUL：\"" + std::string(unit_id) + "\"",
                "unit_id");
}

bool UsableUnit(std::string_view unit_id) {
  return !unit_id.empty() && !layout::HasNul(unit_id);
}

}  // namespace

Status ReadOnlyStore() {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE, "报告库以只读方式打开，不能写入");
}

// A forward-only fixed64 counter (report_store_impl.h) at `key` of
// `family`: the child's receipt (parent side) or the parent's last
// position stored (child side). 0 when absent.
Result<uint64_t> ReadCounter(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                             std::string_view key, std::string_view what) {
  rocksdb::PinnableSlice bytes;
  const rocksdb::Status status =
      db.Get(rocksdb::ReadOptions(), family, rocksdb::Slice(key.data(), key.size()),
             &bytes);
  if (status.IsNotFound()) return uint64_t{0};
  if (!status.ok()) return StorageFailure("读取" + std::string(what) + "失败", status);
  if (bytes.size() != layout::kSequenceSize) {
    return Corruption(std::string(what) + "长度不对");
  }
  return layout::DecodeFixed64(bytes.data());
}

// Moves the counter to `position` unless it is there or past it already.
// Its own write, not synced. The caller holds the cursor mutex.
Status RaiseCounter(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                    std::string_view key, uint64_t position, std::string_view what) {
  Result<uint64_t> stored = ReadCounter(db, family, key, what);
  if (!stored.ok()) return stored.status();
  if (position <= *stored) return Status::Ok();
  std::string value;
  layout::PutFixed64(&value, position);
  rocksdb::WriteOptions options;
  options.sync = false;
  const rocksdb::Status status =
      db.Put(options, family, rocksdb::Slice(key.data(), key.size()), value);
  if (!status.ok()) return StorageFailure("保存" + std::string(what) + "失败", status);
  return Status::Ok();
}


Status ReportStore::Impl::RecoverDownward() {
  std::lock_guard<std::mutex> lock(down_mutex);
  down_tails.clear();
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(Family::kDownward)));
  // One child at a time: its last key, then on past its keys — not every
  // item ever queued.
  for (it->SeekToFirst(); it->Valid();) {
    const rocksdb::Slice first = it->key();
    if (first.size() < layout::kSequenceSize + 2 ||
        first[first.size() - layout::kSequenceSize - 1] != '\0') {
      return Corruption("下发队列的键格式不对");
    }
    const std::string unit(first.data(), first.size() - layout::kSequenceSize - 1);
    it->SeekForPrev(DownwardKey(unit, UINT64_MAX));
    if (!it->Valid()) break;
    const uint64_t position =
        layout::DecodeFixed64(it->key().data() + it->key().size() - layout::kSequenceSize);
    if (position != 0) down_tails[unit] = position;  // 0: only its receipt
    it->Seek(unit + '\x01');  // past "unit\0…"
  }
  if (!it->status().ok()) return StorageFailure("读取下发队列失败", it->status());
  return Status::Ok();
}

rocksdb::Status ReportStore::Impl::AddDownwardToBatch(const EventWrites& writes) {
  rocksdb::Status status;
  for (const DownwardEntry& down : writes.downward) {
    if (!UsableUnit(down.unit_id)) {
      return rocksdb::Status::InvalidArgument("downward unit");
    }
    auto pending = batch_down_tails.find(down.unit_id);
    if (pending == batch_down_tails.end()) {
      std::lock_guard<std::mutex> lock(down_mutex);
      auto published = down_tails.find(down.unit_id);
      pending = batch_down_tails
                    .emplace(down.unit_id,
                             published == down_tails.end() ? 0 : published->second)
                    .first;
    }
    const uint64_t position = ++pending->second;
    entry.clear();
    layout::PutFixed64(&entry, static_cast<uint64_t>(down.kind));
    layout::PutFixed64(&entry, down.sequence);
    layout::PutFixed64(&entry, static_cast<uint64_t>(down.queued_at_ms));
    entry.append(down.ref);
    status = batch.Put(family(Family::kDownward), DownwardKey(down.unit_id, position),
                       entry);
    if (!status.ok()) return status;
  }
  return status;
}

void ReportStore::Impl::DropPendingQueues() {
  upward_pending = 0;
  duban_up_pending = 0;
  batch_down_tails.clear();
}

Result<std::vector<DownwardEntry>> ReportStore::ReadDownward(
    std::string_view unit_id, uint64_t after, std::size_t limit) const {
  std::vector<DownwardEntry> entries;
  if (!UsableUnit(unit_id)) return BadUnit(unit_id);
  if (limit == 0) return entries;
  const uint64_t tail = DownwardTail(unit_id);
  if (after >= tail) return entries;
  const std::string start = DownwardKey(unit_id, after + 1);
  const std::string prefix = DownwardKey(unit_id, 0).substr(0, unit_id.size() + 1);
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(
      rocksdb::ReadOptions(), impl_->family(Family::kDownward)));
  for (it->Seek(start); it->Valid() && entries.size() < limit; it->Next()) {
    const rocksdb::Slice key = it->key();
    if (!key.starts_with(prefix) ||
        key.size() != prefix.size() + layout::kSequenceSize) {
      break;
    }
    if (it->value().size() < kDownwardValueSize) {
      return Corruption("下发队列的条目长度不对");
    }
    const uint64_t position = layout::DecodeFixed64(key.data() + prefix.size());
    if (position > tail) break;
    const char* value = it->value().data();
    entries.push_back(DownwardEntry{
        std::string(unit_id), position,
        static_cast<v1::DownwardKind>(layout::DecodeFixed64(value)),
        layout::DecodeFixed64(value + 8),
        static_cast<int64_t>(layout::DecodeFixed64(value + 16)),
        std::string(value + kDownwardValueSize, it->value().size() - kDownwardValueSize)});
  }
  if (!it->status().ok()) return StorageFailure("读取下发队列失败", it->status());
  return entries;
}

uint64_t ReportStore::DownwardTail(std::string_view unit_id) const {
  std::lock_guard<std::mutex> lock(impl_->down_mutex);
  auto found = impl_->down_tails.find(std::string(unit_id));
  return found == impl_->down_tails.end() ? 0 : found->second;
}

std::map<std::string, uint64_t> ReportStore::DownwardTails() const {
  std::lock_guard<std::mutex> lock(impl_->down_mutex);
  return impl_->down_tails;
}

Result<uint64_t> ReportStore::DownwardFetched(std::string_view unit_id) const {
  if (!UsableUnit(unit_id)) return BadUnit(unit_id);
  return ReadCounter(*impl_->db, impl_->family(Family::kDownward),
                     DownwardKey(unit_id, 0), "下级回执");
}

Status ReportStore::SetDownwardFetched(std::string_view unit_id, uint64_t position) {
  Impl& impl = *impl_;
  if (impl.read_only) return ReadOnlyStore();
  if (!UsableUnit(unit_id)) return BadUnit(unit_id);
  const uint64_t tail = DownwardTail(unit_id);
  if (position > tail) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "本级给 " + std::string(unit_id) + " 的下发只到第 " +
                      std::to_string(tail) + " 条，不能确认到第 " +
                      std::to_string(position) + " 条",
                  "downward.after");
  }
  std::lock_guard<std::mutex> lock(impl.cursor_mutex);
  return RaiseCounter(*impl.db, impl.family(Family::kDownward),
                      DownwardKey(unit_id, 0), position, "下级回执");
}

Result<uint64_t> ReportStore::DownwardReceived() const {
  return ReadCounter(*impl_->db, impl_->family(Family::kDefault),
                     layout::kDownwardReceivedKey, "下发游标");
}

Status ReportStore::SetDownwardReceived(uint64_t position) {
  Impl& impl = *impl_;
  if (impl.read_only) return ReadOnlyStore();
  std::lock_guard<std::mutex> lock(impl.cursor_mutex);
  return RaiseCounter(*impl.db, impl.family(Family::kDefault),
                      layout::kDownwardReceivedKey, position, "下发游标");
}

}  // namespace xinbao::storage
