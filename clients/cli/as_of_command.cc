#include "clients/cli/as_of_command.h"

#include <iostream>
#include <utility>

#include "clients/event_text.h"
#include "clients/local_time.h"
#include "clients/query_client.h"
#include "clients/report_lines.h"

namespace xinbao::client::cli {
namespace {

constexpr const char* kShownTime = "%Y-%m-%d %H:%M";

// Every event open at the time, then the alarms open at the time.
std::string AllEventsText(const v1::AsOfState& state, const ViewClock& clock) {
  v1::EventList events;
  *events.mutable_events() = state.events();
  *events.mutable_unit_names() = state.unit_names();
  v1::AlarmList alarms;
  *alarms.mutable_alarms() = state.open_alarms();
  *alarms.mutable_unit_names() = state.unit_names();
  return EventListText(events, clock) + "\n" + AlarmListText(alarms, clock);
}

// The one event asked for, as `xinbao event` shows it.
std::string OneEventText(const v1::AsOfState& state, const std::string& id,
                         const ViewClock& clock) {
  if (state.events_size() == 0) return "当时还没有事件 " + id + " 的记录\n";
  v1::EventDetail detail;
  *detail.mutable_event() = state.events(0);
  *detail.mutable_unit_names() = state.unit_names();
  return EventDetailText(detail, clock);
}

// The broker's answer, or why there is none: as QueryClient::Call fails
// (retryable: no answer), or the broker's refusal as a Status.
Result<v1::AsOfState> AskAsOf(QueryClient& client, int64_t at_ms,
                              const std::string& event_id) {
  v1::Envelope request;
  request.mutable_as_of()->set_at_ms(at_ms);
  request.mutable_as_of()->set_event_id(event_id);
  Result<v1::Reply> reply = client.Call(std::move(request), v1::Reply::kAsOf);
  if (!reply.ok()) return reply.status();
  if (reply->has_error()) {
    const v1::Error& error = reply->error();
    const v1::ErrorCode code = error.code() == v1::ERROR_CODE_UNSPECIFIED
                                   ? v1::ERROR_CODE_MALFORMED
                                   : error.code();
    return Status(code, "[" + v1::ErrorCode_Name(code) + "] " + error.message(),
                  error.field());
  }
  return std::move(*reply->mutable_as_of());
}

}  // namespace

AsOfCommand::AsOfCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  as_of_ = app.add_subcommand(
      "as-of", "回看：某一时刻的紧急事件和告警，按当时所知（中心）");
  as_of_->alias("回看");
  as_of_->add_option("TIME", at_,
                     "时刻: \"YYYY-MM-DD HH:MM[:SS]\"（本地时间）、ISO-8601 "
                     "或 Unix 毫秒")
      ->required();
  as_of_->add_option("--event", event_id_, "只看此事件（完整编号）");
}

std::optional<int> AsOfCommand::RunParsed() const {
  if (!as_of_->parsed()) return std::nullopt;
  return Run();
}

int AsOfCommand::Run() const {
  Result<int64_t> at_ms = ParseTime(at_, "TIME");
  if (!at_ms.ok()) return Fail(at_ms.status());
  auto client = QueryClient::Open(QueryOptions{
      options_.query_endpoint,
      Millis(options_.timeout_seconds.value_or(kQueryTimeoutSeconds)),
      options_.curve});
  if (!client.ok()) return Fail(client.status());
  Result<v1::AsOfState> state = AskAsOf(**client, *at_ms, event_id_);
  if (!state.ok()) {
    std::cerr << "错误: " << state.status().message()
              << (state.status().field().empty()
                      ? ""
                      : " (字段 " + state.status().field() + ")")
              << std::endl;
    return state.status().retryable() ? kStillPending : kRefused;
  }
  if (options_.json) {
    std::cout << MessageJson(*state) << std::endl;
    return kSettled;
  }
  // Ages and overdue spans read as at that time.
  const ViewClock clock{*at_ms, TimeZone{}};
  std::cout << "截至 " << FormatTime(*at_ms, clock.zone, kShownTime)
            << "（按当时所知）\n"
            << (event_id_.empty() ? AllEventsText(*state, clock)
                                  : OneEventText(*state, event_id_, clock))
            << std::flush;
  return kSettled;
}

}  // namespace xinbao::client::cli
