// The plain-Chinese words of a commission's (约稿) alarms, for the one
// alarm engine (broker/deadlines/deadline_alarms.h): whose answer is owed,
// on which topic, by when (local time in the broker's zone), and why an
// alarm cleared.
//
// Threads: used by the committer while it evaluates one commission.
#pragma once

#include <cstdint>
#include <string>

#include "broker/deadlines/deadline_alarms.h"
#include "broker/units/unit_registry.h"
#include "proto/time_zone.h"
#include "xinbao/v1/caibian.pb.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// The words of one commission's alarms. `answer` is the report just
// linked as an answer, if any (nullptr: the clock, or a cancellation): an
// alarm of its unit clears in its name ("已报送（第N号）", by_sequence).
// Borrows every argument for its lifetime.
class CommissionWording : public AlarmWording {
 public:
  CommissionWording(const v1::CommissionState& commission,
                    const v1::Report* answer, const UnitRegistry& units,
                    const TimeZone& zone);

  // "临期：约稿“…”将于 11月5日 17:30 到期，县应急管理局尚未报送"
  std::string DueSoon(const v1::Deadline& owed) const override;
  // "超期：约稿“…”已超期（时限 11月5日 17:30），县应急管理局尚未报送"
  std::string Overdue(const v1::Deadline& owed) const override;
  // "升级（通报候选）：约稿“…”已超期 2天，县应急管理局仍未报送"
  std::string Escalated(const v1::Alarm& overdue,
                        int64_t now_ms) const override;
  // "已报送（第N号）" for the answering unit, "约稿已撤销" once cancelled.
  Clearance NoLongerOwed(const v1::Alarm& alarm) const override;
  // "期限已调整为 …" (a commission's deadlines do not move today).
  std::string Moved(const v1::Deadline& owed) const override;

 private:
  // "约稿“topic”"
  std::string Topic() const;

  const v1::CommissionState& commission_;
  const v1::Report* answer_;
  const UnitRegistry& units_;
  const TimeZone& zone_;
};

}  // namespace xinbao::broker
