// The protocol rules of the 采编 request on the submit socket (caibian):
// the acting office, ids, required and bounded texts, enums, known units,
// the classification ceiling. Only an office may edit, issue, record or
// commission: anyone else gets NOT_PERMITTED. Whether the records named
// exist and the action fits their state is for the EditingDesk and the
// CommissionBook. Thread-safe: pure functions.
#pragma once

#include <vector>

#include "broker/config/config.h"
#include "proto/report_rules.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// REQUIRES: envelope.has_caibian().
Status CheckCaibianRequest(const v1::Envelope& envelope,
                           const BrokerConfig& config);

// The free-text fields of the 采编 request and their limits: for the
// broker's policy answer.
std::vector<TextRule> CaibianTextRules();

}  // namespace xinbao::broker
