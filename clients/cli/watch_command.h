// `xinbao watch` (值班监看): the central office's duty officer's live
// screen — open alarms, urgent events with their stage progress, the
// newest reports — kept current from the broker's live feed
// (clients/feed_follower.h) and redrawn at most five times a second.
//
//   xinbao watch [--feed-endpoint E] [--kind K] [--unit U] [--event ID]
//                [--once] [--json]
//
// --kind, --unit and --event choose what is shown (monitor_filter.h); the
// subscription stays whole so that lost items are still noticed.
// --json prints, instead of the screen, one JSON object per line: first
// {"snapshot":{…}} (the Snapshot, filtered), then each feed item applied
// (heartbeats left out), filtered; after a resync (items were lost, or the
// broker was gone) a new {"snapshot":…} line says to start over from it.
// --once takes one snapshot, prints one screen (or the snapshot line) and
// exits 0; 3 if the broker did not answer, 4 if it refused.
// Without --once it runs until q or Ctrl-C and exits 0; 4 if the broker
// refuses snapshots. Keys (a key bar at the bottom says them): q quits,
// / types a filter (Enter applies, Esc cancels), ↑ ↓ select an urgent
// event, Enter opens its detail (as `xinbao event ID`; Esc or q back).
// NO_COLOR or TERM=dumb: plain lines, no colour or cursor control
// (clients/monitor/terminal.h).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

class WatchCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  WatchCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;

  const GlobalOptions& options_;
  CLI::App* watch_;
  std::string kind_;
  std::string unit_;
  std::string event_;
  bool once_ = false;
};

}  // namespace xinbao::client::cli
