// The as-of question (AsOfRequest on the query socket): one event, or every
// event open at a past instant with the alarms then open, exactly as the
// centre knew it — each event's state is the last one stored at or before
// that instant (the store keeps every state an event went through).
//
// With item_id, one 督办 item as it stood then instead (no events); with
// include_duban, every item open then as well. Items are redacted for a
// reader of `reader_unit` that is neither their office nor assigned to
// them (empty reader_unit: no CURVE, whole).
//
// Refusals: MISSING_FIELD without at_ms; INVALID_FIELD for a malformed
// event or item id; UNKNOWN_EVENT (UNKNOWN_ITEM) when the centre had no
// record of the event (item) at that time.
//
// Threads: reads the store only; safe on the query thread.
#pragma once

#include <string_view>

#include "broker/config/config.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::broker {

Status AnswerAsOf(const storage::ReportStore& store, const BrokerConfig& config,
                  const v1::AsOfRequest& request, std::string_view reader_unit,
                  v1::AsOfState* out);

}  // namespace xinbao::broker
