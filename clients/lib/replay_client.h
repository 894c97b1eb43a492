// ReplayClient: stored reports in sequence order, streamed from the query
// socket with flow control (docs/PROTOCOL.md, "History"), and optionally
// carried on into the live feed with no gap and no duplicate.
//
// Replay. One ReplayRequest is sent with `window` chunks of credit; each
// chunk is handed over report by report, then one more chunk of credit is
// granted, so at most `window` chunks are ever in flight and memory stays
// flat on both sides however long the replay is. If no chunk arrives for
// `chunk_timeout` while credit is outstanding (the broker is gone, was
// restarted, or dropped the replay), the socket is reopened and the request
// sent again from the sequence after the last chunk's scanned_to_sequence,
// up to the same last_sequence: a replay is resumable, and resumes at most
// `max_resumes` times in a row without a chunk in between before failing
// with a retryable status. An ERROR_CODE_UNKNOWN_REPLAY for the running
// replay (the broker dropped it after a minute without credit: a slow
// sink) resumes it the same way. A report is never handed over twice.
// Stopping early sends a cancel.
//
// 督办 steps (ReplayRequest.include_duban, with a time window): each chunk's
// duban_records are handed to on_duban merged with the reports by time —
// a step before the first report stored after it (a report and a step of
// the same millisecond: the report first) — each step once, also across
// resumes (the broker's order is total: at_ms, item id, step number).
// Without on_duban they are dropped.
//
// Follow (catch-up to live). A SUB socket subscribes to the whole feed and
// waits for its first message (the subscription is then live); then the
// replay runs to the end as stored when it arrives (last_sequence L) while
// the feed's report items are buffered; at the done chunk the buffered
// items after L are handed over and every later report item that passes
// the request's filters follows, converted to a Report with the fields a
// ReportSummary has. A jump in feed_sequence (items lost, also shown by a
// heartbeat ahead of the last item), or a feed silent for feed_timeout
// (then subscribed anew), repeats the replay from the report after the
// last one considered while buffering again. Report items are buffered in
// memory only while a replay runs. 督办 steps come from the store only, up
// to the replay's end: those taken later are on the feed as item states
// (`d.` items), not merged here; a replay repeated after a gap brings the
// steps stored meanwhile.
//
// Results are values: never throws. Threads: one ReplayClient per thread;
// it owns its ZeroMQ context and sockets, and calls the sink on the thread
// that called Replay() or Follow().
#pragma once

#include <google/protobuf/map.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "clients/lib/curve_client.h"
#include "proto/status.h"
#include "xinbao/v1/feed.pb.h"
#include "xinbao/v1/history.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

struct ReplayOptions {
  std::string query_endpoint = "tcp://127.0.0.1:7602";
  std::string feed_endpoint = "tcp://127.0.0.1:7603";  // Follow() only
  // Chunks of credit kept outstanding (the broker allows at most 32).
  uint32_t window = 8;
  // Reports per chunk (0: the broker's default, 256; at most 1000).
  uint32_t chunk_reports = 0;
  // No chunk for this long while credit is outstanding: resume.
  std::chrono::milliseconds chunk_timeout{10000};
  // Resumes in a row (no chunk between them) before giving up.
  int max_resumes = 3;
  // Follow(): how long to wait for the feed's first message; a feed silent
  // for this long later means the broker is gone.
  std::chrono::milliseconds feed_timeout{5000};
  // Keys for a broker that runs CURVE (clients/curve_client.h), applied to
  // the DEALER at open and at every resume and to Follow()'s SUB at every
  // subscribe; none: plain ZeroMQ. Wrong keys look like a silent broker:
  // the retryable failures below, their messages naming the keys.
  std::optional<CurveClientKeys> curve = std::nullopt;
  // Envelope.acting_user and Envelope.person of the replay and of every
  // credit and cancel, when set (as ClientOptions' in submit_client.h).
  std::string acting_user = "";
  std::string person = "";
};

// One report handed to the sink; the references hold during the call only.
struct ReplayedReport {
  const v1::Report& report;
  // Its 续报 number when known (live items carry it), else 0.
  uint32_t followup = 0;
  // Display names of units, by id, as far as the broker has sent them.
  const google::protobuf::Map<std::string, std::string>& unit_names;
  bool live = false;  // from the live feed rather than the store
};

// One 督办 step handed to the sink; the references hold during the call
// only.
struct ReplayedDubanRecord {
  const v1::DubanRecord& record;  // redacted = true: no text, attachments
  const google::protobuf::Map<std::string, std::string>& unit_names;
};

// Where a replay got to, after each chunk.
struct ReplayProgress {
  uint64_t first_sequence = 0;  // the replay's range, fixed at its start
  uint64_t last_sequence = 0;
  uint64_t scanned_to_sequence = 0;  // every report up to it considered
  uint64_t reports = 0;              // handed to the sink so far
  uint64_t duban_records = 0;        // 督办 steps handed to on_duban
  bool done = false;
};

// What the caller is told; on_report is required, the rest optional.
struct ReplaySink {
  // Each report in sequence order; return false to stop after this one
  // (the replay is then cancelled at the broker).
  std::function<bool(const ReplayedReport&)> on_report;
  // Each 督办 step (include_duban), merged with the reports by time;
  // false stops as on_report's.
  std::function<bool(const ReplayedDubanRecord&)> on_duban;
  std::function<void(const ReplayProgress&)> on_progress;
  // Polled at least five times a second; true stops as on_report's false
  // (e.g. after Ctrl-C).
  std::function<bool()> stop_requested;
};

// How a replay ended (a failure is a Status instead).
struct ReplayOutcome {
  ReplayProgress progress;
  bool stopped = false;  // the sink stopped it before the end
  int resumes = 0;       // times it was resumed, all told
};

class ReplayClient {
 public:
  // Connects (without waiting for the broker). Fails with
  // ERROR_CODE_INVALID_FIELD (field "endpoint") for an invalid address,
  // ERROR_CODE_STORAGE_FAILURE if ZeroMQ cannot start.
  static Result<std::unique_ptr<ReplayClient>> Open(ReplayOptions options);
  ~ReplayClient();

  // Replays `request` (its credit and chunk_reports are set from the
  // options) and blocks until the done chunk, a stop, or a failure:
  //   the broker's refusal — a Status of its code and message
  //     (ERROR_CODE_BUSY is retryable);
  //   ERROR_CODE_STORAGE_FAILURE (retryable) — no chunk after max_resumes
  //     resumes; the message says where to resume.
  Result<ReplayOutcome> Replay(v1::ReplayRequest request,
                               const ReplaySink& sink);

  // Replays `request` from its first_sequence/from_ms to the end as stored
  // (its last_sequence and to_ms are ignored), then the live feed, until
  // the sink stops it (then the outcome, stopped = true) or a failure as
  // Replay()'s, or ERROR_CODE_STORAGE_FAILURE (retryable) when the feed
  // sends nothing within feed_timeout, at the start or after resumes.
  Result<ReplayOutcome> Follow(v1::ReplayRequest request,
                               const ReplaySink& sink);

 private:
  struct Impl;
  explicit ReplayClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Whether a live summary passes the request's filters: units, kinds,
// stages, event (the event it was filed under) and from_ms/to_ms.
bool ReplayFiltersPass(const v1::ReplayRequest& request,
                       const v1::ReportSummary& summary);

// The Report a live summary stands for: the fields a summary has.
v1::Report ReportFromSummary(const v1::ReportSummary& summary);

}  // namespace xinbao::client
