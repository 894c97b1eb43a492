// UpstreamLink: this broker's link to its parent in the reporting tree
// (逐级报送, docs/HIERARCHY.md). On a thread of its own it sends the
// store's upward queue to the parent's submit socket — as a client does,
// with the client library's FlushRound over the queue (UpwardReports):
// up to [upstream] window reports in flight, replies matched by request
// id, a silence of [upstream] reply_timeout answered by a fresh socket and
// everything unanswered sent again, oldest first. What the parent
// acknowledges moves the queue's cursor in the store; nothing is dropped
// before the parent answered it, so a crash or restart at either end
// resends at most what the parent then answers as a duplicate.
//
// Threads: Start() and Stop() from the thread that owns the link; Reading()
// from any thread (the query server's status answer).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <zmq.hpp>

#include "broker/base/clock.h"
#include "broker/config/config.h"
#include "broker/tree/downward_pull.h"
#include "broker/tree/link_figures.h"
#include "clients/lib/curve_client.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/tree.pb.h"

namespace xinbao::broker {

class UpstreamLink {
 public:
  // For a broker whose config has an [upstream]: reads the keys the link
  // needs with CURVE — this broker's own pair ([upstream] secret_key_file,
  // else [security] secret_key_file) and the parent's public key — and
  // fails with INVALID_FIELD naming the file when one cannot be read.
  // `config` and `store` must outlive the link. Nothing runs before Start().
  // With an [upstream] query_endpoint it also fetches what the parent
  // holds for this broker (DownwardPull, on its own thread), storing it
  // through the inner submit socket in `context` (the broker's).
  static Result<std::unique_ptr<UpstreamLink>> Open(const BrokerConfig& config,
                                                    storage::ReportStore& store,
                                                    Clock clock,
                                                    zmq::context_t& context);
  ~UpstreamLink();  // Stop()s
  UpstreamLink(const UpstreamLink&) = delete;
  UpstreamLink& operator=(const UpstreamLink&) = delete;

  void Start();
  // Ends the round in progress (within about a second) and joins the
  // thread. Reports in flight stay queued: the next start sends them
  // again. Idempotent.
  void Stop();

  // The link as BrokerStatus shows it: the figures since start, and from
  // the store the reports waiting to go up and the oldest one's wait.
  v1::UpstreamLink Reading(int64_t now_ms) const;

 private:
  UpstreamLink(const BrokerConfig& config, storage::ReportStore& store,
               Clock clock, std::optional<client::CurveClientKeys> keys,
               zmq::context_t& context);
  void Run();
  // Waits until the queue has something past the cursor or Stop() asks;
  // false when stopping.
  bool WaitForWork();

  const BrokerConfig& config_;
  storage::ReportStore& store_;
  const Clock clock_;
  const std::optional<client::CurveClientKeys> keys_;
  LinkFigures figures_;
  std::unique_ptr<DownwardPull> down_;  // null: no [upstream] query_endpoint
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace xinbao::broker
