// Vitals: the broker's live figures, in one place — what `xinbao status`
// and `xinbao health` show, and what a metrics endpoint will read.
//
// Each thread writes what it alone knows: the committer the batches, the
// open work (events, alarms, 督办 items, 约稿, draft issues) and that it
// is still turning; the frontend the submit socket's refusals and how many
// requests wait for the committer; the feed publisher the live feed's
// subscriptions; the query server the active replays. Three histograms
// (broker/base/histogram.h, fixed buckets) keep the shape of what the
// totals only count: reports per synced batch and the synced write's
// seconds (committer), seconds from a request read to its answer sent
// (frontend). Readers take a copy (Read()): the status answer and the
// metrics endpoint (broker/metrics). Nothing here touches the store or a
// socket.
//
// Threads: every method is thread-safe (one mutex, held only to copy a few
// numbers; never held while doing anything else).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <string>

#include "broker/base/histogram.h"

#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/tree.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// One synced write of reports.
struct BatchFigures {
  uint32_t reports = 0;   // in the batch, repeats included
  uint32_t records = 0;   // other records written with them
  int64_t write_us = 0;   // the synced write's duration
  int64_t at_ms = 0;      // when it was written (Unix ms)
  bool failed = false;    // the store refused it (STORAGE_FAILURE)
};

// The work the broker holds open, as the committer's books know it.
struct OpenWork {
  uint64_t events = 0;
  uint64_t duban_items = 0;
  uint64_t commissions = 0;   // 约稿
  uint64_t draft_issues = 0;  // 简报 issues not yet 签发
  std::map<v1::AlarmKind, uint64_t> alarms;  // open alarms by kind
};

// Adds the open ones of `alarms` to `counts`, by kind (the books' counts).
void CountOpenAlarms(const google::protobuf::RepeatedPtrField<v1::Alarm>& alarms,
                     std::map<v1::AlarmKind, uint64_t>* counts);

// A copy of every figure at one moment.
struct VitalsSnapshot {
  int64_t started_at_ms = 0;
  BatchFigures last_batch;         // at_ms 0: no batch yet
  uint64_t batches = 0;            // since start
  uint64_t reports_stored = 0;     // new reports (not repeats) since start
  std::map<v1::ErrorCode, uint64_t> refusals;  // submit socket, by code
  int64_t store_failing_since_ms = 0;  // 0: the last write succeeded
  uint64_t store_resumes = 0;      // times the store took writes again
  int64_t store_resumed_at_ms = 0;  // the last of them (0: never)
  OpenWork open;
  int64_t committer_seen_ms = 0;   // the committer's loop last turned
  uint64_t waiting_requests = 0;   // accepted, not yet answered
  uint64_t feed_subscriptions = 0;
  uint64_t active_replays = 0;
  // The reporting tree: each child broker that forwarded since start, by
  // its [tree] id (the last hop of what it sent).
  std::map<std::string, v1::ChildLink> children;
  // Every synced write of reports (failed ones too): reports in it, and
  // its seconds; their count() is `batches`.
  Histogram batch_reports{kBatchReportsBuckets};
  Histogram write_seconds{kWriteSecondsBuckets};
  // Every answer of the submit socket (ack, refusal, a command's outcome):
  // seconds from its request read to the answer handed to the socket.
  Histogram ack_seconds{kAckSecondsBuckets};
};

class Vitals {
 public:
  explicit Vitals(int64_t started_at_ms) { figures_.started_at_ms = started_at_ms; }
  Vitals(const Vitals&) = delete;
  Vitals& operator=(const Vitals&) = delete;

  // Committer: a synced write of reports, of which `new_reports` were not
  // repeats. A failed one starts (or continues) the store's failing time;
  // a successful one ends it.
  void RecordBatch(const BatchFigures& batch, uint64_t new_reports);
  // Committer: a write of other records failed (at `at_ms`) or succeeded.
  void RecordWrite(bool failed, int64_t at_ms);
  // Committer: the store, stopped after failed writes, takes writes again
  // (ends the failing time).
  void RecordResume(int64_t at_ms);
  // Committer: what its books hold open now.
  void SetOpenWork(OpenWork open);
  // Committer: its loop turned at `now_ms`.
  void MarkCommitterSeen(int64_t now_ms);
  // Frontend: a request refused with `code`.
  void CountRefusal(v1::ErrorCode code);
  // Frontend: answers handed to the submit socket, each the microseconds
  // since its request was read (steady clock).
  void RecordAckLatencies(std::span<const int64_t> latencies_us);
  // Frontend: requests accepted and not yet answered.
  void SetWaiting(uint64_t requests);
  // Feed publisher: a subscription arrived (+1) or went (-1, also when its
  // subscriber disconnects).
  void AddFeedSubscriptions(int64_t change);
  // Query server: replays running now.
  void SetActiveReplays(uint64_t replays);
  // Frontend: a child broker (`broker_id`, its key's `user`, the `unit_id`
  // it forwards under) had a forwarded report acknowledged at `at_ms`:
  // stored, or `repeat` (it held it already).
  void RecordChildReport(const std::string& broker_id, const std::string& user,
                         const std::string& unit_id, bool repeat, int64_t at_ms);

  VitalsSnapshot Read() const;

 private:
  mutable std::mutex mutex_;
  VitalsSnapshot figures_;  // GUARDED_BY(mutex_)
};

}  // namespace xinbao::broker
