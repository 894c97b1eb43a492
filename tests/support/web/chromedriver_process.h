// ChromeDriverProcess: Debian's /usr/bin/chromedriver as a child process on
// a free port of 127.0.0.1, ready (GET /status says so) when the
// constructor returns. Browser sessions are opened on it (browser.h).
//
// Its log (--log-path: every command and answer, with times) and its
// stdout/stderr are files in a temporary directory. When the GoogleTest
// test running at destruction has failed, that directory is kept (renamed
// to …-kept) and its path printed; otherwise it is removed. Chromium's
// crash reporter keeps its database there too (XDG_CONFIG_HOME), not in
// ~/.config.
//
// The destructor stops chromedriver by its PID: SIGTERM, then SIGKILL. The
// child also gets SIGKILL when the test process dies. Chromium goes with
// it: Browser talks to it over --remote-debugging-pipe, which ends Chromium
// when chromedriver ends.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "tests/support/temp_dir.h"

namespace xinbao::testing {

class ChromeDriverProcess {
 public:
  static constexpr const char* kBinary = "/usr/bin/chromedriver";

  // Whether kBinary is there to run (tests skip without it).
  static bool Available();

  // Starts chromedriver and waits, at most `timeout`, until it is ready;
  // retries on another port if the chosen one was taken meanwhile. Throws
  // std::runtime_error with the end of its log if it does not get ready.
  explicit ChromeDriverProcess(
      std::chrono::milliseconds timeout = std::chrono::seconds(20));
  ~ChromeDriverProcess();
  ChromeDriverProcess(const ChromeDriverProcess&) = delete;
  ChromeDriverProcess& operator=(const ChromeDriverProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // chromedriver's log (--log-path).
  std::filesystem::path log_path() const { return dir_ / "chromedriver.log"; }
  // What chromedriver and Chromium wrote to stdout and stderr.
  std::filesystem::path output_path() const {
    return dir_ / "chromedriver.out";
  }
  // The last `lines` lines of the log, for error messages.
  std::string LogTail(std::size_t lines = 20) const;

 private:
  // Starts chromedriver on `port`; true when it is ready, false when it
  // exited (the port was taken), throws when the deadline passes.
  bool Start(int port, std::chrono::steady_clock::time_point deadline);
  void Stop();

  TempDir dir_;
  int port_ = -1;
  pid_t pid_ = -1;
};

}  // namespace xinbao::testing
