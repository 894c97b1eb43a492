#include "broker/ingest/caibian_validator.h"

#include <set>
#include <string>

#include "broker/ingest/command_fields.h"
#include "broker/ingest/command_text.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kMaxName = 64;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxBody = 20000;
constexpr std::size_t kMaxCommentary = 1000;
constexpr std::size_t kMaxReason = 500;
constexpr std::size_t kMaxLine = 500;
constexpr std::size_t kMaxInstruction = 4000;
constexpr std::size_t kMaxRequirements = 2000;
constexpr int kMaxSources = 20;
constexpr int kMaxIssueItems = 50;
constexpr int kMaxCommissionUnits = 50;

Status Invalid(std::string message, std::string field) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, std::move(message),
                std::move(field));
}

Status CheckCeiling(v1::Classification level, const BrokerConfig& config,
                    const std::string& path) {
  XINBAO_RETURN_IF_ERROR(
      CheckEnum(level, v1::Classification_IsValid, "密级", path, false));
  if (level <= config.security.max_classification) return Status::Ok();
  return Status(v1::ERROR_CODE_CLASSIFICATION_TOO_HIGH,
                "密级“" + std::string(ClassificationName(level)) +
                    "”高于本网络允许的“" +
                    std::string(
                        ClassificationName(config.security.max_classification)) +
                    "”",
                path);
}

Status CheckPutItem(const v1::PutItem& put) {
  const std::string at = "caibian.put_item.";
  XINBAO_RETURN_IF_ERROR(CheckId(put.item_id(), "稿件编号", at + "item_id"));
  XINBAO_RETURN_IF_ERROR(CheckTexts({
      {put.title(), at + "title", "稿件标题", kMaxTitle},
      {put.body(), at + "body", "稿件正文", kMaxBody},
      {put.commentary(), at + "commentary", "编者按", kMaxCommentary, false},
  }));
  if (put.source_sequences_size() == 0) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  "缺少必填项：来源报告（至少一篇）", at + "source_sequences");
  }
  if (put.source_sequences_size() > kMaxSources) {
    return Invalid("来源报告太多：一篇稿件最多综合 " +
                       std::to_string(kMaxSources) + " 篇报告",
                   at + "source_sequences");
  }
  std::set<uint64_t> seen;
  for (uint64_t sequence : put.source_sequences()) {
    if (sequence == 0 || !seen.insert(sequence).second) {
      return Invalid("来源报告序号应为正数且不重复", at + "source_sequences");
    }
  }
  return Status::Ok();
}

Status CheckPutIssue(const v1::PutIssue& put, const BrokerConfig& config) {
  const std::string at = "caibian.put_issue.";
  XINBAO_RETURN_IF_ERROR(CheckId(put.issue_id(), "期次编号", at + "issue_id"));
  XINBAO_RETURN_IF_ERROR(CheckId(put.series_id(), "简报", at + "series_id"));
  if (put.item_ids_size() > kMaxIssueItems) {
    return Invalid("一期最多编入 " + std::to_string(kMaxIssueItems) + " 篇稿件",
                   at + "item_ids");
  }
  for (int i = 0; i < put.item_ids_size(); ++i) {
    XINBAO_RETURN_IF_ERROR(CheckId(put.item_ids(i), "稿件编号",
                                   at + "item_ids[" + std::to_string(i) + "]"));
  }
  if (!put.corrects_issue_id().empty()) {
    XINBAO_RETURN_IF_ERROR(CheckId(put.corrects_issue_id(), "所更正的期次",
                                   at + "corrects_issue_id"));
  }
  XINBAO_RETURN_IF_ERROR(CheckTexts({
      {put.approver(), at + "approver", "签发人", kMaxName, false},
      {put.compiled_by(), at + "compiled_by", "编发单位", kMaxName, false},
      {put.send_to(), at + "send_to", "报送", kMaxLine, false},
      {put.copy_to(), at + "copy_to", "抄送", kMaxLine, false},
  }));
  return CheckCeiling(put.classification(), config, at + "classification");
}

