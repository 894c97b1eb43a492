// Outbox: a client's on-disk queue of reports not yet acknowledged.
//
// A report is written here (and fsync'ed) before it is ever sent, and its
// file is removed only when the broker acknowledges it. A report the broker
// refuses for good (a non-retryable error) moves to the rejected/ folder with
// the broker's error beside it, so nothing disappears silently.
//
// Layout of `dir`:
//   pending/<ordinal>-<key>.report    serialized v1::Report (ordinal keeps
//                                     submission order across restarts)
//   rejected/<ordinal>-<key>.report   the refused report
//   rejected/<ordinal>-<key>.error    serialized v1::Error
// Files are written to a temporary name, fsync'ed, renamed, and the folder
// fsync'ed, so a crash leaves either the whole file or none.
//
// Threads: an Outbox is used by one thread at a time. Two processes must not
// share one outbox directory (Open() takes an exclusive lock file).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "proto/status.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

struct OutboxEntry {
  uint64_t ordinal = 0;  // position in submission order
  v1::Report report;
};

struct RejectedEntry {
  uint64_t ordinal = 0;
  v1::Report report;
  v1::Error error;
};

class Outbox {
 public:
  // Opens (creating) the outbox in `dir`. Fails with ERROR_CODE_STORAGE_FAILURE
  // if the folder cannot be created or another process holds it.
  static Result<std::unique_ptr<Outbox>> Open(const std::filesystem::path& dir);
  ~Outbox();

  // Durably records `report` as pending. REQUIRES: report.idempotency_key()
  // is set and is not already pending.
  Result<OutboxEntry> Add(const v1::Report& report);
  // All pending entries, in submission order.
  Result<std::vector<OutboxEntry>> Pending() const;
  // The broker acknowledged this entry: remove it.
  Status Acknowledge(uint64_t ordinal);
  // The broker refused this entry for good: move it to rejected/.
  Status Reject(uint64_t ordinal, const v1::Error& error);
  // Refused entries, oldest first.
  Result<std::vector<RejectedEntry>> Rejected() const;

 private:
  struct Impl;
  explicit Outbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::client
