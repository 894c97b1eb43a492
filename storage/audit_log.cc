// ReportStore: the audit log (audit family) — security refusals and
// registry changes, numbered in the order they were written.
#include <rocksdb/iterator.h>

#include <string>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

Status ReportStore::Impl::RecoverNextAudit() {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(Family::kAudit)));
  it->SeekToLast();
  std::lock_guard<std::mutex> lock(audit_mutex);
  next_audit = 1;
  if (!it->Valid()) {
    if (!it->status().ok()) return StorageFailure("读取审计日志失败", it->status());
    return Status::Ok();
  }
  if (it->key().size() != layout::kSequenceSize) {
    return Corruption("审计记录键长度不对");
  }
  next_audit = layout::DecodeFixed64(it->key().data()) + 1;
  return Status::Ok();
}

Status ReportStore::AppendAudit(v1::AuditRecord* record) {
  Impl& impl = *impl_;
  std::lock_guard<std::mutex> lock(impl.audit_mutex);
  record->set_sequence(impl.next_audit);
  std::string key, value;
  layout::AppendSequenceKey(&key, impl.next_audit);
  if (!record->SerializeToString(&value)) {
    return Status(v1::ERROR_CODE_MESSAGE_TOO_LARGE, "审计记录太大");
  }
  // Its own batch and links: this may run on any thread, beside the
  // committer's Append (WriteLinked orders the two).
  rocksdb::WriteBatch batch;
  std::vector<PendingLink> links;
  rocksdb::Status status = batch.Put(impl.family(Family::kAudit), key, value);
  AddPendingLink(&links, v1::CHAIN_RECORD_KIND_AUDIT, key, value,
                 record->at_ms());
  if (status.ok()) status = impl.WriteLinked(&batch, &links);
  if (!status.ok()) return StorageFailure("写审计日志失败", status);
  ++impl.next_audit;
  return Status::Ok();
}

Status ReportStore::ScanAudit(uint64_t first, std::size_t limit,
                              const AuditVisitor& visit) const {
  std::string lower;
  layout::AppendSequenceKey(&lower, first);
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(
      rocksdb::ReadOptions(), impl_->family(Family::kAudit)));
  v1::AuditRecord record;
  std::size_t visited = 0;
  for (it->Seek(lower); it->Valid() && visited < limit; it->Next(), ++visited) {
    if (!record.ParseFromArray(it->value().data(),
                               static_cast<int>(it->value().size()))) {
      return Corruption("审计记录无法解析");
    }
    if (!visit(record)) return Status::Ok();
  }
  if (!it->status().ok()) return StorageFailure("读取审计日志失败", it->status());
  return Status::Ok();
}

}  // namespace xinbao::storage
