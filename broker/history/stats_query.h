// The answer to a StatsRequest (xinbao stats, 考核): each unit's
// accountability record and score for a period, read from the store and
// tallied by Assessment (broker/assessment.h, where the figures are
// defined).
//
// Threads: reads the store through its const methods; safe from any thread
// concurrently with the committer. Blocks for the reads: one walk of the
// by_time index over the period, and one of all events.
#pragma once

#include <cstdint>
#include <string_view>

#include "broker/config/config.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::broker {

// Fills *out (replacing what it held) with the ranked rows for the period
// `request` names, in the broker's zone (config.zone()); the weights of
// config.assessment; the display names of the units in the rows;
// ranked_units, how many rows; and computed_at_ms = now_ms (open_overdue is
// as of then). Refuses a bad period as ResolvePeriod does (ERROR_CODE_MISSING_
// FIELD or ERROR_CODE_INVALID_FIELD, field "stats.…"); passes on a store
// failure (ERROR_CODE_STORAGE_FAILURE). On failure *out is unspecified.
Status AnswerStats(const storage::ReportStore& store,
                   const BrokerConfig& config, const v1::StatsRequest& request,
                   int64_t now_ms, v1::StatsTable* out);

// Narrows a table AnswerStats filled to the row of `unit_id`, its rank
// among all units kept, and the unit names to that unit's: what a reporter
// or a monitor may see of the month (its own standing). No row when the
// unit was not ranked. The period, weights, ranked_units and
// computed_at_ms stay.
void KeepOwnRow(std::string_view unit_id, v1::StatsTable* table);

}  // namespace xinbao::broker
