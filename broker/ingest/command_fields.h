// The field checks the commands on the submit socket share (督办, 采编):
// ids, known units, the acting office, enums. One copy of each check and
// its words.
//
// Threads: pure functions.
#pragma once

#include <string>

#include "broker/units/unit_registry.h"
#include "proto/status.h"

namespace xinbao::broker {

// A required id: 1–64 of A-Z a-z 0-9 . _ - : (MISSING_FIELD, INVALID_FIELD).
Status CheckId(const std::string& id, const char* label,
               const std::string& path);
// A required unit id that the registry knows (also UNKNOWN_UNIT).
Status CheckUnit(const std::string& unit_id, const char* label,
                 const std::string& path, const UnitRegistry& units);
// The acting unit, which must be an office (else NOT_PERMITTED: "只有中心
// （办公室）可以<what>").
Status CheckOffice(const std::string& unit_id, const std::string& path,
                   const UnitRegistry& units, const std::string& what);

// An enum value this version defines (UNKNOWN_ENUM_VALUE), and not 0 when
// required (MISSING_FIELD).
template <class E>
Status CheckEnum(E value, bool (*valid)(int), const char* label,
                 const std::string& path, bool required) {
  if (!valid(static_cast<int>(value))) {
    return Status(v1::ERROR_CODE_UNKNOWN_ENUM_VALUE,
                  std::string(label) + "的取值 " +
                      std::to_string(static_cast<int>(value)) + " 本服务不认识",
                  path);
  }
  if (required && static_cast<int>(value) == 0) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  std::string("缺少必填项：") + label, path);
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
