// `xinbao feedback` (采用反馈, 件件有回音): for each report of a unit in a
// period, where it was adopted (level, series, 期号), the 批示 on it, the
// 约稿 it answered, and whether it is being edited now (docs/CAIBIAN.md).
//
//   xinbao feedback [--unit U] [--month 2026-11 | --from T --to T]
//                   [--adopted]                              query socket
//
// Without --unit: the profile's unit, else the unit the broker's registry
// gives the user's key (whoami); a broker without CURVE knows no users,
// and then --unit is required (exit 2; 3 when the broker did not answer).
// Without a period the broker's last 31 days. A reporter may ask for its
// own unit only (another is refused NOT_PERMITTED, exit 4). With --json
// the Feedback as one JSON line. Exit codes as in global_options.h.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "clients/cli/period_flags.h"
#include "proto/status.h"

namespace xinbao::client::cli {

class FeedbackCommand {
 public:
  // Adds the subcommand to `app`; both must outlive this.
  FeedbackCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed; nullopt if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;

  const GlobalOptions& options_;
  CLI::App* feedback_ = nullptr;
  std::string unit_;
  PeriodFlags period_;
  bool adopted_ = false;
};

}  // namespace xinbao::client::cli
