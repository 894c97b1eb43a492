// The protocol rules of the central office's event commands
// (merge_events, reopen_event) on the submit socket.
//
// Only units of kind "office" (the central office's duty room) may send
// them: anyone else gets NOT_PERMITTED. Whether the events exist is for the
// EventBook (UNKNOWN_EVENT). Thread-safe: a pure function.
#pragma once

#include <vector>

#include "broker/units/unit_registry.h"
#include "proto/report_rules.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// REQUIRES: envelope.has_merge_events() || envelope.has_reopen_event().
Status CheckEventCommand(const v1::Envelope& envelope,
                         const UnitRegistry& units);

// The commands' free-text fields and their limits (officer, reason), as
// CheckEventCommand applies them: for the broker's policy answer.
std::vector<TextRule> CommandTextRules();

}  // namespace xinbao::broker
