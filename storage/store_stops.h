// StoreStops: hears RocksDB say that the store stopped taking writes (a
// write-ahead-log append or a background flush failed: a full disk, an I/O
// error), so that ReportStore::Resume() knows when it has work to do.
//
// RocksDB would wait for free space by itself after a "no space" error, but
// only once as much is free as one memtable holds (64 MB here), polling
// every few seconds, and meanwhile refuses the broker's own Resume(). This
// listener turns that wait off: the broker's committer calls Resume() at
// its clock checks instead, which starts writing again as soon as the
// memtables' flush fits. Private to storage/.
//
// Threads: RocksDB calls the On... methods from its own threads and from
// the writer's; the flag is atomic.
#pragma once

#include <rocksdb/listener.h>

#include <atomic>

namespace xinbao::storage {

class StoreStops : public rocksdb::EventListener {
 public:
  // Any background error (a failed write included): writes may be stopped.
  void OnBackgroundError(rocksdb::BackgroundErrorReason reason,
                         rocksdb::Status* error) override;
  // A "no space" error: no waiting by RocksDB itself (see above).
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason reason,
                            rocksdb::Status error,
                            bool* auto_recovery) override;

  // Writes may still be stopped (Resume() could not start them again).
  void Mark() { stopped_.store(true); }
  // Whether writes may be stopped; clears the mark (Mark() again if they
  // still are).
  bool Take() { return stopped_.exchange(false); }
  // Whether writes may be stopped; leaves the mark as it is.
  bool Stopped() const { return stopped_.load(); }

 private:
  std::atomic<bool> stopped_{false};
};

}  // namespace xinbao::storage
