// CaibianPolicy: the central office's bulletin series and the terms of its
// commissions (约稿). Policy, not code: [caibian] and
// [caibian.series.<id>] in the broker's TOML, starting from the defaults
// below (docs/CAIBIAN.md).
//
// Threads: immutable after construction; safe to read from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "broker/deadlines/span.h"
#include "xinbao/v1/caibian.pb.h"

namespace xinbao::broker {

struct CaibianPolicy {
  // The series the office publishes, in configured order; ids unique.
  std::vector<v1::BulletinSeries> series;
  // This office's level: what its own issues count as in the score.
  v1::LeaderLevel level = v1::LEADER_LEVEL_COUNTY;
  // 约稿: the answer is due this long after the request (unless the office
  // fixes a deadline), reminded (黄灯) this long before, escalated this
  // long after it is overdue.
  Span commission_within;
  Span commission_remind_before;
  Span commission_escalate_after;

  // The series with this id, or null.
  const v1::BulletinSeries* FindSeries(std::string_view series_id) const;
};

// The embedded defaults: three series of a county office — 《政务信息》
// (常规), 《信息快报》 (快报) and 《专报》 (专报), signed by the office's
// director — and commissions due in 5 working days, reminded 1 working day
// before, escalated 2 working days after.
CaibianPolicy DefaultCaibianPolicy();

}  // namespace xinbao::broker
