#include "broker/ingest/report_validator.h"

#include <array>
#include <string>

#include "broker/base/utf8.h"
#include "proto/names.h"

namespace xinbao::broker {
namespace {

using v1::Report;

// A text field of Report and its rules. Lengths are in characters.
struct TextField {
  const char* path;
  const char* label;  // what the officer calls it
  const std::string& (Report::*get)() const;
  std::size_t max_chars;  // 0: bounded only by the message size
  bool required;
};

constexpr std::array<TextField, 14> kTextFields = {{
    {"report.idempotency_key", "幂等键", &Report::idempotency_key, 128, true},
    {"report.unit_id", "报送单位", &Report::unit_id, 64, true},
    {"report.title", "标题", &Report::title, 200, true},
    {"report.body", "正文", &Report::body, 0, true},
    {"report.event_id", "事件编号", &Report::event_id, 64, false},
    {"report.place", "地点", &Report::place, 200, false},
    {"report.measures", "已采取的措施", &Report::measures, 0, false},
    {"report.approver", "签发人", &Report::approver, 64, false},
    {"report.contact_name", "联系人", &Report::contact_name, 64, false},
    {"report.contact_phone", "联系电话", &Report::contact_phone, 32, false},
    {"report.source", "信息来源", &Report::source, 200, false},
    {"report.losses", "损失情况", &Report::losses, 0, false},
    {"report.scope", "影响范围", &Report::scope, 0, false},
    {"report.corrects_key", "所更正报告的幂等键", &Report::corrects_key, 128,
     false},
}};

constexpr int64_t kYear2000Ms = 946684800000;

Status Missing(const std::string& path, const std::string& label) {
  return Status(v1::ERROR_CODE_MISSING_FIELD, "缺少必填项：" + label, path);
}

// Idempotency keys: printable ASCII without spaces.
bool IsWellFormedKey(const std::string& key) {
  for (char c : key) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

// How far a clock runs ahead, rounded as people say it: "不到1秒", "45秒"
// under a minute, then to the minute as DurationWords says it ("1分",
// "1小时31分").
std::string SkewWords(int64_t ms) {
  const int64_t seconds = (ms + 500) / 1000;
  if (ms > 0 && seconds == 0) return "不到1秒";
  if (seconds < 60) return std::to_string(seconds) + "秒";
  constexpr int64_t kMinuteMs = 60 * 1000;
  return DurationWords((ms + kMinuteMs / 2) / kMinuteMs * kMinuteMs);
}

}  // namespace

Status ReportValidator::Check(const Report& report, int64_t now_ms) const {
  XINBAO_RETURN_IF_ERROR(CheckText(report));
  XINBAO_RETURN_IF_ERROR(CheckEnums(report));
  XINBAO_RETURN_IF_ERROR(CheckClassification(report));
  XINBAO_RETURN_IF_ERROR(CheckUrgency(report));
  XINBAO_RETURN_IF_ERROR(CheckTimes(report, now_ms));
  XINBAO_RETURN_IF_ERROR(CheckAttachments(report));
  XINBAO_RETURN_IF_ERROR(CheckRegistered(report.unit_id(), "report.unit_id"));
  XINBAO_RETURN_IF_ERROR(CheckEventFields(report));
  if (report.sequence() != 0 || report.stored_at_ms() != 0) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "序号和存储时间由服务端分配，提交时应留空",
                  report.sequence() != 0 ? "report.sequence"
                                         : "report.stored_at_ms");
  }
  return Status::Ok();
}

Status ReportValidator::CheckText(const Report& report) const {
  // protobuf already refused invalid UTF-8 in string fields at parse time;
  // here: presence and length.
  for (const TextField& field : kTextFields) {
    const std::string& value = (report.*field.get)();
    if (value.empty()) {
      if (field.required) return Missing(field.path, field.label);
      continue;
    }
    if (field.max_chars == 0) continue;
    std::optional<std::size_t> chars = CountCodePoints(value);
    if (!chars) {
      return Status(v1::ERROR_CODE_INVALID_UTF8,
                    field.label + std::string(" 不是有效的 UTF-8 文字"),
                    field.path);
    }
    if (*chars > field.max_chars) {
      return Status(v1::ERROR_CODE_FIELD_TOO_LONG,
                    std::string(field.label) + "太长：" +
                        std::to_string(*chars) + " 个字，最多 " +
                        std::to_string(field.max_chars) + " 个字",
                    field.path);
    }
  }
  if (!IsWellFormedKey(report.idempotency_key())) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "幂等键只能由可见的英文字母、数字和符号组成，不能有空格或汉字",
                  "report.idempotency_key");
  }
  if (!IsWellFormedKey(report.corrects_key())) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "所更正报告的幂等键只能由可见的英文字母、数字和符号组成",
                  "report.corrects_key");
  }
  if (!report.corrects_key().empty() &&
      report.corrects_key() == report.idempotency_key()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "一份报告不能更正它自己：请填写被更正的那份报告的幂等键",
                  "report.corrects_key");
  }
  if (!report.event_id().empty() && !IsWellFormedId(report.event_id(), 64)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "事件编号只能由英文字母、数字和 . _ - : 组成",
                  "report.event_id");
  }
  return Status::Ok();
}

