// The information officer's commands of `xinbao`, all around the outbox:
//
//   xinbao submit [--file report.json] [--unit …] [--title …] …   (报送)
//   xinbao flush                                                  (重发)
//   xinbao outbox [--rejected]                                    (发件箱)
//   xinbao resend ID [--file fixed.json] [any submit flag …]      (改正重发)
//   xinbao discard ID                                             (丢弃)
//
// submit and resend check the report against proto/report_rules.h before
// it enters the outbox: a report that breaks a rule is not saved; every
// broken rule is printed and the exit code is 2. ID is the number the
// outbox listing shows ("发件箱第 N 份") or the report's idempotency key.
// A resent report gets a new idempotency key (--key to choose it): its
// content changed, and the old key stays refused. Exit codes as in
// global_options.h.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clients/cli/global_options.h"
#include "clients/text/report_flags.h"

namespace xinbao::client::cli {

class OutboxCommands {
 public:
  // Adds the subcommands to `app`. `options` is read when a command runs;
  // both must outlive this object.
  OutboxCommands(CLI::App& app, const GlobalOptions& options);

  // Whether the command parsed works on the outbox alone (outbox,
  // discard), so needs no CURVE keys.
  bool ParsedIsLocal() const;

  // Runs the subcommand of this group that was parsed and returns its exit
  // code; nullopt if none of them was.
  std::optional<int> RunParsed() const;

 private:
  int RunSubmit(GlobalOptions options) const;
  int RunFlush(GlobalOptions options) const;
  int RunList(GlobalOptions options) const;
  int RunResend(GlobalOptions options) const;
  int RunDiscard(GlobalOptions options) const;
  // The flags given, with the attachments.
  ReportFlags Flags() const;

  const GlobalOptions& options_;
  CLI::App* submit_;
  CLI::App* flush_;
  CLI::App* outbox_;
  CLI::App* resend_;
  CLI::App* discard_;
  // Filled by CLI11 while parsing; submit and resend share them.
  std::string file_;
  ReportFlags flags_;
  std::vector<std::string> attachments_;
  bool rejected_only_ = false;
  std::string id_;
};

}  // namespace xinbao::client::cli
