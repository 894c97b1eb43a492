// ReportStore: the EventBook's records (events, open_events families).
// Event states are written either with the reports that changed them
// (Append's EventHook) or alone (PutEvents); read by point and by scan of
// the open ones.
#include <rocksdb/iterator.h>
#include <rocksdb/snapshot.h>

#include <optional>
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

rocksdb::Status ReportStore::Impl::AddEventsToBatch(const EventWrites& writes) {
  rocksdb::Status status;
  for (const v1::EventState* event : writes.events) {
    if (event == nullptr || event->event_id().empty() ||
        layout::HasNul(event->event_id())) {
      return rocksdb::Status::InvalidArgument("event id empty or with NUL");
    }
    if (!event->SerializeToString(&entry)) {
      return rocksdb::Status::InvalidArgument("event state too large");
    }
    status = batch.Put(family(Family::kEvents), event->event_id(), entry);
    if (!status.ok()) return status;
    key.clear();
    layout::AppendHistoryKey(&key, event->event_id(), event->updated_at_ms());
    status = batch.Put(family(Family::kEventHistory), key, entry);
    if (!status.ok()) return status;
    status = IsOpen(*event)
                 ? batch.Put(family(Family::kOpenEvents), event->event_id(), "")
                 : batch.Delete(family(Family::kOpenEvents), event->event_id());
    if (!status.ok()) return status;
  }
  if (writes.feed_sequence != 0) {
    entry.clear();
    layout::PutFixed64(&entry, writes.feed_sequence);
    status = batch.Put(family(Family::kDefault), layout::kFeedSequenceKey, entry);
  }
  return status;
}

Status ReportStore::PutEvents(const EventWrites& writes) {
  Impl& impl = *impl_;
  if (writes.events.empty() && writes.feed_sequence == 0) return Status::Ok();
  impl.batch.Clear();
  rocksdb::Status status = impl.AddEventsToBatch(writes);
  if (status.ok()) status = impl.db->Write(impl.write_options, &impl.batch);
  impl.batch.Clear();
  if (!status.ok()) return StorageFailure("保存事件状态失败", status);
  return Status::Ok();
}

namespace {

Status ReadFeedSequence(rocksdb::DB* db, const rocksdb::ReadOptions& options,
                        rocksdb::ColumnFamilyHandle* family, uint64_t* out) {
  rocksdb::PinnableSlice bytes;
  rocksdb::Status status =
      db->Get(options, family, layout::kFeedSequenceKey, &bytes);
  *out = 0;
  if (status.IsNotFound()) return Status::Ok();
  if (!status.ok()) return StorageFailure("读取动态序号失败", status);
  if (bytes.size() != layout::kSequenceSize) return Corruption("动态序号长度不对");
  *out = layout::DecodeFixed64(bytes.data());
  return Status::Ok();
}

}  // namespace

Result<uint64_t> ReportStore::FeedSequence() const {
  uint64_t sequence = 0;
  XINBAO_RETURN_IF_ERROR(ReadFeedSequence(impl_->db.get(),
                                          rocksdb::ReadOptions(),
                                          impl_->family(Family::kDefault),
                                          &sequence));
  return sequence;
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

Status ReportStore::Impl::ScanOpenEvents(const rocksdb::ReadOptions& options,
                                         const EventVisitor& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(options, family(Family::kOpenEvents)));
  v1::EventState event;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    rocksdb::PinnableSlice bytes;
    rocksdb::Status status =
        db->Get(options, family(Family::kEvents), it->key(), &bytes);
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

Status ReportStore::ScanOpenEvents(const EventVisitor& visit) const {
  rocksdb::ManagedSnapshot snapshot(impl_->db.get());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  return impl_->ScanOpenEvents(options, visit);
}

Status ReportStore::Impl::ReadEventAsOf(const rocksdb::ReadOptions& options,
                                        std::string_view event_id,
                                        int64_t at_ms,
                                        std::optional<v1::EventState>* out) const {
  out->reset();
  std::string target;
  layout::AppendHistoryKey(&target, event_id, at_ms);
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(options, family(Family::kEventHistory)));
  it->SeekForPrev(target);
  if (!it->Valid()) {
    if (!it->status().ok()) return StorageFailure("读取事件历史失败", it->status());
    return Status::Ok();
  }
  const std::string_view key = it->key().ToStringView();
  // The key found belongs to this event only if it is "event_id \0 time".
  if (key.size() != layout::NamedKeySize(event_id) ||
      key.substr(0, event_id.size() + 1) != target.substr(0, event_id.size() + 1)) {
    return Status::Ok();
  }
  v1::EventState event;
  if (!event.ParseFromArray(it->value().data(),
                            static_cast<int>(it->value().size()))) {
    return Corruption("事件 " + std::string(event_id) + " 的历史记录无法解析");
  }
  *out = std::move(event);
  return Status::Ok();
}

