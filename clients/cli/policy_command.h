// `xinbao policy` (报送规则): the rules the broker applies to reports, as it
// is configured — what each stage of an urgent event must contain, each
// grade's deadlines, the limits on attachments, text and classification,
// and the broker's time zone. Every registered user may ask.
//
//   xinbao policy [--json]
//
// Asks the query socket (PolicyRequest) and prints the rules as tables in
// Chinese; the global --json prints the Policy (or the broker's Error) as
// one JSON object on one line. Exit codes as in global_options.h: 0
// answered, 2 a local mistake, 3 no answer, 4 refused.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "xinbao/v1/policy.pb.h"

namespace xinbao::client::cli {

class PolicyCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  PolicyCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;

  const GlobalOptions& options_;
  CLI::App* policy_;
};

// The policy as people read it: the stages' elements, the grades'
// deadlines, the limits and the text fields, each a table.
std::string PolicyText(const v1::Policy& policy);

}  // namespace xinbao::client::cli
