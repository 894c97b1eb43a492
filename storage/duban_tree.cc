// 督办 across the reporting tree (docs/HIERARCHY.md, "Back down the
// tree"): the parent's items assigned to this broker's unit (上级交办),
// kept as last fetched, and the steps queued to go up to the parent for
// them (签收, 办结报告) with the parent's last answered position. Both are
// written in the batch of what causes them (PutEvents).
#include <rocksdb/iterator.h>

#include <mutex>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

Status ReportStore::Impl::RecoverDubanUp() {
  return RecoverQueueTail(Family::kDubanUp, &next_duban_up, "督办上报队列");
}

rocksdb::Status ReportStore::Impl::AddDubanTreeToBatch(const EventWrites& writes) {
  rocksdb::Status status;
  for (const v1::UpstreamDuban* item : writes.upstream_items) {
    const std::string& id = item->item().item().item_id();
    if (id.empty() || layout::HasNul(id)) {
      return rocksdb::Status::InvalidArgument("upstream item id");
    }
    entry.clear();
    if (!item->SerializeToString(&entry)) {
      return rocksdb::Status::InvalidArgument("upstream item");
    }
    status = batch.Put(family(Family::kUpstreamDuban), id, entry);
    if (!status.ok()) return status;
  }
  std::string key;
  for (const v1::DubanStepRequest& step : writes.steps_up) {
    key.clear();
    layout::PutFixed64(&key, next_duban_up.load(std::memory_order_relaxed) +
                                 duban_up_pending);
    entry.clear();
    if (!step.SerializeToString(&entry)) {
      return rocksdb::Status::InvalidArgument("step up");
    }
    status = batch.Put(family(Family::kDubanUp), key, entry);
    if (!status.ok()) return status;
    ++duban_up_pending;
  }
  return status;
}

Result<std::optional<v1::UpstreamDuban>> ReportStore::GetUpstreamDuban(
    std::string_view item_id) const {
  if (layout::HasNul(item_id)) return NulInName("item_id");
  rocksdb::PinnableSlice bytes;
  const rocksdb::Status status = impl_->db->Get(
      rocksdb::ReadOptions(), impl_->family(Family::kUpstreamDuban),
      rocksdb::Slice(item_id.data(), item_id.size()), &bytes);
  if (status.IsNotFound()) return std::optional<v1::UpstreamDuban>();
  if (!status.ok()) return StorageFailure("读取上级交办事项失败", status);
  v1::UpstreamDuban item;
  if (!item.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Corruption("上级交办事项 " + std::string(item_id) + " 无法解析");
  }
  return std::optional<v1::UpstreamDuban>(std::move(item));
}

Status ReportStore::ScanUpstreamDuban(
    const std::function<bool(const v1::UpstreamDuban&)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(
      rocksdb::ReadOptions(), impl_->family(Family::kUpstreamDuban)));
  v1::UpstreamDuban item;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!item.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Corruption("上级交办事项 " + it->key().ToString() + " 无法解析");
    }
    if (!visit(item)) return Status::Ok();
  }
  if (!it->status().ok()) return StorageFailure("读取上级交办事项失败", it->status());
  return Status::Ok();
}

Result<std::vector<std::pair<uint64_t, v1::DubanStepRequest>>> ReportStore::ReadStepsUp(
    uint64_t after, std::size_t limit) const {
  std::vector<std::pair<uint64_t, v1::DubanStepRequest>> steps;
  const uint64_t tail = StepsUpTail();
  if (limit == 0 || after >= tail) return steps;
  std::string start;
  layout::PutFixed64(&start, after + 1);
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(
      rocksdb::ReadOptions(), impl_->family(Family::kDubanUp)));
  for (it->Seek(start); it->Valid() && steps.size() < limit; it->Next()) {
    if (it->key().size() != layout::kSequenceSize) {
      return Corruption("督办上报队列的键长度不对");
    }
    const uint64_t position = layout::DecodeFixed64(it->key().data());
    if (position > tail) break;
    auto& [at, step] = steps.emplace_back();
    at = position;
    if (!step.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Corruption("督办上报队列第 " + std::to_string(position) + " 条无法解析");
    }
  }
  if (!it->status().ok()) return StorageFailure("读取督办上报队列失败", it->status());
  return steps;
}

uint64_t ReportStore::StepsUpTail() const {
  return impl_->next_duban_up.load(std::memory_order_acquire) - 1;
}

Result<uint64_t> ReportStore::StepsUpAnswered() const {
  return ReadCounter(*impl_->db, impl_->family(Family::kDefault),
                     layout::kDubanUpAnsweredKey, "督办上报游标");
}

Status ReportStore::SetStepsUpAnswered(uint64_t position) {
  Impl& impl = *impl_;
  if (impl.read_only) return ReadOnlyStore();
  if (position > StepsUpTail()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "督办上报队列只到第 " + std::to_string(StepsUpTail()) +
                      " 条，不能确认到第 " + std::to_string(position) + " 条");
  }
  std::lock_guard<std::mutex> lock(impl.cursor_mutex);
  return RaiseCounter(*impl.db, impl.family(Family::kDefault),
                      layout::kDubanUpAnsweredKey, position, "督办上报游标");
}

}  // namespace xinbao::storage
