// `xinbao status` (状态): which broker this client reaches (its submit,
// query and feed endpoints, and the profile they came from), as whom the
// broker takes it (user, unit and its name, role — or that the broker runs
// without CURVE and knows no users), how far this machine's clock is from
// the broker's (with a warning past the broker's limit), and the broker's
// time zone and version. One WhoAmIRequest on the query socket; then, for
// a monitor, analyst or admin (or anyone without CURVE), one StatusRequest
// whose answer is shown below (clients/text/broker_status_text.h): uptime,
// store and disk, the last batch, refusals, open work, feed, replays and
// health. A reporter sees the first part only, without error.
//
// --json prints one object (clients/text/status_text.h). Exit codes as in
// global_options.h: 0 answered, 2 a local mistake, 3 no answer, 4 refused
// (e.g. a revoked key).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

class StatusCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  StatusCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;

  const GlobalOptions& options_;
  CLI::App* status_;
};

}  // namespace xinbao::client::cli
