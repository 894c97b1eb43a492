#include "broker/ingest/duban_validator.h"

#include <set>
#include <string>

#include "broker/duban/duban_book.h"
#include "broker/duban/step_kinds.h"
#include "broker/ingest/attachment_limits.h"
#include "broker/ingest/command_fields.h"
#include "broker/ingest/command_text.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxInstruction = 4000;
constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxRequirements = 2000;
constexpr std::size_t kMaxStepText = 4000;
constexpr int kMaxCoUnits = 20;

Status Invalid(std::string message, std::string field) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, std::move(message),
                std::move(field));
}

Status CheckIssue(const v1::IssueDubanRequest& request,
                  const BrokerConfig& config) {
  const v1::DubanItem& item = request.item();
  const UnitRegistry& units = config.units;
  const std::string at = "issue_duban.item.";
  XINBAO_RETURN_IF_ERROR(CheckOffice(item.office_unit_id(),
                                     at + "office_unit_id", units,
                                     "交办督办事项"));
  XINBAO_RETURN_IF_ERROR(CheckId(item.item_id(), "督办事项编号", at + "item_id"));
  if (item.has_upstream()) {
    XINBAO_RETURN_IF_ERROR(CheckId(item.upstream().item_id(), "上级交办事项编号",
                                   at + "upstream.item_id"));
  }
  XINBAO_RETURN_IF_ERROR(CheckTexts({
      {item.officer(), at + "officer", "经办人", kMaxName},
      {item.title(), at + "title", "事项标题", kMaxTitle},
      {item.instruction(), at + "instruction", "批示内容", kMaxInstruction},
      {item.leader(), at + "leader", "批示人", kMaxName},
      {item.requirements(), at + "requirements", "办理要求", kMaxRequirements,
       false},
  }));
  XINBAO_RETURN_IF_ERROR(CheckEnum(item.leader_level(),
                                   v1::LeaderLevel_IsValid, "批示人级别",
                                   at + "leader_level", true));
  XINBAO_RETURN_IF_ERROR(CheckEnum(item.urgency(), v1::Urgency_IsValid,
                                   "缓急程度", at + "urgency", false));
  XINBAO_RETURN_IF_ERROR(CheckEnum(item.classification(),
                                   v1::Classification_IsValid, "密级",
                                   at + "classification", false));
  if (item.classification() > config.security.max_classification) {
    return Status(v1::ERROR_CODE_CLASSIFICATION_TOO_HIGH,
                  "密级“" +
                      std::string(ClassificationName(item.classification())) +
                      "”高于本网络允许的“" +
                      std::string(ClassificationName(
                          config.security.max_classification)) +
                      "”：请通过涉密渠道交办",
                  at + "classification");
  }
  XINBAO_RETURN_IF_ERROR(
      CheckUnit(item.lead_unit_id(), "主办单位", at + "lead_unit_id", units));
  if (item.co_unit_ids_size() > kMaxCoUnits) {
    return Invalid("协办单位太多：最多 " + std::to_string(kMaxCoUnits) + " 个",
                   at + "co_unit_ids");
  }
  std::set<std::string> seen = {item.lead_unit_id()};
  for (int i = 0; i < item.co_unit_ids_size(); ++i) {
    const std::string path = at + "co_unit_ids[" + std::to_string(i) + "]";
    XINBAO_RETURN_IF_ERROR(
        CheckUnit(item.co_unit_ids(i), "协办单位", path, units));
    if (!seen.insert(item.co_unit_ids(i)).second) {
      return Invalid("单位 \"" + item.co_unit_ids(i) +
                         "\" 重复：主办和协办单位各列一次",
                     path);
    }
  }
  if (!item.source_event_id().empty()) {
    XINBAO_RETURN_IF_ERROR(
        CheckId(item.source_event_id(), "来源事件编号", at + "source_event_id"));
  }
  if (item.instructed_at_ms() < 0 || item.due_at_ms() < 0) {
    return Invalid("时间不能为负", item.due_at_ms() < 0 ? at + "due_at_ms"
                                                         : at + "instructed_at_ms");
  }
  return CheckAttachmentLimits(item.attachments(), config.limits,
                               at + "attachments");
}

