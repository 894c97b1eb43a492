#include "tests/web/web_face_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "tests/integration/command.h"

namespace xinbao::testing {

WebFaceProcess::WebFaceProcess(std::vector<std::string> args,
                               std::chrono::seconds timeout) {
  Spawned child = Spawn(args, /*capture_stderr=*/true);
  pid_ = child.pid;
  fd_ = child.output_fd;
  reader_ = std::thread([this] {
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd_, buffer, sizeof buffer)) > 0) {
      std::lock_guard lock(mutex_);
      output_.append(buffer, static_cast<std::size_t>(n));
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string marker = "已启动: ";
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      std::size_t at = output_.find(marker);
      if (at != std::string::npos) {
        std::size_t begin = at + marker.size();
        std::size_t end = output_.find_first_of(" \n", begin);
        if (end != std::string::npos) {
          url_ = output_.substr(begin, end - begin);
          return;
        }
      }
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      reader_.join();
      throw std::runtime_error("web face exited before serving: " + output_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string seen = output();
  Terminate();
  throw std::runtime_error("web face did not start in time: " + seen);
}

WebFaceProcess::~WebFaceProcess() { Terminate(); }

std::string WebFaceProcess::output() {
  std::lock_guard lock(mutex_);
  return output_;
}

int WebFaceProcess::Terminate() {
  int status = 0;
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 200; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
  }
  if (reader_.joinable()) reader_.join();
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace xinbao::testing
