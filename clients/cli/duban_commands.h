// `xinbao duban` (督办): leaders' instructions followed through.
//
//   xinbao duban list [--all] [--unit U] [--leader NAME] [--light red]
//                     [--phase 待签收] [--due-before TIME] [--limit N]
//                                                  query socket
//   xinbao duban show ID                           query socket
//   xinbao duban issue --id ID --title T --instruction TEXT --leader NAME
//                     --level 市级 --lead U [--co U]… [--urgency 急件]
//                     [--due TIME] [--requirements T] [--report SEQ]
//                     [--event ID] [--attach FILE]… --unit OFFICE
//                     --officer NAME                submit socket (office)
//   xinbao duban transfer UPSTREAM_ID --id ID --lead U [--co U]…
//                     [--due TIME] [--requirements T] --unit OFFICE
//                     --officer NAME     (转办 an item from the parent:
//                     title, instruction, leader and urgency are its own;
//                     due by default its deadline for this level)
//                                                  query, then submit socket
//   xinbao duban sign|progress|answer|sign-urge ID --unit U --by NAME
//                     [--text T] [--attach FILE]…   submit socket (unit)
//   xinbao duban accept|return|urge ID --unit OFFICE --target U --by NAME
//                     [--text T]; suspend|resume ID --unit OFFICE --by NAME
//                     [--text T]                    submit socket (office)
//
// Every step carries a step id: --step-id, or a fresh UUID per command
// (the query client's one retry resends the same id, so a lost answer
// never makes two steps; give --step-id to make a retried command safe
// across runs). With --json each command prints the Reply's body.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clients/cli/global_options.h"
#include "xinbao/v1/duban.pb.h"

namespace xinbao::client::cli {

class DubanCommands {
 public:
  // Adds `duban` and its subcommands to `app`; both must outlive this.
  DubanCommands(CLI::App& app, const GlobalOptions& options);

  // Runs the subcommand that was parsed; nullopt if none of these was.
  std::optional<int> RunParsed() const;

 private:
  struct StepCommand {
    CLI::App* app = nullptr;
    v1::StepKind kind = v1::STEP_KIND_UNSPECIFIED;
    std::string done;  // "已签收"
  };

  int RunList() const;
  int RunShow() const;
  int RunIssue() const;
  int RunTransfer() const;
  // Sends the issue of `item` and prints the answer.
  int SendIssue(v1::Envelope request) const;
  int RunStep(v1::StepKind kind, const std::string& done) const;

  const GlobalOptions& options_;
  CLI::App* duban_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* issue_ = nullptr;
  CLI::App* transfer_ = nullptr;
  std::string upstream_id_;  // transfer
  std::vector<StepCommand> steps_;

  // list
  bool all_ = false;
  std::string filter_unit_;
  std::string leader_;
  std::string light_;
  std::vector<std::string> phases_;
  std::string due_before_;
  uint32_t limit_ = 0;
  // show, steps
  std::string item_id_;
  // issue
  std::string title_;
  std::string instruction_;
  std::string level_;
  std::string lead_;
  std::vector<std::string> co_;
  std::string urgency_;
  std::string due_;
  std::string requirements_;
  uint64_t report_ = 0;
  std::string event_;
  std::string classification_;
  std::string officer_;
  // steps (and issue's --unit)
  std::string unit_;
  std::string by_;
  std::string text_;
  std::string target_;
  std::string step_id_;
  std::vector<std::string> attach_;
};

}  // namespace xinbao::client::cli
