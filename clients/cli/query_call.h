// One question to the broker and its answer printed, as every one-shot
// query command does it (events, event, overdue, merge, reopen, audit,
// reload-registry): the refusal on stderr, the body as JSON with --json,
// or the command's own text of it.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client::cli {

// The answer to one request (perhaps an Error), or none — in which case
// the reason is printed and the exit code decided.
struct Outcome {
  std::optional<v1::Reply> reply;
  int exit_code = kSettled;
};

// Sends `request` to `endpoint` with QueryClient (the options' keys, and
// their --timeout or else `default_timeout_seconds`) and returns what came
// back.
Outcome AskQuery(const GlobalOptions& options, const std::string& endpoint,
                 v1::Envelope request, v1::Reply::BodyCase expected,
                 double default_timeout_seconds = kQueryTimeoutSeconds);

// Prints the outcome — the refusal, the body as JSON, or `text` of it —
// and returns the exit code.
int ShowAnswer(const GlobalOptions& options, const Outcome& outcome,
               const std::function<std::string(const v1::Reply&)>& text);

}  // namespace xinbao::client::cli
