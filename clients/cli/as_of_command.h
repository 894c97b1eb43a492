// `xinbao as-of` (回看): the urgent events as the centre knew them at a
// past instant, rebuilt by the broker from their stored history.
//
//   xinbao as-of "2026-11-22 09:00" [--event ID] [--json]
//
// The time is read like --occurred (local time, ISO-8601 or Unix ms).
// Without --event: the events open at that time, as `xinbao events` lists
// them, then the alarms open at that time, as `xinbao overdue` does — ages
// and overdue spans read as at that time. With --event: that one event as
// `xinbao event` shows it (title, stages and reports, what was owed, the
// alarms), without the timeline. --json prints the AsOfState as one JSON
// object (a refusal goes to standard error, as text). Exit codes as in
// global_options.h: 0 answered, 2 a bad time or
// address, 3 no answer, 4 refused (an unknown event).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

class AsOfCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  AsOfCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;

  const GlobalOptions& options_;
  CLI::App* as_of_;
  std::string at_;
  std::string event_id_;
};

}  // namespace xinbao::client::cli
