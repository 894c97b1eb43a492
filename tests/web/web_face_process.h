// WebFaceProcess: a real web face — `xinbao desk` or `xinbao centre` — as a
// child process on 127.0.0.1, any free port, for the browser tests. The
// constructor waits (bounded) for its "…已启动: <url>" line; whatever it
// prints is kept (output()). The destructor stops it by its PID (SIGTERM,
// then SIGKILL); the child dies with the test process too.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace xinbao::testing {

class WebFaceProcess {
 public:
  // `args`: the whole command line, the xinbao binary first.
  explicit WebFaceProcess(std::vector<std::string> args,
                          std::chrono::seconds timeout = std::chrono::seconds(20));
  ~WebFaceProcess();
  WebFaceProcess(const WebFaceProcess&) = delete;
  WebFaceProcess& operator=(const WebFaceProcess&) = delete;

  // "http://127.0.0.1:40123".
  const std::string& url() const { return url_; }
  pid_t pid() const { return pid_; }
  std::string output();
  // SIGTERM and wait; returns the exit status.
  int Terminate();

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string url_;
  std::mutex mutex_;
  std::string output_;
  std::thread reader_;
};

}  // namespace xinbao::testing
