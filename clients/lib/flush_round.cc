#include "clients/lib/flush_round.h"

#include <algorithm>

#include "clients/lib/wire_frames.h"

namespace xinbao::client {
namespace {

constexpr std::size_t kMaxRepliesPerWake = 1024;

}  // namespace

FlushRound::FlushRound(zmq::context_t& context, zmq::socket_t& dealer,
                       ReportQueue& queue, const ClientOptions& options,
                       const std::function<void(const Delivery&)>& on_delivery)
    : context_(context),
      dealer_(dealer),
      reports_(queue),
      options_(options),
      on_delivery_(on_delivery),
      window_(std::max<std::size_t>(options.window, 1)),
      allowed_(window_),
      retry_pause_(std::clamp<Clock::duration>(options.reply_timeout,
                                               std::chrono::milliseconds(10),
                                               std::chrono::seconds(1))) {}

FlushSummary FlushRound::Run(Clock::time_point deadline) {
  Result<std::vector<OutboxEntry>> pending = reports_.Pending();
  if (!pending.ok()) {
    NoteOutboxFailure(pending.status());
    return summary_;
  }
  for (OutboxEntry& entry : *pending) {
    if (entry.request_id.empty()) entry.request_id = entry.report.idempotency_key();
    // Replies are matched by request id. The outbox refuses a second
    // pending report with one key; should one id appear twice anyway, it
    // waits for a later flush rather than confuse replies.
    if (!by_request_id_.emplace(entry.request_id, items_.size()).second) {
      ++summary_.still_pending;
      continue;
    }
    queue_.push_back(items_.size());
    items_.push_back(Item{std::move(entry), State::kQueued, {}});
  }
  unsettled_ = items_.size();
  last_heard_ = Clock::now();

  while (unsettled_ > 0 && !broken_) {
    Clock::time_point now = Clock::now();
    if (now >= deadline) break;
    ResumeRested(now);
    SendSome(now);
    if (Silent(now)) {
      if (!Reconnect(now)) break;
      SendSome(now);
    }
    Wait(deadline);
    ReceiveAll(Clock::now());
  }
  summary_.still_pending += unsettled_;
  return summary_;
}

void FlushRound::ResumeRested(Clock::time_point now) {
  bool resumed = false;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (items_[i].state == State::kResting && items_[i].resume_at <= now) {
      items_[i].state = State::kQueued;
      queue_.push_back(i);
      resumed = true;
    }
  }
  if (resumed) std::sort(queue_.begin(), queue_.end());
}

void FlushRound::SendSome(Clock::time_point now) {
  if (now < hold_until_) return;  // the broker asked for a pause
  while (in_flight_ < allowed_ && !queue_.empty()) {
    Item& item = items_[queue_.front()];
    if (!SendSubmit(dealer_, item.entry.report, options_.acting_user,
                    options_.person, item.entry.request_id)) {
      return;  // would block
    }
    queue_.pop_front();
    if (in_flight_ == 0) last_heard_ = now;  // the wait for a reply starts
    item.state = State::kInFlight;
    ++in_flight_;
  }
}

bool FlushRound::Silent(Clock::time_point now) const {
  // Nothing is awaited while the round holds back at the broker's word.
  const bool awaiting = in_flight_ > 0 || (!queue_.empty() && now >= hold_until_);
  return awaiting && now - last_heard_ >= options_.reply_timeout;
}

bool FlushRound::Reconnect(Clock::time_point now) {
  Result<zmq::socket_t> fresh =
      ConnectDealer(context_, options_.endpoint, options_.curve);
  if (!fresh.ok()) {
    broken_ = true;
    return false;
  }
  dealer_ = std::move(fresh).value();  // closes the old socket (linger 0)
  ++summary_.reconnects;
  queue_.clear();
  for (std::size_t i = 0; i < items_.size(); ++i) {
    if (items_[i].state == State::kInFlight ||
        items_[i].state == State::kQueued) {
      items_[i].state = State::kQueued;
      queue_.push_back(i);
    }
  }
  in_flight_ = 0;
  last_heard_ = now;
  return true;
}

