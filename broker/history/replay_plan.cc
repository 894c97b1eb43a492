#include "broker/history/replay_plan.h"

#include <algorithm>
#include <string>

#include "broker/units/unit_registry.h"

namespace xinbao::broker {
namespace {

// Unit and event ids are at most this long (the validator refuses longer).
constexpr std::size_t kMaxIdChars = 64;

Status TooMany(const char* field) {
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "筛选条件太多：一项最多 " + std::to_string(kMaxFilterValues) +
                    " 个值",
                field);
}

template <typename Enum, typename Values>
Status CopyEnums(const Values& values, bool (*is_valid)(int), const char* field,
                 const char* what, std::vector<Enum>* out) {
  if (static_cast<std::size_t>(values.size()) > kMaxFilterValues) {
    return TooMany(field);
  }
  for (const int value : values) {
    if (!is_valid(value) || value == 0) {
      return Status(v1::ERROR_CODE_UNKNOWN_ENUM_VALUE,
                    std::string("不认识的") + what + "：" + std::to_string(value),
                    field);
    }
    out->push_back(static_cast<Enum>(value));
  }
  return Status::Ok();
}

}  // namespace

Result<ReplayPlan> PlanReplay(const storage::ReportStore& store,
                              const v1::ReplayRequest& request) {
  ReplayPlan plan;
  if (request.last_sequence() != 0 &&
      request.first_sequence() > request.last_sequence()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "序号范围不对：起始序号大于结束序号", "replay.first_sequence");
  }
  if (request.from_ms() < 0 || request.to_ms() < 0 ||
      (request.to_ms() != 0 && request.from_ms() >= request.to_ms())) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "时间范围不对：开始时间应早于结束时间", "replay.from_ms");
  }
  if (request.include_duban() && request.from_ms() == 0 &&
      request.to_ms() == 0) {
    // Steps have no sequence numbers: only a time says which to replay.
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "回放督办记录需要时间范围：请给出开始时间或结束时间"
                  "（只按序号范围无法确定哪些督办步骤）",
                  "replay.include_duban");
  }
  if (static_cast<std::size_t>(request.unit_ids_size()) > kMaxFilterValues) {
    return TooMany("replay.unit_ids");
  }
  for (const std::string& unit : request.unit_ids()) {
    if (!IsWellFormedId(unit, kMaxIdChars)) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "单位编号格式不对：" + unit, "replay.unit_ids");
    }
    plan.filter.unit_ids.push_back(unit);
  }
  XINBAO_RETURN_IF_ERROR(CopyEnums(request.kinds(), v1::Kind_IsValid,
                                   "replay.kinds", "信息类别",
                                   &plan.filter.kinds));
  XINBAO_RETURN_IF_ERROR(CopyEnums(request.stages(), v1::Stage_IsValid,
                                   "replay.stages", "阶段",
                                   &plan.filter.stages));
  if (!request.event_id().empty()) {
    if (!IsWellFormedId(request.event_id(), kMaxIdChars)) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "事件编号格式不对：应为 1–64 个字母、数字或 . _ - :",
                    "replay.event_id");
    }
    Result<std::optional<v1::EventState>> event =
        store.GetEvent(request.event_id());
    if (!event.ok()) return event.status();
    if (!event->has_value()) {
      return Status(v1::ERROR_CODE_UNKNOWN_EVENT,
                    "没有编号为 " + request.event_id() + " 的事件",
                    "replay.event_id");
    }
    // Reports name the event they were written for; those of events merged
    // into this one belong to it too.
    plan.filter.event_ids.push_back(request.event_id());
    for (const std::string& merged : (*event)->merged_from()) {
      plan.filter.event_ids.push_back(merged);
    }
  }
  Result<storage::SequenceRange> range =
      store.ResolveRange(request.first_sequence(), request.last_sequence(),
                         request.from_ms(), request.to_ms());
  if (!range.ok()) return range.status();
  plan.range = *range;
  plan.chunk_reports =
      request.chunk_reports() == 0
          ? kDefaultChunkReports
          : std::min<std::size_t>(request.chunk_reports(), kMaxChunkReports);
  plan.credit = std::clamp<uint32_t>(request.credit(), 1, kMaxReplayCredit);
  plan.include_attachments = request.include_attachments();
  plan.include_duban = request.include_duban();
  plan.from_ms = request.from_ms();
  plan.to_ms = request.to_ms();
  return plan;
}

}  // namespace xinbao::broker
