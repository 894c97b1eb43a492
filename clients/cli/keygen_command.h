// `xinbao keygen` (生成密钥): writes a fresh CurveZMQ key pair for a client
// or for the broker (proto/curve_keys.h).
//
//   xinbao keygen --out PATH_PREFIX [--force] [--json]
//
// Writes PATH_PREFIX.key (public and secret key, mode 0600: keep it) and
// PATH_PREFIX.pub (the public key, mode 0644: give it to the broker's
// administrator to register), and prints where, and the public key
// ("公钥: …"). The global --json prints instead one line
// {"public_key":…,"secret_file":…,"public_file":…}.
// Without --force an existing file of either name is left as it is and
// nothing is written. Exit codes as in global_options.h: 0 written; 2 a
// file exists, the folder is missing or a write failed, or this libzmq
// has no CURVE.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

class KeygenCommand {
 public:
  // Adds the subcommand to `app`. `options` is read when it runs; both
  // must outlive this object.
  KeygenCommand(CLI::App& app, const GlobalOptions& options);

  // Runs the command if it was parsed and returns its exit code; nullopt
  // if it was not.
  std::optional<int> RunParsed() const;

 private:
  int Run() const;

  const GlobalOptions& options_;
  CLI::App* keygen_;
  std::string out_;
  bool force_ = false;
};

}  // namespace xinbao::client::cli
