// AnalysisParams: the query parameters of the analysts' routes read into
// the broker's requests, checked before anything is asked, with typed
// refusals in plain Chinese whose `field` is the parameter's name.
//
//   /api/stats, /api/export/stats.*     month=YYYY-MM (default: this month
//                                       in the broker's zone)
//   /api/replay, /api/export/replay.*   from= to= (stored time, [from, to))
//                                       from_seq= to_seq= (sequences, both
//                                       included) unit= kind= stage= event=
//   /api/as-of                          at= (required) event=
//
// Times (from, to, at) are Unix milliseconds ("1795833060000") or a local
// time in the broker's zone, "YYYY-MM-DDTHH:MM[:SS]" (a space for the T
// does too), or ISO-8601 with an offset — clients/text ParseTime. unit,
// kind and stage may be repeated or comma-separated; kind and stage take
// the wire names (KIND_URGENT, STAGE_QING), the English slugs (urgent,
// qing) or the Chinese words (紧急信息, 情). An empty value is no value (a
// form's empty field). A parameter the route does not know, or a
// single-valued one given twice, is refused (INVALID_FIELD): a typo never
// silently widens an export.
//
// Threads: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "clients/text/local_time.h"
#include "proto/status.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::centre {

// A request's query parameters (httplib::Params).
using QueryParams = std::multimap<std::string, std::string>;

// Reports in the one chunk a replay page holds (the broker's most).
inline constexpr uint32_t kReplayPageReports = 1000;

// `now_ms` gives the default month.
Result<v1::StatsRequest> StatsRequestOf(const QueryParams& params,
                                        const TimeZone& zone, int64_t now_ms);

// One page: credit 1, chunk_reports kReplayPageReports, no attachment data.
Result<v1::ReplayRequest> ReplayRequestOf(const QueryParams& params,
                                          const TimeZone& zone);

Result<v1::AsOfRequest> AsOfRequestOf(const QueryParams& params,
                                      const TimeZone& zone);

}  // namespace xinbao::centre
