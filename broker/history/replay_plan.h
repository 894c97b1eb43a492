// ReplayPlan: what a ReplayRequest asks for, checked and made concrete —
// the sequence range as the store holds it now, the filter with the merged
// events added, and the chunk size and first credit within the broker's
// bounds.
//
// Refusals (plain Chinese, with the field):
//   INVALID_FIELD    a range that is upside down, a malformed unit or event
//                    id, more than kMaxFilterValues values in one filter,
//                    include_duban without a time window;
//   UNKNOWN_ENUM_VALUE  a kind or stage this version does not define;
//   UNKNOWN_EVENT    event_id names no event the store has.
// An empty range is not a refusal: the replay ends at once.
//
// Threads: a pure function of the request and the store's const reads.
#pragma once

#include <cstddef>
#include <cstdint>

#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::broker {

struct ReplayPlan {
  storage::ReportFilter filter;
  storage::SequenceRange range;
  std::size_t chunk_reports = 256;
  uint32_t credit = 1;
  bool include_attachments = false;
  // 督办 steps too, taken in [from_ms, to_ms) (to_ms 0: unbounded).
  bool include_duban = false;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
};

inline constexpr std::size_t kDefaultChunkReports = 256;
inline constexpr std::size_t kMaxChunkReports = 1000;
inline constexpr uint32_t kMaxReplayCredit = 32;
inline constexpr std::size_t kMaxFilterValues = 100;

Result<ReplayPlan> PlanReplay(const storage::ReportStore& store,
                              const v1::ReplayRequest& request);

}  // namespace xinbao::broker
