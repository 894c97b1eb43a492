#include "broker/ingest/command_validator.h"

#include <string>

#include "broker/ingest/command_text.h"
#include "proto/utf8.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kMaxOfficerChars = 64;
constexpr std::size_t kMaxReasonChars = 500;
constexpr const char* kOfficerLabel = "经办人";
constexpr const char* kReasonLabel = "理由";

Status CheckEventId(const std::string& id, const std::string& path) {
  if (IsWellFormedId(id, 64)) return Status::Ok();
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "事件编号只能由英文字母、数字和 . _ - : 组成", path);
}

Status CheckActor(const std::string& unit_id, const std::string& officer,
                  const std::string& prefix, const UnitRegistry& units) {
  XINBAO_RETURN_IF_ERROR(CheckTexts(
      {{unit_id, prefix + ".unit_id", "操作单位", 64},
       {officer, prefix + ".officer", kOfficerLabel, kMaxOfficerChars}}));
  const Unit* unit = units.Find(unit_id);
  if (unit == nullptr) {
    return Status(v1::ERROR_CODE_UNKNOWN_UNIT,
                  "单位 \"" + unit_id + "\" 不在本服务的单位名录中",
                  prefix + ".unit_id");
  }
  if (unit->kind != UnitKind::kOffice) {
    return Status(v1::ERROR_CODE_NOT_PERMITTED,
                  "只有中心值班室（办公室）可以合并或重新打开事件",
                  prefix + ".unit_id");
  }
  return Status::Ok();
}

Status CheckReason(const std::string& reason, const std::string& path) {
  return CheckTexts({{reason, path, kReasonLabel, kMaxReasonChars, false}});
}

}  // namespace

Status CheckEventCommand(const v1::Envelope& envelope,
                         const UnitRegistry& units) {
  if (envelope.has_merge_events()) {
    const v1::MergeEventsRequest& merge = envelope.merge_events();
    XINBAO_RETURN_IF_ERROR(
        CheckActor(merge.unit_id(), merge.officer(), "merge_events", units));
    XINBAO_RETURN_IF_ERROR(
        CheckEventId(merge.from_event_id(), "merge_events.from_event_id"));
    XINBAO_RETURN_IF_ERROR(
        CheckEventId(merge.into_event_id(), "merge_events.into_event_id"));
    return CheckReason(merge.reason(), "merge_events.reason");
  }
  const v1::ReopenEventRequest& reopen = envelope.reopen_event();
  XINBAO_RETURN_IF_ERROR(
      CheckActor(reopen.unit_id(), reopen.officer(), "reopen_event", units));
  XINBAO_RETURN_IF_ERROR(
      CheckEventId(reopen.event_id(), "reopen_event.event_id"));
  return CheckReason(reopen.reason(), "reopen_event.reason");
}

std::vector<TextRule> CommandTextRules() {
  return {
      {"merge_events.officer", kOfficerLabel, kMaxOfficerChars, true},
      {"merge_events.reason", kReasonLabel, kMaxReasonChars, false},
      {"reopen_event.officer", kOfficerLabel, kMaxOfficerChars, true},
      {"reopen_event.reason", kReasonLabel, kMaxReasonChars, false},
  };
}

}  // namespace xinbao::broker
