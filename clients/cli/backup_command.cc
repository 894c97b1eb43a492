#include "clients/cli/backup_command.h"

#include <utility>

#include "clients/cli/query_call.h"
#include "clients/text/backup_text.h"
#include "clients/text/local_time.h"

namespace xinbao::client::cli {

BackupCommand::BackupCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  backup_ = app.add_subcommand(
      "backup",
      "立即在线备份报告库（服务器照常运行；仅管理员）：备份写在服务器上的"
      "备份目录（[backup] dir），完成后列出保留的备份");
  backup_->alias("备份");
  backup_->add_option("--note", note_, "随备份记下的说明（最多 200 字）");
}

std::optional<int> BackupCommand::RunParsed() const {
  if (!backup_->parsed()) return std::nullopt;
  return Run();
}

int BackupCommand::Run() const {
  v1::Envelope request;
  request.mutable_backup()->set_note(note_);
  const Outcome outcome =
      AskQuery(options_, options_.query_endpoint, std::move(request),
               v1::Reply::kBackup, kBackupTimeoutSeconds);
  return ShowAnswer(options_, outcome, [&](const v1::Reply& reply) {
    return BackupResultText(reply.backup(), ZoneOf(reply, options_.zone));
  });
}

}  // namespace xinbao::client::cli
