// ReportStore::Pressure(): RocksDB's write-pressure properties.
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

Result<StorePressure> ReportStore::Pressure() const {
  rocksdb::DB& db = *impl_->db;
  StorePressure pressure;
  for (rocksdb::ColumnFamilyHandle* handle : impl_->handles) {
    uint64_t pending = 0;
    if (!db.GetIntProperty(
            handle, rocksdb::DB::Properties::kEstimatePendingCompactionBytes,
            &pending)) {
      return UnknownProperty(
          rocksdb::DB::Properties::kEstimatePendingCompactionBytes);
    }
    pressure.pending_compaction_bytes += pending;
  }
  // The rest are the database's, whichever column family is asked.
  uint64_t stopped = 0;
  const std::pair<const std::string*, uint64_t*> wanted[] = {
      {&rocksdb::DB::Properties::kIsWriteStopped, &stopped},
      {&rocksdb::DB::Properties::kActualDelayedWriteRate,
       &pressure.delayed_write_rate},
      {&rocksdb::DB::Properties::kNumRunningCompactions,
       &pressure.running_compactions},
      {&rocksdb::DB::Properties::kNumRunningFlushes,
       &pressure.running_flushes},
  };
  for (const auto& [name, value] : wanted) {
    if (!db.GetIntProperty(*name, value)) return UnknownProperty(*name);
  }
  pressure.write_stopped = stopped != 0;
  return pressure;
}

}  // namespace xinbao::storage
