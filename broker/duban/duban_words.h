// The plain-Chinese words of 督办 items: their alarms (for the one alarm
// engine) and their timeline (get_duban, `xinbao duban show`, the web
// item page).
//
// Threads: DubanWording is used by the committer while it evaluates one
// item; DubanTimeline is a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "broker/deadlines/deadline_alarms.h"
#include "broker/units/unit_registry.h"
#include "proto/time_zone.h"
#include "xinbao/v1/duban.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// The words of one item's alarms. `cause` is the step just taken, if any
// (nullptr: the clock): an alarm it satisfies clears in its name.
class DubanWording : public AlarmWording {
 public:
  DubanWording(const v1::DubanState& item, const v1::DubanStep* cause,
               const UnitRegistry& units, const TimeZone& zone);

  std::string DueSoon(const v1::Deadline& owed) const override;
  std::string Overdue(const v1::Deadline& owed) const override;
  std::string Escalated(const v1::Alarm& overdue,
                        int64_t now_ms) const override;
  Clearance NoLongerOwed(const v1::Alarm& alarm) const override;
  std::string Moved(const v1::Deadline& owed) const override;

 private:
  // "河口镇的签收", "河口镇的办结报告（第2轮）".
  std::string Owed(const std::string& unit_id, v1::Duty duty,
                   uint32_t number) const;

  const v1::DubanState& item_;
  const v1::DubanStep* cause_;
  const UnitRegistry& units_;
  const TimeZone& zone_;
};

// One line per step and per alarm raised or cleared, in time order:
// "县委办公室（张主任）交办：主办 河口镇，协办 县水利局", "河口镇（李四）签收", …
std::vector<v1::TimelineEntry> DubanTimeline(const v1::DubanState& item,
                                             const UnitRegistry& units);

}  // namespace xinbao::broker
