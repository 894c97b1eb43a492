// BackupKeeper: makes the store's online backups (storage's
// ReportStore::Backup) on a thread of its own, so neither the committer nor
// the query server waits for the copying: those an admin asks for
// (`xinbao backup`, through the query server) and those [backup] every
// schedules. One backup at a time; asks that arrive meanwhile are served in
// turn. After each, the oldest beyond [backup] keep are deleted. The same
// thread checks the archive chain when an admin asks (`xinbao verify`):
// a read of the whole store, kept off the query server's thread too.
//
// Threads: Order(), TakeDone(), Newest() are called by the query server's
// thread (any thread is fine: one mutex, never held while copying); the
// keeper's own thread does the backups. Start() and Stop() from the thread
// that owns the keeper.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "broker/base/clock.h"
#include "broker/config/config.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/backup.pb.h"
#include "xinbao/v1/chain.pb.h"

namespace xinbao::broker {

// A backup (or a check of the chain) an admin asked for, and who to answer.
struct BackupOrder {
  std::string routing_id;  // the query socket's peer
  std::string request_id;
  std::string note;        // written with the backup
  bool verify = false;     // check the archive chain instead
};

// The outcome of an order: `backup` (or `check` for a verify order) when
// status is OK, else why there is none.
struct BackupDone {
  BackupOrder order;
  Status status;
  v1::BackupResult backup;
  v1::ChainCheck check;
};

// The wire's form of a stored backup.
v1::BackupInfo BackupInfoOf(const storage::BackupMade& made);

// A note an admin may write with a backup: at most 200 characters, no
// control characters (INVALID_FIELD "backup.note" otherwise).
Status CheckBackupNote(const std::string& note);

class BackupKeeper {
 public:
  // `store` must outlive the keeper. Nothing runs before Start().
  BackupKeeper(const storage::ReportStore& store, std::filesystem::path dir,
               BackupPolicy policy, Clock clock);
  ~BackupKeeper();  // Stop()s
  BackupKeeper(const BackupKeeper&) = delete;
  BackupKeeper& operator=(const BackupKeeper&) = delete;

  // Reads which backups the folder holds (for the schedule and Newest())
  // and starts the keeper's thread. A folder that cannot be read is
  // logged, not fatal: the next backup says why it fails.
  void Start();
  // Finishes the backup being made (if any), drops the orders not begun
  // (their askers time out and may ask again) and joins the thread.
  // Idempotent.
  void Stop();

  // Queues a backup for an admin; its outcome comes from TakeDone().
  void Order(BackupOrder order);
  // The orders done since the last call, in the order they were done.
  std::vector<BackupDone> TakeDone();
  // The newest backup in the folder, by whoever made it (none yet: nullopt).
  std::optional<storage::BackupMade> Newest() const;

  const std::filesystem::path& dir() const { return dir_; }
  int64_t every_ms() const { return policy_.every_ms; }

 private:
  void Run();
  // Makes one backup with `note`; the kept list and the newest follow.
  Result<v1::BackupResult> MakeOne(const std::string& note);
  // When the schedule wants the next one (Unix ms); 0: never.
  int64_t NextDueMs() const;  // REQUIRES: mutex_ held

  const storage::ReportStore& store_;
  const std::filesystem::path dir_;
  const BackupPolicy policy_;
  Clock clock_;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;                       // GUARDED_BY(mutex_)
  std::deque<BackupOrder> orders_;              // GUARDED_BY(mutex_)
  std::vector<BackupDone> done_;                // GUARDED_BY(mutex_)
  std::optional<storage::BackupMade> newest_;   // GUARDED_BY(mutex_)
  int64_t started_ms_ = 0;                      // GUARDED_BY(mutex_)
  int64_t last_failed_ms_ = 0;  // a scheduled one failed; GUARDED_BY(mutex_)
};

}  // namespace xinbao::broker
