// ReportStore: the EventBook's records (events, open_events,
// event_history families; storage/state_records.h), the feed sequence and
// the feed snapshot. Event states and 督办 items are written either with
// the reports that changed them (Append's EventHook) or alone
// (PutEvents).
#include <rocksdb/iterator.h>
#include <rocksdb/snapshot.h>

#include <optional>
#include <string>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"
#include "storage/state_records.h"

namespace xinbao::storage {

namespace {

bool IsOpen(const v1::EventState& event) {
  return !event.closed() && event.merged_into().empty();
}

}  // namespace

rocksdb::Status ReportStore::Impl::AddEventsToBatch(const EventWrites& writes) {
  rocksdb::Status status;
  for (const v1::EventState* event : writes.events) {
    if (event == nullptr) return rocksdb::Status::InvalidArgument("no event");
    status = AddStateToBatch(*this, kEventFamilies, event->event_id(),
                             IsOpen(*event), event->updated_at_ms(), *event);
    if (!status.ok()) return status;
  }
  for (const v1::DubanState* item : writes.items) {
    if (item == nullptr) return rocksdb::Status::InvalidArgument("no item");
    status = AddStateToBatch(*this, kDubanFamilies, item->item().item_id(),
                             !item->closed(), item->updated_at_ms(), *item);
    if (!status.ok()) return status;
  }
  status = AddCaibianToBatch(writes);
  if (!status.ok()) return status;
  status = AddUpwardToBatch(writes);
  if (status.ok()) status = AddDownwardToBatch(writes);
  if (status.ok()) status = AddDubanTreeToBatch(writes);
  if (!status.ok()) return status;
  if (writes.feed_sequence != 0) {
    entry.clear();
    layout::PutFixed64(&entry, writes.feed_sequence);
    status = batch.Put(family(Family::kDefault), layout::kFeedSequenceKey, entry);
  }
  return status;
}

Status ReportStore::PutEvents(const EventWrites& writes) {
  Impl& impl = *impl_;
  if (writes.empty() && writes.feed_sequence == 0) {
    return Status::Ok();
  }
  impl.batch.Clear();
  impl.links.clear();
  impl.DropPendingQueues();
  impl.batch_link_positions.clear();
  rocksdb::Status status = impl.AddEventsToBatch(writes);
  if (status.ok()) status = impl.WriteLinked(&impl.batch, &impl.links);
  impl.batch.Clear();
  impl.links.clear();
  if (!status.ok()) {
    impl.DropPendingQueues();
    return StorageFailure("保存事件状态失败", status);
  }
  impl.KeepUpwardAndLinks();
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
  v1::EventState event;
  bool found = false;
  XINBAO_RETURN_IF_ERROR(ReadState(*impl_, rocksdb::ReadOptions(),
                                   kEventFamilies, event_id, &event, &found));
  if (!found) return std::optional<v1::EventState>();
  return std::optional<v1::EventState>(std::move(event));
}

Status ReportStore::ScanOpenEvents(const EventVisitor& visit) const {
  OneInstant at(impl_->db.get());
  const rocksdb::ReadOptions& options = at.options;
  v1::EventState event;
  return ScanOpenStates(*impl_, options, kEventFamilies, &event,
                        [&] { return visit(event); });
}

Result<std::optional<v1::EventState>> ReportStore::GetEventAsOf(
    std::string_view event_id, int64_t at_ms) const {
  if (layout::HasNul(event_id)) return NulInName("event_id");
  v1::EventState event;
  bool found = false;
  XINBAO_RETURN_IF_ERROR(ReadStateAsOf(*impl_, rocksdb::ReadOptions(),
                                       kEventFamilies, event_id, at_ms, &event,
                                       &found));
  if (!found) return std::optional<v1::EventState>();
  return std::optional<v1::EventState>(std::move(event));
}

Status ReportStore::ScanEventsAsOf(int64_t at_ms,
                                   const EventVisitor& visit) const {
  OneInstant at(impl_->db.get());
  const rocksdb::ReadOptions& options = at.options;
  v1::EventState event;
  return ScanStatesAsOf(*impl_, options, kEventFamilies, at_ms, &event,
                        [&] { return visit(event); });
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
  OneInstant at(impl_->db.get());
  const rocksdb::ReadOptions& options = at.options;
  v1::EventState event;
  return ScanAllStates(*impl_, options, kEventFamilies, &event,
                       [&] { return visit(event); });
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
  v1::EventState event;
  XINBAO_RETURN_IF_ERROR(
      ScanOpenStates(*impl_, options, kEventFamilies, &event, [&] {
        out->open_events.push_back(event);
        return true;
      }));
  v1::DubanState item;
  XINBAO_RETURN_IF_ERROR(
      ScanOpenStates(*impl_, options, kDubanFamilies, &item, [&] {
        out->open_items.push_back(item);
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
