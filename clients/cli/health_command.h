// `xinbao health` (健康检查): one StatusRequest on the query socket and one
// line — "正常：…" or "异常：<problems>" — for a systemd ExecStartPost, a
// cron check or a load balancer's script. The user must be a monitor,
// analyst or admin (any user on a broker without CURVE).
//
// Exit codes: 0 healthy, 1 unhealthy (the broker answered and named its
// problems), 2 a local mistake, 3 no answer in time (--timeout), 4
// refused (e.g. a reporter's key). --json prints the whole BrokerStatus.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

// The broker answered and is not healthy.
inline constexpr int kUnhealthy = 1;

class HealthCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  HealthCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;

  const GlobalOptions& options_;
  CLI::App* health_;
};

}  // namespace xinbao::client::cli
