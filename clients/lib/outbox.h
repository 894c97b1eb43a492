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
//   lock                              flock()ed while an Outbox is open
// Files are written to a temporary name, fsync'ed, renamed, and the folder
// fsync'ed, so a crash leaves either the whole file or none. Leftover
// temporary files are removed at Open(). Files that cannot be read or
// parsed are left where they are, skipped, and listed by Unreadable().
//
// Threads: every method is safe from any thread (one lock inside: a desk's
// web threads add reports while its courier flushes). Two processes must
// not share one outbox directory (Open() takes an exclusive lock file).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "clients/lib/report_queue.h"
#include "proto/status.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

struct RejectedEntry {
  uint64_t ordinal = 0;
  v1::Report report;
  v1::Error error;
};

class Outbox : public ReportQueue {
 public:
  // Opens (creating) the outbox in `dir`. Fails with ERROR_CODE_STORAGE_FAILURE
  // if the folder cannot be created or another process holds it (message
  // "发件箱正被另一个程序使用: <dir>"; a second Open of the same folder in
  // this process fails the same way). The next ordinal is one past the
  // largest found in pending/ and rejected/.
  static Result<std::unique_ptr<Outbox>> Open(const std::filesystem::path& dir);
  ~Outbox() override;

  // Durably records `report` as pending; returns it with its new ordinal.
  // REQUIRES: report.idempotency_key() is set (else ERROR_CODE_MISSING_FIELD)
  // and is not already pending (else ERROR_CODE_IDEMPOTENCY_KEY_REUSED).
  Result<OutboxEntry> Add(const v1::Report& report);
  // All pending entries, in submission order. Unreadable files are skipped
  // (see Unreadable()); fails only if nothing could be listed.
  Result<std::vector<OutboxEntry>> Pending() const override;
  // How many readable entries are pending, without reading them.
  std::size_t PendingCount() const;
  // The broker acknowledged this entry: remove it. An ordinal that is not
  // pending gives ERROR_CODE_INVALID_FIELD.
  Status Acknowledge(uint64_t ordinal) override;
  // The broker refused this entry for good: move it to rejected/ with
  // `error` beside it. An ordinal that is not pending gives
  // ERROR_CODE_INVALID_FIELD.
  Status Reject(uint64_t ordinal, const v1::Error& error) override;
  // Refused entries, oldest first. Unreadable files are skipped.
  Result<std::vector<RejectedEntry>> Rejected() const;
  // Puts the refused entry `ordinal` back as pending, as `fixed` (the
  // corrected report, normally under a new idempotency key: Add's rules
  // apply), under a new ordinal, and returns the new pending entry. The
  // pending file is durable before the refused files are removed, so a
  // crash in between leaves the report in both folders, never in neither.
  // ERROR_CODE_INVALID_FIELD if `ordinal` is not a readable refused entry;
  // on any failure the refused entry stays where it was.
  Result<OutboxEntry> Resend(uint64_t ordinal, const v1::Report& fixed);
  // Removes the refused entry `ordinal` (report and error) for good and
  // returns what it was. ERROR_CODE_INVALID_FIELD if there is no readable
  // refused entry `ordinal`.
  Result<RejectedEntry> Discard(uint64_t ordinal);
  // Files found so far that could not be read or parsed, one line each
  // ("pending/000000000007-x.report: …"), for the caller to show a person.
  // They are never deleted or sent.
  std::vector<std::string> Unreadable() const;
  // The folder this outbox lives in.
  const std::filesystem::path& dir() const;

 private:
  struct Impl;
  explicit Outbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::client
