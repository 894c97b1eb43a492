// UnitRegistry: the reporting units (报送单位) a broker accepts reports from.
//
// Immutable after construction; safe to read from any thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "proto/report_rules.h"  // IsWellFormedId
#include "proto/status.h"

namespace xinbao::broker {

enum class UnitKind { kTownship, kDepartment, kOffice };

struct Unit {
  std::string id;      // [A-Za-z0-9._-]{1,64}, used on the wire
  std::string name;    // display name, e.g. "城关镇"
  UnitKind kind = UnitKind::kTownship;
  std::string parent;  // id of the unit it reports to, or empty
};

class UnitRegistry {
 public:
  UnitRegistry() = default;
  // Builds a registry; fails with ERROR_CODE_INVALID_FIELD on a bad or
  // repeated id, or a parent that is not in the list.
  static Result<UnitRegistry> Build(std::vector<Unit> units);

  // The unit with this id, or nullptr.
  const Unit* Find(std::string_view id) const;
  const std::vector<Unit>& units() const { return units_; }

 private:
  std::vector<Unit> units_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Parses "township" / "department" / "office" (and 乡镇, 街道, 部门, 办公室);
// "county" (区县, 下级) is a township: in the reporting tree a child
// broker's unit at its parent is territorial as a township is.
Result<UnitKind> ParseUnitKind(std::string_view text);

}  // namespace xinbao::broker
