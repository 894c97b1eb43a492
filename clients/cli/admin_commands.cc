#include "clients/cli/admin_commands.h"

#include <string>

#include "clients/cli/query_call.h"
#include "clients/text/local_time.h"

namespace xinbao::client::cli {
namespace {

std::string_view KindWords(v1::AuditRecord::Kind kind) {
  switch (kind) {
    case v1::AuditRecord::KIND_AUTHENTICATION_FAILED:
      return "认证失败";
    case v1::AuditRecord::KIND_IMPERSONATION_REFUSED:
      return "冒名报送";
    case v1::AuditRecord::KIND_ROLE_VIOLATION:
      return "越权操作";
    case v1::AuditRecord::KIND_REGISTRY_CHANGED:
      return "名录变更";
    default:
      return "其他";
  }
}

// One line per record: 序号 时间 类别 用户(单位) [经网关 G] [经办人 P] 端口
// 地址 说明.
std::string AuditText(const v1::AuditList& list, const TimeZone& zone) {
  if (list.records_size() == 0) return "审计日志中没有记录\n";
  std::string text;
  for (const v1::AuditRecord& r : list.records()) {
    text += std::to_string(r.sequence()) + "  " +
            FormatTime(r.at_ms(), zone, "%Y-%m-%d %H:%M:%S") + "  " +
            std::string(KindWords(r.kind()));
    if (!r.user().empty()) text += "  用户 " + r.user();
    if (!r.unit_id().empty()) text += "（" + r.unit_id() + "）";
    if (!r.via().empty()) text += "  经网关 " + r.via();
    if (!r.person().empty()) text += "  经办人 " + r.person();
    if (!r.socket().empty()) text += "  " + r.socket();
    if (!r.address().empty()) text += "  " + r.address();
    text += "  " + r.detail() + "\n";
  }
  if (list.next_sequence() != 0) {
    text += "还有更多：xinbao audit --from-seq " +
            std::to_string(list.next_sequence()) + "\n";
  }
  return text;
}

}  // namespace

AdminCommands::AdminCommands(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  audit_ = app.add_subcommand("audit", "审计日志：认证失败、冒名、越权和名录变更（管理员）");
  audit_->alias("审计");
  audit_->add_option("--from-seq", first_sequence_, "从此序号起");
  audit_->add_option("--limit", limit_, "最多显示多少条（默认 200，最多 1000）");
  reload_ = app.add_subcommand("reload-registry",
                               "重新载入用户名录，吊销的密钥随即失效（管理员）");
  reload_->alias("重载名录");
}

std::optional<int> AdminCommands::RunParsed() const {
  if (audit_->parsed()) return RunAudit();
  if (reload_->parsed()) return RunReload();
  return std::nullopt;
}

int AdminCommands::RunAudit() const {
  v1::Envelope request;
  request.mutable_list_audit()->set_first_sequence(first_sequence_);
  request.mutable_list_audit()->set_limit(limit_);
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), v1::Reply::kAuditList),
                    [this](const v1::Reply& reply) {
                      return AuditText(reply.audit_list(),
                                       ZoneOf(reply, options_.zone));
                    });
}

int AdminCommands::RunReload() const {
  v1::Envelope request;
  request.mutable_reload_registry();
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), v1::Reply::kRegistryReloaded),
                    [](const v1::Reply& reply) {
                      return "用户名录已重新载入：" +
                             std::to_string(reply.registry_reloaded().users()) +
                             " 个用户\n";
                    });
}

}  // namespace xinbao::client::cli
