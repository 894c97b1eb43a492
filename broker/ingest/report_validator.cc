#include "broker/ingest/report_validator.h"

#include "broker/ingest/attachment_limits.h"
#include "broker/ingest/forwarding_rules.h"

#include <array>
#include <string>

#include "proto/names.h"
#include "proto/report_rules.h"

namespace xinbao::broker {
namespace {

using v1::Report;

// The first problem a group of proto/report_rules.h finds, or OK.
template <class Group, class... Args>
Status FirstProblem(Group group, const Report& report, const Args&... args) {
  Problems problems;
  group(report, args..., &problems);
  return problems.empty() ? Status::Ok() : problems.front();
}

}  // namespace

Status ReportValidator::Check(const Report& report, int64_t now_ms,
                              bool skip_level) const {
  const RuleClock clock{now_ms, limits_.max_clock_skew_ms, "中心"};
  // Parsed by protobuf (DecodeEnvelope): its text is UTF-8, only counted.
  XINBAO_RETURN_IF_ERROR(FirstProblem(
      [](const Report& parsed, Problems* problems) {
        CheckTextFields(parsed, problems, TextOrigin::kParsed);
      },
      report));
  XINBAO_RETURN_IF_ERROR(FirstProblem(CheckEnumFields, report));
  XINBAO_RETURN_IF_ERROR(CheckClassification(report));
  XINBAO_RETURN_IF_ERROR(FirstProblem(CheckUrgentFields, report));
  XINBAO_RETURN_IF_ERROR(FirstProblem(CheckTimeFields, report, clock));
  XINBAO_RETURN_IF_ERROR(CheckAttachments(report));
  XINBAO_RETURN_IF_ERROR(CheckRegistered(report.unit_id(), "report.unit_id"));
  XINBAO_RETURN_IF_ERROR(CheckForwarding(report, tree_id_, skip_level));
  if (!report.has_forwarded()) XINBAO_RETURN_IF_ERROR(CheckEventFields(report));
  if (report.sequence() != 0 || report.stored_at_ms() != 0) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "序号和存储时间由服务端分配，提交时应留空",
                  report.sequence() != 0 ? "report.sequence"
                                         : "report.stored_at_ms");
  }
  return Status::Ok();
}

Status ReportValidator::CheckClassification(const Report& report) const {
  const v1::Classification level = report.classification();
  if (level <= max_classification_) return Status::Ok();
  // State secrets (秘密 and above) have their own channels; below that
  // (内部 on a broker cleared only for 公开) the unit's rules say where.
  const std::string what_to_do =
      level >= v1::CLASSIFICATION_SECRET
          ? "涉密信息请通过涉密渠道（机要交通或涉密网络）报送，不要在本系统提交。"
          : "请按本单位的保密规定通过其他渠道报送，不要在本系统提交。";
  return Status(v1::ERROR_CODE_CLASSIFICATION_TOO_HIGH,
                "该报告密级为" + std::string(ClassificationName(level)) +
                    "，高于本系统允许的最高密级（" +
                    std::string(ClassificationName(max_classification_)) +
                    "）。" + what_to_do,
                "report.classification");
}

Status ReportValidator::CheckRegistered(const std::string& unit_id,
                                        const std::string& path) const {
  if (units_.Find(unit_id) != nullptr) return Status::Ok();
  return Status(v1::ERROR_CODE_UNKNOWN_UNIT,
                "单位 \"" + unit_id +
                    "\" 不在本服务的单位名录中，请核对单位编号或联系管理员",
                path);
}

Status ReportValidator::CheckEventFields(const Report& report) const {
  if (!report.responsible_unit_id().empty()) {
    XINBAO_RETURN_IF_ERROR(CheckRegistered(report.responsible_unit_id(),
                                           "report.responsible_unit_id"));
  }
  if (!report.has_phone_call()) return Status::Ok();
  const v1::PhoneCall& call = report.phone_call();
  if (units_.Find(report.unit_id())->kind != UnitKind::kOffice) {
    return Status(v1::ERROR_CODE_NOT_PERMITTED,
                  "只有中心值班室（办公室）可以登记电话报告；"
                  "本单位请直接提交书面报告",
                  "report.phone_call");
  }
  if (!call.caller_unit_id().empty()) {
    XINBAO_RETURN_IF_ERROR(CheckRegistered(call.caller_unit_id(),
                                           "report.phone_call.caller_unit_id"));
  }
  return FirstProblem(CheckPhoneCallFields, report);
}

Status ReportValidator::CheckAttachments(const Report& report) const {
  return CheckAttachmentLimits(report.attachments(), limits_,
                               "report.attachments");
}

}  // namespace xinbao::broker
