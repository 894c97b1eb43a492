#include "tests/support/web/chromedriver_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/web/webdriver_client.h"

extern char** environ;

namespace xinbao::testing {

namespace {

// Whether the child `pid` has ended (and is reaped).
bool Exited(pid_t pid) {
  int status = 0;
  const pid_t reaped = ::waitpid(pid, &status, WNOHANG);
  return reaped == pid || (reaped < 0 && errno == ECHILD);
}

constexpr auto kPollInterval = std::chrono::milliseconds(20);
constexpr int kAttempts = 5;

// A TCP port of 127.0.0.1 that was free a moment ago: bind port 0, read
// back what the kernel chose, release it.
int FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw std::runtime_error("socket: " + std::string(strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  const bool ok =
      ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok)
    throw std::runtime_error("bind 127.0.0.1:0: " +
                             std::string(strerror(error)));
  return ntohs(address.sin_port);
}

// The last `count` lines of the file at `path` ("" if it cannot be read).
std::string TailOf(const std::filesystem::path& path, std::size_t count) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (lines.size() > count) lines.pop_front();
  }
  std::string tail;
  for (const std::string& kept : lines) tail += kept + "\n";
  return tail;
}

// This process's environment, with Chromium's XDG_CONFIG_HOME (where its
// crash reporter keeps its database) moved into `config_home`, and the
// language of a Chinese office's desktop (LANGUAGE: Chromium's date and
// month pickers follow it, whatever --lang says).
std::vector<std::string> ChildEnvironment(
    const std::filesystem::path& config_home) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "XDG_CONFIG_HOME=", 16) != 0 &&
        std::strncmp(*entry, "LANGUAGE=", 9) != 0)
      env.emplace_back(*entry);
  }
  env.push_back("XDG_CONFIG_HOME=" + config_home.string());
  env.push_back("LANGUAGE=zh_CN");
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

bool ChromeDriverProcess::Available() { return ::access(kBinary, X_OK) == 0; }

ChromeDriverProcess::ChromeDriverProcess(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (Start(FreeLoopbackPort(), deadline)) return;
  }
  throw std::runtime_error(
      std::string(kBinary) + " exited before it was ready, " +
      std::to_string(kAttempts) + " times; its log ends:\n" + LogTail() +
      "its output ends:\n" + TailOf(output_path(), 20));
}

ChromeDriverProcess::~ChromeDriverProcess() {
  Stop();
  if (::testing::Test::HasFailure()) {
    // Keep the logs of a failed test: move them out of the TempDir's way.
    std::filesystem::path kept = dir_.path();
    kept += "-kept";
    std::error_code error;
    std::filesystem::rename(dir_.path(), kept, error);
    if (!error)
      std::cerr << "chromedriver's log kept in " << kept.string() << "\n";
  }
}

bool ChromeDriverProcess::Start(
    int port, std::chrono::steady_clock::time_point deadline) {
  std::filesystem::create_directories(dir_ / "config");
  std::vector<std::string> args = {kBinary, "--port=" + std::to_string(port),
                                   "--log-path=" + log_path().string()};
  std::vector<std::string> env = ChildEnvironment(dir_ / "config");
  std::vector<char*> argv = Pointers(args);
  std::vector<char*> envp = Pointers(env);
  const int output = ::open(output_path().c_str(),
                            O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (output < 0) {
    throw std::runtime_error("cannot write " + output_path().string());
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(output);
    throw std::runtime_error("fork failed: " + std::string(strerror(errno)));
  }
  if (pid == 0) {
    // chromedriver dies with the test process, even one that crashed.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(output, STDOUT_FILENO);
    ::dup2(output, STDERR_FILENO);
    // Not the test's own sockets (its web servers' listening ones).
    ::close_range(3, ~0U, 0);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(output);
  pid_ = pid;
  port_ = port;

  WebDriverClient status(port, std::chrono::seconds(1));
  while (true) {
    if (Exited(pid_)) {
      pid_ = -1;  // exited: most likely the port was taken meanwhile
      return false;
    }
    try {
      if (AsBool(Member(status.Get("/status", "Status"), "ready"))) return true;
    } catch (const std::exception&) {
      // not listening yet
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      Stop();
      throw std::runtime_error(
          std::string(kBinary) + " on port " + std::to_string(port) +
          " was not ready in time; its log ends:\n" + LogTail());
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void ChromeDriverProcess::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!Exited(pid_)) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  pid_ = -1;
}

std::string ChromeDriverProcess::LogTail(std::size_t lines) const {
  return TailOf(log_path(), lines);
}

}  // namespace xinbao::testing
