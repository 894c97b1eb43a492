// The central office's event commands of `xinbao`:
//
//   xinbao events [--overdue] [--limit N]      (事件列表)  query socket
//   xinbao event ID                            (事件)      query socket
//   xinbao overdue                             (超时)      query socket
//   xinbao merge-events FROM INTO --unit U --officer NAME [--reason TEXT]
//                                              (合并事件)  submit socket
//   xinbao reopen-event ID --unit U --officer NAME [--reason TEXT]
//                                              (重开事件)  submit socket
//
// Text output is for people (event_text.h); with --json each command
// prints the Reply's body (or the Error) as one JSON object on one line.
// Exit codes as in global_options.h.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client::cli {

// Who acts on an event, and why: the central office's merge and reopen.
struct OfficeAction {
  std::string unit;
  std::string officer;
  std::string reason;
};

class EventCommands {
 public:
  // Adds the subcommands to `app`. `options` is read when a command runs;
  // both must outlive this object.
  EventCommands(CLI::App& app, const GlobalOptions& options);

  // Runs the subcommand of this group that was parsed and returns its exit
  // code; nullopt if none of them was.
  std::optional<int> RunParsed() const;

 private:
  // Sends `request` to `endpoint` and prints the answer: the refusal, the
  // body as JSON, or `text` of it. Returns the exit code.
  int AskAndShow(
      const std::string& endpoint, v1::Envelope request,
      v1::Reply::BodyCase expected,
      const std::function<std::string(const v1::Reply&)>& text) const;

  int RunEvents() const;
  int RunEvent() const;
  int RunOverdue() const;
  int RunMerge() const;
  int RunReopen() const;

  const GlobalOptions& options_;
  CLI::App* events_;
  CLI::App* event_;
  CLI::App* overdue_;
  CLI::App* merge_;
  CLI::App* reopen_;
  bool overdue_only_ = false;
  uint32_t limit_ = 0;
  std::string event_id_;
  std::string from_event_id_;
  std::string into_event_id_;
  OfficeAction merge_action_;
  OfficeAction reopen_action_;
};

}  // namespace xinbao::client::cli
