// AnswersUp: as a child in the reporting tree, sends the 督办 steps this
// broker queued for its parent — the 签收, progress notes and 办结报告 of
// its office's 转办 items (broker/duban/upstream_items.h; the store's
// duban_up queue) — to the parent's submit socket ([upstream] endpoint,
// with the link's keys) as its unit's steps (role broker there), one at a
// time and in order, from the last position the parent answered.
//
// Each step has a step id of its own: a resend after a crash or a silence
// is answered at the parent as the repeat it is. A step the parent refuses
// for good (the item closed there meanwhile, say) is logged, counted and
// shown as the link's problem, and passed; a retryable refusal or a
// silence ends the round, to be tried again at the next.
//
// Threads: Send() from one thread (the DownwardPull's); Fill() from any.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <memory>

#include "broker/config/config.h"
#include "clients/lib/curve_client.h"
#include "clients/lib/query_client.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/tree.pb.h"

namespace xinbao::broker {

class AnswersUp {
 public:
  // All references must outlive the object.
  AnswersUp(const BrokerConfig& config, storage::ReportStore& store,
            std::optional<client::CurveClientKeys> keys);

  // Sends what waits. OK once every step queued is answered; the failure
  // that ended the round otherwise. Returns after the step in flight once
  // `stopping` is set (within about two reply timeouts).
  Status Send(const std::atomic<bool>& stopping);

  // steps_queued, steps_answered, steps_refused of `link`; the problem, if
  // the link has none.
  void Fill(v1::UpstreamLink* link) const;

 private:
  // The parent's answer to `step`, or the silence / failure: the client
  // library's one-request client (a silence is retried once on a fresh
  // socket; the step id makes the resend a repeat).
  Result<v1::Reply> Ask(const v1::DubanStepRequest& step);

  const BrokerConfig& config_;
  storage::ReportStore& store_;
  const std::optional<client::CurveClientKeys> keys_;
  std::unique_ptr<client::QueryClient> parent_;  // Send()'s thread; opened at first use
  mutable std::mutex figures_mutex_;
  uint64_t refused_ = 0;   // figures_mutex_
  std::string problem_;    // figures_mutex_
};

}  // namespace xinbao::broker
