// The period flags `stats`, `score` and `feedback` share: --month
// 2026-11, or --from and --to (each needing the other, neither with
// --month), written like submit's --occurred and read in the broker's zone.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "proto/status.h"
#include "proto/time_zone.h"

namespace xinbao::client::cli {

struct PeriodFlags {
  std::string month;
  std::string from;
  std::string to;
};

// Adds --month (described by `month_help`), --from and --to to `command`,
// filling `flags`; both must outlive the parse.
void AddPeriodFlags(CLI::App* command, PeriodFlags& flags,
                    const std::string& month_help);

// The period asked for, as a request carries it.
struct Period {
  std::string month;  // "2026-11", or empty with from_ms/to_ms
  int64_t from_ms = 0;
  int64_t to_ms = 0;
};

// The flags read in `zone`; with neither given, the month of `now_ms` when
// `this_month_by_default`, else an empty Period (the broker's default).
// INVALID_FIELD naming "--from" or "--to" for a time that cannot be read.
Result<Period> ReadPeriod(const PeriodFlags& flags, const TimeZone& zone,
                          int64_t now_ms, bool this_month_by_default);

// Puts `period` into a request that has month, from_ms and to_ms
// (StatsRequest, FeedbackRequest).
template <class Request>
void SetPeriod(const Period& period, Request* request) {
  request->set_month(period.month);
  request->set_from_ms(period.from_ms);
  request->set_to_ms(period.to_ms);
}

}  // namespace xinbao::client::cli
