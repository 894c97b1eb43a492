// `xinbao stats` (考核统计): each unit's accountability record and score for
// a month or a period, ranked — for the central office.
//
//   xinbao stats [--month 2026-11 | --from "2026-11-01 00:00" --to "…"]
//                [--csv [--bom]] [--output FILE] [--json]
//
// Asks the broker's query socket (StatsRequest) and prints the table
// (clients/stats_text.h); --csv prints CSV instead (--bom starts it with
// the UTF-8 byte order mark, for Excel); the global --json prints the
// StatsTable (or the broker's Error) as one JSON object on one line.
// --output writes what would be printed to FILE instead (wholly or not at
// all) and says so on stdout. Without a period, the current month in local
// time. --month is read by the broker in the centre's local time; --from
// and --to are written like submit's --occurred (clients/local_time.h).
// Each attempt waits --timeout seconds (default 30: a month of reports is
// read to answer). Exit codes as in global_options.h: 0 answered, 2 a bad
// flag or an unwritable file, 3 no answer, 4 the broker refused (a bad
// period).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "clients/cli/period_flags.h"
#include "proto/status.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::client::cli {

class StatsCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  StatsCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;
  // The request the flags ask for, or why they are wrong.
  Result<v1::StatsRequest> Request() const;
  // Prints `text`, or writes it to --output. Returns the exit code.
  int Emit(const std::string& text) const;

  const GlobalOptions& options_;
  CLI::App* stats_;
  PeriodFlags period_;
  std::string output_;
  bool csv_ = false;
  bool bom_ = false;
};

}  // namespace xinbao::client::cli
