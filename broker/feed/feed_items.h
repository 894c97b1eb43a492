// Building the live feed's items from what the committer wrote.
//
// The committer counts the items of a write before it happens (their last
// feed sequence is stored in the same batch) and builds them after it
// succeeded; FeedCount and the Add functions must agree, which is why both
// live here.
//
// Threads: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "broker/feed/feed_publisher.h"
#include "xinbao/v1/duban.pb.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// What a report says on the feed (no body, no attachments), into an empty
// `summary`.
void SummarizeReport(const v1::Report& report, const v1::EventNote* note,
                     v1::ReportSummary* summary);

// How many items AddEventItems adds.
inline uint64_t FeedCount(std::span<const v1::EventState* const> events,
                          std::span<const v1::Alarm> alarms) {
  return events.size() + alarms.size();
}

// Appends one item per report (with its EventNote, if any).
void AddReportItem(FeedBatch* batch, const v1::Report& report,
                   const v1::EventNote* note);
// Appends one item per changed event state, then one per alarm change.
void AddEventItems(FeedBatch* batch,
                   std::span<const v1::EventState* const> events,
                   std::span<const v1::Alarm> alarms);
// Appends one item per changed 督办 item, redacted (broker/duban's view:
// the feed goes to every monitor, the instructions only to those
// concerned). Each counts one feed sequence.
void AddDubanItems(FeedBatch* batch,
                   std::span<const v1::DubanState* const> items);
// Numbers the batch's items last+1, last+2 … stamped `at_ms`; returns the
// last sequence given.
uint64_t NumberItems(FeedBatch* batch, uint64_t last, int64_t at_ms);

}  // namespace xinbao::broker
