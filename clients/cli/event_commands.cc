#include "clients/cli/event_commands.h"

#include "clients/cli/query_call.h"

#include <chrono>
#include <functional>
#include <iostream>
#include <string_view>
#include <utility>
#include <vector>

#include "clients/text/event_text.h"
#include "clients/lib/query_client.h"
#include "clients/text/report_lines.h"

namespace xinbao::client::cli {
namespace {

using Body = v1::Reply::BodyCase;

constexpr std::string_view kEllipsis = "…";
// How many open events a shortened id is looked for among.
constexpr uint32_t kPrefixSearchLimit = 1000;

v1::Envelope GetEvent(const std::string& event_id) {
  v1::Envelope request;
  request.mutable_get_event()->set_event_id(event_id);
  return request;
}

bool IsUnknownEvent(const Outcome& outcome) {
  return outcome.reply && outcome.reply->has_error() &&
         outcome.reply->error().code() == v1::ERROR_CODE_UNKNOWN_EVENT;
}

// The event ids in `list` that begin with `prefix`.
std::vector<std::string> IdsStartingWith(const v1::EventList& list,
                                         std::string_view prefix) {
  std::vector<std::string> ids;
  for (const v1::EventState& event : list.events()) {
    if (std::string_view(event.event_id()).substr(0, prefix.size()) == prefix) {
      ids.push_back(event.event_id());
    }
  }
  return ids;
}

// "已合并 …" when the broker changed something, else "无变化（已是如此）".
std::function<std::string(const v1::Reply&)> ChangedText(std::string done) {
  return [done = std::move(done)](const v1::Reply& reply) {
    return reply.event_changed().changed()
               ? done + "\n"
               : std::string("无变化（已是如此）\n");
  };
}

void AddActionOptions(CLI::App* command, OfficeAction& action) {
  command->add_option("--unit", action.unit, "操作的中心单位编号")->required();
  command->add_option("--officer", action.officer, "操作人姓名")->required();
  command->add_option("--reason", action.reason, "理由");
}

template <class Request>
void SetAction(const OfficeAction& action, Request* request) {
  request->set_unit_id(action.unit);
  request->set_officer(action.officer);
  request->set_reason(action.reason);
}

}  // namespace

EventCommands::EventCommands(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  events_ = app.add_subcommand("events", "列出未结的紧急事件（中心）");
  events_->alias("事件列表");
  events_->add_flag("--overdue", overdue_only_,
                    "只列有超时、升级或疑似瞒报告警的事件");
  events_->add_option("--limit", limit_, "最多列出几个（默认由服务器定）");

  event_ = app.add_subcommand("event", "查看一个事件：各阶段报告、告警和经过");
  event_->alias("事件");
  event_->add_option("ID", event_id_, "事件编号（未结事件也可只写开头几位）")
      ->required();

  overdue_ = app.add_subcommand("overdue", "列出所有未结事件的未解除告警");
  overdue_->alias("超时");

  merge_ = app.add_subcommand("merge-events",
                              "把事件 FROM 并入事件 INTO（中心值班员）");
  merge_->alias("合并事件");
  merge_->add_option("FROM", from_event_id_, "被并入的事件编号")->required();
  merge_->add_option("INTO", into_event_id_, "保留的事件编号")->required();
  AddActionOptions(merge_, merge_action_);

  reopen_ = app.add_subcommand("reopen-event",
                               "重新打开一个已终报的事件（中心值班员）");
  reopen_->alias("重开事件");
  reopen_->add_option("ID", event_id_, "事件编号")->required();
  AddActionOptions(reopen_, reopen_action_);
}

std::optional<int> EventCommands::RunParsed() const {
  if (events_->parsed()) return RunEvents();
  if (event_->parsed()) return RunEvent();
  if (overdue_->parsed()) return RunOverdue();
  if (merge_->parsed()) return RunMerge();
  if (reopen_->parsed()) return RunReopen();
  return std::nullopt;
}

int EventCommands::AskAndShow(
    const std::string& endpoint, v1::Envelope request, Body expected,
    const std::function<std::string(const v1::Reply&)>& text) const {
  return ShowAnswer(options_, AskQuery(options_, endpoint, std::move(request), expected),
              text);
}

int EventCommands::RunEvents() const {
  v1::Envelope request;
  request.mutable_list_events()->set_overdue_only(overdue_only_);
  request.mutable_list_events()->set_limit(limit_);
  return AskAndShow(
      options_.query_endpoint, std::move(request), Body::kEventList,
      [this](const v1::Reply& reply) {
        if (overdue_only_ && reply.event_list().events_size() == 0) {
          return std::string("没有超时的未结事件\n");
        }
        return EventListText(reply.event_list(), Now(options_, reply));
      });
}

int EventCommands::RunEvent() const {
  // Tables show long ids cut ("3f2a9c1e…"): such a prefix is accepted when
  // it names one open event.
  std::string wanted = event_id_;
  if (wanted.size() > kEllipsis.size() && wanted.ends_with(kEllipsis)) {
    wanted.resize(wanted.size() - kEllipsis.size());
  }
  Outcome outcome = AskQuery(options_, options_.query_endpoint, GetEvent(wanted),
                        Body::kEventDetail);
  if (IsUnknownEvent(outcome)) {
    // Open events only: the broker does not list closed ones (yet).
    v1::Envelope list;
    list.mutable_list_events()->set_limit(kPrefixSearchLimit);
    const Outcome listed = AskQuery(options_, options_.query_endpoint,
                               std::move(list), Body::kEventList);
    const std::vector<std::string> ids =
        listed.reply && listed.reply->has_event_list()
            ? IdsStartingWith(listed.reply->event_list(), wanted)
            : std::vector<std::string>();
    if (ids.size() == 1) {
      outcome = AskQuery(options_, options_.query_endpoint, GetEvent(ids[0]),
                    Body::kEventDetail);
    } else if (ids.size() > 1) {
      std::cerr << "错误: 有 " << ids.size() << " 个事件的编号以 " << wanted
                << " 开头，请写得更长些:";
      for (const std::string& id : ids) std::cerr << ' ' << id;
      std::cerr << std::endl;
      return kLocalError;
    }
  }
  return ShowAnswer(options_, outcome, [this](const v1::Reply& reply) {
    return EventDetailText(reply.event_detail(), Now(options_, reply));
  });
}

int EventCommands::RunOverdue() const {
  v1::Envelope request;
  request.mutable_list_alarms()->set_include_cleared(false);
  return AskAndShow(options_.query_endpoint, std::move(request),
                    Body::kAlarmList, [this](const v1::Reply& reply) {
                      return AlarmListText(reply.alarm_list(), Now(options_, reply));
                    });
}

int EventCommands::RunMerge() const {
  v1::Envelope request;
  v1::MergeEventsRequest* merge = request.mutable_merge_events();
  SetAction(merge_action_, merge);
  merge->set_from_event_id(from_event_id_);
  merge->set_into_event_id(into_event_id_);
  return AskAndShow(
      options_.endpoint, std::move(request), Body::kEventChanged,
      ChangedText("已合并 事件 " + from_event_id_ + " 并入 " + into_event_id_));
}

int EventCommands::RunReopen() const {
  v1::Envelope request;
  v1::ReopenEventRequest* reopen = request.mutable_reopen_event();
  SetAction(reopen_action_, reopen);
  reopen->set_event_id(event_id_);
  return AskAndShow(options_.endpoint, std::move(request), Body::kEventChanged,
                    ChangedText("已重新打开 事件 " + event_id_));
}

}  // namespace xinbao::client::cli
