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

// Its name as the origin set it; else hop 0 is the origin broker — unless
// the report came 越级, when the first hop is the level that took it: its
// name when the hops carry names; else the origin's id.
inline std::string OriginBrokerName(const v1::Report& report) {
  if (!report.has_forwarded()) return {};
  const v1::Forwarding& way = report.forwarded();
  if (!way.origin_broker_name().empty()) return way.origin_broker_name();
  const bool named = !way.hop_names().empty() && !way.hops().empty() &&
                     way.hops(0).broker_id() == way.origin_broker();
  return named ? way.hop_names(0) : way.origin_broker();
}

// Whether `severity` is grade `from` or graver (Ⅰ is the gravest; no
// grade is not).
inline bool GraveEnough(v1::Severity severity, v1::Severity from) {
  return severity != v1::SEVERITY_UNSPECIFIED && severity <= from;
}

// Whether `report` may go 越级 (skip a level) from grade `from`: urgent and
// grave enough — the rule the unit's client sends by and the upper broker
// takes by.
inline bool MaySkipLevel(const v1::Report& report, v1::Severity from) {
  return report.kind() == v1::KIND_URGENT && GraveEnough(report.severity(), from);
}

// Whether this broker took `report` straight from a unit of a broker below
// its children (越级上报): forwarded, by no hop yet.
inline bool IsSkipLevel(const v1::Report& report) {
  return report.has_forwarded() && report.forwarded().hops().empty();
}

}  // namespace xinbao
