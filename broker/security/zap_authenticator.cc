#include "broker/security/zap_authenticator.h"

#include <spdlog/spdlog.h>
#include <zmq_addon.hpp>

#include <array>
#include <chrono>
#include <iterator>
#include <vector>

namespace xinbao::broker {
namespace {

constexpr char kZapEndpoint[] = "inproc://zeromq.zap.01";
constexpr std::chrono::milliseconds kPollInterval{100};

std::string Z85(const zmq::message_t& key) {
  if (key.size() != 32) return {};
  std::array<char, 41> text{};
  zmq_z85_encode(text.data(), static_cast<const uint8_t*>(key.data()), 32);
  return std::string(text.data(), 40);
}

}  // namespace

ZapAuthenticator::ZapAuthenticator(zmq::context_t& context,
                                   const UserDirectory& directory,
                                   OnRefusal on_refusal)
    : context_(context),
      directory_(directory),
      on_refusal_(std::move(on_refusal)) {}

ZapAuthenticator::~ZapAuthenticator() { Stop(); }

Status ZapAuthenticator::Start() {
  try {
    socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::rep);
    socket_->set(zmq::sockopt::linger, 0);
    socket_->bind(kZapEndpoint);
  } catch (const zmq::error_t& error) {
    socket_.reset();
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  std::string("无法启动身份认证（ZAP）: ") + error.what());
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ZapAuthenticator::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  socket_.reset();
}

void ZapAuthenticator::Run() {
  while (!stop_.load()) {
    zmq::pollitem_t item{socket_->handle(), 0, ZMQ_POLLIN, 0};
    try {
      zmq::poll(&item, 1, kPollInterval);
      if (item.revents & ZMQ_POLLIN) Answer(*socket_);
    } catch (const zmq::error_t& error) {
      if (error.num() == ETERM) return;
      // A handshake left unanswered fails on the client's side; keep going.
      if (error.num() != EINTR) spdlog::error("ZAP: {}", error.what());
    }
  }
}

Status ZapAuthenticator::Decide(const UserRegistry& registry,
                                std::string_view domain,
                                std::string_view mechanism,
                                std::string_view public_key_z85) {
  auto refuse = [](std::string reason) {
    return Status(v1::ERROR_CODE_NOT_PERMITTED, std::move(reason));
  };
  if (mechanism != "CURVE") {
    return refuse("未使用加密连接（CURVE），拒绝");
  }
  const User* user = registry.FindByKey(public_key_z85);
  if (user == nullptr) return refuse("公钥未登记");
  if (user->revoked) return refuse("用户 " + user->name + " 的密钥已吊销");
  if (domain == "feed" && !MayDo(user->role, Action::kFeed)) {
    return refuse("用户 " + user->name + " 的角色（" +
                  std::string(RoleName(user->role)) + "）无权订阅实时推送");
  }
  return Status::Ok();
}

void ZapAuthenticator::Answer(zmq::socket_t& socket) {
  // [version][request id][domain][address][identity][mechanism][credentials…]
  std::vector<zmq::message_t> request;
  if (!zmq::recv_multipart(socket, std::back_inserter(request),
                           zmq::recv_flags::dontwait)) {
    return;
  }
  std::string request_id;
  std::string status_code = "400";
  std::string status_text;
  std::string user_id;
  if (request.size() < 6 || request[0].to_string_view() != "1.0") {
    status_text = "bad ZAP request";
    if (request.size() > 1) request_id = request[1].to_string();
  } else {
    request_id = request[1].to_string();
    const std::string domain = request[2].to_string();
    const std::string mechanism = request[5].to_string();
    const std::string key = request.size() > 6 ? Z85(request[6]) : "";
    const std::shared_ptr<const UserRegistry> registry = directory_.Current();
    const Status decided =
        registry ? Decide(*registry, domain, mechanism, key)
                 : Status(v1::ERROR_CODE_NOT_PERMITTED, "没有用户名录");
    if (decided.ok()) {
      status_code = "200";
      status_text = "OK";
      // The key itself, not the user's name: a key rotated out of the
      // registry then names nobody, even on a connection still open.
      user_id = key;
    } else {
      status_text = "refused";
      const User* user = registry ? registry->FindByKey(key) : nullptr;
      if (on_refusal_) {
        ZapRefusal refusal;
        refusal.domain = domain;
        refusal.address = request[3].to_string();
        refusal.public_key = key;
        if (user != nullptr) {
          refusal.user = user->name;
          refusal.unit_id = user->unit_id;
          refusal.role_refused = !user->revoked;
        }
        refusal.reason = decided.message();
        on_refusal_(refusal);
      }
    }
  }
  const std::array<std::string, 6> reply = {"1.0",       request_id,
                                            status_code, status_text,
                                            user_id,     ""};
  for (std::size_t i = 0; i < reply.size(); ++i) {
    socket.send(zmq::buffer(reply[i]), i + 1 < reply.size()
                                           ? zmq::send_flags::sndmore
                                           : zmq::send_flags::none);
  }
}

}  // namespace xinbao::broker
