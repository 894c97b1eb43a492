#include "clients/cli/health_command.h"

#include <iostream>
#include <utility>

#include "clients/cli/query_call.h"
#include "clients/text/broker_status_text.h"
#include "clients/text/report_lines.h"

namespace xinbao::client::cli {

HealthCommand::HealthCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  health_ = app.add_subcommand(
      "health",
      "健康检查：一行结果；退出码 0 正常，1 异常，3 服务器未答复，4 无权查看"
      "（供 systemd、cron 或负载均衡的检查脚本使用）");
  health_->alias("健康");
}

std::optional<int> HealthCommand::RunParsed() const {
  if (!health_->parsed()) return std::nullopt;
  return Run();
}

int HealthCommand::Run() const {
  v1::Envelope request;
  request.mutable_status();
  const Outcome outcome = AskQuery(options_, options_.query_endpoint,
                                   std::move(request), v1::Reply::kStatus);
  if (!outcome.reply) return outcome.exit_code;
  const v1::Reply& reply = *outcome.reply;
  if (reply.has_error()) {
    std::cerr << "错误: " << ErrorText(reply.error()) << std::endl;
    return reply.error().retryable() ? kStillPending : kRefused;
  }
  std::cout << (options_.json ? MessageJson(reply.status())
                              : HealthLine(reply.status()))
            << std::endl;
  return reply.status().healthy() ? kSettled : kUnhealthy;
}

}  // namespace xinbao::client::cli
