// The answer to a StatusRequest (`xinbao status`, `xinbao health`): the
// broker's version, clock and zone, the store's size and the disk's free
// space, the live figures of the Vitals record (last batch, totals,
// refusals, open work, feed subscriptions, replays) and whether the broker
// is healthy (broker_health.h). Cheap: no scan of the store.
//
// Threads: called on the query thread; reads `vitals` (thread-safe) and
// the store's size properties (thread-safe).
#pragma once

#include <cstdint>

#include "broker/base/vitals.h"
#include "broker/config/config.h"
#include "broker/security/user_registry.h"
#include "storage/report_store.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// Fills `answer`. `user`: who asked (null without CURVE: role left empty).
// Never fails: a store that cannot tell its size is one more problem
// (sizes 0), so that a sick broker still answers the health check.
void AnswerStatus(const Vitals& vitals, const storage::ReportStore& store,
                    const BrokerConfig& config, const User* user,
                    int64_t now_ms, v1::BrokerStatus* answer);

}  // namespace xinbao::broker
