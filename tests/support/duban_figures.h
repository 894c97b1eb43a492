// The 督办 figures of one unit's stats row (UnitStats' duban_*) as one value
// that a test compares whole and gtest prints in the order the statistics
// show them: 收到, 按时签收, 逾期签收, 按时办结, 逾期办结, 超期, 被催办.
#pragma once

#include <cstdint>
#include <ostream>

#include "xinbao/v1/history.pb.h"

namespace xinbao::testing {

struct DubanFigures {
  uint32_t received = 0;
  uint32_t signed_on_time = 0;
  uint32_t signed_late = 0;
  uint32_t closed_on_time = 0;
  uint32_t closed_late = 0;
  uint32_t overdue = 0;
  uint32_t urged = 0;

  bool operator==(const DubanFigures&) const = default;
};

inline DubanFigures DubanFiguresOf(const v1::UnitStats& row) {
  return {row.duban_received(),    row.duban_signed_on_time(),
          row.duban_signed_late(), row.duban_closed_on_time(),
          row.duban_closed_late(), row.duban_overdue(),
          row.duban_urged()};
}

inline std::ostream& operator<<(std::ostream& out, const DubanFigures& f) {
  return out << "{收到 " << f.received << ", 按时签收 " << f.signed_on_time
             << ", 逾期签收 " << f.signed_late << ", 按时办结 "
             << f.closed_on_time << ", 逾期办结 " << f.closed_late << ", 超期 "
             << f.overdue << ", 被催办 " << f.urged << "}";
}

}  // namespace xinbao::testing
