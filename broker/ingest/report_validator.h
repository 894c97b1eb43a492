// ReportValidator: the protocol rules a report must meet to be stored: the
// rules clients check too (proto/report_rules.h, one copy of each) and
// those only the broker can check (the unit registry, the classification
// ceiling, the attachment limits, who may log a phone call).
//
// Only protocol errors and material above the broker's classification
// ceiling (security.max_classification) are refused here. A report
// forwarded by a child broker (report.forwarded) must also meet the
// forwarding rules (forwarding_rules.h); its own units — the origin's, the
// responsible unit and a phone call's caller — belong to the origin's
// registry, not this one's, and only its unit_id (the child's unit here)
// is checked against the registry; anything a
// domain rule might frown on (a late or odd stage) is for the event book,
// not for this gate.
// Immutable after construction; Check() is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "broker/config/config.h"
#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

class ReportValidator {
 public:
  // `limits` and `units` must outlive the validator; `security` is copied.
  // Its max_classification is the ceiling: a report classified above it is
  // refused with ERROR_CODE_CLASSIFICATION_TOO_HIGH (default Security():
  // 内部, as DefaultConfig()).
  // `tree_id` is this broker's [tree] id (a forwarded report that has
  // passed it is a loop; empty: none).
  ReportValidator(const Limits& limits, const UnitRegistry& units,
                  const Security& security = Security(),
                  std::string tree_id = "")
      : limits_(limits),
        units_(units),
        max_classification_(security.max_classification),
        tree_id_(std::move(tree_id)) {}

  // OK, or the first rule `report` breaks, as a typed Status whose field()
  // names the offending field ("report.title") and whose message is plain
  // Chinese for the information officer. `now_ms` is the broker's clock.
  // `skip_level`: a 越级 report the frontend made a forwarded one
  // (skip_level.h; CheckForwarding's skip_level).
  // REQUIRES: `report` was parsed by protobuf (DecodeEnvelope), which
  // refuses text that is not UTF-8: its text lengths are only counted.
  Status Check(const v1::Report& report, int64_t now_ms,
               bool skip_level = false) const;

 private:
  // REQUIRES: report.classification() is a defined, specified value.
  Status CheckClassification(const v1::Report& report) const;
  Status CheckAttachments(const v1::Report& report) const;
  // The responsible unit, the phone call (central office only) and their
  // units. REQUIRES: report.unit_id() is registered.
  Status CheckEventFields(const v1::Report& report) const;
  Status CheckRegistered(const std::string& unit_id,
                         const std::string& path) const;

  const Limits& limits_;
  const UnitRegistry& units_;
  const v1::Classification max_classification_;
  const std::string tree_id_;
};

}  // namespace xinbao::broker
