#include "broker/tree/downward_pull.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "broker/base/inner_submit.h"
#include "clients/lib/query_client.h"
#include "clients/lib/wire_frames.h"

namespace xinbao::broker {
namespace {

constexpr auto kPullEvery = std::chrono::seconds(1);
constexpr uint32_t kPageItems = 64;
constexpr auto kInnerTimeout = std::chrono::seconds(30);

// The report a 越级 copy stands for, as its unit sent it here.
v1::Report AsItsUnitSentIt(const v1::Report& copy) {
  v1::Report report = copy;
  report.set_unit_id(copy.forwarded().origin_unit_id());
  report.clear_forwarded();
  report.clear_sequence();
  report.clear_stored_at_ms();
  return report;
}

// Sends `envelope` on the inner socket and waits for its answer.
Result<v1::Reply> AskHere(zmq::socket_t& inner, v1::Envelope& envelope,
                          const std::string& request_id,
                          const std::atomic<bool>& stopping) {
  envelope.set_protocol_version(1);
  envelope.set_request_id(request_id);
  if (!client::SendEnvelope(inner, envelope)) {
    return Status(v1::ERROR_CODE_BUSY, "本级内部报送端口忙");
  }
  zmq::pollitem_t item{inner.handle(), 0, ZMQ_POLLIN, 0};
  const auto deadline = std::chrono::steady_clock::now() + kInnerTimeout;
  while (std::chrono::steady_clock::now() < deadline && !stopping) {
    if (zmq::poll(&item, 1, std::chrono::milliseconds(100)) == 0) continue;
    Result<v1::Reply> reply = client::ReceiveReply(inner);
    if (!reply.ok() || reply->request_id() == request_id) return reply;
  }
  return Status(v1::ERROR_CODE_BUSY, "本级 30 秒内未确认上级下发的条目");
}

// A refusal of `item` here, as the pull treats it: retryable, returned (the
// page stops and is fetched again); for good (the unit no longer
// registered, say), said in the log and passed over — the parent keeps it.
Status PassedOverUnlessRetryable(const v1::Error& error, const v1::DownwardItem& item) {
  const Status refused = Status::FromWire(error);
  if (refused.retryable()) return refused;
  spdlog::error("下发 {} (kind {}) refused here: {}", item.position(),
                static_cast<int>(item.kind()), refused.ToString());
  return Status::Ok();
}

std::string RequestId(const v1::DownwardItem& item, uint64_t asked) {
  return "down-" + std::to_string(item.position()) + "-" + std::to_string(asked);
}

}  // namespace

DownwardPull::DownwardPull(const BrokerConfig& config, storage::ReportStore& store,
                           zmq::context_t& context,
                           std::optional<client::CurveClientKeys> keys)
    : config_(config),
      store_(store),
      context_(context),
      keys_(std::move(keys)),
      answers_(config, store, keys_) {}

DownwardPull::~DownwardPull() { Stop(); }

void DownwardPull::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void DownwardPull::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DownwardPull::Fill(v1::UpstreamLink* link) const {
  link->set_down_endpoint(config_.tree.upstream.query_endpoint);
  if (Result<uint64_t> received = store_.DownwardReceived(); received.ok()) {
    link->set_down_received(*received);
  }
  std::lock_guard<std::mutex> lock(figures_mutex_);
  link->set_copies_new(copies_new_);
  link->set_adoptions_new(adoptions_new_);
  link->set_duban_items(duban_items_);
  answers_.Fill(link);
  if (link->problem().empty()) link->set_problem(problem_);
}

void DownwardPull::Run() {
  const UpstreamPolicy& up = config_.tree.upstream;
  client::QueryOptions options;
  options.endpoint = up.query_endpoint;
  options.timeout = std::chrono::milliseconds(up.reply_timeout_ms);
  options.curve = keys_;
  Result<std::unique_ptr<client::QueryClient>> parent =
      client::QueryClient::Open(options);
  Result<zmq::socket_t> inner = client::ConnectDealer(context_, kInnerSubmitEndpoint);
  if (!parent.ok() || !inner.ok()) {
    const Status& failed = parent.ok() ? inner.status() : parent.status();
    spdlog::error("downward pull cannot start: {}", failed.ToString());
    std::lock_guard<std::mutex> lock(figures_mutex_);
    problem_ = failed.message();
    return;
  }
  spdlog::info("downward pull from {} (下发)", up.query_endpoint);
  uint64_t asked = 0;  // requests, for their ids on the inner socket
  while (!stopping_) {
    bool more = false;
    Status status = Status::Ok();
    Result<uint64_t> received = store_.DownwardReceived();
    v1::Envelope request;
    if (received.ok()) {
      request.mutable_downward()->set_after(*received);
      request.mutable_downward()->set_limit(kPageItems);
      Result<v1::Reply> reply =
          (*parent)->Call(request, v1::Reply::kDownwardPage);
      if (!reply.ok()) {
        status = reply.status();
      } else if (reply->has_error()) {
        status = Status::FromWire(reply->error());
      } else {
        const v1::DownwardPage& page = reply->downward_page();
        for (const v1::DownwardItem& item : page.items()) {
          if (stopping_) break;
          status = Store(item, *inner, ++asked);
          if (!status.ok()) break;
          status = store_.SetDownwardReceived(item.position());
          if (!status.ok()) break;
        }
        more = status.ok() && page.items_size() == static_cast<int>(kPageItems);
      }
    } else {
      status = received.status();
    }
    // What this broker's 转办 items owe the parent goes up after it.
    std::string problem = status.ok() ? "" : "取上级下发: " + status.message();
    if (status.ok()) {
      status = answers_.Send(stopping_);
      if (!status.ok()) problem = "督办上报: " + status.message();
    }
    {
      std::lock_guard<std::mutex> lock(figures_mutex_);
      if (problem != problem_ && !problem.empty()) {
        spdlog::warn("downward pull from {}: {}", up.query_endpoint, status.ToString());
      }
      problem_ = problem;
    }
    if (more) continue;
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, kPullEvery, [this] { return stopping_.load(); });
  }
}

