// FeedPeer: a bare SUB socket on the broker's live feed, for tests.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "clients/lib/curve_client.h"
#include "xinbao/v1/feed.pb.h"

namespace xinbao::testing {

struct FeedMessage {
  std::string topic;
  v1::FeedItem item;                // any topic but "b."
  std::vector<v1::FeedItem> bundle;  // topic "b." (FeedItems)
};

class FeedPeer {
 public:
  // Connects and subscribes to `prefix` ("" = everything). `rcvhwm` bounds
  // what libzmq queues on this side. Subscribed to "" it reads single items
  // and passes over the bundles ("b."), as PROTOCOL.md tells such a reader
  // to; subscribed to "b." it returns the bundles.
  // With `curve` (the user's pair and the broker's public key), a CURVE
  // client.
  explicit FeedPeer(const std::string& endpoint, const std::string& prefix = "",
                    int rcvhwm = 1000,
                    const std::optional<client::CurveClientKeys>& curve =
                        std::nullopt)
      : socket_(context_, zmq::socket_type::sub),
        skip_bundles_(prefix.empty()) {
    socket_.set(zmq::sockopt::linger, 0);
    client::ApplyCurve(socket_, curve);
    socket_.set(zmq::sockopt::rcvhwm, rcvhwm);
    socket_.set(zmq::sockopt::subscribe, prefix);
    if (!prefix.empty()) socket_.set(zmq::sockopt::subscribe, "h.");
    socket_.connect(endpoint);
  }

  // The next message, or nullopt after `timeout`.
  std::optional<FeedMessage> Receive(
      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          give_up - std::chrono::steady_clock::now());
      zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
      if (zmq::poll(&item, 1, std::max(left, std::chrono::milliseconds(0))) == 0) {
        return std::nullopt;
      }
      std::vector<zmq::message_t> frames;
      if (!zmq::recv_multipart(socket_, std::back_inserter(frames)) ||
          frames.size() != 2) {
        return std::nullopt;
      }
      FeedMessage message;
      message.topic = frames[0].to_string();
      const int size = static_cast<int>(frames[1].size());
      if (message.topic == "b.") {
        if (skip_bundles_) continue;
        v1::FeedItems bundle;
        if (!bundle.ParseFromArray(frames[1].data(), size)) return std::nullopt;
        message.bundle.assign(bundle.items().begin(), bundle.items().end());
        return message;
      }
      if (!message.item.ParseFromArray(frames[1].data(), size)) {
        return std::nullopt;
      }
      return message;
    }
  }

  // The next non-heartbeat message (heartbeats are skipped).
  std::optional<FeedMessage> ReceiveItem(
      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return ReceiveFirst(timeout, [](const FeedMessage& message) {
      return !message.item.has_heartbeat();
    });
  }

  // Waits for a heartbeat: from then on the subscription is live.
  std::optional<v1::Heartbeat> AwaitHeartbeat(
      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::optional<FeedMessage> message =
        ReceiveFirst(timeout, [](const FeedMessage& message) {
          return message.item.has_heartbeat();
        });
    if (!message) return std::nullopt;
    return message->item.heartbeat();
  }

 private:
  // The first message `wanted` accepts within `timeout`; others are dropped.
  template <class Predicate>
  std::optional<FeedMessage> ReceiveFirst(std::chrono::milliseconds timeout,
                                          Predicate wanted) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < give_up) {
      std::optional<FeedMessage> message = Receive(
          std::chrono::duration_cast<std::chrono::milliseconds>(
              give_up - std::chrono::steady_clock::now()));
      if (!message) return std::nullopt;
      if (wanted(*message)) return message;
    }
    return std::nullopt;
  }

  zmq::context_t context_{1};
  zmq::socket_t socket_;
  bool skip_bundles_;
};

}  // namespace xinbao::testing
