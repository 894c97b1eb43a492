#include "broker/security/access_policy.h"

#include "broker/duban/step_kinds.h"

#include <algorithm>
#include <string>

namespace xinbao::broker {
namespace {

AccessDecision Refuse(const User* user, v1::AuditRecord::Kind audit,
                      std::string message) {
  return AccessDecision{
      Status(v1::ERROR_CODE_NOT_PERMITTED, std::move(message)), user, nullptr,
      audit};
}

std::string RoleWords(const User& user) {
  return "用户 " + user.name + "（角色 " + std::string(RoleName(user.role)) +
         "）";
}

AccessDecision ForOwnUnit(const User& user, std::string_view unit_id,
                          Action action, const char* what) {
  if (!MayDo(user.role, action)) {
    return Refuse(&user, v1::AuditRecord::KIND_ROLE_VIOLATION,
                  RoleWords(user) + "无权" + what);
  }
  if (unit_id != user.unit_id) {
    return Refuse(&user, v1::AuditRecord::KIND_IMPERSONATION_REFUSED,
                  RoleWords(user) + "只能以本单位（" + user.unit_id +
                      "）名义" + what + "，不能以 " + std::string(unit_id) +
                      " 的名义");
  }
  return AccessDecision{Status::Ok(), &user};
}

AccessDecision Needs(const User& user, Action action, const char* what) {
  if (MayDo(user.role, action)) return AccessDecision{Status::Ok(), &user};
  return Refuse(&user, v1::AuditRecord::KIND_ROLE_VIOLATION,
                RoleWords(user) + "无权" + what);
}

// A 越级 user's key (User::SkipsLevel): reports naming its home unit,
// who am I and the policy; nothing else — not even what a reporter of the
// unit standing for its branch here may read.
AccessDecision CheckSkipLevelRequest(const User& user, std::string_view socket,
                                     const v1::Envelope& envelope) {
  const bool submit = socket == "submit" &&
                      envelope.body_case() == v1::Envelope::kSubmit &&
                      !envelope.submit().report().has_forwarded();
  if (!submit) {
    if (socket != "submit" && (envelope.body_case() == v1::Envelope::kWhoami ||
                               envelope.body_case() == v1::Envelope::kPolicy)) {
      return AccessDecision{Status::Ok(), &user};
    }
    return Refuse(&user, v1::AuditRecord::KIND_ROLE_VIOLATION,
                  RoleWords(user) + "是 " + user.home_broker +
                      " 下属单位的越级报送账号，只能越级报送紧急信息");
  }
  const std::string& unit_id = envelope.submit().report().unit_id();
  if (unit_id == user.home_unit) return AccessDecision{Status::Ok(), &user};
  return Refuse(&user, v1::AuditRecord::KIND_IMPERSONATION_REFUSED,
                RoleWords(user) + "只能以本单位（" + user.home_broker + " 的 " +
                    user.home_unit + "）名义越级报送，不能以 " + unit_id +
                    " 的名义");
}

// Whether `user` may make the request in `envelope` on `socket`: the rules
// of each role, the same whether the user's own key sent it or a gateway
// acted for the user.
AccessDecision CheckRequest(const User& user, std::string_view socket,
                            const v1::Envelope& envelope) {
  if (user.SkipsLevel()) return CheckSkipLevelRequest(user, socket, envelope);
  if (socket == "submit") {
    switch (envelope.body_case()) {
      case v1::Envelope::kSubmit:
        // A forwarded report (逐级报送) comes from a child broker only,
        // for the unit it stands for here; a broker submits nothing else.
        if (envelope.submit().report().has_forwarded()) {
          return ForOwnUnit(user, envelope.submit().report().unit_id(),
                            Action::kForward, "转报下级信息");
        }
        return ForOwnUnit(user, envelope.submit().report().unit_id(),
                          Action::kSubmit, "报送");
      case v1::Envelope::kMergeEvents:
        return ForOwnUnit(user, envelope.merge_events().unit_id(),
                          Action::kEventCommand, "合并事件");
      case v1::Envelope::kReopenEvent:
        return ForOwnUnit(user, envelope.reopen_event().unit_id(),
                          Action::kEventCommand, "重新开启事件");
      case v1::Envelope::kIssueDuban:
        return ForOwnUnit(user, envelope.issue_duban().item().office_unit_id(),
                          Action::kDubanOffice, "交办督办事项");
      case v1::Envelope::kDubanStep: {
        const v1::DubanStepRequest& step = envelope.duban_step();
        const bool office = IsOfficeStep(step.kind());
        return ForOwnUnit(user, step.unit_id(),
                          office ? Action::kDubanOffice : Action::kDubanAnswer,
                          office ? "复核、中止或催办督办事项" : "办理督办事项");
      }
      case v1::Envelope::kCaibian:
        return ForOwnUnit(user, envelope.caibian().unit_id(), Action::kCaibian,
                          "编辑、签发简报或约稿");
      default:
        return AccessDecision{Status::Ok(), &user};  // refused as unknown later
    }
  }
  switch (envelope.body_case()) {
    case v1::Envelope::kWhoami:  // who am I: every registered user
    case v1::Envelope::kPolicy:  // the rules a form needs: everyone
      return AccessDecision{Status::Ok(), &user};
    case v1::Envelope::kSnapshot:
      return Needs(user, Action::kSnapshot, "获取监看快照");
    case v1::Envelope::kDownward:  // a child broker's 下发, for its unit
      return Needs(user, Action::kForward, "获取上级下发");
    case v1::Envelope::kAsOf:
      return Needs(user, Action::kHistory, "回看历史状态");
    case v1::Envelope::kStats:
      // Everyone else only its own unit's row (QueryServer narrows it).
      if (MayDo(user.role, Action::kOwnStanding)) {
        return AccessDecision{Status::Ok(), &user};
      }
      return Needs(user, Action::kHistory, "查看考核统计");
    case v1::Envelope::kListBulletins:
    case v1::Envelope::kGetBulletin:
      return Needs(user, Action::kReadAll, "查看简报");
    case v1::Envelope::kFeedback:
      // Everyone else only its own unit's (QueryServer refuses others).
      return Needs(user, Action::kReadOwn, "查看采用反馈");
    case v1::Envelope::kGetReports:
      // Everyone else only its own unit's (QueryServer lists others as
      // missing).
      return Needs(user, Action::kReadOwn, "查看报告");
    case v1::Envelope::kListAudit:
      return Needs(user, Action::kAdminister, "查看审计日志");
    case v1::Envelope::kReloadRegistry:
      return Needs(user, Action::kAdminister, "重新载入用户名录");
    case v1::Envelope::kBackup:
      return Needs(user, Action::kAdminister, "备份报告库");
    case v1::Envelope::kVerifyChain:
      return Needs(user, Action::kAdminister, "校验存证链");
    case v1::Envelope::kExportChain:
      return Needs(user, Action::kAdminister, "导出存证档案");
    case v1::Envelope::kStatus:
      return Needs(user, Action::kBrokerStatus, "查看服务器的运行状态");
    case v1::Envelope::kReplay: {
      if (MayDo(user.role, Action::kHistory)) {
        return AccessDecision{Status::Ok(), &user};
      }
      const auto& units = envelope.replay().unit_ids();
      const bool own_only = units.size() == 1 && units[0] == user.unit_id;
      if (own_only) return AccessDecision{Status::Ok(), &user};
      return Refuse(&user, v1::AuditRecord::KIND_ROLE_VIOLATION,
                    RoleWords(user) + "只能回放本单位（" + user.unit_id +
                        "）的报告：请加上 --unit " + user.unit_id);
    }
    default:
      return AccessDecision{Status::Ok(), &user};
  }
}

// A gateway's request for `acting_user`: who that is, whether the gateway
// may act for them, and then the request as theirs.
AccessDecision CheckActing(const UserRegistry& registry, const User& gateway,
                           std::string_view socket,
                           const v1::Envelope& envelope) {
  const std::string& name = envelope.acting_user();
  if (gateway.role != Role::kGateway) {
    return Refuse(&gateway, v1::AuditRecord::KIND_ROLE_VIOLATION,
                  RoleWords(gateway) + "不是网关，不能代其他用户（" + name +
                      "）提出请求");
  }
  const User* acting = registry.FindByName(name);
  if (acting == nullptr || !gateway.ActsFor(name) ||
      acting->role == Role::kGateway || acting->role == Role::kBroker) {
    return Refuse(&gateway, v1::AuditRecord::KIND_IMPERSONATION_REFUSED,
                  "网关 " + gateway.name + " 无权代用户 " + name + " 操作：" +
                      (acting == nullptr ? "名录里没有这个用户"
                                         : "它不在这个网关的 acts_for 名单里"));
  }
  if (acting->revoked) {
    AccessDecision refused =
        Refuse(acting, v1::AuditRecord::KIND_AUTHENTICATION_FAILED,
               "用户 " + acting->name +
                   " 已被吊销，不能再经网关操作，请联系中心管理员");
    refused.via = &gateway;
    return refused;
  }
  AccessDecision decision = CheckRequest(*acting, socket, envelope);
  decision.via = &gateway;
  return decision;
}

}  // namespace

bool Concerns(const v1::EventState& event, std::string_view unit_id) {
  return event.responsible_unit_id() == unit_id ||
         std::find(event.units().begin(), event.units().end(), unit_id) !=
             event.units().end();
}

AccessDecision CheckAccess(const UserRegistry* registry,
                           std::string_view public_key, std::string_view socket,
                           const v1::Envelope& envelope) {
  const User* user =
      registry != nullptr ? registry->FindByKey(public_key) : nullptr;
  if (user == nullptr || user->revoked) {
    return Refuse(user, v1::AuditRecord::KIND_AUTHENTICATION_FAILED,
                  "您的密钥已被吊销或不在用户名录中，请联系中心管理员");
  }
  if (!envelope.acting_user().empty()) {
    return CheckActing(*registry, *user, socket, envelope);
  }
  if (user->role == Role::kGateway && !envelope.has_whoami() &&
      !envelope.has_policy()) {
    return Refuse(user, v1::AuditRecord::KIND_ROLE_VIOLATION,
                  "网关 " + user->name +
                      " 须在 acting_user 中写明代哪位用户提出请求"
                      "（只有 whoami 和 policy 可以不写）");
  }
  return CheckRequest(*user, socket, envelope);
}

}  // namespace xinbao::broker
