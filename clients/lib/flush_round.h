// FlushRound: one round of sending a ReportQueue — the pipelined Lazy
// Pirate loop behind SubmitClient::Flush() (over the Outbox) and a broker's
// link to its parent (over its upward queue, broker/tree).
//
// Each pending report is in one state:
//   queued   — waiting for a send slot (at most `window` in flight);
//   in flight — sent on the current socket, no reply yet;
//   resting  — the broker said "retry later" (any retryable error:
//              STORAGE_FAILURE, BUSY, RATE_LIMITED); it goes back to the
//              queue after Error.retry_after_ms when the broker gave one,
//              else after a pause of its own;
//   settled  — acknowledged or refused for good; the queue is told
//              (ReportQueue::Acknowledge or Reject).
// A hint also holds back the whole round: nothing is sent until it has
// passed, and a RATE_LIMITED halves how many the round keeps in flight
// (each ack adds one back, up to `window`), so a unit over its fair share
// slows down instead of being refused again at once. Nothing is dropped or sent twice meanwhile: the
// broker stored nothing it refused.
// If the broker stays silent for reply_timeout while something is in
// flight or queued, the socket is closed and replaced and everything not
// settled is queued again, oldest first.
//
// Threads: runs on the calling thread; uses the caller's socket.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>
#include <zmq.hpp>

#include "clients/lib/report_queue.h"
#include "clients/lib/submit_client.h"

namespace xinbao::client {

class FlushRound {
 public:
  using Clock = std::chrono::steady_clock;

  // `dealer` may be replaced (on reconnect) by a fresh socket from `context`.
  // All references must outlive the round.
  FlushRound(zmq::context_t& context, zmq::socket_t& dealer, ReportQueue& queue,
             const ClientOptions& options,
             const std::function<void(const Delivery&)>& on_delivery);

  // Runs until every pending report is settled or `deadline` passes.
  FlushSummary Run(Clock::time_point deadline);

 private:
  enum class State { kQueued, kInFlight, kResting, kSettled };
  struct Item {
    OutboxEntry entry;
    State state = State::kQueued;
    Clock::time_point resume_at;  // when resting
  };

  void ResumeRested(Clock::time_point now);
  void SendSome(Clock::time_point now);
  bool Silent(Clock::time_point now) const;
  bool Reconnect(Clock::time_point now);
  Clock::time_point NextWake(Clock::time_point deadline) const;
  void Wait(Clock::time_point deadline);
  void ReceiveAll(Clock::time_point now);
  void Handle(const v1::Reply& reply, Clock::time_point now);
  void Settle(Item& item, const v1::Reply& reply);
  void NoteOutboxFailure(const Status& status);

  zmq::context_t& context_;
  zmq::socket_t& dealer_;
  ReportQueue& reports_;
  const ClientOptions& options_;
  const std::function<void(const Delivery&)>& on_delivery_;
  const std::size_t window_;
  std::size_t allowed_;  // in flight now: window_, less after RATE_LIMITED
  const Clock::duration retry_pause_;

  std::vector<Item> items_;  // oldest first
  std::unordered_map<std::string, std::size_t> by_request_id_;
  std::deque<std::size_t> queue_;  // indices of queued items, oldest first
  std::size_t in_flight_ = 0;
  std::size_t unsettled_ = 0;
  Clock::time_point last_heard_;  // last reply, reconnect or first send
  Clock::time_point hold_until_;  // no sends before (the broker's hint)
  bool broken_ = false;           // no socket could be opened
  FlushSummary summary_;
};

}  // namespace xinbao::client
