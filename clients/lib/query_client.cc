#include "clients/lib/query_client.h"

#include <cstdio>
#include <optional>
#include <utility>
#include <zmq.hpp>

#include "clients/lib/submit_client.h"
#include "clients/lib/wire_frames.h"

namespace xinbao::client {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kAttempts = 2;

// Waits until `events` are ready on `socket` or `deadline` passes; true if
// they are ready.
bool WaitFor(zmq::socket_t& socket, short events, Clock::time_point deadline) {
  while (true) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    zmq::pollitem_t item{socket.handle(), 0, events, 0};
    try {
      if (zmq::poll(&item, 1, left) > 0) return true;
    } catch (const zmq::error_t&) {
      // Interrupted: look at the clock and wait again.
    }
  }
}

// The name of a Reply body ("event_list"); a body case is its field number.
std::string BodyName(v1::Reply::BodyCase body) {
  const auto* field = v1::Reply::descriptor()->FindFieldByNumber(body);
  return field ? field->name() : std::to_string(static_cast<int>(body));
}

}  // namespace

struct QueryClient::Impl {
  QueryOptions options;
  zmq::context_t context;
  zmq::socket_t dealer;  // declared after context: closed before it
  // The last reply that could not be read, kept to explain a failure.
  std::optional<Status> malformed;
  std::string time_zone;  // as the last reply named it

  bool Send(const v1::Envelope& request, Clock::time_point deadline);
  std::optional<v1::Reply> Await(const std::string& request_id,
                                 Clock::time_point deadline);
};

bool QueryClient::Impl::Send(const v1::Envelope& request,
                             Clock::time_point deadline) {
  // The socket queues only on a live connection (ZMQ_IMMEDIATE): wait for
  // one, up to the deadline.
  while (!SendEnvelope(dealer, request)) {
    if (!WaitFor(dealer, ZMQ_POLLOUT, deadline)) return false;
  }
  return true;
}

std::optional<v1::Reply> QueryClient::Impl::Await(const std::string& request_id,
                                                  Clock::time_point deadline) {
  while (WaitFor(dealer, ZMQ_POLLIN, deadline)) {
    Result<v1::Reply> reply = ReceiveReply(dealer);
    if (!reply.ok()) {
      malformed = reply.status();
    } else if (reply->request_id() == request_id) {
      return std::move(reply).value();
    }
  }
  return std::nullopt;
}

QueryClient::QueryClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
QueryClient::~QueryClient() = default;

Result<std::unique_ptr<QueryClient>> QueryClient::Open(QueryOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  XINBAO_RETURN_IF_ERROR(OpenDealer(impl->options.endpoint, &impl->context,
                                    &impl->dealer, impl->options.curve));
  return std::unique_ptr<QueryClient>(new QueryClient(std::move(impl)));
}

const std::string& QueryClient::time_zone() const { return impl_->time_zone; }

Result<v1::Reply> QueryClient::Call(v1::Envelope request,
                                    v1::Reply::BodyCase expected) {
  request.set_protocol_version(kProtocolVersion);
  request.set_request_id(NewUuid());
  SetOnBehalf(impl_->options.acting_user, impl_->options.person, &request);
  impl_->malformed.reset();
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) {
      Result<zmq::socket_t> fresh = ConnectDealer(
          impl_->context, impl_->options.endpoint, impl_->options.curve);
      if (!fresh.ok()) return fresh.status();
      impl_->dealer = std::move(fresh).value();  // closes the old (linger 0)
    }
    const auto deadline = Clock::now() + impl_->options.timeout;
    if (!impl_->Send(request, deadline)) continue;
    std::optional<v1::Reply> reply =
        impl_->Await(request.request_id(), deadline);
    if (!reply) continue;
    impl_->time_zone = reply->time_zone();
    if (reply->has_error() || reply->body_case() == expected) {
      return std::move(reply).value();
    }
    return Status(v1::ERROR_CODE_MALFORMED,
                  "服务器的回复类型不符（期待 " + BodyName(expected) +
                      "，收到 " + BodyName(reply->body_case()) + "）");
  }
  if (impl_->malformed) return *impl_->malformed;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g",
                std::chrono::duration<double>(impl_->options.timeout).count());
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                impl_->options.endpoint + " 两次各等 " + seconds +
                    " 秒都没有回复：服务器未运行、地址不对或网络不通" +
                    CurveSilenceHint(impl_->options.curve));
}

Result<v1::Policy> QueryClient::Policy() {
  v1::Envelope request;
  request.mutable_policy();
  Result<v1::Reply> reply = Call(std::move(request), v1::Reply::kPolicy);
  if (!reply.ok()) return reply.status();
  if (reply->has_error()) {
    const v1::Error& error = reply->error();
    return Status(error.code(), error.message(), error.field());
  }
  return std::move(*reply->mutable_policy());
}

}  // namespace xinbao::client
