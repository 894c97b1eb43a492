// WirePeer: a bare DEALER that speaks the submit protocol frame by frame,
// for tests that must send what the real client never would (garbage,
// wrong frames, bad UTF-8) and read the broker's exact reply.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "clients/lib/wire_frames.h"
#include "proto/curve_keys.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::testing {

class WirePeer {
 public:
  explicit WirePeer(const std::string& endpoint)
      : socket_(context_, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.connect(endpoint);
  }

  // A CURVE client with the key pair `me`, of a broker whose public key is
  // `server_key`.
  WirePeer(const std::string& endpoint, const CurveKeyPair& me,
           const std::string& server_key)
      : socket_(context_, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.set(zmq::sockopt::curve_serverkey, server_key);
    socket_.set(zmq::sockopt::curve_publickey, me.public_key);
    socket_.set(zmq::sockopt::curve_secretkey, me.secret_key);
    socket_.connect(endpoint);
  }

  // Sends the frames as given (the protocol wants {"", payload}).
  void SendFrames(const std::vector<std::string>& frames) {
    for (std::size_t i = 0; i < frames.size(); ++i) {
      socket_.send(zmq::buffer(frames[i]), i + 1 < frames.size()
                                               ? zmq::send_flags::sndmore
                                               : zmq::send_flags::none);
    }
  }
  void SendPayload(const std::string& payload) { SendFrames({"", payload}); }

  void SendSubmit(const v1::Report& report, uint32_t version = 1) {
    SendPayload(client::EncodeSubmit(report, version));
  }

  // Sends `envelope` (protocol version 1, request id "r-<n>" unless set)
  // and returns the reply to it, or nullopt if none came within `timeout`.
  std::optional<v1::Reply> Ask(
      v1::Envelope envelope,
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    envelope.set_protocol_version(1);
    if (envelope.request_id().empty()) {
      envelope.set_request_id("r-" + std::to_string(++asked_));
    }
    SendPayload(envelope.SerializeAsString());
    std::optional<v1::Reply> reply = Receive(timeout);
    if (reply && reply->request_id() != envelope.request_id()) {
      return std::nullopt;
    }
    return reply;
  }

  // The next reply, or nullopt if none came within `timeout` or its
  // frames were not [empty][Reply].
  std::optional<v1::Reply> Receive(
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(socket_, std::back_inserter(frames))) {
      return std::nullopt;
    }
    v1::Reply reply;
    if (frames.size() != 2 || frames[0].size() != 0 ||
        !reply.ParseFromArray(frames[1].data(),
                              static_cast<int>(frames[1].size()))) {
      return std::nullopt;
    }
    return reply;
  }

 private:
  zmq::context_t context_{1};
  unsigned asked_ = 0;
  zmq::socket_t socket_;
};

// A reply for a failure message: its fields, or "no reply".
inline std::string Shown(const std::optional<v1::Reply>& reply) {
  return reply ? reply->ShortDebugString() : "no reply";
}

}  // namespace xinbao::testing
