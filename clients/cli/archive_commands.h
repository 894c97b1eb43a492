// The archive chain on the command line (docs/ARCHIVE.md):
//   xinbao verify                      (校验存证) the broker checks its
//       whole chain now (admin; may take a while: --timeout, default
//       600 s) and the answer is printed: intact with its head, or the
//       first break;
//   xinbao export --month 2026-11 --out DIR   (导出存证) the links of the
//       month (or --from/--to, read in the broker's zone) with their
//       records, paged from the broker (admin), written as DIR/records.jsonl
//       and DIR/manifest.json (clients/lib/archive_export.h);
//   xinbao verify-export DIR [--expect INDEX:HASH]  (核对导出) checks such
//       a folder offline — no broker needed — and, with --expect, that it
//       holds a head written down elsewhere.
// Exit codes as every command; verify and verify-export exit 1 when the
// chain is broken (or the anchor does not match).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "clients/cli/period_flags.h"

namespace xinbao::client::cli {

inline constexpr double kVerifyTimeoutSeconds = 600;
inline constexpr int kChainBroken = 1;

class ArchiveCommands {
 public:
  // Adds the three subcommands to `app`; `options` is read when one runs.
  ArchiveCommands(CLI::App& app, const GlobalOptions& options);

  // Runs the parsed subcommand and returns its exit code; nullopt if none
  // of these was parsed.
  std::optional<int> RunParsed() const;

 private:
  int Verify() const;
  int Export() const;
  int VerifyExport() const;

  const GlobalOptions& options_;
  CLI::App* verify_;
  CLI::App* export_;
  CLI::App* verify_export_;
  PeriodFlags period_;
  std::string out_;
  std::string dir_;
  std::string expect_;
};

}  // namespace xinbao::client::cli
