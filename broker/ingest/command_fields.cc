#include "broker/ingest/command_fields.h"

#include "proto/report_rules.h"

namespace xinbao::broker {

Status CheckId(const std::string& id, const char* label,
               const std::string& path) {
  if (id.empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  std::string("缺少必填项：") + label, path);
  }
  if (IsWellFormedId(id, 64)) return Status::Ok();
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                std::string(label) +
                    "只能由英文字母、数字和 . _ - : 组成，最多 64 个字符",
                path);
}

Status CheckUnit(const std::string& unit_id, const char* label,
                 const std::string& path, const UnitRegistry& units) {
  XINBAO_RETURN_IF_ERROR(CheckId(unit_id, label, path));
  if (units.Find(unit_id) != nullptr) return Status::Ok();
  return Status(v1::ERROR_CODE_UNKNOWN_UNIT,
                "单位 \"" + unit_id + "\" 不在本服务的单位名录中", path);
}

Status CheckOffice(const std::string& unit_id, const std::string& path,
                   const UnitRegistry& units, const std::string& what) {
  XINBAO_RETURN_IF_ERROR(CheckUnit(unit_id, "操作单位", path, units));
  if (units.Find(unit_id)->kind == UnitKind::kOffice) return Status::Ok();
  return Status(v1::ERROR_CODE_NOT_PERMITTED,
                "只有中心（办公室）可以" + what, path);
}

}  // namespace xinbao::broker