Status DownwardPull::Store(const v1::DownwardItem& item, zmq::socket_t& inner,
                           uint64_t asked) {
  if (item.kind() == v1::DOWNWARD_KIND_ADOPTION ||
      item.kind() == v1::DOWNWARD_KIND_DUBAN_ITEM) {
    return Record(item, inner, asked);
  }
  if (item.kind() != v1::DOWNWARD_KIND_SKIP_LEVEL_COPY || !item.has_report() ||
      !item.report().has_forwarded()) {
    // A kind this version does not know: said, and passed over (a newer
    // parent; the item stays in its queue).
    spdlog::warn("downward item {} of kind {} not understood here; passed over",
                 item.position(), static_cast<int>(item.kind()));
    return Status::Ok();
  }
  const v1::Forwarding& way = item.report().forwarded();
  if (way.origin_broker() != config_.tree.id) {
    spdlog::info("越级 copy {} of a report from {} (below this level) passed over",
                 item.position(), way.origin_broker());
    return Status::Ok();
  }
  v1::Envelope envelope;
  v1::Report& report = *envelope.mutable_submit()->mutable_report();
  report = AsItsUnitSentIt(item.report());
  Result<v1::Reply> reply = AskHere(inner, envelope, RequestId(item, asked), stopping_);
  if (!reply.ok()) return reply.status();
  if (reply->has_error()) return PassedOverUnlessRetryable(reply->error(), item);
  if (!reply->ack().duplicate()) {
    spdlog::info("越级 copy {}: {} of {} was not here; stored as {}", item.position(),
                 report.idempotency_key(), report.unit_id(), reply->ack().sequence());
    std::lock_guard<std::mutex> lock(figures_mutex_);
    ++copies_new_;
  }
  return Status::Ok();
}

Status DownwardPull::Record(const v1::DownwardItem& item, zmq::socket_t& inner,
                            uint64_t asked) {
  v1::Envelope envelope;
  *envelope.mutable_downward_item() = item;
  Result<v1::Reply> reply = AskHere(inner, envelope, RequestId(item, asked), stopping_);
  if (!reply.ok()) return reply.status();
  if (reply->has_error()) return PassedOverUnlessRetryable(reply->error(), item);
  if (item.kind() == v1::DOWNWARD_KIND_DUBAN_ITEM) {
    if (reply->duban_changed().changed()) {
      spdlog::info("上级交办 {} stored (下发 {})", item.duban().item().item_id(),
                   item.position());
      std::lock_guard<std::mutex> lock(figures_mutex_);
      ++duban_items_;
    }
    return Status::Ok();
  }
  if (reply->caibian_changed().changed()) {
    const v1::Adoption& adoption = item.adoption();
    spdlog::info("上级采用 recorded: {} {} of report {}", adoption.series_name(),
                 adoption.reference(), item.report().idempotency_key());
    std::lock_guard<std::mutex> lock(figures_mutex_);
    ++adoptions_new_;
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