Status ReportValidator::CheckEnums(const Report& report) const {
  struct EnumField {
    const char* path;
    const char* label;
    int value;
    bool (*valid)(int);
  };
  const std::array<EnumField, 4> fields = {{
      {"report.kind", "信息类别", report.kind(), v1::Kind_IsValid},
      {"report.stage", "阶段", report.stage(), v1::Stage_IsValid},
      {"report.severity", "事件等级", report.severity(), v1::Severity_IsValid},
      {"report.classification", "密级", report.classification(),
       v1::Classification_IsValid},
  }};
  for (const EnumField& field : fields) {
    if (!field.valid(field.value)) {
      return Status(v1::ERROR_CODE_UNKNOWN_ENUM_VALUE,
                    std::string(field.label) + "的取值 " +
                        std::to_string(field.value) +
                        " 不认识，可能客户端版本比服务端新，请核对",
                    field.path);
    }
  }
  if (report.kind() == v1::KIND_UNSPECIFIED) {
    return Missing("report.kind", "信息类别");
  }
  if (report.classification() == v1::CLASSIFICATION_UNSPECIFIED) {
    return Missing("report.classification", "密级");
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

Status ReportValidator::CheckUrgency(const Report& report) const {
  if (report.kind() != v1::KIND_URGENT) {
    const char* path =
        !report.event_id().empty() ? "report.event_id"
        : report.stage() != v1::STAGE_UNSPECIFIED ? "report.stage"
        : report.severity() != v1::SEVERITY_UNSPECIFIED ? "report.severity"
        : !report.responsible_unit_id().empty() ? "report.responsible_unit_id"
        : report.has_phone_call()               ? "report.phone_call"
                                                : nullptr;
    if (path == nullptr) return Status::Ok();
    return Status(v1::ERROR_CODE_NOT_URGENT,
                  "只有紧急信息才有事件编号、阶段（事/情/因/果）和事件等级；"
                  "如果这是突发事件，请把类别改为紧急信息",
                  path);
  }
  if (report.event_id().empty()) return Missing("report.event_id", "事件编号");
  if (report.stage() == v1::STAGE_UNSPECIFIED) {
    return Missing("report.stage", "阶段（事/情/因/果）");
  }
  return Status::Ok();
}

Status ReportValidator::CheckTimes(const Report& report, int64_t now_ms) const {
  struct TimeField {
    const char* path;
    const char* label;
    int64_t value;
  };
  const std::array<TimeField, 3> fields = {{
      {"report.occurred_at_ms", "发生时间", report.occurred_at_ms()},
      {"report.written_at_ms", "成文时间", report.written_at_ms()},
      {"report.phone_call.called_at_ms", "来电时间",
       report.phone_call().called_at_ms()},
  }};
  if (report.written_at_ms() == 0) {
    return Missing("report.written_at_ms", "成文时间");
  }
  for (const TimeField& field : fields) {
    if (field.value == 0) continue;
    if (field.value < kYear2000Ms) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    std::string(field.label) + "早于 2000 年，请核对",
                    field.path);
    }
    if (field.value > now_ms + limits_.max_clock_skew_ms) {
      return Status(v1::ERROR_CODE_TIME_IN_FUTURE,
                    std::string(field.label) + "比中心时间快约 " +
                        SkewWords(field.value - now_ms) + "（最多允许快 " +
                        SkewWords(limits_.max_clock_skew_ms) +
                        "），不能是将来的时间；请检查电脑时钟",
                    field.path);
    }
  }
  return Status::Ok();
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
  } else if (call.caller().empty()) {
    return Missing("report.phone_call.caller", "来电人（或来电单位）");
  }
  if (call.called_at_ms() == 0) {
    return Missing("report.phone_call.called_at_ms", "来电时间");
  }
  if (call.taken_by().empty()) {
    return Missing("report.phone_call.taken_by", "接报人");
  }
  struct Short {
    const std::string& value;
    const char* path;
    const char* label;
  };
  for (const Short& field :
       {Short{call.caller(), "report.phone_call.caller", "来电人"},
        Short{call.taken_by(), "report.phone_call.taken_by", "接报人"}}) {
    const std::optional<std::size_t> chars = CountCodePoints(field.value);
    if (chars && *chars > 64) {
      return Status(v1::ERROR_CODE_FIELD_TOO_LONG,
                    std::string(field.label) + "太长：最多 64 个字", field.path);
    }
  }
  return Status::Ok();
}

Status ReportValidator::CheckAttachments(const Report& report) const {
  if (static_cast<std::size_t>(report.attachments_size()) >
      limits_.max_attachments) {
    return Status(v1::ERROR_CODE_TOO_MANY_ATTACHMENTS,
                  "附件太多：" + std::to_string(report.attachments_size()) +
                      " 个，最多 " + std::to_string(limits_.max_attachments) +
                      " 个",
                  "report.attachments");
  }
  for (int i = 0; i < report.attachments_size(); ++i) {
    const v1::Attachment& attachment = report.attachments(i);
    const std::string path = "report.attachments[" + std::to_string(i) + "]";
    if (attachment.name().empty()) {
      return Missing(path + ".name", "附件名称");
    }
    if (attachment.data().size() > limits_.max_attachment_bytes) {
      return Status(v1::ERROR_CODE_ATTACHMENT_TOO_LARGE,
                    "附件《" + attachment.name() + "》太大：" +
                        std::to_string(attachment.data().size() / 1024) +
                        " KB，单个附件最多 " +
                        std::to_string(limits_.max_attachment_bytes / 1024) +
                        " KB",
                    path + ".data");
    }
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
