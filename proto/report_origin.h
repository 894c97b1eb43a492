// Where a report forwarded from a lower level of the reporting tree was
// first reported, in names for people: its origin unit's ("河口镇") and
// origin broker's ("清水县"), falling back to their ids. Empty for a
// report that was not forwarded. Used wherever a summary of a report
// carries them (EventReport, ReportSummary).
#pragma once

#include <string>

#include "xinbao/v1/report.pb.h"

namespace xinbao {

inline std::string OriginUnitName(const v1::Report& report) {
  if (!report.has_forwarded()) return {};
  const v1::Forwarding& way = report.forwarded();
  return way.origin_unit_name().empty() ? way.origin_unit_id() : way.origin_unit_name();
}

// Hop 0 is the origin broker: its name when the hops carry names.
inline std::string OriginBrokerName(const v1::Report& report) {
  if (!report.has_forwarded()) return {};
  const v1::Forwarding& way = report.forwarded();
  return way.hop_names().empty() ? way.origin_broker() : way.hop_names(0);
}

}  // namespace xinbao
