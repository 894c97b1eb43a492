#include "broker/tree/answers_up.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace xinbao::broker {
namespace {

constexpr std::size_t kStepsARound = 64;

}  // namespace

AnswersUp::AnswersUp(const BrokerConfig& config, storage::ReportStore& store,
                     std::optional<client::CurveClientKeys> keys)
    : config_(config), store_(store), keys_(std::move(keys)) {}

Result<v1::Reply> AnswersUp::Ask(const v1::DubanStepRequest& step) {
  if (parent_ == nullptr) {
    client::QueryOptions options;
    options.endpoint = config_.tree.upstream.endpoint;
    options.timeout = std::chrono::milliseconds(config_.tree.upstream.reply_timeout_ms);
    options.curve = keys_;
    Result<std::unique_ptr<client::QueryClient>> opened = client::QueryClient::Open(options);
    if (!opened.ok()) return opened.status();
    parent_ = std::move(opened).value();
  }
  v1::Envelope envelope;
  *envelope.mutable_duban_step() = step;
  return parent_->Call(std::move(envelope), v1::Reply::kDubanChanged);
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
      if (stopping) break;
      Result<v1::Reply> reply = Ask(step);
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
