#include "broker/ingest/forwarding_rules.h"

#include <optional>
#include <string>

#include "proto/report_rules.h"
#include "proto/utf8.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kMaxIdChars = 64;
constexpr std::size_t kMaxNameChars = 64;

Status Bad(v1::ErrorCode code, const std::string& message,
           const std::string& field) {
  return Status(code, message, "report.forwarded." + field);
}

Status CheckId(std::string_view id, const std::string& field,
               std::string_view what) {
  if (id.empty()) {
    return Bad(v1::ERROR_CODE_MISSING_FIELD,
               "转报的报告缺少" + std::string(what), field);
  }
  if (!IsWellFormedId(id, kMaxIdChars)) {
    return Bad(v1::ERROR_CODE_INVALID_FIELD,
               std::string(what) + "应为 1 到 64 个字母、数字、点、冒号、下划线或连字符",
               field);
  }
  return Status::Ok();
}

Status CheckName(std::string_view name, const std::string& field) {
  const std::optional<std::size_t> chars = CountCodePoints(name);
  if (!chars) {
    return Bad(v1::ERROR_CODE_INVALID_UTF8, "名称不是有效的 UTF-8 文字", field);
  }
  if (*chars <= kMaxNameChars) return Status::Ok();
  return Bad(v1::ERROR_CODE_FIELD_TOO_LONG, "名称最多 64 个字", field);
}

Status Loop(std::string_view this_broker, const std::string& field) {
  return Bad(v1::ERROR_CODE_FORWARD_LOOP,
             "这份报告已经经过本级（" + std::string(this_broker) +
                 "）：报送体系的上下级配置成了环路，请管理员检查各级的 "
                 "[upstream]",
             field);
}

}  // namespace

Status CheckForwarding(const v1::Report& report, std::string_view this_broker,
                       bool skip_level) {
  if (!report.has_forwarded()) return Status::Ok();
  const v1::Forwarding& forwarded = report.forwarded();
  XINBAO_RETURN_IF_ERROR(
      CheckId(forwarded.origin_broker(), "origin_broker", "首报的信息服务标识"));
  XINBAO_RETURN_IF_ERROR(
      CheckId(forwarded.origin_unit_id(), "origin_unit_id", "首报单位"));
  XINBAO_RETURN_IF_ERROR(
      CheckName(forwarded.origin_unit_name(), "origin_unit_name"));
  if (skip_level) {
    if (!this_broker.empty() && forwarded.origin_broker() == this_broker) {
      return Loop(this_broker, "origin_broker");
    }
    return Status::Ok();
  }
  if (forwarded.hops().empty()) {
    return Bad(v1::ERROR_CODE_MISSING_FIELD,
               "转报的报告须列出经过的各级信息服务（hops）", "hops");
  }
  if (static_cast<std::size_t>(forwarded.hops_size()) > kMaxHops) {
    return Bad(v1::ERROR_CODE_INVALID_FIELD,
               "转报经过的信息服务超过 " + std::to_string(kMaxHops) + " 级", "hops");
  }
  if (forwarded.hop_names_size() != 0 &&
      forwarded.hop_names_size() != forwarded.hops_size()) {
    return Bad(v1::ERROR_CODE_INVALID_FIELD,
               "hop_names 应与 hops 一一对应（或不填）", "hop_names");
  }
  for (int i = 0; i < forwarded.hops_size(); ++i) {
    const std::string at = "hops[" + std::to_string(i) + "]";
    XINBAO_RETURN_IF_ERROR(CheckId(forwarded.hops(i).broker_id(),
                                   at + ".broker_id", "经过的信息服务标识"));
    if (!this_broker.empty() && forwarded.hops(i).broker_id() == this_broker) {
      return Loop(this_broker, at + ".broker_id");
    }
  }
  for (int i = 0; i < forwarded.hop_names_size(); ++i) {
    XINBAO_RETURN_IF_ERROR(
        CheckName(forwarded.hop_names(i), "hop_names[" + std::to_string(i) + "]"));
  }
  if (!this_broker.empty() && forwarded.origin_broker() == this_broker) {
    return Loop(this_broker, "origin_broker");
  }
  if (forwarded.link_position() == 0) {
    return Bad(v1::ERROR_CODE_MISSING_FIELD,
               "转报的报告须带它在发送方上报队列中的位置", "link_position");
  }
  if (forwarded.after_position() >= forwarded.link_position()) {
    return Bad(v1::ERROR_CODE_INVALID_FIELD,
               "after_position 应小于 link_position（前一条在发送方队列中排在它之前）",
               "after_position");
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
