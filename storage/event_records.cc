// ReportStore: the EventBook's records (events, open_events families).
// Event states are written either with the reports that changed them
// (Append's EventHook) or alone (PutEvents); read by point and by scan of
// the open ones.
#include <rocksdb/iterator.h>
#include <rocksdb/snapshot.h>

#include <string>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

namespace {

bool IsOpen(const v1::EventState& event) {
  return !event.closed() && event.merged_into().empty();
}

}  // namespace

rocksdb::Status ReportStore::Impl::AddEventsToBatch(
    std::span<const v1::EventState* const> events) {
  rocksdb::Status status;
  for (const v1::EventState* event : events) {
    if (event == nullptr || event->event_id().empty() ||
        layout::HasNul(event->event_id())) {
      return rocksdb::Status::InvalidArgument("event id empty or with NUL");
    }
    if (!event->SerializeToString(&entry)) {
      return rocksdb::Status::InvalidArgument("event state too large");
    }
    status = batch.Put(family(Family::kEvents), event->event_id(), entry);
    if (!status.ok()) return status;
    status = IsOpen(*event)
                 ? batch.Put(family(Family::kOpenEvents), event->event_id(), "")
                 : batch.Delete(family(Family::kOpenEvents), event->event_id());
    if (!status.ok()) return status;
  }
  return status;
}

Status ReportStore::PutEvents(std::span<const v1::EventState* const> events) {
  Impl& impl = *impl_;
  if (events.empty()) return Status::Ok();
  impl.batch.Clear();
  rocksdb::Status status = impl.AddEventsToBatch(events);
  if (status.ok()) status = impl.db->Write(impl.write_options, &impl.batch);
  impl.batch.Clear();
  if (!status.ok()) return StorageFailure("保存事件状态失败", status);
  return Status::Ok();
}

Result<std::optional<v1::EventState>> ReportStore::GetEvent(
    std::string_view event_id) const {
  rocksdb::PinnableSlice bytes;
  rocksdb::Status status =
      impl_->db->Get(rocksdb::ReadOptions(), impl_->family(Family::kEvents),
                     event_id, &bytes);
  if (status.IsNotFound()) return std::optional<v1::EventState>();
  if (!status.ok()) return StorageFailure("读取事件失败", status);
  v1::EventState event;
  if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Corruption("事件 " + std::string(event_id) + " 的记录无法解析");
  }
  return std::optional<v1::EventState>(std::move(event));
}

Status ReportStore::ScanOpenEvents(const EventVisitor& visit) const {
  rocksdb::ManagedSnapshot snapshot(impl_->db.get());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(options, impl_->family(Family::kOpenEvents)));
  v1::EventState event;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    rocksdb::PinnableSlice bytes;
    rocksdb::Status status = impl_->db->Get(
        options, impl_->family(Family::kEvents), it->key(), &bytes);
    if (!status.ok()) {
      return status.IsNotFound()
                 ? Corruption("未结事件 " + it->key().ToString() + " 没有记录")
                 : StorageFailure("读取事件失败", status);
    }
    if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return Corruption("事件 " + it->key().ToString() + " 的记录无法解析");
    }
    if (!visit(event)) return Status::Ok();
  }
  if (!it->status().ok()) return StorageFailure("扫描事件失败", it->status());
  return Status::Ok();
}

}  // namespace xinbao::storage
