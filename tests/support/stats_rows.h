// Reading a StatsTable in tests: one unit's row.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "xinbao/v1/history.pb.h"

namespace xinbao::testing {

// The row of `unit` (a test failure, and an empty row, if there is none).
inline const v1::UnitStats& RowOf(const v1::StatsTable& table,
                                  const std::string& unit) {
  for (const v1::UnitStats& row : table.units()) {
    if (row.unit_id() == unit) return row;
  }
  ADD_FAILURE() << "no row for " << unit;
  return v1::UnitStats::default_instance();
}

}  // namespace xinbao::testing
