// Frontend: the thread that owns the submit ROUTER socket.
//
// It reads requests, decodes and validates them, answers refusals at once,
// and passes valid submissions to the committer over the inproc link. When
// the committer hands back a written batch, it sends each client its ack.
// It never waits on the disk: while it has more than
// CommitPolicy::max_in_flight submissions unacknowledged it simply stops
// reading new requests (they queue in ZeroMQ and in the clients), so
// nothing is dropped and memory stays bounded. Within that bound each unit
// has its fair share ([fairness], broker/ingest/unit_shares.h): a unit past
// it is refused with the retryable RATE_LIMITED and a retry_after_ms hint,
// so one unit's flood cannot fill the committer's batches while another
// unit's report waits. Each refusal gets a log
// line, at most [log] refusals_per_second of one kind a second; the rest
// are summed up (broker/base/refusal_log.h).
//
// It may also own an inner ROUTER, bound on an inproc endpoint of the
// broker's own context (kInnerSubmitEndpoint): what this process itself
// submits — the reports the upstream link fetched from the parent (越级
// copies, broker/tree/downward_pull.h). Only threads of this process can
// reach it, so its requests are not put to the gatekeeper (there is no key
// to check); everything else — validation, shares, the committer, the
// ack — is the same, and the answer goes back on the inner socket.
//
// Threads: Run() is the thread body; the frontend owns the ROUTERs and its
// end of the link from then on. RequestStop() may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>
#include <zmq.hpp>

#include "broker/base/clock.h"
#include "broker/base/inner_submit.h"
#include "broker/base/refusal_log.h"
#include "broker/base/vitals.h"
#include "broker/config/config.h"
#include "broker/security/gatekeeper.h"
#include "broker/ingest/report_validator.h"
#include "broker/ingest/submission.h"
#include "broker/ingest/unit_shares.h"

namespace xinbao::broker {

class Frontend {
 public:
  // `config` must outlive Run().
  // `gate` checks who sent each request (broker/gatekeeper.h).
  // `vitals` (may be null) must outlive Run(): refusals by code and the
  // requests waiting for the committer are counted there.
  // `inner` (may be a default-constructed socket: none) is the inner
  // ROUTER, bound already.
  Frontend(zmq::socket_t router, zmq::socket_t link, const BrokerConfig& config,
           Clock clock, Gatekeeper gate = Gatekeeper(nullptr, nullptr, "submit"),
           Vitals* vitals = nullptr, zmq::socket_t inner = zmq::socket_t());

  // Serves until RequestStop(); then stops reading requests, waits for the
  // committer to write and hand back everything accepted, sends those acks,
  // and returns.
  void Run();

  // Asks Run() to wind down. Thread-safe; returns at once.
  void RequestStop() { stop_requested_.store(true); }

 private:
  // From router_, or from inner_ (`inner`).
  void ReadRequests(bool inner);
  // Handles one multipart request; valid submissions go to *batch.
  void HandleRequest(std::vector<zmq::message_t>& frames,
                     SubmissionBatch* batch, bool inner);
  // The protocol rules of one decoded request on this socket.
  Status CheckRequest(const v1::Envelope& envelope, bool skip_level) const;
  // Returns false when the committer has said it stopped.
  bool DeliverCommitted();
  // One line for the refusal of request `request_id` from `source`
  // (`committed`: the committer's, after the request was accepted), unless
  // its kind is over its lines for this second.
  void LogRefusal(const std::string& source, std::string_view request_id,
                  const Status& status, bool committed = false);
  // The summaries of refusals that got no line, once their second is over
  // by `now_ms` (steady clock).
  void LogRefusalSummaries(int64_t now_ms);
  // Hands answered_us_ to vitals_ (one lock for a burst) and clears it.
  void RecordAckLatencies();
  void SendReply(zmq::message_t& routing_id, const v1::Reply& reply,
                 bool inner = false);
  void SendError(zmq::message_t& routing_id, const std::string& request_id,
                 const Status& status, bool inner = false);

  zmq::socket_t router_;
  zmq::socket_t inner_;  // none: not polled
  zmq::socket_t link_;
  const BrokerConfig& config_;
  ReportValidator validator_;
  Clock clock_;
  Gatekeeper gate_;
  std::atomic<bool> stop_requested_{false};
  std::size_t in_flight_ = 0;
  UnitShares shares_;
  RefusalLog refusals_;
  Vitals* vitals_;  // null: nothing counted
  // Microseconds from read to answer of the requests answered in this
  // burst, not yet in vitals_.
  std::vector<int64_t> answered_us_;
  std::string reply_buffer_;
  const std::string zone_field_;  // Reply.time_zone, appended to every reply
};

}  // namespace xinbao::broker
