// The central office administrator's commands (管理员), on the query socket:
//
//   xinbao audit [--from-seq N] [--limit N]   审计日志: refused handshakes,
//       impersonations, role violations and registry reloads, oldest first
//   xinbao reload-registry                    重新载入用户名录 (as SIGHUP)
//
// Both need the admin role when the broker runs CURVE (--key-file,
// --server-key). --json prints the AuditList / RegistryReloaded. Exit
// codes as in global_options.h: 0 answered, 2 a local mistake, 3 no
// answer, 4 refused (not an admin; no registry without CURVE).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

class AdminCommands {
 public:
  // Adds the subcommands to `app`. `options` is read when a command runs;
  // both must outlive this object.
  AdminCommands(CLI::App& app, const GlobalOptions& options);

  // Runs the subcommand of this group that was parsed and returns its exit
  // code; nullopt if none of them was.
  std::optional<int> RunParsed() const;

 private:
  int RunAudit() const;
  int RunReload() const;

  const GlobalOptions& options_;
  CLI::App* audit_;
  CLI::App* reload_;
  uint64_t first_sequence_ = 0;
  uint32_t limit_ = 0;
};

}  // namespace xinbao::client::cli
