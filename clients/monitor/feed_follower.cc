#include "clients/monitor/feed_follower.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "clients/lib/feed_reader.h"

namespace xinbao::client {
namespace {

using Clock = std::chrono::steady_clock;

// Room for what arrives while a snapshot is taken (the broker's own
// high-water mark still applies on its side).
constexpr int kReceiveHighWater = 100000;
// Messages handled before the clock is looked at again.
constexpr int kBatch = 256;

int64_t WallNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<zmq::socket_t> ConnectSubscriber(
    zmq::context_t& context, const std::string& endpoint,
    const std::optional<CurveClientKeys>& curve) {
  try {
    zmq::socket_t sub(context, zmq::socket_type::sub);
    sub.set(zmq::sockopt::linger, 0);
    sub.set(zmq::sockopt::rcvhwm, kReceiveHighWater);
    SubscribeWholeFeed(sub);
    ApplyCurve(sub, curve);
    sub.connect(endpoint);
    return sub;
  } catch (const zmq::error_t& e) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "无效的地址 " + endpoint + ": " + e.what(), "endpoint");
  }
}

}  // namespace

Result<v1::Snapshot> FetchSnapshot(QueryClient& client,
                                   uint32_t latest_reports) {
  v1::Envelope request;
  request.mutable_snapshot()->set_latest_reports(latest_reports);
  Result<v1::Reply> reply =
      client.Call(std::move(request), v1::Reply::kSnapshot);
  if (!reply.ok()) return reply.status();
  if (reply->has_error()) {
    const v1::Error& error = reply->error();
    return Status(error.code() == v1::ERROR_CODE_UNSPECIFIED
                      ? v1::ERROR_CODE_MALFORMED
                      : error.code(),
                  error.message(), error.field());
  }
  return std::move(*reply->mutable_snapshot());
}

struct FeedFollower::Impl {
  FeedFollowerOptions options;
  MonitorState* state = nullptr;
  FeedListener listener;
  zmq::context_t context;
  zmq::socket_t sub;  // declared after context: closed before it
  std::unique_ptr<QueryClient> query;
  // Before the (next) snapshot: what arrives only proves the link.
  bool awaiting_snapshot = true;
  Clock::time_point last_message;

  Status Connect();
  Status Reconnect();
  Status Sync();
  Status Handle(const v1::FeedItem& item, bool* changed);
};

Status FeedFollower::Impl::Connect() {
  Result<zmq::socket_t> connected =
      ConnectSubscriber(context, options.feed_endpoint, options.curve);
  if (!connected.ok()) return connected.status();
  sub = std::move(connected).value();
  QueryOptions asking;
  asking.endpoint = options.query_endpoint;
  asking.timeout = options.query_timeout;
  asking.curve = options.curve;
  asking.acting_user = options.acting_user;
  asking.person = options.person;
  Result<std::unique_ptr<QueryClient>> opened = QueryClient::Open(std::move(asking));
  if (!opened.ok()) return opened.status();
  query = std::move(opened).value();
  awaiting_snapshot = true;
  last_message = Clock::now();
  return Status::Ok();
}

Status FeedFollower::Impl::Reconnect() {
  state->set_link(LinkState::kReconnecting);
  query.reset();
  sub.close();
  return Connect();
}

Status FeedFollower::Impl::Sync() {
  Result<v1::Snapshot> snapshot = FetchSnapshot(*query, options.latest_reports);
  if (!snapshot.ok()) {
    return snapshot.status().retryable() ? Reconnect() : snapshot.status();
  }
  state->set_zone(ZoneNamed(query->time_zone(), state->zone()));
  state->Reset(*snapshot);
  state->set_link(LinkState::kLive);
  awaiting_snapshot = false;
  last_message = Clock::now();  // it answered
  if (listener.on_snapshot) listener.on_snapshot(*snapshot);
  return Status::Ok();
}

Status FeedFollower::Impl::Handle(const v1::FeedItem& item, bool* changed) {
  *changed = true;
  if (awaiting_snapshot) return Sync();
  switch (state->Apply(item, WallNowMs())) {
    case MonitorState::Outcome::kApplied:
      if (!item.has_heartbeat() && listener.on_item) listener.on_item(item);
      return Status::Ok();
    case MonitorState::Outcome::kStale:
      *changed = false;
      return Status::Ok();
    case MonitorState::Outcome::kGap:
      return Sync();
  }
  return Status::Ok();
}

FeedFollower::FeedFollower(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
FeedFollower::~FeedFollower() = default;

Result<std::unique_ptr<FeedFollower>> FeedFollower::Open(
    FeedFollowerOptions options, MonitorState* state, FeedListener listener) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->state = state;
  impl->listener = std::move(listener);
  try {
    impl->context = zmq::context_t(1);
  } catch (const zmq::error_t& e) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  std::string("无法创建 ZeroMQ 上下文: ") + e.what());
  }
  XINBAO_RETURN_IF_ERROR(impl->Connect());
  state->set_link(LinkState::kConnecting);
  return std::unique_ptr<FeedFollower>(new FeedFollower(std::move(impl)));
}

Result<bool> FeedFollower::Poll(Clock::time_point until, int input_fd) {
  Impl& impl = *impl_;
  bool changed = false;
  while (true) {
    const auto now = Clock::now();
    if (now - impl.last_message >= impl.options.silence) {
      XINBAO_RETURN_IF_ERROR(impl.Reconnect());
      changed = true;
      continue;
    }
    if (changed || now >= until) return changed;
    const auto wake = std::min(until, impl.last_message + impl.options.silence);
    zmq::pollitem_t items[] = {{impl.sub.handle(), 0, ZMQ_POLLIN, 0},
                               {nullptr, input_fd, ZMQ_POLLIN, 0}};
    try {
      zmq::poll(items, input_fd >= 0 ? 2 : 1,
                std::chrono::ceil<std::chrono::milliseconds>(wake - now));
    } catch (const zmq::error_t&) {
      return changed;  // a signal: let the caller look
    }
    if (input_fd >= 0 && (items[1].revents & ZMQ_POLLIN) != 0) {
      return changed;  // keys: let the caller read them
    }
    zmq::pollitem_t& item = items[0];
    if ((item.revents & ZMQ_POLLIN) == 0) continue;
    std::vector<v1::FeedItem> feed_items;
    for (int i = 0; i < kBatch && ReceiveFeedItems(impl.sub, &feed_items); ++i) {
      impl.last_message = Clock::now();
      for (const v1::FeedItem& feed_item : feed_items) {
        bool item_changed = false;
        XINBAO_RETURN_IF_ERROR(impl.Handle(feed_item, &item_changed));
        changed = changed || item_changed;
      }
      feed_items.clear();
    }
  }
}

}  // namespace xinbao::client
