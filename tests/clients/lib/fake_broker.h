// FakeBroker: an in-process stand-in for the broker on a ROUTER socket, for
// client tests that need replies the real broker does not give on demand
// (out of order, retryable refusals, stray replies, silence).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "xinbao/v1/wire.pb.h"

namespace xinbao::testing {

// What the stand-in does with one request: the replies to send at once
// (none = stay silent). `attempt` counts requests seen for that id, from 1.
using Policy =
    std::function<std::vector<v1::Reply>(const v1::Envelope&, int attempt)>;

// A ROUTER on an ephemeral port, served by its own thread. With
// `reverse_batch` > 1 it holds replies until that many are due and sends
// them newest first. With `curve_secret_key` (Z85) it is a CURVE server
// with that key, as the broker will be; it has no ZAP handler, so it
// accepts any client key, and a client that fails the handshake (wrong
// server key, no CURVE) never reaches it.
class FakeBroker {
 public:
  explicit FakeBroker(Policy policy, std::size_t reverse_batch = 1,
                      const std::string& curve_secret_key = "")
      : policy_(std::move(policy)), reverse_batch_(reverse_batch) {
    router_.set(zmq::sockopt::linger, 0);
    if (!curve_secret_key.empty()) {
      router_.set(zmq::sockopt::curve_server, true);
      router_.set(zmq::sockopt::curve_secretkey, curve_secret_key);
    }
    router_.bind("tcp://127.0.0.1:*");
    endpoint_ = router_.get(zmq::sockopt::last_endpoint);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeBroker() {
    stop_ = true;
    thread_.join();
  }
  const std::string& endpoint() const { return endpoint_; }
  // REQUIRES: called after the client is done.
  std::vector<v1::Envelope> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void Serve() {
    std::vector<std::pair<zmq::message_t, v1::Reply>> held;
    while (!stop_) {
      zmq::pollitem_t item{router_.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, std::chrono::milliseconds(10));
      if ((item.revents & ZMQ_POLLIN) == 0) continue;
      std::vector<zmq::message_t> frames;
      (void)zmq::recv_multipart(router_, std::back_inserter(frames));
      ASSERT_EQ(frames.size(), 3u);
      ASSERT_EQ(frames[1].size(), 0u);
      v1::Envelope envelope;
      ASSERT_TRUE(envelope.ParseFromArray(frames[2].data(),
                                          static_cast<int>(frames[2].size())));
      int attempt = 0;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(envelope);
        attempt = ++attempts_[envelope.request_id()];
      }
      for (v1::Reply& reply : policy_(envelope, attempt)) {
        held.emplace_back(zmq::message_t(frames[0].data(), frames[0].size()),
                          std::move(reply));
      }
      if (held.size() >= reverse_batch_) {
        for (auto it = held.rbegin(); it != held.rend(); ++it) {
          router_.send(it->first, zmq::send_flags::sndmore);
          router_.send(zmq::message_t(), zmq::send_flags::sndmore);
          router_.send(zmq::buffer(it->second.SerializeAsString()));
        }
        held.clear();
      }
    }
  }

  Policy policy_;
  const std::size_t reverse_batch_;
  zmq::context_t context_;
  zmq::socket_t router_{context_, zmq::socket_type::router};
  std::string endpoint_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<v1::Envelope> requests_;
  std::map<std::string, int> attempts_;
  std::thread thread_;
};

}  // namespace xinbao::testing
