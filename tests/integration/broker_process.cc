#include "tests/integration/broker_process.h"

#include <cstdlib>

#include "tests/integration/command.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace xinbao::testing {

std::string BrokerBinary() {
  // A bench may run another build's broker (BENCHMARKS.md: A/B runs).
  if (const char* other = std::getenv("XINBAO_BROKER_BINARY")) return other;
  return XINBAO_BROKER_BINARY;
}
std::string CliBinary() { return XINBAO_CLI_BINARY; }

namespace {

// Reads lines from `fd` until one starts with "READY " or the deadline
// passes; returns the rest of that line ("submit=… query=…"), or throws with
// what was read.
std::string AwaitReady(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string seen;
  const std::string marker = "READY ";
  while (true) {
    auto at = seen.find(marker);
    if (at != std::string::npos) {
      auto end = seen.find('\n', at);
      if (end != std::string::npos) {
        return seen.substr(at + marker.size(), end - at - marker.size());
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      throw std::runtime_error("broker did not report READY; stdout: " + seen);
    }
    pollfd item{fd, POLLIN, 0};
    int ready = ::poll(&item, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buffer[512];
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) {
      throw std::runtime_error("broker exited before READY; stdout: " + seen);
    }
    seen.append(buffer, static_cast<std::size_t>(n));
  }
}

// The value of `name`=… among the space-separated words of `line`, or "".
std::string Word(const std::string& line, const std::string& name) {
  std::istringstream words(line);
  std::string word;
  while (words >> word) {
    if (word.starts_with(name + "=")) return word.substr(name.size() + 1);
  }
  return {};
}

}  // namespace

BrokerProcess::BrokerProcess(const std::filesystem::path& data_dir,
                             const std::string& endpoint,
                             std::vector<std::string> extra_args,
                             std::chrono::seconds timeout,
                             const SpawnSetup& setup) {
  std::vector<std::string> args = {BrokerBinary(), "--data-dir",
                                   data_dir.string(), "--submit-endpoint",
                                   endpoint};
  // Never the fixed default query and feed ports: tests run in parallel.
  for (const char* flag : {"--query-endpoint", "--feed-endpoint"}) {
    if (std::find(extra_args.begin(), extra_args.end(), flag) ==
        extra_args.end()) {
      args.insert(args.end(), {flag, "tcp://127.0.0.1:*"});
    }
  }
  data_dir_ = data_dir;
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const Spawned child = Spawn(args, /*capture_stderr=*/false, {}, setup);
  pid_ = child.pid;
  stdout_fd_ = child.output_fd;
  const std::string ready =
      AwaitReady(stdout_fd_, std::chrono::steady_clock::now() + timeout);
  endpoint_ = Word(ready, "submit");
  query_endpoint_ = Word(ready, "query");
  feed_endpoint_ = Word(ready, "feed");
  metrics_url_ = Word(ready, "metrics");
}

BrokerProcess::~BrokerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGCONT);
    ::kill(pid_, SIGTERM);
    // Give it the chance to stop cleanly; a stuck broker is killed.
    for (int i = 0; i < 100; ++i) {
      int status;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      pollfd none{-1, 0, 0};
      ::poll(&none, 0, 50);
    }
    if (pid_ > 0) Kill9();
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

void BrokerProcess::Kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void BrokerProcess::Pause() {
  if (pid_ > 0) ::kill(pid_, SIGSTOP);
}

void BrokerProcess::Resume() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
}

int BrokerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace xinbao::testing
