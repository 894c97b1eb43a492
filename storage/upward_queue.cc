// The reporting tree's part of the store (docs/HIERARCHY.md): the upward
// queue of reports that go to the parent broker, its cursor, and the
// senders' link positions that keep what a child forwards in its order.
#include <rocksdb/iterator.h>

#include <mutex>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {
namespace {

constexpr size_t kUpwardValueSize = 16;

}  // namespace

Status ReportStore::Impl::RecoverQueueTail(Family queue, std::atomic<uint64_t>* next,
                                           std::string_view what) {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(queue)));
  it->SeekToLast();
  if (it->Valid()) {
    if (it->key().size() != layout::kSequenceSize) {
      return Corruption(std::string(what) + "的键长度不对");
    }
    next->store(layout::DecodeFixed64(it->key().data()) + 1);
  } else if (!it->status().ok()) {
    return StorageFailure("读取" + std::string(what) + "失败", it->status());
  }
  return Status::Ok();
}

Status ReportStore::Impl::RecoverUpward() {
  XINBAO_RETURN_IF_ERROR(RecoverQueueTail(Family::kUpward, &next_upward, "上报队列"));
  std::lock_guard<std::mutex> lock(link_mutex);
  link_positions.clear();
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(Family::kLinks)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->value().size() != layout::kSequenceSize) {
      return Corruption("下级转报位置的长度不对");
    }
    link_positions[it->key().ToString()] =
        layout::DecodeFixed64(it->value().data());
  }
  if (!it->status().ok()) return StorageFailure("读取下级转报位置失败", it->status());
  return Status::Ok();
}

rocksdb::Status ReportStore::Impl::AddUpwardToBatch(const EventWrites& writes) {
  rocksdb::Status status;
  std::string key;
  for (const UpwardEntry& up : writes.upward) {
    key.clear();
    layout::PutFixed64(&key, next_upward.load(std::memory_order_relaxed) +
                                 upward_pending);
    entry.clear();
    layout::PutFixed64(&entry, up.sequence);
    layout::PutFixed64(&entry, static_cast<uint64_t>(up.queued_at_ms));
    status = batch.Put(family(Family::kUpward), key, entry);
    if (!status.ok()) return status;
    ++upward_pending;
  }
  return status;
}

Status ReportStore::Impl::CheckLinkOrder(const v1::Report& report, bool repeat,
                                         bool* moved) {
  if (!report.has_forwarded()) return Status::Ok();
  const v1::Forwarding& forwarded = report.forwarded();
  // 越级: taken from its unit directly, no sender's queue to keep in order.
  if (forwarded.hops().empty() && forwarded.link_position() == 0) {
    return Status::Ok();
  }
  if (forwarded.hops().empty() || forwarded.link_position() == 0) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  "转报的报告须带经由的信息服务（hops）和它在发送方上报队列中的位置",
                  "report.forwarded.link_position");
  }
  const std::string& sender = forwarded.hops().rbegin()->broker_id();
  if (layout::HasNul(sender)) return NulInName("report.forwarded.hops.broker_id");
  uint64_t last = 0;
  if (auto in_batch = batch_link_positions.find(sender);
      in_batch != batch_link_positions.end()) {
    last = in_batch->second;
  } else {
    std::lock_guard<std::mutex> lock(link_mutex);
    if (auto stored = link_positions.find(sender); stored != link_positions.end()) {
      last = stored->second;
    }
  }
  // A resend of what this sender's order already passed: nothing to move.
  if (repeat && forwarded.link_position() <= last) return Status::Ok();
  // 0: nothing from this sender yet — the first one it sends is taken.
  if (last != 0 && forwarded.after_position() != last) {
    return Status(v1::ERROR_CODE_OUT_OF_ORDER,
                  "下级 " + sender + " 转报的第 " +
                      std::to_string(forwarded.link_position()) +
                      " 条排在它的第 " + std::to_string(forwarded.after_position()) +
                      " 条之后，而本级收到它的最后一条是第 " + std::to_string(last) +
                      " 条：请从最早未确认的一条起按顺序重发",
                  "report.forwarded.after_position");
  }
  batch_link_positions[sender] = forwarded.link_position();
  if (moved != nullptr) *moved = true;
  return Status::Ok();
}

rocksdb::Status ReportStore::Impl::AddLinksToBatch() {
  rocksdb::Status status;
  std::string position;
  for (const auto& [sender, last] : batch_link_positions) {
    position.clear();
    layout::PutFixed64(&position, last);
    status = batch.Put(family(Family::kLinks), sender, position);
    if (!status.ok()) return status;
  }
  return status;
}

void ReportStore::Impl::KeepUpwardAndLinks() {
  next_upward.fetch_add(upward_pending, std::memory_order_release);
  upward_pending = 0;
  next_duban_up.fetch_add(duban_up_pending, std::memory_order_release);
  duban_up_pending = 0;
  if (!batch_down_tails.empty()) {
    std::lock_guard<std::mutex> lock(down_mutex);
    for (auto& [unit, tail] : batch_down_tails) down_tails[unit] = tail;
    batch_down_tails.clear();
  }
  std::lock_guard<std::mutex> lock(link_mutex);
  for (auto& [sender, position] : batch_link_positions) {
    link_positions[sender] = position;
  }
  batch_link_positions.clear();
}

