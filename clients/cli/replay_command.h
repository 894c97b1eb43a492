// `xinbao replay` (回放): stored reports in stored order, for analysts —
// exported, filtered, replayed at the pace they came, or carried on into
// the live feed (clients/replay_client.h).
//
//   xinbao replay [--from-seq N] [--to-seq N] [--since TIME] [--until TIME]
//                 [--unit U]… [--kind K]… [--event ID] [--stage S]…
//                 [--format table|json|csv] [--bom] [--output FILE]
//                 [--speed N] [--follow] [--feed-endpoint E]
//                 [--attachments] [--duban] [--window N] [--chunk N]
//
// The range: sequences --from-seq..--to-seq and stored times
// [--since, --until) (local time, as --occurred), where both overlap.
// Filters: every one given must hold; repeated --unit, --kind, --stage
// allow any of their values; kinds and stages in English or Chinese as
// `submit` takes them; --event includes the events merged into it.
// Output (clients/replay_output.h): a table, JSON lines (also the global
// --json) or CSV (--bom for Excel), on standard output or into --output
// FILE with a progress line on standard error (when it is a terminal) and
// a summary line at the end.
// --duban adds the 督办 steps taken in [--since, --until) between the
// reports, in time (one of the two is required; --unit narrows them to the
// units' items); steps of items the user may not read whole come without
// their text.
// --speed N sleeps between reports for their stored-time gap divided by N
// (at most 10 s a gap): an incident's timeline at N× real time.
// --follow goes on into the live feed until Ctrl-C; it cannot be combined
// with --to-seq, --until or --speed.
//
// Ctrl-C stops cleanly and cancels the replay at the broker. Exit codes as
// in global_options.h: 0 done (or --follow stopped by Ctrl-C); 2 a bad
// flag, time, address or output file; 3 no answer, the broker busy, or a
// replay interrupted before its end (the message says where to resume);
// 4 refused by the broker.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clients/cli/global_options.h"
#include "proto/status.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::client::cli {

class ReplayCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  ReplayCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;
  // The request the flags describe, or ERROR_CODE_INVALID_FIELD naming
  // the flag at fault.
  Result<v1::ReplayRequest> Request() const;

  const GlobalOptions& options_;
  CLI::App* replay_;
  uint64_t from_seq_ = 0;
  uint64_t to_seq_ = 0;
  std::string since_;
  std::string until_;
  std::vector<std::string> units_;
  std::vector<std::string> kinds_;
  std::string event_;
  std::vector<std::string> stages_;
  std::string format_ = "table";
  bool bom_ = false;
  std::string output_;
  double speed_ = 0;
  bool follow_ = false;
  bool attachments_ = false;
  bool duban_ = false;
  uint32_t window_ = 8;
  uint32_t chunk_ = 0;
};

}  // namespace xinbao::client::cli