Status CheckAdoption(const v1::RecordAdoption& record) {
  const std::string at = "caibian.record_adoption.";
  XINBAO_RETURN_IF_ERROR(
      CheckId(record.adoption_id(), "采用登记编号", at + "adoption_id"));
  if (std::string_view(record.adoption_id()).starts_with("issue:")) {
    return Invalid("登记编号不能以 \"issue:\" 开头（留给本级签发的采用）",
                   at + "adoption_id");
  }
  const bool by_item = !record.item_id().empty();
  if (by_item == (record.report_sequence() != 0)) {
    return Invalid("请给出稿件编号或报告序号，二者只给一个", at + "item_id");
  }
  if (by_item) {
    XINBAO_RETURN_IF_ERROR(CheckId(record.item_id(), "稿件编号", at + "item_id"));
  }
  XINBAO_RETURN_IF_ERROR(CheckEnum(record.level(), v1::LeaderLevel_IsValid,
                                   "采用级别", at + "level", true));
  XINBAO_RETURN_IF_ERROR(CheckEnum(record.kind(), v1::SeriesKind_IsValid,
                                   "刊物类别", at + "kind", true));
  XINBAO_RETURN_IF_ERROR(CheckTexts({
      {record.series_name(), at + "series_name", "刊物名称", kMaxName},
      {record.reference(), at + "reference", "期号", kMaxName},
  }));
  if (record.adopted_at_ms() < 0) return Invalid("时间不能为负", at + "adopted_at_ms");
  return Status::Ok();
}

Status CheckInstruction(const v1::RecordInstruction& record) {
  const std::string at = "caibian.record_instruction.";
  const v1::Instruction& given = record.instruction();
  XINBAO_RETURN_IF_ERROR(CheckId(record.item_id(), "稿件编号", at + "item_id"));
  XINBAO_RETURN_IF_ERROR(CheckId(given.instruction_id(), "批示登记编号",
                                 at + "instruction.instruction_id"));
  XINBAO_RETURN_IF_ERROR(CheckTexts({
      {given.leader(), at + "instruction.leader", "批示人", kMaxName},
      {given.text(), at + "instruction.text", "批示内容", kMaxInstruction},
  }));
  XINBAO_RETURN_IF_ERROR(CheckEnum(given.leader_level(),
                                   v1::LeaderLevel_IsValid, "批示人级别",
                                   at + "instruction.leader_level", true));
  if (given.recorded_at_ms() != 0 || !given.recorded_by().empty()) {
    return Invalid("登记时间和登记人由服务填写，请留空",
                   at + "instruction.recorded_at_ms");
  }
  if (given.instructed_at_ms() < 0) {
    return Invalid("时间不能为负", at + "instruction.instructed_at_ms");
  }
  if (!given.duban_item_id().empty()) {
    XINBAO_RETURN_IF_ERROR(CheckId(given.duban_item_id(), "督办事项编号",
                                   at + "instruction.duban_item_id"));
  }
  return Status::Ok();
}

Status CheckCommission(const v1::Commission& commission,
                       const std::string& office, const BrokerConfig& config) {
  const std::string at = "caibian.commission.";
  XINBAO_RETURN_IF_ERROR(
      CheckId(commission.commission_id(), "约稿编号", at + "commission_id"));
  XINBAO_RETURN_IF_ERROR(CheckTexts({
      {commission.topic(), at + "topic", "约稿题目", kMaxTitle},
      {commission.requirements(), at + "requirements", "约稿要求",
       kMaxRequirements, false},
      {commission.officer(), at + "officer", "经办人", kMaxName, false},
  }));
  if (!commission.office_unit_id().empty() &&
      commission.office_unit_id() != office) {
    return Invalid("约稿单位应为操作单位本身", at + "office_unit_id");
  }
  if (commission.unit_ids_size() == 0) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "缺少必填项：约稿单位",
                  at + "unit_ids");
  }
  if (commission.unit_ids_size() > kMaxCommissionUnits) {
    return Invalid("约稿单位太多：最多 " + std::to_string(kMaxCommissionUnits) +
                       " 个",
                   at + "unit_ids");
  }
  std::set<std::string> seen;
  for (int i = 0; i < commission.unit_ids_size(); ++i) {
    const std::string path = at + "unit_ids[" + std::to_string(i) + "]";
    const std::string& unit_id = commission.unit_ids(i);
    XINBAO_RETURN_IF_ERROR(CheckUnit(unit_id, "约稿单位", path, config.units));
    if (config.units.Find(unit_id)->kind == UnitKind::kOffice) {
      return Invalid("不能向中心（办公室）约稿", path);
    }
    if (!seen.insert(unit_id).second) {
      return Invalid("单位 \"" + unit_id + "\" 重复", path);
    }
  }
  if (commission.due_at_ms() < 0) return Invalid("时间不能为负", at + "due_at_ms");
  return Status::Ok();
}

// What the action is called, for the refusal of a unit that is no office.
std::string ActionWords(const v1::CaibianRequest& request) {
  switch (request.action_case()) {
    case v1::CaibianRequest::kPutItem:
    case v1::CaibianRequest::kDropItem:
    case v1::CaibianRequest::kPutIssue:
      return "编辑简报";
    case v1::CaibianRequest::kIssueBulletin:
      return "签发简报";
    case v1::CaibianRequest::kRecordAdoption:
      return "登记采用";
    case v1::CaibianRequest::kRecordInstruction:
      return "登记领导批示";
    case v1::CaibianRequest::kPassUp:
      return "转报上级";
    default:
      return "约稿";
  }
}

}  // namespace

