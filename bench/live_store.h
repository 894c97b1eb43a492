// Reading a running broker's store from a bench (the reporting-tree
// benches): opened read-only beside the broker, so the figures come from
// what is on disk, not from what the clients were told.
#pragma once

#include <cstdint>
#include <filesystem>

#include "storage/report_store.h"

namespace xinbao::bench {

// How many reports the store in `store_dir` holds now (0 if it cannot be
// opened).
inline uint64_t StoredCount(const std::filesystem::path& store_dir) {
  storage::StoreOptions options;
  options.read_only = true;
  auto store = storage::ReportStore::Open(store_dir, options);
  return store.ok() ? (*store)->next_sequence() - 1 : 0;
}

}  // namespace xinbao::bench
