// `xinbao backup` (备份): asks the broker for an online backup of its store
// now (admin only) and prints the backup made, the folder on the broker's
// machine and the backups kept there. The broker answers when the backup
// is written, so this waits up to --timeout (default 600 s) for it.
// --note writes a few words with the backup. --json prints BackupResult.
//
// Exit codes as every query: 0 made, 2 a local mistake, 3 no answer in
// time (the backup may still be being made: `xinbao status` shows the
// newest), 4 refused (not an admin; the folder cannot be written).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

inline constexpr double kBackupTimeoutSeconds = 600;

class BackupCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  BackupCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;

  const GlobalOptions& options_;
  CLI::App* backup_;
  std::string note_;
};

}  // namespace xinbao::client::cli