Status CheckStep(const v1::DubanStepRequest& step, const BrokerConfig& config) {
  const std::string at = "duban_step.";
  XINBAO_RETURN_IF_ERROR(CheckId(step.item_id(), "督办事项编号", at + "item_id"));
  XINBAO_RETURN_IF_ERROR(CheckId(step.step_id(), "步骤编号", at + "step_id"));
  if (std::string_view(step.step_id()).starts_with(kBrokerStepPrefix)) {
    return Invalid("步骤编号不能以 \"" + std::string(kBrokerStepPrefix) +
                       "\" 开头（留给服务自己的步骤）",
                   at + "step_id");
  }
  XINBAO_RETURN_IF_ERROR(CheckEnum(step.kind(), v1::StepKind_IsValid,
                                   "步骤", at + "kind", true));
  if (step.kind() == v1::STEP_KIND_ISSUE) {
    return Invalid("交办请用 issue_duban 请求", at + "kind");
  }
  const bool office = IsOfficeStep(step.kind());
  const std::string what(StepKindName(step.kind()));
  if (office) {
    XINBAO_RETURN_IF_ERROR(
        CheckOffice(step.unit_id(), at + "unit_id", config.units, what));
  } else {
    XINBAO_RETURN_IF_ERROR(
        CheckUnit(step.unit_id(), "承办单位", at + "unit_id", config.units));
  }
  const bool needs_target = step.kind() == v1::STEP_KIND_ACCEPT ||
                            step.kind() == v1::STEP_KIND_RETURN ||
                            step.kind() == v1::STEP_KIND_URGE;
  if (needs_target) {
    XINBAO_RETURN_IF_ERROR(CheckUnit(step.target_unit_id(), "所涉承办单位",
                                     at + "target_unit_id", config.units));
  } else if (!step.target_unit_id().empty()) {
    return Invalid(what + "不涉及某一承办单位：target_unit_id 应为空",
                   at + "target_unit_id");
  }
  // What each step must say: a progress report and an answer their
  // content, a return and a suspension their reason.
  const char* text_label = "说明";
  bool text_required = false;
  switch (step.kind()) {
    case v1::STEP_KIND_PROGRESS:
      text_label = "办理进展";
      text_required = true;
      break;
    case v1::STEP_KIND_RESULT:
      text_label = "办结情况";
      text_required = true;
      break;
    case v1::STEP_KIND_RETURN:
      text_label = "退回理由";
      text_required = true;
      break;
    case v1::STEP_KIND_SUSPEND:
      text_label = "中止理由";
      text_required = true;
      break;
    default:
      break;
  }
  XINBAO_RETURN_IF_ERROR(CheckTexts({
      {step.person(), at + "person", "经办人", kMaxName},
      {step.text(), at + "text", text_label, kMaxStepText, text_required},
  }));
  return CheckAttachmentLimits(step.attachments(), config.limits,
                               at + "attachments");
}

}  // namespace

Status CheckDubanRequest(const v1::Envelope& envelope,
                         const BrokerConfig& config) {
  if (envelope.has_issue_duban()) {
    return CheckIssue(envelope.issue_duban(), config);
  }
  return CheckStep(envelope.duban_step(), config);
}

std::vector<TextRule> DubanTextRules() {
  return {
      {"issue_duban.item.title", "事项标题", kMaxTitle, true},
      {"issue_duban.item.instruction", "批示内容", kMaxInstruction, true},
      {"issue_duban.item.leader", "批示人", kMaxName, true},
      {"issue_duban.item.officer", "经办人", kMaxName, true},
      {"issue_duban.item.requirements", "办理要求", kMaxRequirements, false},
      {"duban_step.person", "经办人", kMaxName, true},
      {"duban_step.text", "办理进展、办结情况或理由", kMaxStepText, false},
  };
}

}  // namespace xinbao::broker
