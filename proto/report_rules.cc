#include "proto/report_rules.h"

#include <array>
#include <string>

#include "proto/names.h"
#include "proto/utf8.h"

namespace xinbao {
namespace {

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


using v1::Report;

// A text field of Report and its rules. Lengths are in characters.
struct TextField {
  const char* path;
  const char* label;  // what the officer calls it
  const std::string& (Report::*get)() const;
  std::size_t max_chars;  // 0: bounded only by the message size
  bool required;
};

constexpr std::array<TextField, 15> kTextFields = {{
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
    {"report.commission_id", "所应约稿编号", &Report::commission_id, 64, false},
}};

constexpr int64_t kYear2000Ms = 946684800000;
constexpr std::size_t kMaxPhoneCallChars = 64;

// The phone call's free-text fields, each at most kMaxPhoneCallChars.
struct PhoneCallText {
  const char* path;
  const char* label;
  const std::string& (v1::PhoneCall::*get)() const;
};

constexpr std::array<PhoneCallText, 2> kPhoneCallTexts = {{
    {"report.phone_call.caller", "来电人", &v1::PhoneCall::caller},
    {"report.phone_call.taken_by", "接报人", &v1::PhoneCall::taken_by},
}};

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

// Appends the length problem of `value`, if any.
void CheckLength(const std::string& value, const char* path,
                 const char* label, std::size_t max_chars, TextOrigin origin,
                 Problems* problems) {
  const std::optional<std::size_t> chars =
      origin == TextOrigin::kParsed ? CountCodePointsOfValid(value)
                                    : CountCodePoints(value);
  if (!chars) {
    problems->emplace_back(v1::ERROR_CODE_INVALID_UTF8,
                           label + std::string(" 不是有效的 UTF-8 文字"), path);
  } else if (max_chars != 0 && *chars > max_chars) {
    problems->emplace_back(v1::ERROR_CODE_FIELD_TOO_LONG,
                           std::string(label) + "太长：" +
                               std::to_string(*chars) + " 个字，最多 " +
                               std::to_string(max_chars) + " 个字",
                           path);
  }
}

}  // namespace

void CheckTextFields(const Report& report, Problems* problems,
                     TextOrigin origin) {
  for (const TextField& field : kTextFields) {
    const std::string& value = (report.*field.get)();
    if (value.empty()) {
      if (field.required) problems->push_back(Missing(field.path, field.label));
      continue;
    }
    CheckLength(value, field.path, field.label, field.max_chars, origin,
                problems);
  }
  if (!IsWellFormedKey(report.idempotency_key())) {
    problems->emplace_back(
        v1::ERROR_CODE_INVALID_FIELD,
        "幂等键只能由可见的英文字母、数字和符号组成，不能有空格或汉字",
        "report.idempotency_key");
  }
  if (!IsWellFormedKey(report.corrects_key())) {
    problems->emplace_back(
        v1::ERROR_CODE_INVALID_FIELD,
        "所更正报告的幂等键只能由可见的英文字母、数字和符号组成",
        "report.corrects_key");
  }
  if (!report.corrects_key().empty() &&
      report.corrects_key() == report.idempotency_key()) {
    problems->emplace_back(
        v1::ERROR_CODE_INVALID_FIELD,
        "一份报告不能更正它自己：请填写被更正的那份报告的幂等键",
        "report.corrects_key");
  }
  if (!report.event_id().empty() && !IsWellFormedId(report.event_id(), 64)) {
    problems->emplace_back(v1::ERROR_CODE_INVALID_FIELD,
                           "事件编号只能由英文字母、数字和 . _ - : 组成",
                           "report.event_id");
  }
  if (!report.commission_id().empty() &&
      !IsWellFormedId(report.commission_id(), 64)) {
    problems->emplace_back(v1::ERROR_CODE_INVALID_FIELD,
                           "约稿编号只能由英文字母、数字和 . _ - : 组成",
                           "report.commission_id");
  }
}

void CheckEnumFields(const Report& report, Problems* problems) {
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
      problems->emplace_back(v1::ERROR_CODE_UNKNOWN_ENUM_VALUE,
                             std::string(field.label) + "的取值 " +
                                 std::to_string(field.value) +
                                 " 不认识，可能客户端版本比服务端新，请核对",
                             field.path);
    }
  }
  if (report.kind() == v1::KIND_UNSPECIFIED) {
    problems->push_back(Missing("report.kind", "信息类别"));
  }
  if (report.classification() == v1::CLASSIFICATION_UNSPECIFIED) {
    problems->push_back(Missing("report.classification", "密级"));
  }
}

void CheckUrgentFields(const Report& report, Problems* problems) {
  if (report.kind() != v1::KIND_URGENT) {
    const char* path =
        !report.event_id().empty() ? "report.event_id"
        : report.stage() != v1::STAGE_UNSPECIFIED ? "report.stage"
        : report.severity() != v1::SEVERITY_UNSPECIFIED ? "report.severity"
        : !report.responsible_unit_id().empty() ? "report.responsible_unit_id"
        : report.has_phone_call()               ? "report.phone_call"
                                                : nullptr;
    if (path == nullptr) return;
    problems->emplace_back(
        v1::ERROR_CODE_NOT_URGENT,
        "只有紧急信息才有事件编号、阶段（事/情/因/果）和事件等级；"
        "如果这是突发事件，请把类别改为紧急信息",
        path);
    return;
  }
  if (report.event_id().empty()) {
    problems->push_back(Missing("report.event_id", "事件编号"));
  }
  if (report.stage() == v1::STAGE_UNSPECIFIED) {
    problems->push_back(Missing("report.stage", "阶段（事/情/因/果）"));
  }
}

