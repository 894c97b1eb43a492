#include "broker/tree/upstream_link.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <functional>
#include <string>
#include <zmq.hpp>

#include "broker/tree/upward_reports.h"
#include "clients/lib/flush_round.h"
#include "clients/lib/wire_frames.h"

namespace xinbao::broker {
namespace {

// Most reports one round lists; a round also ends after kRoundTime, so
// that Stop() is heard and the cursor's progress shows in the status.
constexpr std::size_t kRoundReports = 1024;
constexpr auto kRoundTime = std::chrono::seconds(1);
// How often an idle link looks at the queue's tail.
constexpr auto kIdlePoll = std::chrono::milliseconds(20);

}  // namespace

Result<std::unique_ptr<UpstreamLink>> UpstreamLink::Open(
    const BrokerConfig& config, storage::ReportStore& store, Clock clock,
    zmq::context_t& context) {
  std::optional<client::CurveClientKeys> keys;
  if (config.security.curve) {
    const UpstreamPolicy& up = config.tree.upstream;
    const std::filesystem::path& own = up.secret_key_file.empty()
                                           ? config.security.secret_key_file
                                           : up.secret_key_file;
    Result<client::CurveClientKeys> loaded =
        client::LoadCurveClientKeys(own, up.server_key_file);
    if (!loaded.ok()) return loaded.status();
    keys = *loaded;
  }
  return std::unique_ptr<UpstreamLink>(
      new UpstreamLink(config, store, std::move(clock), std::move(keys), context));
}

UpstreamLink::UpstreamLink(const BrokerConfig& config,
                           storage::ReportStore& store, Clock clock,
                           std::optional<client::CurveClientKeys> keys,
                           zmq::context_t& context)
    : config_(config), store_(store), clock_(std::move(clock)), keys_(std::move(keys)) {
  if (!config.tree.upstream.query_endpoint.empty()) {
    down_ = std::make_unique<DownwardPull>(config, store, context, keys_);
  }
}

UpstreamLink::~UpstreamLink() { Stop(); }

void UpstreamLink::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
  if (down_) down_->Start();
}

void UpstreamLink::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (down_) down_->Stop();
}

bool UpstreamLink::WaitForWork() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    Result<storage::UpwardProgress> progress = store_.UpwardCursor();
    if (progress.ok() && store_.UpwardTail() > progress->answered) return true;
    if (!progress.ok()) figures_.Problem(progress.status().message());
    wake_.wait_for(lock, kIdlePoll);
  }
  return false;
}

void UpstreamLink::Run() {
  const UpstreamPolicy& up = config_.tree.upstream;
  client::ClientOptions options;
  options.endpoint = up.endpoint;
  options.reply_timeout = std::chrono::milliseconds(up.reply_timeout_ms);
  options.window = up.window;
  options.curve = keys_;
  zmq::context_t context(1);
  Result<zmq::socket_t> dealer = client::ConnectDealer(context, up.endpoint, keys_);
  if (!dealer.ok()) {
    spdlog::error("upstream link cannot start: {}", dealer.status().ToString());
    figures_.Problem(dealer.status().message());
    return;
  }
  spdlog::info("upstream link to {} as unit {} (this broker: {})", up.endpoint,
               up.unit, config_.tree.id);
  const std::function<void(const client::Delivery&)> on_delivery =
      [this](const client::Delivery& delivery) {
        if (!delivery.acknowledged) return;
        const auto& hops = delivery.report.forwarded().hops();
        figures_.Forwarded(hops.empty() ? 0 : hops.rbegin()->sequence(),
                           delivery.ack.sequence(), clock_());
      };
  bool silent = false;  // the last round ended in a silence
  while (WaitForWork()) {
    UpwardReports queue(store_, config_.tree, config_.units, figures_,
                        kRoundReports);
    client::FlushRound round(context, *dealer, queue, options, on_delivery);
    const client::FlushSummary summary =
        round.Run(std::chrono::steady_clock::now() + kRoundTime);
    const bool answered = summary.acknowledged + summary.rejected > 0;
    if (summary.reconnects > 0 && !answered) {
      if (!silent) {
        spdlog::warn("upstream {} silent for {} ms: reconnecting; {} reports wait",
                     up.endpoint, up.reply_timeout_ms, summary.still_pending);
      }
      silent = true;
      figures_.Silent("上级 " + up.endpoint + " 无应答（超过 " +
                      (up.reply_timeout_ms % 1000 == 0
                           ? std::to_string(up.reply_timeout_ms / 1000) + " 秒"
                           : std::to_string(up.reply_timeout_ms) + " 毫秒") +
                      "），正在重连；报告在本级排队，不会丢失");
    } else if (answered) {
      if (silent) spdlog::info("upstream {} answers again", up.endpoint);
      silent = false;
    }
    if (!summary.outbox_status.ok()) {
      figures_.Problem(summary.outbox_status.message());
      spdlog::error("upstream queue: {}", summary.outbox_status.ToString());
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, kRoundTime, [this] { return stopping_.load(); });
    }
  }
}

v1::UpstreamLink UpstreamLink::Reading(int64_t now_ms) const {
  v1::UpstreamLink link = figures_.Reading();
  link.set_endpoint(config_.tree.upstream.endpoint);
  if (down_) down_->Fill(&link);
  Result<storage::UpwardProgress> progress = store_.UpwardCursor();
  if (!progress.ok()) {
    link.set_problem(progress.status().message());
    return link;
  }
  // Refusals for good are kept in the store: counted over restarts.
  if (Result<std::vector<storage::UpwardRefusal>> refused =
          store_.UpwardRefusals(SIZE_MAX);
      refused.ok()) {
    link.set_refused(refused->size());
    if (link.problem().empty() && !refused->empty()) {
      const storage::UpwardRefusal& last = refused->back();
      link.set_problem("上级曾拒收上报队列第 " + std::to_string(last.position) +
                       " 条（" + v1::ErrorCode_Name(last.error.code()) +
                       "）：" + last.error.message());
    }
  }
  const uint64_t tail = store_.UpwardTail();
  link.set_queued(tail > progress->answered ? tail - progress->answered : 0);
  if (link.queued() > 0) {
    Result<std::vector<storage::UpwardEntry>> oldest =
        store_.ReadUpward(progress->answered, 1);
    if (oldest.ok() && !oldest->empty()) {
      link.set_oldest_queued_ms(std::max<int64_t>(0, now_ms - oldest->front().queued_at_ms));
    }
  }
  return link;
}

}  // namespace xinbao::broker