FlushRound::Clock::time_point FlushRound::NextWake(
    Clock::time_point deadline) const {
  Clock::time_point wake = deadline;
  if (in_flight_ > 0 || !queue_.empty()) {
    wake = std::min(wake, last_heard_ + options_.reply_timeout);
  }
  if (!queue_.empty() && hold_until_ > Clock::now()) {
    wake = std::min(wake, hold_until_);
  }
  for (const Item& item : items_) {
    if (item.state == State::kResting) wake = std::min(wake, item.resume_at);
  }
  return wake;
}

void FlushRound::Wait(Clock::time_point deadline) {
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(
      NextWake(deadline) - Clock::now());
  short events = ZMQ_POLLIN;
  if (!queue_.empty() && in_flight_ < allowed_ && Clock::now() >= hold_until_) {
    events |= ZMQ_POLLOUT;
  }
  zmq::pollitem_t item{dealer_.handle(), 0, events, 0};
  try {
    zmq::poll(&item, 1, std::max(wait, std::chrono::milliseconds(0)));
  } catch (const zmq::error_t&) {
    // Interrupted: the loop looks at the clock and tries again.
  }
}

void FlushRound::ReceiveAll(Clock::time_point now) {
  // Bounded, so that a flood of replies cannot hold off the deadline.
  for (std::size_t received = 0; received < kMaxRepliesPerWake; ++received) {
    int events = 0;
    try {
      events = dealer_.get(zmq::sockopt::events);
    } catch (const zmq::error_t&) {
      return;
    }
    if ((events & ZMQ_POLLIN) == 0) return;
    Result<v1::Reply> reply = ReceiveReply(dealer_);
    if (reply.ok()) Handle(*reply, now);  // malformed replies are dropped
  }
}

void FlushRound::Handle(const v1::Reply& reply, Clock::time_point now) {
  last_heard_ = now;  // the broker is alive, whatever it answered
  const auto found = by_request_id_.find(reply.request_id());
  if (found == by_request_id_.end()) return;  // not ours, or from an earlier flush
  Item& item = items_[found->second];
  switch (item.state) {
    case State::kSettled:
    case State::kResting:
      return;  // a late answer to an attempt already answered
    case State::kInFlight:
      --in_flight_;
      break;
    case State::kQueued:
      queue_.erase(std::find(queue_.begin(), queue_.end(), found->second));
      break;
  }
  if (reply.has_error() &&
      (reply.error().retryable() ||
       reply.error().code() == v1::ERROR_CODE_STORAGE_FAILURE)) {
    item.state = State::kResting;
    summary_.last_retry_message = reply.error().message();
    const auto hint = std::chrono::milliseconds(reply.error().retry_after_ms());
    item.resume_at = now + (hint.count() > 0 ? Clock::duration(hint)
                                             : retry_pause_);
    if (hint.count() > 0) hold_until_ = std::max(hold_until_, now + hint);
    if (reply.error().code() == v1::ERROR_CODE_RATE_LIMITED) {
      allowed_ = std::max<std::size_t>(allowed_ / 2, 1);
    }
    return;
  }
  if (reply.has_ack() && allowed_ < window_) ++allowed_;
  Settle(item, reply);
}

void FlushRound::Settle(Item& item, const v1::Reply& reply) {
  Delivery delivery;
  if (reply.has_ack()) {
    delivery.acknowledged = true;
    delivery.ack = reply.ack();
    NoteOutboxFailure(reports_.Acknowledge(item.entry.ordinal));
    ++summary_.acknowledged;
  } else {
    delivery.error = reply.error();
    NoteOutboxFailure(reports_.Reject(item.entry.ordinal, delivery.error));
    ++summary_.rejected;
  }
  delivery.report = std::move(item.entry.report);
  delivery.time_zone = reply.time_zone();
  item.state = State::kSettled;
  --unsettled_;
  if (on_delivery_) on_delivery_(delivery);
}

void FlushRound::NoteOutboxFailure(const Status& status) {
  if (!status.ok() && summary_.outbox_status.ok()) {
    summary_.outbox_status = status;
  }
}

}  // namespace xinbao::client
