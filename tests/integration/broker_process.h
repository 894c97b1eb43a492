// BrokerProcess: the real xinbao-broker binary as a child process, for
// integration tests. It binds 127.0.0.1 on free ports (or the submit port
// given), and the test waits for its "READY submit=... query=... feed=..." line
// (bounded, no sleeps).
// The destructor stops the broker if it still runs (SIGTERM, then SIGKILL).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/integration/command.h"

namespace xinbao::testing {

class BrokerProcess {
 public:
  // Starts xinbao-broker with --data-dir `data_dir`, the given submit
  // endpoint (default: 127.0.0.1, any free port), a query endpoint on any
  // free port of 127.0.0.1 unless `extra_args` holds --query-endpoint, and
  // extra arguments. Without --config the broker runs its embedded
  // defaults: CURVE, with demo keys under <data_dir>/keys
  // (tests/integration/test_keys.h); "--insecure" among `extra_args` turns
  // CURVE off. `setup`: extra environment, and a file for its stderr
  // (default: this test's). Throws
  // std::runtime_error if it does not report READY within `timeout`.
  explicit BrokerProcess(const std::filesystem::path& data_dir,
                         const std::string& endpoint = "tcp://127.0.0.1:*",
                         std::vector<std::string> extra_args = {},
                         std::chrono::seconds timeout = std::chrono::seconds(20),
                         const SpawnSetup& setup = {});
  ~BrokerProcess();
  BrokerProcess(const BrokerProcess&) = delete;
  BrokerProcess& operator=(const BrokerProcess&) = delete;

  // The endpoint the broker bound, e.g. "tcp://127.0.0.1:40123".
  const std::string& endpoint() const { return endpoint_; }
  // The query endpoint the broker bound.
  const std::string& query_endpoint() const { return query_endpoint_; }
  // The live feed endpoint the broker bound.
  const std::string& feed_endpoint() const { return feed_endpoint_; }
  // The metrics endpoint's URL ("http://127.0.0.1:40125"); "" when the
  // broker serves none ([metrics] listen unset).
  const std::string& metrics_url() const { return metrics_url_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }

  // kill -9 and reap. Nothing is flushed: a crash.
  void Kill9();
  // SIGSTOP / SIGCONT: a broker that is alive but answers nothing.
  void Pause();
  void Resume();
  // SIGTERM and wait for a clean exit; returns the exit status (0 = clean).
  int Terminate();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string endpoint_;
  std::string query_endpoint_;
  std::string feed_endpoint_;
  std::string metrics_url_;
  std::filesystem::path data_dir_;
};

// Path of a binary built by this project (compile-time definitions).
// The xinbao-broker this build made, or $XINBAO_BROKER_BINARY when set (a
// bench comparing two builds).
std::string BrokerBinary();
std::string CliBinary();

}  // namespace xinbao::testing
