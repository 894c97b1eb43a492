#include "broker/tree/answers_up.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "clients/lib/wire_frames.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kStepsARound = 64;

}  // namespace

AnswersUp::AnswersUp(const BrokerConfig& config, storage::ReportStore& store,
                     zmq::context_t& context, std::optional<client::CurveClientKeys> keys)
    : config_(config), store_(store), context_(context), keys_(std::move(keys)) {}

Result<v1::Reply> AnswersUp::Ask(const v1::DubanStepRequest& step,
                                 const std::atomic<bool>& stopping) {
  const UpstreamPolicy& up = config_.tree.upstream;
  if (!dealer_) {
    Result<zmq::socket_t> dealer = client::ConnectDealer(context_, up.endpoint, keys_);
    if (!dealer.ok()) return dealer.status();
    dealer_ = std::move(dealer).value();
  }
  v1::Envelope envelope;
  envelope.set_protocol_version(1);
  envelope.set_request_id(step.step_id());
  *envelope.mutable_duban_step() = step;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(up.reply_timeout_ms);
  bool sent = false;
  while (std::chrono::steady_clock::now() < deadline && !stopping) {
    if (!sent) sent = client::SendEnvelope(*dealer_, envelope);
    zmq::pollitem_t item{dealer_->handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(50)) == 0) continue;
    Result<v1::Reply> reply = client::ReceiveReply(*dealer_);
    if (!reply.ok() || reply->request_id() == step.step_id()) return reply;
  }
  dealer_.reset();  // a late answer must not be read as the next one's
  return Status(v1::ERROR_CODE_BUSY, "上级 " + up.endpoint + " 未答复督办上报");
}

Status AnswersUp::Send(const std::atomic<bool>& stopping) {
  Status status = Status::Ok();
  while (!stopping && status.ok()) {
    Result<uint64_t> answered = store_.StepsUpAnswered();
    if (!answered.ok()) return answered.status();
    Result<std::vector<std::pair<uint64_t, v1::DubanStepRequest>>> steps =
        store_.ReadStepsUp(*answered, kStepsARound);
    if (!steps.ok()) return steps.status();
    if (steps->empty()) break;
    for (const auto& [position, step] : *steps) {
      Result<v1::Reply> reply = Ask(step, stopping);
      if (!reply.ok()) {
        status = reply.status();
        break;
      }
      if (reply->has_error()) {
        const Status refused = Status::FromWire(reply->error());
        if (refused.retryable()) {
          status = refused;
          break;
        }
        spdlog::error("督办 step {} on {} refused by the parent for good: {}",
                      step.step_id(), step.item_id(), refused.ToString());
        std::lock_guard<std::mutex> lock(figures_mutex_);
        ++refused_;
        problem_ = "上级拒收督办上报（事项 " + step.item_id() + "，" +
                   v1::ErrorCode_Name(refused.code()) + "）：" + refused.message();
      }
      status = store_.SetStepsUpAnswered(position);
      if (!status.ok()) break;
    }
  }
  return status;
}

void AnswersUp::Fill(v1::UpstreamLink* link) const {
  link->set_steps_queued(store_.StepsUpTail());
  if (Result<uint64_t> answered = store_.StepsUpAnswered(); answered.ok()) {
    link->set_steps_answered(*answered);
  }
  std::lock_guard<std::mutex> lock(figures_mutex_);
  link->set_steps_refused(refused_);
  if (link->problem().empty()) link->set_problem(problem_);
}

}  // namespace xinbao::broker
