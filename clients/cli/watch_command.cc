#include "clients/cli/watch_command.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <utility>
#include <vector>

#include "clients/monitor/feed_follower.h"
#include "clients/monitor/monitor_filter.h"
#include "clients/monitor/monitor_screen.h"
#include "clients/monitor/monitor_session.h"
#include "clients/lib/query_client.h"
#include "clients/text/report_lines.h"
#include "clients/monitor/terminal.h"  // TerminalSize, for --once
#include "proto/names.h"

namespace xinbao::client::cli {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kMaxRedraw = 1s;  // --json: how long each wait lasts
// While watching, each snapshot attempt waits this long unless --timeout
// says otherwise: a silent broker is shown as such soon.
constexpr double kLiveQueryTimeoutSeconds = 2;

std::string SnapshotJson(const v1::Snapshot& snapshot) {
  return "{\"snapshot\":" + MessageJson(snapshot) + "}";
}

// Prints why, and returns the exit code.
int Failed(const Status& status) {
  std::cerr << "错误: " << status.message() << std::endl;
  return status.retryable() ? kStillPending : kRefused;
}

int RunOnce(const GlobalOptions& options, const MonitorFilter& filter) {
  auto client = QueryClient::Open(QueryOptions{
      options.query_endpoint,
      Millis(options.timeout_seconds.value_or(kQueryTimeoutSeconds)),
      options.curve});
  if (!client.ok()) return Fail(client.status());
  Result<v1::Snapshot> snapshot =
      FetchSnapshot(**client, MonitorState::kDefaultReportCapacity);
  if (!snapshot.ok()) return Failed(snapshot.status());
  if (options.json) {
    std::cout << SnapshotJson(filter.Filtered(*snapshot)) << std::endl;
    return kSettled;
  }
  MonitorState state(ZoneNamed((*client)->time_zone(), options.zone));
  state.Reset(*snapshot);
  state.set_link(LinkState::kSnapshotOnly);
  std::vector<ScreenLine> lines =
      RenderMonitorScreen(state, filter, TerminalSize(), NowIn(state.zone()));
  while (!lines.empty() && lines.back().text.empty()) lines.pop_back();
  for (const ScreenLine& line : lines) std::cout << line.text << '\n';
  std::cout.flush();
  return kSettled;
}

// Follows the feed, printing JSON lines, until the process is stopped.
int RunJson(FeedFollower& follower) {
  while (true) {
    Result<bool> polled = follower.Poll(Clock::now() + kMaxRedraw);
    if (!polled.ok()) return Failed(polled.status());
  }
}

}  // namespace

WatchCommand::WatchCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  watch_ = app.add_subcommand(
      "watch", "值班监看：实时显示告警、紧急事件进度和最新报告（中心）");
  watch_->alias("值班监看");
  watch_->add_option("--kind", kind_,
                     "只看此类信息: urgent important general research "
                     "experience（告警和事件只在 urgent 时显示）");
  watch_->add_option("--unit", unit_, "只看此单位（编号）");
  watch_->add_option("--event", event_, "只看此事件（编号，可只写开头几位）");
  watch_->add_flag("--once", once_,
                   "取一次快照，显示一屏（或 --json 输出快照）后退出");
}

std::optional<int> WatchCommand::RunParsed() const {
  if (!watch_->parsed()) return std::nullopt;
  return Run();
}

int WatchCommand::Run() const {
  if (!options_.acting_user.empty()) {
    // The feed follower asks for its snapshots as the key itself.
    return Fail(Status(v1::ERROR_CODE_INVALID_FIELD,
                       "watch 不能代他人监看（--acting-user）：请用值班员"
                       "自己的密钥",
                       "--acting-user"));
  }
  MonitorFilter filter;
  filter.unit_id = unit_;
  filter.event_id = event_;
  if (!kind_.empty()) {
    filter.kind = ParseKind(kind_);
    if (!filter.kind) {
      return Fail(Status(v1::ERROR_CODE_INVALID_FIELD,
                         "不认识的信息类别: " + kind_, "--kind"));
    }
  }
  if (once_) return RunOnce(options_, filter);

  MonitorState state(options_.zone);
  FeedListener listener;
  if (options_.json) {
    listener.on_snapshot = [&filter](const v1::Snapshot& snapshot) {
      std::cout << SnapshotJson(filter.Filtered(snapshot)) << std::endl;
    };
    listener.on_item = [&filter](const v1::FeedItem& item) {
      if (filter.Shows(item)) std::cout << MessageJson(item) << std::endl;
    };
  }
  FeedFollowerOptions follow;
  follow.feed_endpoint = options_.feed_endpoint;  // global --feed-endpoint
  follow.query_endpoint = options_.query_endpoint;
  follow.curve = options_.curve;
  follow.query_timeout =
      Millis(options_.timeout_seconds.value_or(kLiveQueryTimeoutSeconds));
  auto follower =
      FeedFollower::Open(std::move(follow), &state, std::move(listener));
  if (!follower.ok()) return Fail(follower.status());
  if (options_.json) return RunJson(**follower);
  const Status run = RunMonitorSession(MonitorSession{
      follower->get(), &state, filter,
      QueryOptions{options_.query_endpoint,
                   Millis(options_.timeout_seconds.value_or(
                       kLiveQueryTimeoutSeconds)),
                   options_.curve},
      [&state] { return NowIn(state.zone()); }});
  return run.ok() ? kSettled : Failed(run);
}

}  // namespace xinbao::client::cli
