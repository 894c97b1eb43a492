// The protocol rules of the 督办 requests on the submit socket
// (issue_duban, duban_step): ids, required and bounded texts, enums, known
// units, attachments, the classification ceiling. Only the office (a unit
// of kind "office") may issue an item or take an office step (accept,
// return, suspend, resume, urge): anyone else gets NOT_PERMITTED. Whether
// the item exists, the unit is assigned and the step fits the item's state
// is for the DubanBook. Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "broker/config/config.h"
#include "proto/report_rules.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// REQUIRES: envelope.has_issue_duban() || envelope.has_duban_step().
Status CheckDubanRequest(const v1::Envelope& envelope,
                         const BrokerConfig& config);

// The free-text fields of the 督办 requests and their limits: for the
// broker's policy answer.
std::vector<TextRule> DubanTextRules();

}  // namespace xinbao::broker
