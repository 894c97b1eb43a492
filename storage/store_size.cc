// ReportStore::Size(): RocksDB's size properties and its WAL files.
#include <rocksdb/transaction_log.h>

#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

Result<StoreSize> ReportStore::Size() const {
  StoreSize size;
  for (rocksdb::ColumnFamilyHandle* handle : impl_->handles) {
    uint64_t value = 0;
    if (impl_->db->GetIntProperty(
            handle, rocksdb::DB::Properties::kTotalSstFilesSize, &value)) {
      size.sst_bytes += value;
    }
    if (impl_->db->GetIntProperty(
            handle, rocksdb::DB::Properties::kSizeAllMemTables, &value)) {
      size.memtable_bytes += value;
    }
  }
  rocksdb::VectorLogPtr wal_files;
  const rocksdb::Status listed = impl_->db->GetSortedWalFiles(wal_files);
  if (!listed.ok()) return StorageFailure("列出预写日志文件失败", listed);
  for (const std::unique_ptr<rocksdb::LogFile>& file : wal_files) {
    size.wal_bytes += file->SizeFileBytes();
  }
  return size;
}

}  // namespace xinbao::storage