Result<std::optional<v1::EventState>> ReportStore::GetEventAsOf(
    std::string_view event_id, int64_t at_ms) const {
  if (layout::HasNul(event_id)) return NulInName("event_id");
  std::optional<v1::EventState> event;
  XINBAO_RETURN_IF_ERROR(
      impl_->ReadEventAsOf(rocksdb::ReadOptions(), event_id, at_ms, &event));
  return event;
}

Status ReportStore::ScanEventsAsOf(int64_t at_ms,
                                   const EventVisitor& visit) const {
  rocksdb::ManagedSnapshot snapshot(impl_->db.get());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(options, impl_->family(Family::kEvents)));
  std::optional<v1::EventState> event;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    XINBAO_RETURN_IF_ERROR(impl_->ReadEventAsOf(
        options, it->key().ToStringView(), at_ms, &event));
    if (event.has_value() && !visit(*event)) return Status::Ok();
  }
  if (!it->status().ok()) return StorageFailure("扫描事件失败", it->status());
  return Status::Ok();
}

Status ReportStore::Impl::BackfillHistory() {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(Family::kEvents)));
  rocksdb::WriteBatch fill;
  v1::EventState event;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!event.ParseFromArray(it->value().data(),
                              static_cast<int>(it->value().size()))) {
      return Corruption("事件 " + it->key().ToString() + " 的记录无法解析");
    }
    key.clear();
    layout::AppendHistoryKey(&key, event.event_id(), event.updated_at_ms());
    rocksdb::Status status =
        fill.Put(family(Family::kEventHistory), key, it->value());
    if (!status.ok()) return StorageFailure("补写事件历史失败", status);
  }
  if (!it->status().ok()) return StorageFailure("扫描事件失败", it->status());
  rocksdb::Status status = db->Write(write_options, &fill);
  if (!status.ok()) return StorageFailure("补写事件历史失败", status);
  return Status::Ok();
}

Status ReportStore::ScanEvents(const EventVisitor& visit) const {
  rocksdb::ManagedSnapshot snapshot(impl_->db.get());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(options, impl_->family(Family::kEvents)));
  v1::EventState event;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!event.ParseFromArray(it->value().data(),
                              static_cast<int>(it->value().size()))) {
      return Corruption("事件 " + it->key().ToString() + " 的记录无法解析");
    }
    if (!visit(event)) return Status::Ok();
  }
  if (!it->status().ok()) return StorageFailure("扫描事件失败", it->status());
  return Status::Ok();
}

Status ReportStore::ReadFeedSnapshot(std::size_t latest,
                                     FeedSnapshot* out) const {
  rocksdb::ManagedSnapshot snapshot(impl_->db.get());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  *out = FeedSnapshot();
  XINBAO_RETURN_IF_ERROR(ReadFeedSequence(impl_->db.get(), options,
                                          impl_->family(Family::kDefault),
                                          &out->feed_sequence));
  XINBAO_RETURN_IF_ERROR(
      impl_->ScanOpenEvents(options, [out](const v1::EventState& event) {
        out->open_events.push_back(event);
        return true;
      }));
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(options, impl_->family(Family::kReports)));
  for (it->SeekToLast(); it->Valid() && out->latest_reports.size() < latest;
       it->Prev()) {
    v1::Report& report = out->latest_reports.emplace_back();
    if (!report.ParseFromArray(it->value().data(),
                               static_cast<int>(it->value().size()))) {
      return Corruption("第 " +
                        std::to_string(layout::TrailingSequence(
                            it->key().ToStringView())) +
                        " 号报告无法解析");
    }
  }
  if (!it->status().ok()) return StorageFailure("读取最新报告失败", it->status());
  return Status::Ok();
}

}  // namespace xinbao::storage
