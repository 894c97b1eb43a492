// The 督办 steps a replay carries (ReplayRequest.include_duban): every step
// of every stored item whose at_ms lies in the plan's [from_ms, to_ms)
// (to_ms 0: unbounded), gathered once when the replay starts and handed
// out by ReplayStreams as its cursor passes their time.
//
// Which steps: with unit filters, those of items assigned to or issued by
// one of the units, and any step a unit took or that concerns it
// (unit_id, target_unit_id); with an event filter, those of items whose
// source is one of the plan's events (the event and those merged into
// it). Kinds and stages filter reports only.
//
// What of them: whole, or redacted as broker/duban/duban_view.h Redacted()
// does (no text, no attachments; redacted = true) for a reader of
// `reader_unit` that is neither the item's office nor assigned to it
// (empty reader_unit: no CURVE, whole). Attachment data only with the
// plan's include_attachments, as for reports.
//
// Order: proto/duban_record_order.h (at_ms, item id, step number).
//
// Memory: the window's steps (items are few: hundreds a year).
// Threads: reads the store only; safe on the query thread.
#pragma once

#include <string_view>
#include <vector>

#include "broker/history/replay_plan.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/duban.pb.h"

namespace xinbao::broker {

Result<std::vector<v1::DubanRecord>> DubanRecordsInWindow(
    const storage::ReportStore& store, const ReplayPlan& plan,
    std::string_view reader_unit);

}  // namespace xinbao::broker
