// ReportStore::Memory(): RocksDB's memory properties and the block cache.
#include <rocksdb/cache.h>

#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

Result<StoreMemory> ReportStore::Memory() const {
  rocksdb::DB& db = *impl_->db;
  StoreMemory memory;
  const rocksdb::Cache& cache = *impl_->block_cache;
  memory.block_cache_capacity = cache.GetCapacity();
  memory.block_cache_usage = cache.GetUsage();
  memory.block_cache_pinned = cache.GetPinnedUsage();
  const std::pair<const std::string*, uint64_t*> wanted[] = {
      {&rocksdb::DB::Properties::kEstimateTableReadersMem,
       &memory.table_readers},
      {&rocksdb::DB::Properties::kCurSizeAllMemTables, &memory.memtables},
  };
  for (const auto& [name, value] : wanted) {
    if (!db.GetAggregatedIntProperty(*name, value)) {
      return UnknownProperty(*name);
    }
  }
  return memory;
}

}  // namespace xinbao::storage