void CheckTimeFields(const Report& report, const RuleClock& clock,
                     Problems* problems) {
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
    problems->push_back(Missing("report.written_at_ms", "成文时间"));
  }
  for (const TimeField& field : fields) {
    if (field.value == 0) continue;
    if (field.value < kYear2000Ms) {
      problems->emplace_back(v1::ERROR_CODE_INVALID_FIELD,
                             std::string(field.label) + "早于 2000 年，请核对",
                             field.path);
    } else if (field.value - clock.max_skew_ms > clock.now_ms) {
      problems->emplace_back(
          v1::ERROR_CODE_TIME_IN_FUTURE,
          std::string(field.label) + "比" + std::string(clock.whose) +
              "时间快约 " + SkewWords(field.value - clock.now_ms) +
              "（最多允许快 " + SkewWords(clock.max_skew_ms) +
              "），不能是将来的时间；请检查电脑时钟",
          field.path);
    }
  }
}

void CheckAttachmentNames(const Report& report, Problems* problems) {
  for (int i = 0; i < report.attachments_size(); ++i) {
    if (report.attachments(i).name().empty()) {
      problems->push_back(Missing(
          "report.attachments[" + std::to_string(i) + "].name", "附件名称"));
    }
  }
}

void CheckPhoneCallFields(const Report& report, Problems* problems) {
  if (!report.has_phone_call()) return;
  const v1::PhoneCall& call = report.phone_call();
  if (call.caller_unit_id().empty() && call.caller().empty()) {
    problems->push_back(
        Missing("report.phone_call.caller", "来电人（或来电单位）"));
  }
  if (call.called_at_ms() == 0) {
    problems->push_back(Missing("report.phone_call.called_at_ms", "来电时间"));
  }
  if (call.taken_by().empty()) {
    problems->push_back(Missing("report.phone_call.taken_by", "接报人"));
  }
  for (const PhoneCallText& text : kPhoneCallTexts) {
    CheckLength((call.*text.get)(), text.path, text.label, kMaxPhoneCallChars,
                TextOrigin::kUnchecked, problems);
  }
}

std::vector<TextRule> ReportTextRules() {
  std::vector<TextRule> rules;
  for (const TextField& field : kTextFields) {
    rules.push_back({field.path, field.label, field.max_chars, field.required});
  }
  // Required of a phone call log (taken_by; caller or else the calling
  // unit), which is optional itself.
  for (const PhoneCallText& text : kPhoneCallTexts) {
    rules.push_back({text.path, text.label, kMaxPhoneCallChars, false});
  }
  return rules;
}

Problems ReportProblems(const Report& report, const RuleClock& clock) {
  Problems problems;
  CheckTextFields(report, &problems);
  CheckEnumFields(report, &problems);
  CheckUrgentFields(report, &problems);
  CheckTimeFields(report, clock, &problems);
  CheckAttachmentNames(report, &problems);
  CheckPhoneCallFields(report, &problems);
  return problems;
}

namespace {

struct ElementPresence {
  std::string_view name;
  bool (*in)(const Report&);
};

constexpr ElementPresence kElementPresence[] = {
    {"occurred_at", [](const Report& r) { return r.occurred_at_ms() != 0; }},
    {"place", [](const Report& r) { return !r.place().empty(); }},
    {"severity",
     [](const Report& r) { return r.severity() != v1::SEVERITY_UNSPECIFIED; }},
    // Present means figures given, zeros included.
    {"casualties", [](const Report& r) { return r.has_casualties(); }},
    {"source", [](const Report& r) { return !r.source().empty(); }},
    {"losses", [](const Report& r) { return !r.losses().empty(); }},
    {"scope", [](const Report& r) { return !r.scope().empty(); }},
    {"measures", [](const Report& r) { return !r.measures().empty(); }},
    {"trend", [](const Report& r) { return !r.trend().empty(); }},
    {"approver", [](const Report& r) { return !r.approver().empty(); }},
    {"contact_name", [](const Report& r) { return !r.contact_name().empty(); }},
    {"contact_phone",
     [](const Report& r) { return !r.contact_phone().empty(); }},
};

}  // namespace

bool CarriesElement(const Report& report, std::string_view element) {
  for (const ElementPresence& presence : kElementPresence) {
    if (presence.name == element) return presence.in(report);
  }
  return false;
}

std::string ElementField(std::string_view element) {
  if (element == "occurred_at") return "report.occurred_at_ms";
  return "report." + std::string(element);
}

bool IsWellFormedId(std::string_view id, std::size_t max) {
  if (id.empty() || id.size() > max) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                    c == '-' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace xinbao
