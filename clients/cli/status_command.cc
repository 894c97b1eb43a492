#include "clients/cli/status_command.h"

#include <chrono>
#include <iostream>
#include <utility>

#include "clients/cli/query_call.h"
#include "clients/text/broker_status_text.h"
#include "clients/text/report_lines.h"
#include "clients/text/status_text.h"

namespace xinbao::client::cli {
namespace {

int64_t WallNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

StatusCommand::StatusCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  status_ = app.add_subcommand(
      "status", "连接状态：服务器地址、本机身份（用户、单位、角色）、时钟差和服务器版本");
  status_->alias("状态");
}

std::optional<int> StatusCommand::RunParsed() const {
  if (!status_->parsed()) return std::nullopt;
  return Run();
}

int StatusCommand::Run() const {
  v1::Envelope request;
  request.mutable_whoami();
  const int64_t sent_ms = WallNowMs();
  const Outcome outcome = AskQuery(options_, options_.query_endpoint,
                                   std::move(request), v1::Reply::kWhoami);
  const int64_t received_ms = WallNowMs();
  if (!outcome.reply) return outcome.exit_code;
  const v1::Reply& reply = *outcome.reply;
  if (reply.has_error()) {
    std::cerr << "错误: " << ErrorText(reply.error()) << std::endl;
    return reply.error().retryable() ? kStillPending : kRefused;
  }
  const StatusSetting setting{options_.endpoint,   options_.query_endpoint,
                              options_.feed_endpoint, options_.profile,
                              options_.config_file, options_.curve.has_value(),
                              options_.zone.name()};
  const int64_t offset_ms =
      ClockOffsetMs(sent_ms, received_ms, reply.whoami().broker_time_ms());
  // The broker's own figures, for the roles that may see them; a reporter
  // is not asked (its refusal would be audited as a role violation).
  std::optional<v1::BrokerStatus> broker;
  std::string broker_note;
  if (MayAskBrokerStatus(reply.whoami())) {
    v1::Envelope ask;
    ask.mutable_status();
    const Outcome status = AskQuery(options_, options_.query_endpoint,
                                    std::move(ask), v1::Reply::kStatus);
    if (status.reply && status.reply->has_status()) {
      broker = status.reply->status();
    } else if (status.reply && status.reply->has_error()) {
      broker_note = "服务器运行状态: 未能取得（" +
                    ErrorText(status.reply->error()) + "）\n";
    } else {
      broker_note = "服务器运行状态: 未能取得（没有答复）\n";
    }
  }
  if (options_.json) {
    std::cout << StatusJson(setting, reply.whoami(), offset_ms,
                            broker ? &*broker : nullptr)
              << "\n";
  } else {
    std::cout << StatusText(setting, reply.whoami(), offset_ms)
              << (broker ? BrokerStatusText(*broker) : broker_note);
  }
  std::cout << std::flush;
  return kSettled;
}

}  // namespace xinbao::client::cli
