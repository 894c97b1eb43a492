#include "broker/units/unit_registry.h"

#include <array>
#include <utility>

namespace xinbao::broker {

Result<UnitKind> ParseUnitKind(std::string_view text) {
  struct Name {
    std::string_view text;
    UnitKind kind;
  };
  // A territorial unit: a township to its county, and in the reporting
  // tree a county to its city and a city to its province (the unit a
  // child broker stands for).
  static constexpr std::array<Name, 12> kNames = {{
      {"township", UnitKind::kTownship},
      {"乡镇", UnitKind::kTownship},
      {"街道", UnitKind::kTownship},
      {"county", UnitKind::kTownship},
      {"区县", UnitKind::kTownship},
      {"下级", UnitKind::kTownship},
      {"city", UnitKind::kTownship},
      {"地市", UnitKind::kTownship},
      {"department", UnitKind::kDepartment},
      {"部门", UnitKind::kDepartment},
      {"office", UnitKind::kOffice},
      {"办公室", UnitKind::kOffice},
  }};
  for (const Name& name : kNames) {
    if (name.text == text) return name.kind;
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "单位类型 \"" + std::string(text) +
                    "\" 无效，应为 township（乡镇、街道；下级 county、city 同此）、"
                    "department 或 office",
                "units.kind");
}

Result<UnitRegistry> UnitRegistry::Build(std::vector<Unit> units) {
  UnitRegistry registry;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& unit = units[i];
    if (!IsWellFormedId(unit.id, 64)) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "单位编号 \"" + unit.id +
                        "\" 无效：只能用字母、数字和 . _ - :，最长 64 个字符",
                    "units.id");
    }
    if (!registry.index_.emplace(unit.id, i).second) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "单位编号 \"" + unit.id + "\" 重复", "units.id");
    }
  }
  for (const Unit& unit : units) {
    if (!unit.parent.empty() && !registry.index_.contains(unit.parent)) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "单位 \"" + unit.id + "\" 的上级 \"" + unit.parent +
                        "\" 不在单位名录中",
                    "units.parent");
    }
  }
  registry.units_ = std::move(units);
  return registry;
}

const Unit* UnitRegistry::Find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &units_[it->second];
}

}  // namespace xinbao::broker
