#include "clients/cli/as_of_command.h"

#include <iostream>
#include <utility>

#include "clients/cli/query_call.h"
#include "clients/text/event_text.h"
#include "clients/text/local_time.h"

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
  Result<int64_t> at_ms = ParseTime(at_, "TIME", options_.zone);
  if (!at_ms.ok()) return Fail(at_ms.status());
  v1::Envelope request;
  request.mutable_as_of()->set_at_ms(*at_ms);
  request.mutable_as_of()->set_event_id(event_id_);
  return ShowAnswer(
      options_,
      AskQuery(options_, options_.query_endpoint, std::move(request),
               v1::Reply::kAsOf),
      [&](const v1::Reply& reply) {
        // Ages and overdue spans read as at that time.
        const ViewClock clock{*at_ms, ZoneOf(reply, options_.zone)};
        const v1::AsOfState& state = reply.as_of();
        return "截至 " + FormatTime(*at_ms, clock.zone, kShownTime) +
               "（按当时所知）\n" +
               (event_id_.empty() ? AllEventsText(state, clock)
                                  : OneEventText(state, event_id_, clock));
      });
}

}  // namespace xinbao::client::cli
