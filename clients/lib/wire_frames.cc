#include "clients/lib/wire_frames.h"

#include <cstdint>
#include <vector>
#include <zmq_addon.hpp>

namespace xinbao::client {

Result<zmq::socket_t> ConnectDealer(
    zmq::context_t& context, const std::string& endpoint,
    const std::optional<CurveClientKeys>& curve) {
  try {
    zmq::socket_t dealer(context, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    dealer.set(zmq::sockopt::immediate, true);
    dealer.set(zmq::sockopt::sndhwm, 1000);
    dealer.set(zmq::sockopt::rcvhwm, 1000);
    ApplyCurve(dealer, curve);
    dealer.connect(endpoint);
    return dealer;
  } catch (const zmq::error_t& e) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "无效的地址 " + endpoint + ": " + e.what(), "endpoint");
  }
}

Status OpenDealer(const std::string& endpoint, zmq::context_t* context,
                  zmq::socket_t* dealer,
                  const std::optional<CurveClientKeys>& curve) {
  try {
    *context = zmq::context_t(1);
  } catch (const zmq::error_t& e) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  std::string("无法创建 ZeroMQ 上下文: ") + e.what());
  }
  Result<zmq::socket_t> connected = ConnectDealer(*context, endpoint, curve);
  if (!connected.ok()) return connected.status();
  *dealer = std::move(connected).value();
  return Status::Ok();
}

void SetOnBehalf(const std::string& acting_user, const std::string& person,
                 v1::Envelope* envelope) {
  if (envelope->acting_user().empty()) envelope->set_acting_user(acting_user);
  if (envelope->person().empty()) envelope->set_person(person);
}

std::string EncodeSubmit(const v1::Report& report, uint32_t version,
                         const std::string& acting_user,
                         const std::string& person,
                         const std::string& request_id) {
  v1::Envelope envelope;
  envelope.set_protocol_version(version);
  envelope.set_request_id(request_id.empty() ? report.idempotency_key() : request_id);
  SetOnBehalf(acting_user, person, &envelope);
  *envelope.mutable_submit()->mutable_report() = report;
  return envelope.SerializeAsString();
}

namespace {

// Sends [empty][bytes] without blocking; false if the socket would block.
bool SendRequestFrames(zmq::socket_t& dealer, const std::string& bytes) {
  if (bytes.empty()) return false;
  try {
    // Once the first frame is accepted, ZeroMQ accepts the rest of the
    // message: a multipart message is queued whole or not at all.
    if (!dealer.send(zmq::message_t(),
                     zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
      return false;
    }
    return dealer
        .send(zmq::message_t(bytes.data(), bytes.size()),
              zmq::send_flags::dontwait)
        .has_value();
  } catch (const zmq::error_t&) {
    return false;
  }
}

}  // namespace

bool SendSubmit(zmq::socket_t& dealer, const v1::Report& report,
                const std::string& acting_user, const std::string& person,
                const std::string& request_id) {
  return SendRequestFrames(dealer, EncodeSubmit(report, kProtocolVersion, acting_user,
                                                person, request_id));
}

bool SendEnvelope(zmq::socket_t& dealer, const v1::Envelope& envelope) {
  return SendRequestFrames(dealer, envelope.SerializeAsString());
}

Result<v1::Reply> ReceiveReply(zmq::socket_t& dealer) {
  std::vector<zmq::message_t> frames;
  try {
    if (!zmq::recv_multipart(dealer, std::back_inserter(frames),
                             zmq::recv_flags::dontwait)) {
      return Status(v1::ERROR_CODE_MALFORMED, "没有可接收的回复");
    }
  } catch (const zmq::error_t& e) {
    return Status(v1::ERROR_CODE_MALFORMED,
                  std::string("接收回复失败: ") + e.what());
  }
  if (frames.size() != 2 || frames[0].size() != 0) {
    return Status(v1::ERROR_CODE_MALFORMED,
                  "回复不是 [空帧][Reply] 两帧 (收到 " +
                      std::to_string(frames.size()) + " 帧)");
  }
  v1::Reply reply;
  if (frames[1].size() > static_cast<std::size_t>(INT32_MAX) ||
      !reply.ParseFromArray(frames[1].data(),
                            static_cast<int>(frames[1].size())) ||
      reply.body_case() == v1::Reply::BODY_NOT_SET) {
    return Status(v1::ERROR_CODE_MALFORMED, "回复无法解析为 Reply");
  }
  return reply;
}

}  // namespace xinbao::client