Result<std::vector<UpwardEntry>> ReportStore::ReadUpward(
    uint64_t after, std::size_t limit) const {
  std::vector<UpwardEntry> entries;
  if (limit == 0) return entries;
  // Only what is published: an entry of a batch still being written is in
  // RocksDB a moment before the tail (and its report's sequence) moves,
  // and a cursor set past the tail would be refused.
  const uint64_t tail = UpwardTail();
  std::string start;
  layout::PutFixed64(&start, after + 1);
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(
      rocksdb::ReadOptions(), impl_->family(Family::kUpward)));
  for (it->Seek(start); it->Valid() && entries.size() < limit; it->Next()) {
    if (it->key().size() != layout::kSequenceSize ||
        it->value().size() != kUpwardValueSize) {
      return Corruption("上报队列的条目长度不对");
    }
    const uint64_t position = layout::DecodeFixed64(it->key().data());
    if (position > tail) break;
    entries.push_back(UpwardEntry{
        position,
        layout::DecodeFixed64(it->value().data()),
        static_cast<int64_t>(layout::DecodeFixed64(it->value().data() + 8))});
  }
  if (!it->status().ok()) return StorageFailure("读取上报队列失败", it->status());
  return entries;
}

uint64_t ReportStore::UpwardTail() const {
  return impl_->next_upward.load(std::memory_order_acquire) - 1;
}

Result<UpwardProgress> ReportStore::UpwardCursor() const {
  rocksdb::PinnableSlice bytes;
  const rocksdb::Status status =
      impl_->db->Get(rocksdb::ReadOptions(), impl_->family(Family::kDefault),
                     layout::kUpwardCursorKey, &bytes);
  if (status.IsNotFound()) return UpwardProgress{};
  if (!status.ok()) return StorageFailure("读取上报游标失败", status);
  if (bytes.size() != kUpwardValueSize) return Corruption("上报游标长度不对");
  return UpwardProgress{layout::DecodeFixed64(bytes.data()),
                        layout::DecodeFixed64(bytes.data() + 8)};
}

Status ReportStore::SetUpwardCursor(const UpwardProgress& progress) {
  Impl& impl = *impl_;
  if (impl.read_only) {
    return ReadOnlyStore();
  }
  if (progress.answered > UpwardTail() || progress.accepted > progress.answered) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "上报队列只到第 " + std::to_string(UpwardTail()) + " 条，不能把游标设到第 " +
                      std::to_string(progress.answered) + " 条（已收 " +
                      std::to_string(progress.accepted) + " 条）",
                  "position");
  }
  std::lock_guard<std::mutex> lock(impl.cursor_mutex);
  Result<UpwardProgress> stored = UpwardCursor();
  if (!stored.ok()) return stored.status();
  if (progress.answered <= stored->answered) return Status::Ok();
  std::string value;
  layout::PutFixed64(&value, progress.answered);
  layout::PutFixed64(&value, progress.accepted);
  rocksdb::WriteOptions options;
  options.sync = false;
  const rocksdb::Status status = impl.db->Put(
      options, impl.family(Family::kDefault), layout::kUpwardCursorKey, value);
  if (!status.ok()) return StorageFailure("保存上报游标失败", status);
  return Status::Ok();
}

Status ReportStore::RecordUpwardRefusal(uint64_t position,
                                        const v1::Error& error) {
  if (impl_->read_only) {
    return ReadOnlyStore();
  }
  std::string key;
  layout::PutFixed64(&key, position);
  rocksdb::WriteOptions options;
  options.sync = false;
  const rocksdb::Status status =
      impl_->db->Put(options, impl_->family(Family::kUpwardRefused), key,
                     error.SerializeAsString());
  if (!status.ok()) return StorageFailure("保存上级拒收记录失败", status);
  return Status::Ok();
}

Result<std::vector<UpwardRefusal>> ReportStore::UpwardRefusals(
    std::size_t limit) const {
  std::vector<UpwardRefusal> refusals;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(
      rocksdb::ReadOptions(), impl_->family(Family::kUpwardRefused)));
  for (it->SeekToFirst(); it->Valid() && refusals.size() < limit; it->Next()) {
    UpwardRefusal refusal;
    if (it->key().size() != layout::kSequenceSize ||
        !refusal.error.ParseFromArray(it->value().data(),
                                      static_cast<int>(it->value().size()))) {
      return Corruption("上级拒收记录无法解析");
    }
    refusal.position = layout::DecodeFixed64(it->key().data());
    refusals.push_back(std::move(refusal));
  }
  if (!it->status().ok()) return StorageFailure("读取上级拒收记录失败", it->status());
  return refusals;
}

uint64_t ReportStore::LinkPosition(std::string_view broker_id) const {
  std::lock_guard<std::mutex> lock(impl_->link_mutex);
  auto found = impl_->link_positions.find(std::string(broker_id));
  return found == impl_->link_positions.end() ? 0 : found->second;
}

}  // namespace xinbao::storage
