// StoreLogger: RocksDB's own log (its rocksdb::Logger) handed to the
// StoreLogSink of StoreOptions, one line at a time with its level, instead
// of a LOG file in the store. Private to storage/: the broker sees only the
// sink and the levels (report_store.h).
//
// Why no LOG file: on a full disk a failing LOG write makes Debian's RocksDB
// (built with assertions) abort the process, where a failing write must be
// a STORAGE_FAILURE answer; and a file nobody rotates only grows.
//
// Threads: RocksDB calls it from its background threads and from the
// caller's; it keeps no state but the making-a-new-store flag (atomic), and
// the sink must be thread-safe (its contract in report_store.h).
#pragma once

#include <rocksdb/env.h>

#include <atomic>
#include <cstdarg>
#include <memory>

#include "storage/report_store.h"

namespace xinbao::storage {

class StoreLogger : public rocksdb::Logger {
 public:
  // Lines below `least` are not even formatted. An empty sink writes
  // kWarning and worse to stderr as "rocksdb: <level>: <line>".
  StoreLogger(StoreLogSink sink, StoreLogLevel least);

  // While a new store is made, RocksDB looks for files that are not there
  // yet and says so as errors (NotFound): those lines are kDebug.
  void SetMakingNewStore(bool making) { making_new_store_ = making; }

  void Logv(const char* format, va_list ap) override;
  void Logv(rocksdb::InfoLogLevel level, const char* format,
            va_list ap) override;

 private:
  StoreLogLevel LevelOf(rocksdb::InfoLogLevel level) const;

  const StoreLogSink sink_;
  const StoreLogLevel least_;
  std::atomic<bool> making_new_store_{false};
};

}  // namespace xinbao::storage
