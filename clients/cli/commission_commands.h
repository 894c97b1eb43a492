// `xinbao commission` (约稿): the office asks named units for an item on a
// topic by a deadline; a unit answers with `xinbao submit --commission ID`
// (docs/CAIBIAN.md, "Commissions").
//
//   xinbao commission ask --topic T --to U… [--due TIME] [--requirements T]
//                         [--id ID] --unit OFFICE [--by NAME]  submit socket
//   xinbao commission list [--all] [--unit U]                  query socket
//   xinbao commission cancel ID --reason T --unit OFFICE [--by NAME]
//                                                              submit socket
//
// `ask` without --id mints a UUID and prints it; give --id to make a
// retried command safe across runs. Without --due the broker's
// [caibian] commission_within applies. `list` shows each asked unit's
// light, deadline and answer (when, in time or late, which reports); a
// reporter sees those asked of its own unit. With --json each command
// prints the Reply's body as one JSON line. Exit codes as in
// global_options.h.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

class CommissionCommands {
 public:
  // Adds `commission` and its subcommands to `app`; both must outlive this.
  CommissionCommands(CLI::App& app, const GlobalOptions& options);

  // Runs the subcommand that was parsed; nullopt if none of these was.
  std::optional<int> RunParsed() const;

 private:
  int RunAsk() const;
  int RunList() const;
  int RunCancel() const;

  const GlobalOptions& options_;
  CLI::App* commission_ = nullptr;
  CLI::App* ask_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* cancel_ = nullptr;

  std::string id_;
  std::string topic_;
  std::vector<std::string> to_;
  std::string due_;
  std::string requirements_;
  std::string reason_;
  bool all_ = false;
  std::string unit_;
  std::string by_;
};

}  // namespace xinbao::client::cli
