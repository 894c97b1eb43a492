// ReportStore::Resume(): starting to write again after the store stopped
// (see store_stops.h).
#include <filesystem>
#include <string>
#include <system_error>

#include "storage/report_store.h"
#include "storage/report_store_impl.h"
#include "storage/store_stops.h"

namespace xinbao::storage {

void StoreStops::OnBackgroundError(rocksdb::BackgroundErrorReason /*reason*/,
                                   rocksdb::Status* /*error*/) {
  Mark();
}

void StoreStops::OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason /*reason*/,
                                      rocksdb::Status error,
                                      bool* auto_recovery) {
  if (error.IsNoSpace()) *auto_recovery = false;
}

namespace {

// Room wanted beyond the memtables' bytes before a flush is tried: the
// table files' own overhead and a new write-ahead log.
constexpr uint64_t kResumeMargin = 1 << 20;

}  // namespace

Result<bool> ReportStore::Resume() {
  Impl& impl = *impl_;
  if (!impl.stops->Take()) return false;
  // Resuming flushes the memtables: without the room for them it would
  // only fail again (and RocksDB log it), so look at the disk first.
  Result<StoreSize> size = Size();
  std::error_code error;
  const std::filesystem::space_info space =
      std::filesystem::space(impl.dir, error);
  if (size.ok() && !error &&
      space.available < size->memtable_bytes + kResumeMargin) {
    impl.stops->Mark();
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "磁盘空间不足：剩余 " + std::to_string(space.available) +
                      " 字节，恢复写入至少需要 " +
                      std::to_string(size->memtable_bytes + kResumeMargin) +
                      " 字节");
  }
  const rocksdb::Status resumed = impl.db->Resume();
  if (resumed.ok()) return true;
  impl.stops->Mark();
  return StorageFailure("报告库仍不能写入", resumed);
}

}  // namespace xinbao::storage