Status CheckCaibianRequest(const v1::Envelope& envelope,
                           const BrokerConfig& config) {
  const v1::CaibianRequest& request = envelope.caibian();
  if (request.action_case() == v1::CaibianRequest::ACTION_NOT_SET) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  "缺少采编操作（put_item、put_issue、issue_bulletin …）",
                  "caibian");
  }
  XINBAO_RETURN_IF_ERROR(CheckOffice(request.unit_id(), "caibian.unit_id",
                                     config.units, ActionWords(request)));
  XINBAO_RETURN_IF_ERROR(
      CheckTexts({{request.person(), "caibian.person", "经办人", kMaxName}}));
  switch (request.action_case()) {
    case v1::CaibianRequest::kPutItem:
      return CheckPutItem(request.put_item());
    case v1::CaibianRequest::kDropItem: {
      const v1::DropItem& drop = request.drop_item();
      XINBAO_RETURN_IF_ERROR(
          CheckId(drop.item_id(), "稿件编号", "caibian.drop_item.item_id"));
      return CheckTexts(
          {{drop.reason(), "caibian.drop_item.reason", "不用理由", kMaxReason}});
    }
    case v1::CaibianRequest::kPutIssue:
      return CheckPutIssue(request.put_issue(), config);
    case v1::CaibianRequest::kIssueBulletin: {
      const v1::IssueBulletin& issue = request.issue_bulletin();
      XINBAO_RETURN_IF_ERROR(CheckId(issue.issue_id(), "期次编号",
                                     "caibian.issue_bulletin.issue_id"));
      if (issue.base_revision() == 0) {
        return Status(v1::ERROR_CODE_MISSING_FIELD,
                      "缺少必填项：签发所依据的版本号（base_revision）",
                      "caibian.issue_bulletin.base_revision");
      }
      return Status::Ok();
    }
    case v1::CaibianRequest::kRecordAdoption:
      return CheckAdoption(request.record_adoption());
    case v1::CaibianRequest::kRecordInstruction:
      return CheckInstruction(request.record_instruction());
    case v1::CaibianRequest::kCommission:
      return CheckCommission(request.commission(), request.unit_id(), config);
    case v1::CaibianRequest::kPassUp:
      if (request.pass_up().report_sequence() == 0) {
        return Status(v1::ERROR_CODE_MISSING_FIELD,
                      "缺少必填项：要转报的报告序号（report_sequence）",
                      "caibian.pass_up.report_sequence");
      }
      return Status::Ok();
    case v1::CaibianRequest::kCancelCommission: {
      const v1::CancelCommission& cancel = request.cancel_commission();
      XINBAO_RETURN_IF_ERROR(CheckId(cancel.commission_id(), "约稿编号",
                                     "caibian.cancel_commission.commission_id"));
      return CheckTexts({{cancel.reason(), "caibian.cancel_commission.reason",
                          "撤销理由", kMaxReason}});
    }
    default:
      return Status(v1::ERROR_CODE_UNKNOWN_REQUEST, "本服务不认识这种采编操作",
                    "caibian");
  }
}

std::vector<TextRule> CaibianTextRules() {
  return {
      {"caibian.person", "经办人", kMaxName, true},
      {"caibian.put_item.title", "稿件标题", kMaxTitle, true},
      {"caibian.put_item.body", "稿件正文", kMaxBody, true},
      {"caibian.put_item.commentary", "编者按", kMaxCommentary, false},
      {"caibian.drop_item.reason", "不用理由", kMaxReason, true},
      {"caibian.put_issue.approver", "签发人", kMaxName, false},
      {"caibian.put_issue.send_to", "报送", kMaxLine, false},
      {"caibian.put_issue.copy_to", "抄送", kMaxLine, false},
      {"caibian.record_adoption.series_name", "刊物名称", kMaxName, true},
      {"caibian.record_adoption.reference", "期号", kMaxName, true},
      {"caibian.record_instruction.instruction.leader", "批示人", kMaxName, true},
      {"caibian.record_instruction.instruction.text", "批示内容", kMaxInstruction,
       true},
      {"caibian.commission.topic", "约稿题目", kMaxTitle, true},
      {"caibian.commission.requirements", "约稿要求", kMaxRequirements, false},
      {"caibian.cancel_commission.reason", "撤销理由", kMaxReason, true},
  };
}

}  // namespace xinbao::broker
